public import Foundation
import Logging

/// Settings of the web interface, read from the environment (each key is the variable's name).
public struct WebConfiguration: Sendable, Equatable {
    /// `TTHC_SECURE_COOKIES`: `1`/`true` marks cookies `Secure` on every response (the service is only reached over
    /// HTTPS). Without it, cookies are `Secure` when a proxy says the browser used HTTPS (`X-Forwarded-Proto: https`).
    public var secureCookies: Bool
    /// `TTHC_SESSION_HOURS`: how long a sign-in lasts (default 10 hours: one working day with margin).
    public var sessionLifetime: TimeInterval

    public init(secureCookies: Bool = false, sessionLifetime: TimeInterval = 10 * 3600) {
        self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime
    }

    /// Reads the settings; a value that cannot be understood is an error naming the variable.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> WebConfiguration {
        var configuration = WebConfiguration()
        if let raw = environment["TTHC_SECURE_COOKIES"]?.trimmingCharacters(in: .whitespaces).lowercased(), !raw.isEmpty {
            switch raw {
            case "1", "true", "yes", "on": configuration.secureCookies = true
            case "0", "false", "no", "off": configuration.secureCookies = false
            default: throw AppConfiguration.InvalidSetting(name: "TTHC_SECURE_COOKIES", value: raw, expected: "1 or 0")
            }
        }
        if let raw = environment["TTHC_SESSION_HOURS"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            guard let hours = Double(raw), hours > 0, hours <= 24 * 30 else {
                throw AppConfiguration.InvalidSetting(name: "TTHC_SESSION_HOURS", value: raw, expected: "hours, more than 0 and at most 720")
            }
            configuration.sessionLifetime = hours * 3600
        }
        return configuration
    }
}

extension WebConfiguration {
    /// The environment's settings; an invalid value is logged and the default used instead, so that a typo in an
    /// optional setting does not keep the service from starting.
    static func fromEnvironmentOrDefault(logger: Logger) -> WebConfiguration {
        do {
            return try fromEnvironment()
        } catch {
            logger.error("invalid web setting, using the default", metadata: ["error": "\(error)"])
            return WebConfiguration()
        }
    }
}
