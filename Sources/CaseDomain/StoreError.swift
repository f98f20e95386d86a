/// What a repository reports when an operation cannot be done as asked (the contract of the protocols in
/// `Repositories.swift`); the PostgreSQL repositories map SQLSTATEs to it, the API maps it to problem documents.

/// A failure of a repository operation that a caller can act on, with messages for clerks in Vietnamese and English.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The thing does not exist, or is outside the caller's scope (never say which).
    case notFound(BilingualMessage)
    /// The request conflicts with the current state (an illegal transition, a duplicate).
    case conflict(BilingualMessage, code: String)
    /// The request is well-formed but its content is not acceptable.
    case invalid(BilingualMessage, field: String?)
    /// The same idempotency key was used before with another request body.
    case idempotencyMismatch
    /// The database could not be reached or is restarting; the request may be retried.
    case unavailable(BilingualMessage)

    public var description: String {
        switch self {
        case .notFound(let message): "not found: \(message.english)"
        case .conflict(let message, let code): "conflict (\(code)): \(message.english)"
        case .invalid(let message, let field): "invalid\(field.map { " \($0)" } ?? ""): \(message.english)"
        case .idempotencyMismatch: "idempotency key reused with another request"
        case .unavailable(let message): "unavailable: \(message.english)"
        }
    }

    public static func missing(_ vietnamese: String, _ english: String) -> StoreError {
        .notFound(BilingualMessage(vietnamese: vietnamese, english: english))
    }

    public static func invalid(_ field: String?, _ vietnamese: String, _ english: String) -> StoreError {
        .invalid(BilingualMessage(vietnamese: vietnamese, english: english), field: field)
    }
}
