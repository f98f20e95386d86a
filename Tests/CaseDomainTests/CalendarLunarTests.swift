import Foundation
import Testing

@testable import CaseDomain

@Suite("Vietnamese lunar calendar (UTC+7)")
struct CalendarLunarTests {
    typealias F = CalendarFixtures

    @Test("Tết Nguyên đán 1900–2100 falls on the published date", arguments: zip(1900...2100, PublishedLunarDates.tet))
    func tet(year: Int, published: String) {
        #expect(VietnameseLunarCalendar.solarDate(for: LunarDate(day: 1, month: 1, year: year)) == F.date(published))
        #expect(VietnameseLunarCalendar.lunarDate(for: F.date(published)) == LunarDate(day: 1, month: 1, year: year))
    }

    @Test("Giỗ Tổ Hùng Vương 1900–2100 falls on the published date", arguments: zip(1900...2100, PublishedLunarDates.hungKings))
    func hungKings(year: Int, published: String) {
        #expect(VietnameseLunarCalendar.solarDate(for: LunarDate(day: 10, month: 3, year: year)) == F.date(published))
        #expect(VietnameseLunarCalendar.lunarDate(for: F.date(published)) == LunarDate(day: 10, month: 3, year: year))
    }

    @Test("the tables hold one date per year, in the year itself")
    func tablesAreComplete() {
        #expect(PublishedLunarDates.tet.count == 201)
        #expect(PublishedLunarDates.hungKings.count == 201)
        for (year, text) in zip(1900...2100, PublishedLunarDates.tet) { #expect(F.date(text).year == year) }
        for (year, text) in zip(1900...2100, PublishedLunarDates.hungKings) { #expect(F.date(text).year == year) }
    }

    @Test(
        "Vietnam's Tết, not China's, in the years they differ",
        arguments: PublishedLunarDates.chineseNewYearWhereDifferent.sorted { $0.key < $1.key }
    )
    func vietnameseNotChinese(year: Int, chinese: String) {
        let tet = VietnameseLunarCalendar.solarDate(for: LunarDate(day: 1, month: 1, year: year))
        #expect(tet != F.date(chinese))
        #expect(tet == F.date(PublishedLunarDates.tet[year - 1900]))
    }

    @Test("well-known examples: Tết 1985 on 21 January, Tết 2007 on 17 February, Tết 2026 on 17 February")
    func famousYears() {
        #expect(VietnameseLunarCalendar.solarDate(for: LunarDate(day: 1, month: 1, year: 1985)) == F.date("1985-01-21"))
        #expect(VietnameseLunarCalendar.solarDate(for: LunarDate(day: 1, month: 1, year: 2007)) == F.date("2007-02-17"))
        #expect(VietnameseLunarCalendar.solarDate(for: LunarDate(day: 1, month: 1, year: 2026)) == F.date("2026-02-17"))
        // 16 Feb 2026, the first official Tết day, is the 29th and last day of the twelfth month of Ất Tỵ.
        #expect(VietnameseLunarCalendar.lunarDate(for: F.date("2026-02-16")) == LunarDate(day: 29, month: 12, year: 2025))
        // 25 Mar 2023 is the 4th of the leap second month of Quý Mão.
        #expect(
            VietnameseLunarCalendar.lunarDate(for: F.date("2023-03-25")) == LunarDate(day: 4, month: 2, year: 2023, isLeapMonth: true)
        )
    }

    @Test(
        "leap months of recent and coming years",
        arguments: [
            (2017, 6), (2020, 4), (2023, 2), (2025, 6), (2028, 5), (2031, 3), (2033, 11), (1985, 2), (2012, 4), (2014, 9),
        ]
    )
    func leapMonths(year: Int, month: Int) {
        #expect(VietnameseLunarCalendar.leapMonth(ofLunarYear: year) == month)
    }

    @Test("the leap month of every lunar year 1900–2100 agrees with an ephemeris", arguments: 1900...2100)
    func leapMonthOfEveryYear(year: Int) {
        #expect(VietnameseLunarCalendar.leapMonth(ofLunarYear: year) == PublishedLunarDates.leapMonths[year])
    }

    /// 1984 had a leap tenth month in China (UTC+8) but none in Vietnam, which is why Tết 1985 came a month
    /// earlier in Vietnam.
    @Test("years without a leap month", arguments: [1984, 2018, 2019, 2021, 2022, 2024, 2026, 2027])
    func noLeapMonth(year: Int) {
        #expect(VietnameseLunarCalendar.leapMonth(ofLunarYear: year) == nil)
    }

    @Test(
        "dates that do not exist have no solar date",
        arguments: [
            LunarDate(day: 1, month: 3, year: 2026, isLeapMonth: true),  // 2026 has no leap month
            LunarDate(day: 1, month: 3, year: 2023, isLeapMonth: true),  // 2023's leap month is the 2nd
            LunarDate(day: 30, month: 12, year: 2025),  // Ất Tỵ's twelfth month has 29 days
            LunarDate(day: 31, month: 1, year: 2026), LunarDate(day: 0, month: 1, year: 2026), LunarDate(day: 1, month: 13, year: 2026),
        ]
    )
    func nonexistent(lunar: LunarDate) {
        #expect(VietnameseLunarCalendar.solarDate(for: lunar) == nil)
    }

    /// Each decade 1900–2100 separately, so that the 73,000 days are spread over the cores.
    static let decades = Array(stride(from: 1900, through: 2100, by: 10))

    @Test("solar → lunar → solar gives back every day of 1900-01-31 … 2100-12-31", arguments: decades)
    func solarRoundTrip(decade: Int) throws {
        var date = try #require(LocalDate(year: decade, month: 1, day: decade == 1900 ? 31 : 1))
        while date.year < decade + 10 && date.year <= 2100 {
            let lunar = VietnameseLunarCalendar.lunarDate(for: date)
            #expect(VietnameseLunarCalendar.solarDate(for: lunar) == date, "\(date) → \(lunar)")
            date = date.adding(days: 1)
        }
    }

    @Test(
        "lunar → solar → lunar gives back every lunar date, and months have 29 or 30 days, days following days",
        arguments: decades
    )
    func lunarRoundTripAndMonthLengths(decade: Int) throws {
        var date = try #require(LocalDate(year: decade, month: 1, day: decade == 1900 ? 31 : 1))
        var previous = VietnameseLunarCalendar.lunarDate(for: date.adding(days: -1))
        while date.year < decade + 10 && date.year <= 2100 {
            let lunar = VietnameseLunarCalendar.lunarDate(for: date)
            if lunar.day == 1 {
                #expect(previous.day == 29 || previous.day == 30, "the month before \(date) has \(previous.day) days")
                // A new month is the next number, or the leap repeat of the same one.
                let next = lunar.isLeapMonth ? previous.month : previous.month % 12 + 1
                #expect(lunar.month == next && !(lunar.isLeapMonth && previous.isLeapMonth), "\(previous) then \(lunar)")
                #expect(lunar.year == previous.year + (lunar.month == 1 && !lunar.isLeapMonth ? 1 : 0))
            } else {
                #expect(lunar.day == previous.day + 1 && lunar.month == previous.month && lunar.year == previous.year)
                #expect(lunar.isLeapMonth == previous.isLeapMonth)
            }
            // Every lunar date maps back to its own solar date (the converse round trip).
            if lunar.day == 1 || lunar.day >= 29 {
                #expect(VietnameseLunarCalendar.solarDate(for: lunar) == date, "\(lunar) → \(date)")
            }
            previous = lunar
            date = date.adding(days: 1)
        }
    }

    @Test("a leap month appears exactly in the suis that hold 13 new moons, as the first month without a major term")
    func leapMonthsFollowTheSui() {
        for year in 1899...2100 {
            // The sui: from the month holding the winter solstice of `year` to the one of `year + 1`.
            let a11 = VietnameseLunarCalendar.lunarMonth11(gregorianYear: year)
            let b11 = VietnameseLunarCalendar.lunarMonth11(gregorianYear: year + 1)
            let k = Int(((Double(a11) - 2_415_021.076998695) / VietnameseLunarCalendar.synodicMonth).rounded())
            #expect(VietnameseLunarCalendar.newMoonDay(k) == a11)
            let starts = (k...(k + 14)).map(VietnameseLunarCalendar.newMoonDay).filter { $0 >= a11 && $0 <= b11 }
            let newMoons = starts.count - 1  // the last is b11 itself
            #expect(newMoons == 12 || newMoons == 13)

            let months = starts.dropLast().map { VietnameseLunarCalendar.lunarDate(for: LocalDate(julianDay: $0)) }
            let leaps = months.enumerated().filter { $0.element.isLeapMonth }
            #expect(months.first.map { $0.month == 11 && !$0.isLeapMonth } == true, "sui of \(year) starts with \(String(describing: months.first))")
            if newMoons == 13 {
                #expect(leaps.count == 1, "sui of \(year): 13 months but \(leaps.count) leap months")
                // The leap month is the first whose start and end lie in the same sector of solar longitude.
                let withoutMajorTerm = (1..<13).first { index in
                    VietnameseLunarCalendar.majorTermSector(dayNumber: starts[index])
                        == VietnameseLunarCalendar.majorTermSector(dayNumber: starts[index + 1])
                }
                #expect(leaps.first?.offset == withoutMajorTerm, "sui of \(year)")
            } else {
                #expect(leaps.isEmpty, "sui of \(year): 12 months but a leap month")
            }
        }
    }

    @Test("lunar dates encode with their four fields")
    func coding() throws {
        let lunar = LunarDate(day: 4, month: 2, year: 2023, isLeapMonth: true)
        let data = try JSONEncoder().encode(lunar)
        #expect(try JSONDecoder().decode(LunarDate.self, from: data) == lunar)
        #expect(lunar.description == "4/2n/2023")
    }
}
