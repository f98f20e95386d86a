public import Foundation

/// A Swift value that can be sent to PostgreSQL as a bound parameter, in binary format.
public protocol PostgresEncodable: Sendable {
    /// The parameter's type, sent with the statement so the server never has to guess.
    static var postgresType: PostgresType { get }
    /// Appends the value's binary representation (without length prefix).
    func encode(into buffer: inout [UInt8]) throws(PostgresCodingFailure)
}

/// A Swift value that can be read from a result column sent in binary format.
public protocol PostgresDecodable {
    static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresCodingFailure) -> Self
    /// The value for SQL NULL; throws for non-optional types.
    static func decodeNull() throws(PostgresCodingFailure) -> Self
}

extension PostgresDecodable {
    public static func decodeNull() throws(PostgresCodingFailure) -> Self {
        throw PostgresCodingFailure("unexpected NULL (decode as an Optional)")
    }
}

public typealias PostgresCodable = PostgresEncodable & PostgresDecodable

/// Why a value could not be encoded or decoded; wrapped into a `PostgresError` that names the column.
public struct PostgresCodingFailure: Error, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

// MARK: - Byte helpers

extension UnsafeRawBufferPointer {
    @inline(__always)
    func readBigEndian<T: FixedWidthInteger>(_: T.Type, at offset: Int = 0) -> T {
        var value: T = 0
        withUnsafeMutableBytes(of: &value) { destination in
            destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: self[offset..<offset + MemoryLayout<T>.size]))
        }
        return T(bigEndian: value)
    }
}

extension Array where Element == UInt8 {
    @inline(__always)
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }
}

private func expect(_ bytes: UnsafeRawBufferPointer, count: Int, for type: PostgresType) throws(PostgresCodingFailure) {
    guard bytes.count == count else {
        throw PostgresCodingFailure("expected \(count) bytes for \(type), got \(bytes.count)")
    }
}

private func mismatch<T>(_ type: PostgresType, _ swiftType: T.Type) -> PostgresCodingFailure {
    PostgresCodingFailure("cannot decode a value of type \(type) as \(swiftType)")
}

// MARK: - Optional

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresCodingFailure) -> Self {
        try Wrapped.decode(from: bytes, type: type)
    }

    public static func decodeNull() throws(PostgresCodingFailure) -> Self { nil }
}

// MARK: - Scalars

extension Bool: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresType { .bool }

    public func encode(into buffer: inout [UInt8]) { buffer.append(self ? 1 : 0) }

    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresCodingFailure) -> Bool {
        guard type == .bool else { throw mismatch(type, Bool.self) }
        try expect(bytes, count: 1, for: type)
        return bytes[0] != 0
    }
}

/// Integers decode from any PostgreSQL integer type whose value fits.
private func decodeInteger<T: FixedWidthInteger>(_: T.Type, _ bytes: UnsafeRawBufferPointer, _ type: PostgresType) throws(PostgresCodingFailure) -> T
{
    let wide: Int64
    switch type {
    case .int2:
        try expect(bytes, count: 2, for: type)
        wide = Int64(bytes.readBigEndian(Int16.self))
    case .int4:
        try expect(bytes, count: 4, for: type)
        wide = Int64(bytes.readBigEndian(Int32.self))
    case .oid:
        try expect(bytes, count: 4, for: type)
        wide = Int64(bytes.readBigEndian(UInt32.self))
    case .int8:
        try expect(bytes, count: 8, for: type)
        wide = bytes.readBigEndian(Int64.self)
    case .xid8:
        try expect(bytes, count: 8, for: type)
        let unsigned = bytes.readBigEndian(UInt64.self)
        guard let value = Int64(exactly: unsigned) else { throw PostgresCodingFailure("xid8 \(unsigned) exceeds Int64") }
        wide = value
    default:
        throw mismatch(type, T.self)
    }
    guard let value = T(exactly: wide) else {
        throw PostgresCodingFailure("\(type) value \(wide) does not fit in \(T.self)")
    }
    return value
}

extension Int: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresType { .int8 }
    public func encode(into buffer: inout [UInt8]) { buffer.appendBigEndian(Int64(self)) }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresCodingFailure) -> Int {
        try decodeInteger(Int.self, bytes, type)
    }
}

extension Int64: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresType { .int8 }
    public func encode(into buffer: inout [UInt8]) { buffer.appendBigEndian(self) }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresCodingFailure) -> Int64 {
        try decodeInteger(Int64.self, bytes, type)
    }
}

extension Int32: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresType { .int4 }
    public func encode(into buffer: inout [UInt8]) { buffer.appendBigEndian(self) }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresCodingFailure) -> Int32 {
        try decodeInteger(Int32.self, bytes, type)
    }
}

extension Int16: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresType { .int2 }
    public func encode(into buffer: inout [UInt8]) { buffer.appendBigEndian(self) }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresCodingFailure) -> Int16 {
        try decodeInteger(Int16.self, bytes, type)
    }
}

extension Double: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresType { .float8 }
    public func encode(into buffer: inout [UInt8]) { buffer.appendBigEndian(bitPattern) }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresCodingFailure) -> Double {
        switch type {
        case .float8:
            try expect(bytes, count: 8, for: type)
            return Double(bitPattern: bytes.readBigEndian(UInt64.self))
        case .float4:
            try expect(bytes, count: 4, for: type)
            return Double(Float(bitPattern: bytes.readBigEndian(UInt32.self)))
        case .int2, .int4, .int8:
            return Double(try decodeInteger(Int64.self, bytes, type))
        default:
            throw mismatch(type, Double.self)
        }
    }
}

extension String: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresType { .text }
    public func encode(into buffer: inout [UInt8]) throws(PostgresCodingFailure) {
        // PostgreSQL text cannot hold NUL; say so instead of letting the server truncate or refuse obscurely.
        if utf8.contains(0) { throw PostgresCodingFailure("text cannot contain the NUL character") }
        buffer.append(contentsOf: utf8)
    }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresCodingFailure) -> String {
        if type.isTextual {
            return String(decoding: bytes, as: UTF8.self)
        }
        if type == .jsonb, bytes.count >= 1, bytes[0] == 1 {
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[1...]), as: UTF8.self)
        }
        throw mismatch(type, String.self)
    }
}

extension UUID: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresType { .uuid }
    public func encode(into buffer: inout [UInt8]) {
        withUnsafeBytes(of: uuid) { buffer.append(contentsOf: $0) }
    }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresCodingFailure) -> UUID {
        guard type == .uuid else { throw mismatch(type, UUID.self) }
        try expect(bytes, count: 16, for: type)
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: bytes) }
        return UUID(uuid: value)
    }
}

/// Microseconds between the Unix epoch and PostgreSQL's epoch (2000-01-01 00:00:00 UTC).
private let postgresEpochOffsetSeconds: Int64 = 946_684_800

extension Date: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresType { .timestamptz }
    public func encode(into buffer: inout [UInt8]) throws(PostgresCodingFailure) {
        let seconds = timeIntervalSince1970 - Double(postgresEpochOffsetSeconds)
        let micros = (seconds * 1_000_000).rounded()
        guard micros.isFinite, let value = Int64(exactly: micros) else {
            throw PostgresCodingFailure("timestamp out of range")
        }
        buffer.appendBigEndian(value)
    }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresCodingFailure) -> Date {
        guard type == .timestamptz || type == .timestamp else { throw mismatch(type, Date.self) }
        try expect(bytes, count: 8, for: type)
        let micros = bytes.readBigEndian(Int64.self)
        guard micros != .max, micros != .min else { throw PostgresCodingFailure("infinite timestamp") }
        // Split to keep microsecond precision exact for any realistic date.
        let seconds = micros.quotientAndRemainder(dividingBy: 1_000_000)
        return Date(
            timeIntervalSince1970: Double(seconds.quotient + postgresEpochOffsetSeconds) + Double(seconds.remainder) / 1_000_000
        )
    }
}

extension Data: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresType { .bytea }
    public func encode(into buffer: inout [UInt8]) { buffer.append(contentsOf: self) }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresCodingFailure) -> Data {
        guard type == .bytea else { throw mismatch(type, Data.self) }
        return Data(bytes)
    }
}

/// A calendar date as PostgreSQL's `date` type holds it (no time, no zone).
public struct PostgresDate: Hashable, Comparable, Sendable, CustomStringConvertible, PostgresEncodable, PostgresDecodable {
    /// Days since 2000-01-01.
    public var daysSince2000: Int32

    public init(daysSince2000: Int32) {
        self.daysSince2000 = daysSince2000
    }

    /// The date of a proleptic Gregorian year, month and day; nil when they do not name a date.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        let check = Self.civilFromDays(days)
        guard check.year == year, check.month == month, check.day == day, let narrow = Int32(exactly: days) else { return nil }
        self.daysSince2000 = narrow
    }

    public var components: (year: Int, month: Int, day: Int) { Self.civilFromDays(Int(daysSince2000)) }

    public var description: String {
        let (y, m, d) = components
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.daysSince2000 < rhs.daysSince2000 }

    public static var postgresType: PostgresType { .date }
    public func encode(into buffer: inout [UInt8]) { buffer.appendBigEndian(daysSince2000) }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresCodingFailure) -> PostgresDate {
        guard type == .date else { throw mismatch(type, PostgresDate.self) }
        try expect(bytes, count: 4, for: type)
        let days = bytes.readBigEndian(Int32.self)
        guard days != .max, days != .min else { throw PostgresCodingFailure("infinite date") }
        return PostgresDate(daysSince2000: days)
    }

    // Howard Hinnant's civil-from-days algorithms, shifted to PostgreSQL's epoch (2000-01-01 = day 10957 of Unix).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468 - 10_957
    }

    private static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 10_957 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

// MARK: - JSON

/// A `Codable` value stored as `jsonb` (and read from `json` or `jsonb`).
public struct PostgresJSON<Value: Codable & Sendable>: Sendable, PostgresEncodable, PostgresDecodable {
    public var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public static var postgresType: PostgresType { .jsonb }

    public func encode(into buffer: inout [UInt8]) throws(PostgresCodingFailure) {
        buffer.append(1)  // jsonb binary format version
        buffer.append(contentsOf: try jsonText().utf8)
    }

    /// The JSON text this value is stored as (dates ISO 8601, keys sorted), for SQL that takes JSON as text.
    public func jsonText() throws(PostgresCodingFailure) -> String {
        do {
            return String(decoding: try PostgresJSONCoding.encoder.encode(value), as: UTF8.self)
        } catch {
            throw PostgresCodingFailure("JSON encoding failed: \(error)")
        }
    }

    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresCodingFailure) -> PostgresJSON<Value> {
        let payload: UnsafeRawBufferPointer
        switch type {
        case .jsonb:
            guard bytes.count >= 1, bytes[0] == 1 else { throw PostgresCodingFailure("unknown jsonb format version") }
            payload = UnsafeRawBufferPointer(rebasing: bytes[1...])
        case .json, .text:
            payload = bytes
        default:
            throw mismatch(type, Value.self)
        }
        do {
            return PostgresJSON(try PostgresJSONCoding.decoder.decode(Value.self, from: Data(payload)))
        } catch {
            throw PostgresCodingFailure("JSON decoding as \(Value.self) failed: \(error)")
        }
    }
}

/// The one JSON configuration of ``PostgresJSON``, made once (encoders are safe to share once configured).
enum PostgresJSONCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

// MARK: - Arrays

/// An element type of a one-dimensional PostgreSQL array.
public protocol PostgresArrayElement: PostgresEncodable, PostgresDecodable {
    static var arrayType: PostgresType { get }
}

extension String: PostgresArrayElement { public static var arrayType: PostgresType { .textArray } }
extension Int: PostgresArrayElement { public static var arrayType: PostgresType { .int8Array } }
extension Int64: PostgresArrayElement { public static var arrayType: PostgresType { .int8Array } }
extension Int32: PostgresArrayElement { public static var arrayType: PostgresType { .int4Array } }
extension Int16: PostgresArrayElement { public static var arrayType: PostgresType { .int2Array } }
extension Bool: PostgresArrayElement { public static var arrayType: PostgresType { .boolArray } }
extension Double: PostgresArrayElement { public static var arrayType: PostgresType { .float8Array } }
extension UUID: PostgresArrayElement { public static var arrayType: PostgresType { .uuidArray } }

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    public static var postgresType: PostgresType { Element.arrayType }

    public func encode(into buffer: inout [UInt8]) throws(PostgresCodingFailure) {
        buffer.appendBigEndian(Int32(isEmpty ? 0 : 1))  // dimensions
        buffer.appendBigEndian(Int32(0))  // has nulls
        buffer.appendBigEndian(Element.postgresType.rawValue)
        guard !isEmpty else { return }
        guard let count = Int32(exactly: count) else { throw PostgresCodingFailure("array too large") }
        buffer.appendBigEndian(count)
        buffer.appendBigEndian(Int32(1))  // lower bound
        var scratch: [UInt8] = []
        for element in self {
            scratch.removeAll(keepingCapacity: true)
            try element.encode(into: &scratch)
            buffer.appendBigEndian(Int32(scratch.count))
            buffer.append(contentsOf: scratch)
        }
    }
}

extension Array: PostgresDecodable where Element: PostgresDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresCodingFailure) -> [Element] {
        guard bytes.count >= 12 else { throw PostgresCodingFailure("array of \(type): header too short") }
        let dimensions = bytes.readBigEndian(Int32.self, at: 0)
        let elementType = PostgresType(bytes.readBigEndian(UInt32.self, at: 8))
        if dimensions == 0 { return [] }
        guard dimensions == 1, bytes.count >= 20 else {
            throw PostgresCodingFailure("only one-dimensional arrays are supported (got \(dimensions))")
        }
        let count = Int(bytes.readBigEndian(Int32.self, at: 12))
        var offset = 20
        var result: [Element] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            guard offset + 4 <= bytes.count else { throw PostgresCodingFailure("array truncated") }
            let length = Int(bytes.readBigEndian(Int32.self, at: offset))
            offset += 4
            if length < 0 {
                result.append(try Element.decodeNull())
                continue
            }
            guard offset + length <= bytes.count else { throw PostgresCodingFailure("array element truncated") }
            result.append(try Element.decode(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]), type: elementType))
            offset += length
        }
        return result
    }
}
