import CaseDomain
import Foundation
import Testing

@Suite("Working days: which days, counting and adding")
struct CalendarWorkingDaysTests {
    typealias F = CalendarFixtures

    /// The definition, written out naively from the listed days of the year.
    private func naiveIsWorkingDay(_ date: LocalDate) -> Bool {
        let listed = (OfficialCalendars.days(year: date.year) ?? HolidayRules.provisionalDays(year: date.year)).filter { $0.date == date }
        if listed.contains(where: { $0.kind == .workday }) { return true }
        if !listed.isEmpty { return false }
        return !date.isWeekend
    }

    private func naiveCount(after start: LocalDate, through end: LocalDate) -> Int {
        var count = 0
        var date = start.adding(days: 1)
        while date <= end {
            if naiveIsWorkingDay(date) { count += 1 }
            date = date.adding(days: 1)
        }
        return count
    }

    @Test("the precomputed bitset agrees with the definition on every day of 2018–2031", arguments: 2018...2031)
    func bitsetMatchesDefinition(year: Int) throws {
        var date = try #require(LocalDate(year: year, month: 1, day: 1))
        while date.year == year {
            #expect(WorkingDays.builtIn.isWorkingDay(date) == naiveIsWorkingDay(date), "\(date)")
            date = date.adding(days: 1)
        }
    }

    @Test(
        "next working day",
        arguments: [
            ("2026-02-13", "2026-02-23"),  // Friday before Tết 2026 → Monday after it
            ("2025-04-25", "2025-04-26"),  // Friday → the working Saturday 26 April 2025
            ("2025-12-31", "2026-01-05"),  // 1 Jan holiday, 2 Jan bridge, weekend
            ("2026-01-09", "2026-01-10"),  // Friday → the working Saturday 10 January 2026
            ("2026-08-28", "2026-09-03"),  // Quốc khánh 2026: 29 Aug – 2 Sep off
            ("2026-11-23", "2026-11-25"),  // Vietnam Culture Day
            ("2027-02-03", "2027-02-11"),  // provisional Tết 2027: 4–10 Feb off
        ]
    )
    func nextWorkingDay(after: String, expected: String) {
        #expect(WorkingDays.builtIn.nextWorkingDay(after: F.date(after)) == F.date(expected))
        #expect(WorkingDays.builtIn.previousWorkingDay(before: F.date(expected)) == F.date(after))
    }

    @Test("counting working days in a half-open interval, with a sign")
    func counting() {
        let days = WorkingDays.builtIn
        #expect(days.workingDays(after: F.date("2026-02-13"), through: F.date("2026-02-23")) == 1)
        #expect(days.workingDays(after: F.date("2026-02-23"), through: F.date("2026-02-13")) == -1)
        #expect(days.workingDays(after: F.date("2026-02-13"), through: F.date("2026-02-13")) == 0)
        #expect(
            days.workingDays(after: F.date("2025-12-31"), through: F.date("2026-12-31"))
                == naiveCount(after: F.date("2025-12-31"), through: F.date("2026-12-31"))
        )
        // 2026: 261 weekdays, minus 1–2 Jan, Tết (5), 27 Apr, 30 Apr, 1 May, 31 Aug, 1–2 Sep, 24 Nov (14), plus 2 Saturdays.
        #expect(days.workingDays(after: F.date("2025-12-31"), through: F.date("2026-12-31")) == 249)
    }

    @Test("adding N working days then counting them gives N, for seeded random starts 1901–2099 and N ≤ 600")
    func addThenCount() {
        var generator = SeededGenerator(seed: 61_2018)
        let days = WorkingDays.builtIn
        let first = LocalDate.days(from: F.date("1901-01-01"), to: F.date("2099-01-01"))
        for _ in 0..<20_000 {
            let start = F.date("1901-01-01").adding(days: Int.random(in: 0...first, using: &generator))
            let n = Int.random(in: 0...600, using: &generator)
            let end = days.addingWorkingDays(n, to: start)
            #expect(days.workingDays(after: start, through: end) == n, "\(start) + \(n)")
            if n > 0 {
                #expect(days.isWorkingDay(end), "\(start) + \(n) = \(end)")
                #expect(days.addingWorkingDays(-n, to: end) <= start, "\(end) - \(n)")
                #expect(days.workingDays(after: start, through: end.adding(days: -1)) == n - 1)
            }
        }
    }

    @Test("counts add up across intervals and agree with a day-by-day count")
    func countsAddUp() {
        var generator = SeededGenerator(seed: 2_0_2_6)
        let days = WorkingDays.builtIn
        for _ in 0..<300 {
            let a = F.date("2019-06-01").adding(days: Int.random(in: 0...3000, using: &generator))
            let b = a.adding(days: Int.random(in: -200...200, using: &generator))
            let c = b.adding(days: Int.random(in: -200...200, using: &generator))
            #expect(days.workingDays(after: a, through: b) + days.workingDays(after: b, through: c) == days.workingDays(after: a, through: c))
            if a <= b { #expect(days.workingDays(after: a, through: b) == naiveCount(after: a, through: b)) }
        }
    }

    @Test("outside the precomputed years the answers are the same, only slower")
    func slowPath() {
        let narrow = WorkingDays(precomputedYears: 2024...2024)
        let days = WorkingDays.builtIn
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<400 {
            let start = F.date("2021-01-01").adding(days: Int.random(in: 0...(6 * 365), using: &generator))
            let n = Int.random(in: -300...300, using: &generator)
            #expect(narrow.isWorkingDay(start) == days.isWorkingDay(start), "\(start)")
            #expect(narrow.addingWorkingDays(n, to: start) == days.addingWorkingDays(n, to: start), "\(start) + \(n)")
            let end = start.adding(days: n)
            #expect(narrow.workingDays(after: start, through: end) == days.workingDays(after: start, through: end), "\(start) → \(end)")
        }
        // Far outside even the built-in range: weekends and the lunar holidays still apply.
        #expect(!days.isWorkingDay(F.date("2200-01-01")))
        #expect(days.isWorkingDay(F.date("1899-12-29")))
        // 1 January 2101 is a Saturday, compensated on Monday 3 January.
        #expect(days.addingWorkingDays(1, to: F.date("2100-12-31")) == F.date("2101-01-04"))
    }

    @Test("overrides replace the fallback for their whole year, and leave other years alone")
    func overridesReplaceYears() {
        let extraDay = CalendarDay(date: F.date("2027-03-15"), name: "Ngày nghỉ đặc biệt", kind: .holiday, source: .official)
        let days = WorkingDays(overrides: [extraDay])
        #expect(!days.isWorkingDay(F.date("2027-03-15")))
        #expect(days.isWorkingDay(F.date("2027-02-08")), "provisional Tết 2027 is replaced by the overriding year")
        #expect(!WorkingDays.builtIn.isWorkingDay(F.date("2027-02-08")))
        #expect(!days.isWorkingDay(F.date("2026-02-16")), "2026 still comes from the official calendar")
        #expect(days.days(year: 2027) == [extraDay])
    }

    @Test("a workday entry wins over a day off listed for the same date")
    func workdayWins() {
        let date = F.date("2027-03-15")
        let days = WorkingDays(overrides: [
            CalendarDay(date: date, name: "A", kind: .holiday, source: .official),
            CalendarDay(date: date, name: "B", kind: .workday, source: .official),
            CalendarDay(date: F.date("2027-03-13"), name: "C", kind: .workday, source: .official),
        ])
        #expect(days.isWorkingDay(date))
        #expect(days.isWorkingDay(F.date("2027-03-13")))
        #expect(!days.isWorkingDay(F.date("2027-03-14")))
    }

    @Test("an empty fallback is the plain Monday–Friday week")
    func plainWeek() {
        let days = WorkingDays(fallback: { _ in [] })
        #expect(days.isWorkingDay(F.date("2026-02-17")))
        #expect(days.workingDays(after: F.date("2026-01-04"), through: F.date("2026-12-27")) == 255)
        #expect(days.addingWorkingDays(5, to: F.date("2026-02-13")) == F.date("2026-02-20"))
    }

    @Test("the built-in calendar answers the same from many threads at once")
    func concurrentUse() async {
        let expected = (0..<2000).map { WorkingDays.builtIn.addingWorkingDays($0, to: F.date("2020-01-01")) }
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let days = WorkingDays.builtIn
                    return (0..<2000).allSatisfy { days.addingWorkingDays($0, to: LocalDate(julianDay: 2_458_850)) == expected[$0] }
                }
            }
            for await agreed in group { #expect(agreed) }
        }
    }
}
