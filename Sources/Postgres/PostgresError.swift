/// An error from the database or from this client.
///
/// It carries what an operator needs to act (SQLSTATE, the server's message, detail, hint, constraint and the SQL
/// text), and never the values bound to the query: `description` is short and generic, `debugDescription` is
/// complete but still free of bound values, so either may be logged.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public enum Kind: String, Sendable {
        /// The connection could not be established or was lost.
        case connection
        /// The server rejected the statement.
        case server
        /// A value in a result could not be decoded into the requested Swift type.
        case decoding
        /// No connection became free within the pool's acquire timeout.
        case poolTimeout
        /// The pool was shut down.
        case poolClosed
        /// Misuse of the client (e.g. a transaction statement outside `withTransaction`).
        case client
        /// A bound value cannot be sent (text holding NUL, a date out of range); the statement was not sent.
        case encoding
    }

    public var kind: Kind
    public var sqlState: SQLState?
    public var message: String
    public var detail: String?
    public var hint: String?
    public var constraint: String?
    public var table: String?
    public var column: String?
    /// The SQL text of the failing statement (with `$n` placeholders, never the values).
    public var query: String?

    public init(
        kind: Kind,
        sqlState: SQLState? = nil,
        message: String,
        detail: String? = nil,
        hint: String? = nil,
        constraint: String? = nil,
        table: String? = nil,
        column: String? = nil,
        query: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
        self.column = column
        self.query = query
    }

    /// Whether the connection that produced this error can no longer be used.
    public var isConnectionLoss: Bool {
        kind == .connection || (sqlState?.isConnectionLoss ?? false)
    }

    public var description: String {
        switch kind {
        case .server: "PostgresError(server, \(sqlState?.rawValue ?? "?"))"
        default: "PostgresError(\(kind.rawValue))"
        }
    }

    public var debugDescription: String {
        var parts = ["PostgresError(\(kind.rawValue)"]
        if let sqlState { parts.append("sqlState: \(sqlState)") }
        parts.append("message: \(message)")
        if let detail { parts.append("detail: \(detail)") }
        if let hint { parts.append("hint: \(hint)") }
        if let constraint { parts.append("constraint: \(constraint)") }
        if let table { parts.append("table: \(table)") }
        if let column { parts.append("column: \(column)") }
        if let query { parts.append("query: \(query)") }
        return parts.joined(separator: ", ") + ")"
    }
}

/// An error of `withTransaction`, naming the phase that failed when it was not the caller's own code.
public struct PostgresTransactionError: Error, Sendable, CustomStringConvertible {
    public enum Phase: String, Sendable {
        case begin
        case commit
        case rollback
    }

    public var phase: Phase
    public var underlying: PostgresError
    /// When the rollback after a failing body failed too, the body's error.
    public var bodyError: (any Error)?

    public var description: String {
        "PostgresTransactionError(\(phase.rawValue) failed: \(underlying))"
    }

    public var sqlState: SQLState? { underlying.sqlState }
}
