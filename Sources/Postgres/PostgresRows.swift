import CLibPQ

/// Owns one `PGresult` and clears it exactly once, when the last row referring to it is gone.
///
/// `@unchecked Sendable` is sound: a `PGresult` is immutable once libpq has returned it, and libpq documents that
/// a result may be read from any thread; the only mutation, `PQclear`, happens in `deinit`, after every reader.
final class ResultHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        PQclear(pointer)
    }
}

/// The rows returned by a statement.
public struct PostgresRows: Sendable, RandomAccessCollection {
    let handle: ResultHandle?
    /// The query text, for error messages.
    let query: String
    public let columns: [PostgresColumn]
    public let count: Int
    /// Rows affected by INSERT/UPDATE/DELETE (from the command tag), or the number of rows returned.
    public let affectedRows: Int
    /// The command tag of the statement, e.g. `INSERT 0 1`, `COMMIT` or `ROLLBACK`.
    public let commandTag: String

    init(handle: ResultHandle?, query: String) {
        self.handle = handle
        self.query = query
        guard let result = handle?.pointer else {
            self.columns = []
            self.count = 0
            self.affectedRows = 0
            self.commandTag = ""
            return
        }
        let columnCount = Int(PQnfields(result))
        self.columns = (0..<columnCount).map { index in
            PostgresColumn(
                name: String(cString: PQfname(result, Int32(index))),
                index: index,
                type: PostgresType(UInt32(PQftype(result, Int32(index))))
            )
        }
        self.count = Int(PQntuples(result))
        let tuples = String(cString: PQcmdTuples(result))
        self.affectedRows = Int(tuples) ?? Int(PQntuples(result))
        self.commandTag = String(cString: PQcmdStatus(result))
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> PostgresRow {
        PostgresRow(rows: self, index: position)
    }

    /// Decodes every row into a tuple, e.g. `try rows.decode((String, Int?).self)`.
    public func decode<each Column: PostgresDecodable>(_ types: (repeat each Column).Type) throws -> [(repeat each Column)] {
        try map { try $0.decode(types) }
    }

    /// The single row of a statement that must return exactly one.
    public func one() throws -> PostgresRow {
        guard count == 1 else {
            throw PostgresError(kind: .client, message: "expected exactly one row, got \(count)", query: query)
        }
        return self[0]
    }
}

public struct PostgresColumn: Sendable, Hashable {
    public let name: String
    public let index: Int
    public let type: PostgresType
}

/// One row of a result; values are decoded on demand from the binary result.
public struct PostgresRow: Sendable {
    let rows: PostgresRows
    let index: Int

    public var columns: [PostgresColumn] { rows.columns }

    public func isNull(_ column: Int) -> Bool {
        guard let result = rows.handle?.pointer else { return true }
        return PQgetisnull(result, Int32(index), Int32(column)) != 0
    }

    /// Decodes the value of the column at `column` (0-based).
    public func decode<T: PostgresDecodable>(_: T.Type = T.self, column: Int) throws -> T {
        guard let result = rows.handle?.pointer, column >= 0, column < rows.columns.count else {
            throw PostgresError(
                kind: .decoding,
                message: "column #\(column) does not exist (the row has \(rows.columns.count))",
                query: rows.query
            )
        }
        let info = rows.columns[column]
        do {
            if PQgetisnull(result, Int32(index), Int32(column)) != 0 {
                return try T.decodeNull()
            }
            let length = Int(PQgetlength(result, Int32(index), Int32(column)))
            guard let start = PQgetvalue(result, Int32(index), Int32(column)) else {
                return try T.decodeNull()
            }
            return try T.decode(from: UnsafeRawBufferPointer(start: start, count: length), type: info.type)
        } catch {
            throw PostgresError(
                kind: .decoding,
                message: "column \"\(info.name)\" (#\(column + 1), \(info.type)): \(error.reason)",
                column: info.name,
                query: rows.query
            )
        }
    }

    /// Decodes the column named `name`.
    public func decode<T: PostgresDecodable>(_: T.Type = T.self, named name: String) throws -> T {
        guard let column = rows.columns.firstIndex(where: { $0.name == name }) else {
            throw PostgresError(kind: .decoding, message: "no column named \"\(name)\"", column: name, query: rows.query)
        }
        return try decode(T.self, column: column)
    }

    /// Decodes the row into a tuple, column by column: `let (code, due) = try row.decode((String, Date?).self)`.
    public func decode<each Column: PostgresDecodable>(_: (repeat each Column).Type) throws -> (repeat each Column) {
        let expected = countColumns(repeat (each Column).self)
        guard expected == rows.columns.count else {
            throw PostgresError(
                kind: .decoding,
                message: "decoding \(expected) columns, but the row has \(rows.columns.count)",
                query: rows.query
            )
        }
        var position = 0
        func next<T: PostgresDecodable>(_: T.Type) throws -> T {
            defer { position += 1 }
            return try decode(T.self, column: position)
        }
        return (repeat try next((each Column).self))
    }
}

private func countColumns<each T>(_ types: repeat (each T).Type) -> Int {
    var count = 0
    for _ in repeat each types { count += 1 }
    return count
}
