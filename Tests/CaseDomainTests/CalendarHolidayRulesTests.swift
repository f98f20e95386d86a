import CaseDomain
import Foundation
import Testing

@Suite("Provisional holidays computed from the Labour Code")
struct CalendarHolidayRulesTests {
    typealias F = CalendarFixtures

    /// The weekdays a list of days turns off, and the weekend days it turns on.
    private func effect(_ days: [CalendarDay], ignoringSwaps: Bool = false) -> [String] {
        var status: [LocalDate: Bool] = [:]
        for day in days where !(ignoringSwaps && (day.kind == .bridge || day.kind == .workday)) {
            status[day.date] = day.kind == .workday ? true : (status[day.date] ?? false)
        }
        return status.filter { $0.value == $0.key.isWeekend }.keys.sorted().map { "\($0) \(status[$0] == true ? "on" : "off")" }
    }

    @Test(
        "the rules reproduce every announced year except its case-by-case swaps",
        arguments: 2020...2026
    )
    func rulesMatchAnnouncements(year: Int) throws {
        let official = try #require(OfficialCalendars.days(year: year))
        #expect(effect(HolidayRules.provisionalDays(year: year)) == effect(official, ignoringSwaps: true))
    }

    @Test("the rules reproduce the announced holidays and substitutes, kind by kind", arguments: 2020...2026)
    func rulesMatchKinds(year: Int) throws {
        let official = try #require(OfficialCalendars.days(year: year)).filter { $0.kind == .holiday || $0.kind == .substitute }
        let provisional = HolidayRules.provisionalDays(year: year)
        #expect(provisional.map { "\($0.date) \($0.kind) \($0.name)" } == official.map { "\($0.date) \($0.kind) \($0.name)" })
    }

    @Test("2027 as computed: Tết 5–9 Feb with Thursday 4 and Wednesday 10 Feb, Giỗ Tổ 16 Apr, 2–3 Sep, 24 Nov")
    func year2027() {
        let days = HolidayRules.provisionalDays(year: 2027)
        #expect(
            days.map { "\($0.date) \($0.kind.rawValue)" } == [
                "2027-01-01 holiday",
                "2027-02-04 substitute", "2027-02-05 holiday", "2027-02-06 holiday", "2027-02-07 holiday", "2027-02-08 holiday",
                "2027-02-09 holiday", "2027-02-10 substitute",
                "2027-04-16 holiday", "2027-04-30 holiday", "2027-05-01 holiday", "2027-05-03 substitute",
                "2027-09-02 holiday", "2027-09-03 holiday", "2027-11-24 holiday",
            ]
        )
        #expect(days.allSatisfy { $0.source == .provisional && $0.reference.contains("dự kiến") })
    }

    @Test(
        "the day adjacent to 2 September joins a weekend when it can, else it is 1 September",
        arguments: [
            (2024, "2024-09-03"),  // Monday → Tuesday 3/9 (Sunday 1/9 is not a working day)
            (2025, "2025-09-01"),  // Tuesday → Monday 1/9
            (2026, "2026-09-01"),  // Wednesday → Tuesday 1/9
            (2021, "2021-09-03"),  // Thursday → Friday 3/9
            (2022, "2022-09-01"),  // Friday → Thursday 1/9
            (2023, "2023-09-01"),  // Saturday → Friday 1/9
            (2029, "2029-09-03"),  // Sunday → Monday 3/9
        ]
    )
    func nationalDayCompanion(year: Int, expected: String) {
        #expect(HolidayRules.nationalDayCompanion(year: year) == F.date(expected))
    }

    @Test("a 2 September on Sunday gives Monday 3/9 and a substitute on Tuesday 4/9")
    func nationalDayOnSunday() {
        let september = HolidayRules.provisionalDays(year: 2029).filter { $0.date.month == 9 }
        #expect(september.map { "\($0.date) \($0.kind.rawValue)" } == ["2029-09-02 holiday", "2029-09-03 holiday", "2029-09-04 substitute"])
    }

    @Test("a Tết with a Saturday and a Sunday gets a day before and a day after it (2031: Tết on Thursday 23 Jan)")
    func tetCompensation() {
        let tet = HolidayRules.provisionalDays(year: 2031).filter { $0.name == HolidayName.lunarNewYear }
        #expect(
            tet.map { "\($0.date) \($0.kind.rawValue)" } == [
                "2031-01-21 substitute", "2031-01-22 holiday", "2031-01-23 holiday", "2031-01-24 holiday", "2031-01-25 holiday",
                "2031-01-26 holiday", "2031-01-27 substitute",
            ]
        )
    }

    @Test("the law in force each year: one day for 2/9 before 2021, Culture Day from 2026, Tết of 4 days before 2013")
    func lawByYear() {
        #expect(HolidayRules.provisionalDays(year: 2020).filter { $0.name == HolidayName.nationalDay && $0.kind == .holiday }.count == 1)
        #expect(HolidayRules.provisionalDays(year: 2021).filter { $0.name == HolidayName.nationalDay && $0.kind == .holiday }.count == 2)
        #expect(!HolidayRules.provisionalDays(year: 2025).contains { $0.name == HolidayName.cultureDay })
        #expect(HolidayRules.provisionalDays(year: 2030).contains { $0.name == HolidayName.cultureDay && $0.date == F.date("2030-11-24") })
        #expect(HolidayRules.tetDays(year: 2012).count == 4)
        #expect(HolidayRules.tetDays(year: 2013).count == 5)
        #expect(!HolidayRules.provisionalDays(year: 2006).contains { $0.name == HolidayName.hungKings })
    }

    @Test("every provisional year 2027–2100 is well formed", arguments: Array(stride(from: 2027, through: 2100, by: 1)))
    func wellFormed(year: Int) {
        let days = HolidayRules.provisionalDays(year: year)
        #expect(days.map(\.date) == days.map(\.date).sorted())
        #expect(Set(days.map(\.date)).count == days.count, "no date listed twice")
        let holidays = days.filter { $0.kind == .holiday }
        let substitutes = days.filter { $0.kind == .substitute }
        #expect(holidays.count == 12, "1 + 5 + 1 + 1 + 1 + 2 + 1 days of Art. 112")
        #expect(substitutes.count == holidays.filter(\.date.isWeekend).count, "one substitute per holiday on a weekend")
        #expect(substitutes.allSatisfy { !$0.date.isWeekend })
        #expect(days.allSatisfy { $0.kind != .bridge && $0.kind != .workday && $0.date.year == year })
    }
}
