public import Foundation
public import Logging

/// Everything the service reads from its environment, in one place. Each key is the environment variable's name;
/// every setting has a development default so that `swift run tthc serve` works with nothing set.
public struct AppConfiguration: Sendable, Equatable {
    /// `DATABASE_URL`: a libpq connection string or URI. Unset: the embedded cluster in ``dataDirectory``.
    public var databaseURL: String?
    /// `TTHC_DATA_DIR`: where the embedded cluster keeps its data (default `.tthc` in the working directory).
    public var dataDirectory: String
    /// `TTHC_HOST` / `TTHC_PORT`: where the HTTP server listens (defaults 127.0.0.1:8080; flags override).
    public var host: String
    public var port: Int
    /// `TTHC_DB_POOL_SIZE`: the most database connections (default 16).
    public var databasePoolSize: Int
    /// `TTHC_DB_ACQUIRE_TIMEOUT`: seconds a request waits for a free connection (default 5).
    public var databaseAcquireTimeout: Double
    /// `TTHC_LOG_LEVEL`: trace, debug, info, notice, warning, error, critical (default info).
    public var logLevel: Logger.Level
    /// `TTHC_PUBLIC_LOOKUP_LIMIT`: public look-ups per client address per minute (default 60).
    public var publicLookupsPerMinute: Int

    public init(
        databaseURL: String? = nil, dataDirectory: String = ".tthc", host: String = "127.0.0.1", port: Int = 8080,
        databasePoolSize: Int = 16, databaseAcquireTimeout: Double = 5, logLevel: Logger.Level = .info,
        publicLookupsPerMinute: Int = 60
    ) {
        self.databaseURL = databaseURL
        self.dataDirectory = dataDirectory
        self.host = host
        self.port = port
        self.databasePoolSize = databasePoolSize
        self.databaseAcquireTimeout = databaseAcquireTimeout
        self.logLevel = logLevel
        self.publicLookupsPerMinute = publicLookupsPerMinute
    }

    public struct InvalidSetting: Error, CustomStringConvertible {
        public var name: String
        public var value: String
        public var expected: String
        public var description: String { "invalid \(name)=\"\(value)\": expected \(expected)" }
    }

    /// Reads the configuration from environment variables; an unparsable value is an error naming the variable.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfiguration {
        var configuration = AppConfiguration()
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
            guard let raw = value(name) else { return nil }
            guard let number = Int(raw), range.contains(number) else {
                throw InvalidSetting(name: name, value: raw, expected: "an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }
        configuration.databaseURL = value("DATABASE_URL")
        if let dataDirectory = value("TTHC_DATA_DIR") { configuration.dataDirectory = dataDirectory }
        if let host = value("TTHC_HOST") { configuration.host = host }
        if let port = try integer("TTHC_PORT", in: 0...65535) { configuration.port = port }
        if let size = try integer("TTHC_DB_POOL_SIZE", in: 1...1000) { configuration.databasePoolSize = size }
        if let raw = value("TTHC_DB_ACQUIRE_TIMEOUT") {
            guard let seconds = Double(raw), seconds > 0, seconds <= 600 else {
                throw InvalidSetting(name: "TTHC_DB_ACQUIRE_TIMEOUT", value: raw, expected: "seconds, more than 0 and at most 600")
            }
            configuration.databaseAcquireTimeout = seconds
        }
        if let raw = value("TTHC_LOG_LEVEL") {
            guard let level = Logger.Level(rawValue: raw.lowercased()) else {
                throw InvalidSetting(name: "TTHC_LOG_LEVEL", value: raw, expected: "trace, debug, info, notice, warning, error or critical")
            }
            configuration.logLevel = level
        }
        if let limit = try integer("TTHC_PUBLIC_LOOKUP_LIMIT", in: 1...1_000_000) { configuration.publicLookupsPerMinute = limit }
        return configuration
    }
}
