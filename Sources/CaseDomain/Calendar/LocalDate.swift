/// A day of the proleptic Gregorian calendar, without time or time zone: the unit in which Vietnamese
/// law counts deadlines ("ngày", "ngày làm việc").
///
/// Stored as year, month and day; all arithmetic goes through the Julian day number, so that adding days,
/// weekdays and differences are exact integer operations.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A validated date; `nil` for impossible dates such as 2025-02-29 or months outside 1…12.
    /// Years are limited to 1…9999 so that the ISO form always has four digits.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= LocalDate.daysInMonth(year: year, month: month)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD` (ISO 8601 calendar date, extended format).
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = LocalDate.digits(bytes[0..<4]),
            let month = LocalDate.digits(bytes[5..<7]),
            let day = LocalDate.digits(bytes[8..<10])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The date of a Julian day number (the day that begins at noon UTC of that number, as in astronomy).
    public init(julianDay: Int) {
        // Fliegel & Van Flandern (1968), valid for every day after 4800 BC.
        let a = julianDay + 32044
        let b = (4 * a + 3) / 146097
        let c = a - 146097 * b / 4
        let d = (4 * c + 3) / 1461
        let e = c - 1461 * d / 4
        let m = (5 * e + 2) / 153
        self.day = e - (153 * m + 2) / 5 + 1
        self.month = m + 3 - 12 * (m / 10)
        self.year = 100 * b + d - 4800 + m / 10
    }

    /// The Julian day number: 2451545 is 2000-01-01.
    public var julianDay: Int { LocalDate.julianDayNumber(year: year, month: month, day: day) }

    static func julianDayNumber(year: Int, month: Int, day: Int) -> Int {
        let a = (14 - month) / 12
        let y = year + 4800 - a
        let m = month + 12 * a - 3
        return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
    }

    /// ISO 8601 weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int { julianDay % 7 + 1 }

    /// Saturday or Sunday: the weekly rest days of the public sector's 40-hour week (Decision 188/1999/QĐ-TTg).
    public var isWeekend: Bool { weekday >= 6 }

    public func adding(days: Int) -> LocalDate {
        days == 0 ? self : LocalDate(julianDay: julianDay + days)
    }

    /// `to - from` in days (negative when `to` is earlier).
    public static func days(from: LocalDate, to: LocalDate) -> Int {
        to.julianDay - from.julianDay
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String {
        LocalDate.padded(year, 4) + "-" + LocalDate.padded(month, 2) + "-" + LocalDate.padded(day, 2)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected a date as YYYY-MM-DD, found \(String(reflecting: text))"
            )
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
