public import CaseDomain
import Foundation
public import Postgres

extension LocalDate: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresType { .date }

    public func encode(into buffer: inout [UInt8]) throws(PostgresCodingFailure) {
        guard let date = PostgresDate(year: year, month: month, day: day) else {
            throw PostgresCodingFailure("date out of range")
        }
        date.encode(into: &buffer)
    }

    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws(PostgresCodingFailure) -> LocalDate {
        let date = try PostgresDate.decode(from: bytes, type: type)
        let (year, month, day) = date.components
        guard let local = LocalDate(year: year, month: month, day: day) else {
            throw PostgresCodingFailure("date \(date) out of range")
        }
        return local
    }
}
