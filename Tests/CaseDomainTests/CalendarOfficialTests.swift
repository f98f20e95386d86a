import CaseDomain
import Foundation
import Testing

@Suite("Official working calendars 2020–2026, day by day")
struct CalendarOfficialTests {
    typealias F = CalendarFixtures

    /// Every listed day as announced for the public sector: date, kind, occasion. Days not listed are
    /// ordinary (Monday–Friday working, Saturday and Sunday off).
    static let announced: [Int: [String]] = [
        2020: [
            "2020-01-01 holiday Tết Dương lịch",
            "2020-01-23 substitute Tết Nguyên đán", "2020-01-24 holiday Tết Nguyên đán", "2020-01-25 holiday Tết Nguyên đán",
            "2020-01-26 holiday Tết Nguyên đán", "2020-01-27 holiday Tết Nguyên đán", "2020-01-28 holiday Tết Nguyên đán",
            "2020-01-29 substitute Tết Nguyên đán",
            "2020-04-02 holiday Giỗ Tổ Hùng Vương",
            "2020-04-30 holiday Ngày Chiến thắng", "2020-05-01 holiday Ngày Quốc tế Lao động",
            "2020-09-02 holiday Quốc khánh",
        ],
        2021: [
            "2021-01-01 holiday Tết Dương lịch",
            "2021-02-10 substitute Tết Nguyên đán", "2021-02-11 holiday Tết Nguyên đán", "2021-02-12 holiday Tết Nguyên đán",
            "2021-02-13 holiday Tết Nguyên đán", "2021-02-14 holiday Tết Nguyên đán", "2021-02-15 holiday Tết Nguyên đán",
            "2021-02-16 substitute Tết Nguyên đán",
            "2021-04-21 holiday Giỗ Tổ Hùng Vương",
            "2021-04-30 holiday Ngày Chiến thắng", "2021-05-01 holiday Ngày Quốc tế Lao động",
            "2021-05-03 substitute Ngày Quốc tế Lao động",
            "2021-09-02 holiday Quốc khánh", "2021-09-03 holiday Quốc khánh",
        ],
        2022: [
            "2022-01-01 holiday Tết Dương lịch", "2022-01-03 substitute Tết Dương lịch",
            "2022-01-31 holiday Tết Nguyên đán", "2022-02-01 holiday Tết Nguyên đán", "2022-02-02 holiday Tết Nguyên đán",
            "2022-02-03 holiday Tết Nguyên đán", "2022-02-04 holiday Tết Nguyên đán",
            "2022-04-10 holiday Giỗ Tổ Hùng Vương", "2022-04-11 substitute Giỗ Tổ Hùng Vương",
            "2022-04-30 holiday Ngày Chiến thắng", "2022-05-01 holiday Ngày Quốc tế Lao động",
            "2022-05-02 substitute Ngày Chiến thắng", "2022-05-03 substitute Ngày Quốc tế Lao động",
            "2022-09-01 holiday Quốc khánh", "2022-09-02 holiday Quốc khánh",
        ],
        2023: [
            "2023-01-01 holiday Tết Dương lịch", "2023-01-02 substitute Tết Dương lịch",
            "2023-01-20 substitute Tết Nguyên đán", "2023-01-21 holiday Tết Nguyên đán", "2023-01-22 holiday Tết Nguyên đán",
            "2023-01-23 holiday Tết Nguyên đán", "2023-01-24 holiday Tết Nguyên đán", "2023-01-25 holiday Tết Nguyên đán",
            "2023-01-26 substitute Tết Nguyên đán",
            "2023-04-29 holiday Giỗ Tổ Hùng Vương", "2023-04-30 holiday Ngày Chiến thắng", "2023-05-01 holiday Ngày Quốc tế Lao động",
            "2023-05-02 substitute Giỗ Tổ Hùng Vương", "2023-05-03 substitute Ngày Chiến thắng",
            "2023-09-01 holiday Quốc khánh", "2023-09-02 holiday Quốc khánh", "2023-09-04 substitute Quốc khánh",
        ],
        2024: [
            "2024-01-01 holiday Tết Dương lịch",
            "2024-02-08 substitute Tết Nguyên đán", "2024-02-09 holiday Tết Nguyên đán", "2024-02-10 holiday Tết Nguyên đán",
            "2024-02-11 holiday Tết Nguyên đán", "2024-02-12 holiday Tết Nguyên đán", "2024-02-13 holiday Tết Nguyên đán",
            "2024-02-14 substitute Tết Nguyên đán",
            "2024-04-18 holiday Giỗ Tổ Hùng Vương",
            "2024-04-29 bridge Ngày Chiến thắng", "2024-04-30 holiday Ngày Chiến thắng", "2024-05-01 holiday Ngày Quốc tế Lao động",
            "2024-05-04 workday Ngày Chiến thắng",
            "2024-09-02 holiday Quốc khánh", "2024-09-03 holiday Quốc khánh",
        ],
        2025: [
            "2025-01-01 holiday Tết Dương lịch",
            "2025-01-27 substitute Tết Nguyên đán", "2025-01-28 holiday Tết Nguyên đán", "2025-01-29 holiday Tết Nguyên đán",
            "2025-01-30 holiday Tết Nguyên đán", "2025-01-31 holiday Tết Nguyên đán", "2025-02-01 holiday Tết Nguyên đán",
            "2025-04-07 holiday Giỗ Tổ Hùng Vương",
            "2025-04-26 workday Ngày Quốc tế Lao động",
            "2025-04-30 holiday Ngày Chiến thắng", "2025-05-01 holiday Ngày Quốc tế Lao động",
            "2025-05-02 bridge Ngày Quốc tế Lao động",
            "2025-09-01 holiday Quốc khánh", "2025-09-02 holiday Quốc khánh",
        ],
        2026: [
            "2026-01-01 holiday Tết Dương lịch", "2026-01-02 bridge Tết Dương lịch", "2026-01-10 workday Tết Dương lịch",
            "2026-02-16 holiday Tết Nguyên đán", "2026-02-17 holiday Tết Nguyên đán", "2026-02-18 holiday Tết Nguyên đán",
            "2026-02-19 holiday Tết Nguyên đán", "2026-02-20 holiday Tết Nguyên đán",
            "2026-04-26 holiday Giỗ Tổ Hùng Vương", "2026-04-27 substitute Giỗ Tổ Hùng Vương",
            "2026-04-30 holiday Ngày Chiến thắng", "2026-05-01 holiday Ngày Quốc tế Lao động",
            "2026-08-22 workday Quốc khánh", "2026-08-31 bridge Quốc khánh",
            "2026-09-01 holiday Quốc khánh", "2026-09-02 holiday Quốc khánh",
            "2026-11-24 holiday Ngày Văn hóa Việt Nam",
        ],
    ]

    @Test("official calendars cover 2020–2026 and no other year")
    func coverage() {
        #expect(OfficialCalendars.years == 2020...2026)
        #expect(OfficialCalendars.days(year: 2019) == nil)
        #expect(OfficialCalendars.days(year: 2027) == nil)
        #expect(Set(Self.announced.keys) == Set(OfficialCalendars.years))
    }

    @Test("each official year lists exactly the announced days", arguments: 2020...2026)
    func dayByDay(year: Int) throws {
        let days = try #require(OfficialCalendars.days(year: year))
        #expect(days.map { "\($0.date) \($0.kind.rawValue) \($0.name)" } == Self.announced[year])
        #expect(days.allSatisfy { $0.source == .official && !$0.reference.isEmpty && $0.date.year == year })
        #expect(!(OfficialCalendars.reference(year: year) ?? "").isEmpty)
    }

    @Test("kinds are consistent with weekdays: workdays are weekend days, substitutes and bridges are weekdays", arguments: 2020...2026)
    func kindsAndWeekdays(year: Int) throws {
        for day in try #require(OfficialCalendars.days(year: year)) {
            switch day.kind {
            case .workday: #expect(day.date.isWeekend, "\(day.date)")
            case .substitute, .bridge: #expect(!day.date.isWeekend, "\(day.date)")
            case .holiday: break
            }
        }
    }

    @Test("every swap is balanced: as many bridge days as working weekend days", arguments: 2020...2026)
    func swapsBalance(year: Int) throws {
        let days = try #require(OfficialCalendars.days(year: year))
        #expect(days.filter { $0.kind == .bridge }.count == days.filter { $0.kind == .workday }.count)
    }

    @Test("Tết and Giỗ Tổ of the official calendars are the lunar calendar's", arguments: 2020...2026)
    func lunarHolidaysMatchTheLunarCalendar(year: Int) throws {
        let days = try #require(OfficialCalendars.days(year: year))
        let tet = try #require(VietnameseLunarCalendar.solarDate(for: LunarDate(day: 1, month: 1, year: year)))
        let tetHolidays = days.filter { $0.name == HolidayName.lunarNewYear && $0.kind == .holiday }.map(\.date)
        #expect(tetHolidays == (-1...3).map { tet.adding(days: $0) })
        let hungKings = VietnameseLunarCalendar.solarDate(for: LunarDate(day: 10, month: 3, year: year))
        #expect(days.filter { $0.name == HolidayName.hungKings && $0.kind == .holiday }.map(\.date) == [hungKings].compactMap { $0 })
    }

    @Test("the examples of the announcements")
    func examples() {
        let days = WorkingDays.builtIn
        // Tết 2026: Monday 16 to Friday 20 February off, 14–22 February with the weekends.
        #expect((0...8).allSatisfy { !days.isWorkingDay(F.date("2026-02-14").adding(days: $0)) })
        #expect(days.isWorkingDay(F.date("2026-02-13")) && days.isWorkingDay(F.date("2026-02-23")))
        // 2 May 2025 off, swapped against Saturday 26 April 2025.
        #expect(!days.isWorkingDay(F.date("2025-05-02")))
        #expect(days.isWorkingDay(F.date("2025-04-26")))
        // 2 September 2025 with 1 September.
        #expect(!days.isWorkingDay(F.date("2025-09-01")) && !days.isWorkingDay(F.date("2025-09-02")))
        #expect(days.isWorkingDay(F.date("2025-09-03")))
        // 24 November 2026, Vietnam Culture Day, a Tuesday.
        #expect(!days.isWorkingDay(F.date("2026-11-24")))
        // Friday 2 January 2026 off, Saturday 10 January worked.
        #expect(!days.isWorkingDay(F.date("2026-01-02")) && days.isWorkingDay(F.date("2026-01-10")))
    }

    @Test("days and kinds encode as the strings the database stores")
    func coding() throws {
        let day = CalendarDay(
            date: F.date("2025-05-02"),
            name: HolidayName.labourDay,
            kind: .bridge,
            source: .official,
            reference: "Thông báo 6150/TB-LĐTBXH"
        )
        let json = String(decoding: try JSONEncoder().encode(day), as: UTF8.self)
        #expect(json.contains(#""kind":"bridge""#) && json.contains(#""source":"official""#) && json.contains(#""date":"2025-05-02""#))
        #expect(try JSONDecoder().decode(CalendarDay.self, from: Data(json.utf8)) == day)
        #expect(DayKind.allCases.map(\.rawValue) == ["holiday", "substitute", "bridge", "workday"])
        #expect(CalendarSource.allCases.map(\.rawValue) == ["official", "provisional"])
    }
}
