import CaseAPI
import CaseDomain
import HummingbirdBcrypt
import NIOPosix

/// Passwords of the web interface, hashed with bcrypt. Hashing and checking take a deliberate ~0.1–0.3 s of CPU,
/// so they run on NIO's blocking thread pool, never on the cooperative pool that serves requests.
public enum PasswordHashing {
    /// bcrypt's cost (2^12 rounds).
    public static let cost: UInt8 = 12
    /// bcrypt reads at most 72 bytes; a longer password would be silently cut, so it is refused instead.
    public static let maximumBytes = 72
    public static let minimumLength = 8

    /// Why a new password is unacceptable (Vietnamese / English), or nil if it is fine.
    public static func problem(with password: String) -> String? {
        if password.count < minimumLength {
            return "Mật khẩu cần ít nhất \(minimumLength) ký tự. / A password needs at least \(minimumLength) characters."
        }
        if password.utf8.count > maximumBytes {
            return "Mật khẩu dài quá \(maximumBytes) byte. / A password may be at most \(maximumBytes) bytes."
        }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "Mật khẩu không được chứa ký tự điều khiển. / A password must not contain control characters."
        }
        return nil
    }

    /// The bcrypt hash of `password` (`$2b$12$…`).
    public static func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`. With no hash (an unknown user) a dummy hash is checked anyway, so that the
    /// answer takes as long as for a real user and response times do not tell which user names exist.
    public static func verify(_ password: String, hash: String?) async throws -> Bool {
        let candidate = password.utf8.count <= maximumBytes ? password : ""
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(candidate, hash: hash ?? dummyHash) }
        return matches && hash != nil && !candidate.isEmpty
    }

    /// A bcrypt hash of a random string nobody knows, at the same cost.
    static let dummyHash = Bcrypt.hash(String(UInt64.random(in: .min ... .max), radix: 36), cost: cost)
}
