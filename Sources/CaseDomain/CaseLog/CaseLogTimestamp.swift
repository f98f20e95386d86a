public import Foundation

/// RFC 3339 timestamps as the case log writes them: `2025-03-03T08:15:00+07:00`.
///
/// Parsing requires a full date, a full time and an offset (`Z` or `±hh:mm`); a timestamp without one is rejected,
/// because its moment would depend on the reader's time zone. Fractional seconds of any length are accepted and kept
/// to the microsecond (PostgreSQL's `timestamptz` precision), rounding half up. The leap second `:60` is rejected
/// (no `Date` can hold it). Formatting always writes Vietnam time (`+07:00`, no daylight saving since 1975), with a
/// fraction only when the moment has one, trimmed of trailing zeros — so `parse(format(d)) == d` for every `d` that
/// parsing produced.
public enum CaseLogTimestamp {
    /// Vietnam's fixed offset from UTC, in seconds.
    public static let vietnamOffset = 7 * 3600

    public enum ParseError: Error, Sendable, Equatable, Hashable {
        case malformed
        case missingOffset
        case outOfRange
    }

    public static func parse(_ text: String) throws(ParseError) -> Date {
        var scanner = Scanner(Array(text.utf8))
        let year = try scanner.digits(4)
        try scanner.expect(UInt8(ascii: "-"))
        let month = try scanner.digits(2)
        try scanner.expect(UInt8(ascii: "-"))
        let day = try scanner.digits(2)
        guard scanner.take(UInt8(ascii: "T")) || scanner.take(UInt8(ascii: "t")) else { throw .malformed }
        let hour = try scanner.digits(2)
        try scanner.expect(UInt8(ascii: ":"))
        let minute = try scanner.digits(2)
        try scanner.expect(UInt8(ascii: ":"))
        let second = try scanner.digits(2)
        var microseconds = 0
        if scanner.take(UInt8(ascii: ".")) {
            let fraction = scanner.digitRun()
            guard !fraction.isEmpty else { throw .malformed }
            // Keep 7 digits, then round the 7th away.
            var scaled = 0
            for index in 0..<7 { scaled = scaled * 10 + (index < fraction.count ? Int(fraction[index]) : 0) }
            microseconds = (scaled + 5) / 10
        }
        guard (1...12).contains(month), (1...DossierCode.daysIn(month: month, year: year)).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { throw .outOfRange }
        let offsetSeconds: Int
        if scanner.take(UInt8(ascii: "Z")) || scanner.take(UInt8(ascii: "z")) {
            offsetSeconds = 0
        } else if scanner.atEnd {
            throw .missingOffset
        } else {
            let sign: Int
            if scanner.take(UInt8(ascii: "+")) {
                sign = 1
            } else if scanner.take(UInt8(ascii: "-")) {
                sign = -1
            } else {
                throw .malformed
            }
            let offsetHours = try scanner.digits(2)
            try scanner.expect(UInt8(ascii: ":"))
            let offsetMinutes = try scanner.digits(2)
            guard (0...23).contains(offsetHours), (0...59).contains(offsetMinutes) else { throw .outOfRange }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard scanner.atEnd else { throw .malformed }
        let localSeconds = daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        return date(unixSeconds: localSeconds - offsetSeconds, microseconds: microseconds)
    }

    /// The timestamp in Vietnam time, e.g. `2025-03-03T08:15:00+07:00` or `2025-03-03T08:15:00.25+07:00`.
    public static func format(_ date: Date) -> String {
        let (unixSeconds, microseconds) = split(date)
        let local = unixSeconds + vietnamOffset
        let days = floorDivide(local, 86_400)
        let secondOfDay = local - days * 86_400
        let (year, month, day) = civilFromDays(days)
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
        text += "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if microseconds > 0 {
            var fraction = pad(microseconds, 6)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += ".\(fraction)"
        }
        return text + "+07:00"
    }

    /// The moment `date` rounded to the microsecond, the precision of the case log.
    public static func roundedToMicroseconds(_ date: Date) -> Date {
        let (unixSeconds, microseconds) = split(date)
        return self.date(unixSeconds: unixSeconds, microseconds: microseconds)
    }

    /// Unix time in whole seconds plus microseconds; built from integers through the reference date so that
    /// equal texts always give bit-identical dates.
    public static func date(unixSeconds: Int, microseconds: Int) -> Date {
        let carry = microseconds / 1_000_000
        let sinceReference = unixSeconds + carry - Int(Date.timeIntervalBetween1970AndReferenceDate)
        return Date(timeIntervalSinceReferenceDate: Double(sinceReference) + Double(microseconds % 1_000_000) / 1_000_000)
    }

    /// The moment `microseconds` after the Unix epoch, bit-identical to ``parse(_:)`` of the same instant.
    public static func date(unixMicroseconds microseconds: Int64) -> Date {
        let (seconds, remainder) = microseconds.quotientAndRemainder(dividingBy: 1_000_000)
        return remainder < 0
            ? date(unixSeconds: Int(seconds) - 1, microseconds: Int(remainder) + 1_000_000)
            : date(unixSeconds: Int(seconds), microseconds: Int(remainder))
    }

    static func split(_ date: Date) -> (unixSeconds: Int, microseconds: Int) {
        let interval = date.timeIntervalSinceReferenceDate
        let whole = interval.rounded(.down)
        var seconds = Int(whole)
        var microseconds = Int(((interval - whole) * 1_000_000).rounded())
        if microseconds >= 1_000_000 {
            seconds += 1
            microseconds -= 1_000_000
        }
        return (seconds + Int(Date.timeIntervalBetween1970AndReferenceDate), microseconds)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDivide(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func expect(_ byte: UInt8) throws(ParseError) {
            guard take(byte) else { throw .malformed }
        }

        mutating func digits(_ count: Int) throws(ParseError) -> Int {
            var value = 0
            for _ in 0..<count {
                guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
                    throw .malformed
                }
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            return value
        }

        mutating func digitRun() -> [UInt8] {
            var run: [UInt8] = []
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                run.append(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            return run
        }
    }
}
