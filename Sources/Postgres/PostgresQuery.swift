/// A SQL statement and its bound parameters.
///
/// Written with string interpolation, every interpolated value becomes a `$n` parameter sent separately from the
/// SQL text, so a value can never change the statement:
///
/// ```swift
/// let rows = try await client.query("SELECT code FROM dossier WHERE agency = \(agency) AND status = \(status)")
/// ```
///
/// SQL text that is not a literal (an identifier chosen at run time, a fragment) must be spelled loudly with
/// `\(unescaped: …)`; there is no other way to put a run-time string into the SQL text.
public struct PostgresQuery: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The SQL text, with `$1`, `$2`, … in place of the values.
    public private(set) var sql: String
    public private(set) var bindings: PostgresBindings

    public init(stringLiteral value: String) {
        self.sql = value
        self.bindings = PostgresBindings()
    }

    public init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.bindings = stringInterpolation.bindings
    }

    /// SQL text assembled at run time, with bindings already numbered in it. The caller vouches that `sql` holds
    /// no value that came from outside the program.
    public init(unsafeSQL sql: String, bindings: PostgresBindings = PostgresBindings()) {
        self.sql = sql
        self.bindings = bindings
    }

    /// The SQL text only (never the bound values), so that a query can be logged.
    public var description: String { sql }

    /// Appends another query, renumbering its parameters.
    public mutating func append(_ other: PostgresQuery) {
        sql += Self.renumbered(other.sql, by: bindings.count)
        bindings.append(contentsOf: other.bindings)
    }

    /// `sql` with every `$n` placeholder shifted by `offset`.
    static func renumbered(_ sql: String, by offset: Int) -> String {
        guard offset > 0, sql.contains("$") else { return sql }
        var result = ""
        result.reserveCapacity(sql.utf8.count + 8)
        var characters = sql.makeIterator()
        var pending = characters.next()
        while let character = pending {
            pending = characters.next()
            result.append(character)
            guard character == "$", let first = pending, first.isASCII, first.isNumber else { continue }
            var digits = ""
            while let next = pending, next.isASCII, next.isNumber {
                digits.append(next)
                pending = characters.next()
            }
            result += String((Int(digits) ?? 0) + offset)
        }
        return result
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        public typealias StringLiteralType = String

        var sql: String
        var bindings: PostgresBindings

        public init(literalCapacity: Int, interpolationCount: Int) {
            self.sql = ""
            self.sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            self.bindings = PostgresBindings()
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// A bound parameter.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            bindings.append(value)
            sql += "$\(bindings.count)"
        }

        /// A bound parameter that may be NULL.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            if let value {
                bindings.append(value)
            } else {
                bindings.appendNull(Value.postgresType)
            }
            sql += "$\(bindings.count)"
        }

        /// A fragment built the same way (its parameters join this query's, renumbered).
        public mutating func appendInterpolation(_ fragment: PostgresQuery) {
            sql += PostgresQuery.renumbered(fragment.sql, by: bindings.count)
            bindings.append(contentsOf: fragment.bindings)
        }

        /// Raw SQL text. Never pass a value that came from a request, a file or a user.
        public mutating func appendInterpolation(unescaped sqlText: String) {
            sql += sqlText
        }
    }
}

/// The parameters of a query, in binary format, with their types.
public struct PostgresBindings: Sendable {
    enum Value: Sendable {
        case null
        case encoded(any PostgresEncodable)
    }

    private(set) var values: [Value] = []
    private(set) var types: [PostgresType] = []

    public init() {}

    public var count: Int { values.count }
    public var isEmpty: Bool { values.isEmpty }

    public mutating func append<V: PostgresEncodable>(_ value: V) {
        values.append(.encoded(value))
        types.append(V.postgresType)
    }

    public mutating func appendNull(_ type: PostgresType) {
        values.append(.null)
        types.append(type)
    }

    mutating func append(contentsOf other: PostgresBindings) {
        values.append(contentsOf: other.values)
        types.append(contentsOf: other.types)
    }

    /// Encodes every value; nil stands for NULL.
    func encoded() throws(PostgresCodingFailure) -> [[UInt8]?] {
        var result: [[UInt8]?] = []
        result.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            switch value {
            case .null:
                result.append(nil)
            case .encoded(let encodable):
                var buffer: [UInt8] = []
                do {
                    try encodable.encode(into: &buffer)
                } catch {
                    throw PostgresCodingFailure("parameter $\(index + 1): \(error.reason)")
                }
                result.append(buffer)
            }
        }
        return result
    }
}
