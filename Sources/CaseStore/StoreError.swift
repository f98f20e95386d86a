public import CaseDomain
import Postgres

/// A failure of a store operation that a caller can act on, with messages for clerks in Vietnamese and English.
public enum StoreError: Error, Sendable, CustomStringConvertible {
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

    static func missing(_ vietnamese: String, _ english: String) -> StoreError {
        .notFound(BilingualMessage(vietnamese: vietnamese, english: english))
    }

    static func invalid(_ field: String?, _ vietnamese: String, _ english: String) -> StoreError {
        .invalid(BilingualMessage(vietnamese: vietnamese, english: english), field: field)
    }
}

extension StoreError {
    /// Maps a database error to a domain error where one applies (DESIGN.md, "Errors"); otherwise nil.
    public static func from(_ error: any Error) -> StoreError? {
        let postgres: PostgresError
        if let error = error as? PostgresError {
            postgres = error
        } else if let error = error as? PostgresTransactionError {
            postgres = error.underlying
        } else {
            return nil
        }
        if postgres.isConnectionLoss || postgres.kind == .poolTimeout || postgres.kind == .poolClosed
            || postgres.sqlState == .readOnlySQLTransaction || postgres.sqlState == .cannotConnectNow
        {
            return .unavailable(
                BilingualMessage(
                    vietnamese: "Cơ sở dữ liệu tạm thời không truy cập được. Vui lòng thử lại sau ít phút.",
                    english: "The database is temporarily unavailable. Please retry in a moment."))
        }
        if postgres.kind == .encoding {
            return .invalid(
                BilingualMessage(
                    vietnamese: "Dữ liệu chứa ký tự không được phép (ví dụ ký tự NUL) hoặc giá trị ngoài phạm vi.",
                    english: "The data holds a character that is not allowed (such as NUL) or a value out of range."),
                field: nil)
        }
        switch postgres.sqlState {
        case .uniqueViolation?:
            return .conflict(
                BilingualMessage(vietnamese: "Dữ liệu đã tồn tại (\(postgres.constraint ?? "")).", english: "Already exists (\(postgres.constraint ?? ""))."),
                code: "duplicate")
        case .foreignKeyViolation?:
            return .invalid(
                BilingualMessage(
                    vietnamese: "Tham chiếu tới dữ liệu không tồn tại (\(postgres.constraint ?? "")).",
                    english: "Refers to something that does not exist (\(postgres.constraint ?? "")).")
                , field: postgres.column)
        case .checkViolation?, .notNullViolation?, .stringDataRightTruncation?, .numericValueOutOfRange?, .invalidTextRepresentation?,
            .characterNotInRepertoire?, .untranslatableCharacter?, .datetimeFieldOverflow?:
            return .invalid(
                BilingualMessage(
                    vietnamese: "Giá trị không hợp lệ (\(postgres.constraint ?? postgres.column ?? "")).",
                    english: "Invalid value (\(postgres.constraint ?? postgres.column ?? ""))."),
                field: postgres.column)
        default:
            return nil
        }
    }
}

/// Runs `body`, translating database errors that have a domain meaning.
func mappingErrors<Result>(_ body: () async throws -> Result) async throws -> Result {
    do {
        return try await body()
    } catch let error as StoreError {
        throw error
    } catch {
        if let mapped = StoreError.from(error) { throw mapped }
        throw error
    }
}
