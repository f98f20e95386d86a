public import HTTPTypes

/// The header names the service uses beyond HTTPTypes' own.
extension HTTPField.Name {
    public static let idempotencyKey = constant("Idempotency-Key")
    public static let idempotentReplayed = constant("Idempotent-Replayed")
    public static let referrerPolicy = constant("Referrer-Policy")
    public static let xFrameOptions = constant("X-Frame-Options")
    public static let crossOriginOpenerPolicy = constant("Cross-Origin-Opener-Policy")
    public static let permissionsPolicy = constant("Permissions-Policy")
    public static let xForwardedProto = constant("X-Forwarded-Proto")

    /// A header name written in this source: valid by construction (checked once, at first use, and by a test).
    static func constant(_ name: String) -> HTTPField.Name {
        guard let field = HTTPField.Name(name) else { preconditionFailure("invalid header name in source: \(name)") }
        return field
    }
}
