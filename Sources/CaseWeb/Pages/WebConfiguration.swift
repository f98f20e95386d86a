public import Foundation

/// Settings of the web interface (read by `tthc`'s configuration: `TTHC_SECURE_COOKIES`, `TTHC_SESSION_HOURS`).
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
}
