public import CaseDomain
import Postgres

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
                    english: "The database is temporarily unavailable. Please retry in a moment."
                )
            )
        }
        if postgres.kind == .encoding {
            return .invalid(
                BilingualMessage(
                    vietnamese: "Dữ liệu chứa ký tự không được phép (ví dụ ký tự NUL) hoặc giá trị ngoài phạm vi.",
                    english: "The data holds a character that is not allowed (such as NUL) or a value out of range."
                ),
                field: nil
            )
        }
        switch postgres.sqlState {
        case .uniqueViolation?:
            return .conflict(
                BilingualMessage(
                    vietnamese: "Dữ liệu đã tồn tại (\(postgres.constraint ?? "")).",
                    english: "Already exists (\(postgres.constraint ?? ""))."
                ),
                code: "duplicate"
            )
        case .foreignKeyViolation?:
            return .invalid(
                BilingualMessage(
                    vietnamese: "Tham chiếu tới dữ liệu không tồn tại (\(postgres.constraint ?? "")).",
                    english: "Refers to something that does not exist (\(postgres.constraint ?? ""))."
                ),
                field: postgres.column
            )
        case .checkViolation?, .notNullViolation?, .stringDataRightTruncation?, .numericValueOutOfRange?, .invalidTextRepresentation?,
            .characterNotInRepertoire?, .untranslatableCharacter?, .datetimeFieldOverflow?:
            return .invalid(
                BilingualMessage(
                    vietnamese: "Giá trị không hợp lệ (\(postgres.constraint ?? postgres.column ?? "")).",
                    english: "Invalid value (\(postgres.constraint ?? postgres.column ?? ""))."
                ),
                field: postgres.column
            )
        default:
            return nil
        }
    }
}

/// Runs `body`, translating database errors that have a domain meaning.
public func mappingErrors<Result>(_ body: () async throws -> Result) async throws -> Result {
    do {
        return try await body()
    } catch let error as StoreError {
        throw error
    } catch {
        if let mapped = StoreError.from(error) { throw mapped }
        throw error
    }
}
