import CaseDomain
import Foundation
import Testing

@Suite("LocalDate: ISO text, Julian days, weekdays")
struct CalendarLocalDateTests {
    typealias F = CalendarFixtures

    @Test(
        "valid and invalid dates",
        arguments: [
            (2024, 2, 29, true), (2025, 2, 29, false), (1900, 2, 29, false), (2000, 2, 29, true), (2026, 4, 31, false),
            (2026, 12, 31, true), (2026, 13, 1, false), (2026, 0, 1, false), (2026, 1, 0, false), (0, 1, 1, false),
        ]
    )
    func validation(year: Int, month: Int, day: Int, valid: Bool) {
        #expect((LocalDate(year: year, month: month, day: day) != nil) == valid)
    }

    @Test(
        "ISO parsing accepts exactly YYYY-MM-DD",
        arguments: [
            ("2026-02-16", true), ("2026-2-16", false), ("2026-02-16T00:00:00", false), ("20260216", false), ("2026-02-30", false),
            (" 2026-02-16", false), ("2026-02-1a", false), ("0999-01-01", true),
        ]
    )
    func isoParsing(text: String, valid: Bool) {
        #expect((LocalDate(iso: text) != nil) == valid)
        if valid { #expect(LocalDate(iso: text)?.description == text) }
    }

    @Test(
        "Julian day numbers and ISO weekdays of known days",
        arguments: [
            ("2000-01-01", 2_451_545, 6), ("1970-01-01", 2_440_588, 4), ("1900-01-01", 2_415_021, 1),
            ("2026-02-16", 2_461_088, 1), ("2026-02-22", 2_461_094, 7), ("2100-12-31", 2_488_434, 5),
        ]
    )
    func julianDays(text: String, julianDay: Int, weekday: Int) {
        let date = F.date(text)
        #expect(date.julianDay == julianDay)
        #expect(date.weekday == weekday)
        #expect(LocalDate(julianDay: julianDay) == date)
    }

    @Test("every day of 1899–2101 survives the round trip through its Julian day, one day after the other")
    func julianDayRoundTrip() throws {
        var date = try #require(LocalDate(year: 1899, month: 1, day: 1))
        var julianDay = date.julianDay
        while date.year < 2102 {
            #expect(LocalDate(julianDay: julianDay) == date)
            #expect(LocalDate(iso: date.description) == date)
            let next =
                date.day < LocalDate.daysInMonth(year: date.year, month: date.month)
                ? LocalDate(year: date.year, month: date.month, day: date.day + 1)
                : date.month < 12 ? LocalDate(year: date.year, month: date.month + 1, day: 1) : LocalDate(year: date.year + 1, month: 1, day: 1)
            let following = try #require(next)
            #expect(following > date)
            #expect(date.adding(days: 1) == following)
            date = following
            julianDay += 1
        }
    }

    @Test("adding days and counting them are inverse, across months, leap days and years")
    func addingDays() {
        let start = F.date("2024-02-28")
        #expect(start.adding(days: 1) == F.date("2024-02-29"))
        #expect(start.adding(days: 2) == F.date("2024-03-01"))
        #expect(start.adding(days: -59) == F.date("2023-12-31"))
        #expect(LocalDate.days(from: F.date("2025-01-01"), to: F.date("2026-01-01")) == 365)
        #expect(LocalDate.days(from: F.date("2026-01-01"), to: F.date("2025-01-01")) == -365)
        #expect(start.adding(days: 0) == start)
    }

    @Test("dates order chronologically, and encode as their ISO text")
    func orderingAndCoding() throws {
        #expect(F.date("2025-12-31") < F.date("2026-01-01"))
        #expect(F.date("2026-01-09") < F.date("2026-01-10"))
        let encoded = try JSONEncoder().encode([F.date("2026-02-16")])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["2026-02-16"]"#)
        #expect(try JSONDecoder().decode([LocalDate].self, from: encoded) == [F.date("2026-02-16")])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-02-30"]"#.utf8)) }
    }
}

@Suite("VietnamTime: UTC+7 days and RFC 3339")
struct CalendarVietnamTimeTests {
    typealias F = CalendarFixtures

    @Test("the local day changes at 17:00 UTC")
    func localDay() {
        #expect(VietnamTime.localDate(of: F.moment("2026-02-15T16:59:59Z")) == F.date("2026-02-15"))
        #expect(VietnamTime.localDate(of: F.moment("2026-02-15T17:00:00Z")) == F.date("2026-02-16"))
        #expect(VietnamTime.localDate(of: F.moment("1969-12-31T17:00:00Z")) == F.date("1970-01-01"))
        #expect(VietnamTime.localDate(of: F.moment("1969-12-31T16:59:59.5Z")) == F.date("1969-12-31"))
    }

    @Test("a local day and a clock time name one moment")
    func moments() {
        let closing = VietnamTime.date(F.date("2026-02-27"), minutesAfterMidnight: 17 * 60)
        #expect(closing == F.moment("2026-02-27T10:00:00Z"))
        #expect(VietnamTime.rfc3339(closing) == "2026-02-27T17:00:00+07:00")
        #expect(VietnamTime.date(F.date("2026-02-27"), minutesAfterMidnight: 1440) == F.moment("2026-02-28T00:00:00+07:00"))
        #expect(VietnamTime.timeZone.secondsFromGMT() == 25200)
        #expect(VietnamTime.offsetSeconds == 25200)
    }

    @Test(
        "RFC 3339 timestamps with an offset are parsed to the same moment",
        arguments: [
            "2026-02-27T17:00:00+07:00", "2026-02-27T10:00:00Z", "2026-02-27T10:00:00z", "2026-02-27t10:00:00Z",
            "2026-02-27 10:00:00Z", "2026-02-27T05:00:00-05:00", "2026-02-27T15:30:00+05:30", "2026-02-27T10:00:00.000Z",
            "2026-02-27T10:00:00+00:00", "2026-02-27T10:00:00-00:00",
        ]
    )
    func parsing(text: String) {
        #expect(VietnamTime.parseRFC3339(text) == Date(timeIntervalSince1970: 1_772_186_400))
    }

    @Test(
        "timestamps without an offset, or malformed, are rejected",
        arguments: [
            "2026-02-27T17:00:00", "2026-02-27", "2026-02-27T17:00+07:00", "2026-02-27T17:00:00+0700", "2026-02-27T17:00:00+07",
            "2026-02-30T17:00:00Z", "2026-02-27T24:00:00Z", "2026-02-27T17:60:00Z", "2026-02-27T17:00:00.Z", "2026-02-27T17:00:00Zx",
            "2026-02-27X17:00:00Z", "", "2026-02-27T17:00:00+24:00",
        ]
    )
    func rejection(text: String) {
        #expect(VietnamTime.parseRFC3339(text) == nil)
    }

    @Test("fractional seconds are kept when parsing and dropped when formatting")
    func fractions() throws {
        let moment = try #require(VietnamTime.parseRFC3339("2026-02-27T10:00:00.25Z"))
        #expect(moment.timeIntervalSince1970 == 1_772_186_400.25)
        #expect(VietnamTime.rfc3339(moment) == "2026-02-27T17:00:00+07:00")
    }

    @Test("formatting then parsing gives back the moment, for seeded random whole seconds 1900–2100")
    func roundTrip() {
        var generator = SeededGenerator(seed: 20_260_227)
        for _ in 0..<5000 {
            let seconds = Double(Int64.random(in: -2_208_988_800...4_133_980_799, using: &generator))
            let moment = Date(timeIntervalSince1970: seconds)
            let text = VietnamTime.rfc3339(moment)
            #expect(text.hasSuffix("+07:00"))
            #expect(VietnamTime.parseRFC3339(text) == moment)
            #expect(VietnamTime.localDate(of: moment).description == String(text.prefix(10)))
        }
    }
}
