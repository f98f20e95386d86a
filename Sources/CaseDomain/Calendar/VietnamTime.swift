public import Foundation

/// Indochina Time, the legal time of Vietnam: a fixed UTC+7 with no daylight saving since 1975
/// (North Vietnam since 1967). Everything here is integer arithmetic on that offset, so it neither depends on
/// the tz database of the machine nor on `Calendar` and `DateFormatter`, which are slow and not thread-safe.
public enum VietnamTime {
    public static let offsetSeconds = 25200

    public static let timeZone: TimeZone = {
        guard let zone = TimeZone(secondsFromGMT: offsetSeconds) else {
            preconditionFailure("a fixed offset of +07:00 is always representable")
        }
        return zone
    }()

    /// The Julian day number of 1970-01-01, the Unix epoch.
    static let unixEpochJulianDay = 2_440_588
    static let secondsPerDay: Int64 = 86400

    /// The calendar day in Vietnam at that moment.
    public static func localDate(of date: Date) -> LocalDate {
        localDate(ofWholeSeconds: wholeSeconds(date))
    }

    /// The moment at which Vietnam's clocks show `minutesAfterMidnight` on `day` (1440 is midnight at its end).
    public static func date(_ day: LocalDate, minutesAfterMidnight: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(startOfDay(day) + Int64(minutesAfterMidnight) * 60))
    }

    // MARK: - whole seconds, the unit of office-time arithmetic

    /// Seconds since the Unix epoch, rounded down: office time is counted in whole seconds.
    static func wholeSeconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }

    static func date(wholeSeconds: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(wholeSeconds))
    }

    /// The Unix second at which `day` begins in Vietnam.
    static func startOfDay(_ day: LocalDate) -> Int64 {
        Int64(day.julianDay - unixEpochJulianDay) * secondsPerDay - Int64(offsetSeconds)
    }

    static func localDate(ofWholeSeconds seconds: Int64) -> LocalDate {
        let local = seconds + Int64(offsetSeconds)
        return LocalDate(julianDay: Int(floorDivide(local, secondsPerDay)) + unixEpochJulianDay)
    }

    /// Seconds since local midnight, 0 ..< 86400.
    static func secondOfDay(_ seconds: Int64) -> Int64 {
        let local = seconds + Int64(offsetSeconds)
        return local - floorDivide(local, secondsPerDay) * secondsPerDay
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    // MARK: - RFC 3339

    /// `2026-02-27T17:00:00+07:00`: the moment in Vietnam's time, to the second (fractions are dropped).
    public static func rfc3339(_ date: Date) -> String {
        let seconds = wholeSeconds(date)
        let day = localDate(ofWholeSeconds: seconds)
        let second = Int(secondOfDay(seconds))
        return day.description + "T" + LocalDate.padded(second / 3600, 2) + ":" + LocalDate.padded(second / 60 % 60, 2)
            + ":" + LocalDate.padded(second % 60, 2) + "+07:00"
    }

    /// Parses an RFC 3339 `date-time` with any offset (`Z`, `+07:00`, `-05:30`, …) and optional fractional
    /// seconds; `T`, `t` or a space between date and time. A timestamp without an offset is rejected
    /// (`nil`): a local time alone does not name a moment.
    public static func parseRFC3339(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let year = LocalDate.digits(b[0..<4]), let month = LocalDate.digits(b[5..<7]),
            let dayOfMonth = LocalDate.digits(b[8..<10]), let day = LocalDate(year: year, month: month, day: dayOfMonth),
            let hour = LocalDate.digits(b[11..<13]), let minute = LocalDate.digits(b[14..<16]),
            let second = LocalDate.digits(b[17..<19]), hour <= 23, minute <= 59, second <= 60
        else { return nil }

        var index = 19
        var fraction = 0.0
        if b[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < b.count, b[index] >= UInt8(ascii: "0"), b[index] <= UInt8(ascii: "9") {
                fraction += Double(b[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < b.count else { return nil }

        let offset: Int
        switch b[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == b.count else { return nil }
            offset = 0
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == b.count, b[index + 3] == UInt8(ascii: ":"),
                let offsetHour = LocalDate.digits(b[(index + 1)..<(index + 3)]),
                let offsetMinute = LocalDate.digits(b[(index + 4)..<(index + 6)]), offsetHour <= 23, offsetMinute <= 59
            else { return nil }
            offset = (offsetHour * 3600 + offsetMinute * 60) * (b[index] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }

        let days = Int64(day.julianDay - unixEpochJulianDay)
        let seconds = days * secondsPerDay + Int64(hour * 3600 + minute * 60 + second - offset)
        return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
    }
}
