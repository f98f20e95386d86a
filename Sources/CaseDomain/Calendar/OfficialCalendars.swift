/// The working calendars of the public sector (cán bộ, công chức, viên chức) as actually announced, day by
/// day: every holiday (also those on a weekend), every substitute and bridge day off, every working weekend
/// day. Sources and doubts are listed in docs/calendar.md. The migrations carry this table into the database:
/// `sql/0002_calendar_seed.sql` (2020–2026, frozen) and one migration per later year, written by
/// `scripts/new-calendar-year` (``CalendarMigrations``); CalendarSeedTests keeps them equal to this table.
public enum OfficialCalendars {
    public static let years: ClosedRange<Int> = 2020...2026

    /// The announced days of `year`, sorted by date, or `nil` for a year not in `years`.
    public static func days(year: Int) -> [CalendarDay]? {
        table[year]
    }

    /// The instruments that fixed the year's calendar, for `calendar_year.reference`.
    public static func reference(year: Int) -> String? {
        guard years.contains(year) else { return nil }
        var seen: [String] = []
        for day in table[year] ?? [] where !seen.contains(day.reference) {
            seen.append(day.reference)
        }
        return seen.joined(separator: "; ")
    }

    // MARK: - the table

    private static let code2012 = "Bộ luật Lao động 2012, Điều 115"
    private static let code2019 = "Bộ luật Lao động 2019, Điều 112"

    private static let table: [Int: [CalendarDay]] = {
        var byYear: [Int: [CalendarDay]] = [:]
        for day in entries {
            byYear[day.date.year, default: []].append(day)
        }
        return byYear.mapValues { $0.sorted { $0.date < $1.date } }
    }()

    private static func day(
        _ year: Int,
        _ month: Int,
        _ dayOfMonth: Int,
        _ kind: DayKind,
        _ name: String,
        _ reference: String
    ) -> CalendarDay {
        guard let date = LocalDate(year: year, month: month, day: dayOfMonth) else {
            preconditionFailure("OfficialCalendars lists an impossible date \(year)-\(month)-\(dayOfMonth)")
        }
        return CalendarDay(date: date, name: name, kind: kind, source: .official, reference: reference)
    }

    private static func days(
        _ year: Int,
        _ month: Int,
        _ range: ClosedRange<Int>,
        _ kind: DayKind,
        _ name: String,
        _ reference: String
    ) -> [CalendarDay] {
        range.map { day(year, month, $0, kind, name, reference) }
    }

    private static let entries: [CalendarDay] = year2020 + year2021 + year2022 + year2023 + year2024 + year2025 + year2026

    // 2020: Labour Code 2012 (2 September alone). Tết 23–29 Jan (7 days), approved by the Prime Minister
    // (Government Office letter of October 2019) and announced by MOLISA.
    private static let year2020: [CalendarDay] = {
        let tet = "Ý kiến Thủ tướng (Văn phòng Chính phủ, 10/2019); Thông báo của Bộ LĐTBXH về nghỉ Tết Canh Tý 2020"
        return [day(2020, 1, 1, .holiday, HolidayName.newYear, code2012)]
            + [day(2020, 1, 23, .substitute, HolidayName.lunarNewYear, tet)]
            + days(2020, 1, 24...28, .holiday, HolidayName.lunarNewYear, tet)
            + [
                day(2020, 1, 29, .substitute, HolidayName.lunarNewYear, tet),
                day(2020, 4, 2, .holiday, HolidayName.hungKings, code2012),
                day(2020, 4, 30, .holiday, HolidayName.victoryDay, code2012),
                day(2020, 5, 1, .holiday, HolidayName.labourDay, code2012),
                day(2020, 9, 2, .holiday, HolidayName.nationalDay, code2012),
            ]
    }()

    // 2021: Labour Code 2019 from 1 January. Tết 10–16 Feb; Quốc khánh 2–3 Sep.
    private static let year2021: [CalendarDay] = {
        let notice = "Ý kiến Thủ tướng (Văn phòng Chính phủ, 2020); Thông báo của Bộ LĐTBXH về nghỉ Tết Tân Sửu và Quốc khánh 2021"
        return [day(2021, 1, 1, .holiday, HolidayName.newYear, code2019)]
            + [day(2021, 2, 10, .substitute, HolidayName.lunarNewYear, notice)]
            + days(2021, 2, 11...15, .holiday, HolidayName.lunarNewYear, notice)
            + [
                day(2021, 2, 16, .substitute, HolidayName.lunarNewYear, notice),
                day(2021, 4, 21, .holiday, HolidayName.hungKings, code2019),
                day(2021, 4, 30, .holiday, HolidayName.victoryDay, code2019),
                day(2021, 5, 1, .holiday, HolidayName.labourDay, code2019),
                day(2021, 5, 3, .substitute, HolidayName.labourDay, code2019),
                day(2021, 9, 2, .holiday, HolidayName.nationalDay, notice),
                day(2021, 9, 3, .holiday, HolidayName.nationalDay, notice),
            ]
    }()

    // 2022: Tết 31 Jan – 4 Feb (Mon–Fri); Quốc khánh 1–2 Sep.
    private static let year2022: [CalendarDay] = {
        let notice = "Công văn 245/VPCP-KGVX ngày 11/01/2022"
        return [
            day(2022, 1, 1, .holiday, HolidayName.newYear, code2019),
            day(2022, 1, 3, .substitute, HolidayName.newYear, code2019),
            day(2022, 1, 31, .holiday, HolidayName.lunarNewYear, notice),
        ]
            + days(2022, 2, 1...4, .holiday, HolidayName.lunarNewYear, notice)
            + [
                day(2022, 4, 10, .holiday, HolidayName.hungKings, code2019),
                day(2022, 4, 11, .substitute, HolidayName.hungKings, code2019),
                day(2022, 4, 30, .holiday, HolidayName.victoryDay, code2019),
                day(2022, 5, 1, .holiday, HolidayName.labourDay, code2019),
                day(2022, 5, 2, .substitute, HolidayName.victoryDay, code2019),
                day(2022, 5, 3, .substitute, HolidayName.labourDay, code2019),
                day(2022, 9, 1, .holiday, HolidayName.nationalDay, notice),
                day(2022, 9, 2, .holiday, HolidayName.nationalDay, notice),
            ]
    }()

    // 2023: Tết 20–26 Jan; Giỗ Tổ on Saturday 29 Apr and 30 Apr on Sunday, compensated 2 and 3 May;
    // Quốc khánh 1–2 Sep, 2 Sep on a Saturday compensated on Monday 4 Sep.
    private static let year2023: [CalendarDay] = {
        let notice = "Công văn 8056/VPCP-KGVX ngày 01/12/2022"
        return [
            day(2023, 1, 1, .holiday, HolidayName.newYear, code2019),
            day(2023, 1, 2, .substitute, HolidayName.newYear, code2019),
            day(2023, 1, 20, .substitute, HolidayName.lunarNewYear, notice),
        ]
            + days(2023, 1, 21...25, .holiday, HolidayName.lunarNewYear, notice)
            + [
                day(2023, 1, 26, .substitute, HolidayName.lunarNewYear, notice),
                day(2023, 4, 29, .holiday, HolidayName.hungKings, code2019),
                day(2023, 4, 30, .holiday, HolidayName.victoryDay, code2019),
                day(2023, 5, 1, .holiday, HolidayName.labourDay, code2019),
                day(2023, 5, 2, .substitute, HolidayName.hungKings, code2019),
                day(2023, 5, 3, .substitute, HolidayName.victoryDay, code2019),
                day(2023, 9, 1, .holiday, HolidayName.nationalDay, notice),
                day(2023, 9, 2, .holiday, HolidayName.nationalDay, notice),
                day(2023, 9, 4, .substitute, HolidayName.nationalDay, notice),
            ]
    }()

    // 2024: Tết 8–14 Feb; 30/4–1/5 with Monday 29 Apr swapped against Saturday 4 May; Quốc khánh 2–3 Sep.
    private static let year2024: [CalendarDay] = {
        let notice = "Thông báo 5015/TB-LĐTBXH ngày 22/11/2023"
        let swap = "Công văn 2450/VPCP-KGVX ngày 12/04/2024"
        return [
            day(2024, 1, 1, .holiday, HolidayName.newYear, code2019),
            day(2024, 2, 8, .substitute, HolidayName.lunarNewYear, notice),
        ]
            + days(2024, 2, 9...13, .holiday, HolidayName.lunarNewYear, notice)
            + [
                day(2024, 2, 14, .substitute, HolidayName.lunarNewYear, notice),
                day(2024, 4, 18, .holiday, HolidayName.hungKings, code2019),
                day(2024, 4, 29, .bridge, HolidayName.victoryDay, swap),
                day(2024, 4, 30, .holiday, HolidayName.victoryDay, code2019),
                day(2024, 5, 1, .holiday, HolidayName.labourDay, code2019),
                day(2024, 5, 4, .workday, HolidayName.victoryDay, swap),
                day(2024, 9, 2, .holiday, HolidayName.nationalDay, notice),
                day(2024, 9, 3, .holiday, HolidayName.nationalDay, notice),
            ]
    }()

    // 2025: Tết 25 Jan – 2 Feb, the Saturday 1 Feb compensated on Monday 27 Jan; Friday 2 May swapped
    // against Saturday 26 Apr; Quốc khánh 1–2 Sep.
    private static let year2025: [CalendarDay] = {
        let notice = "Thông báo 6150/TB-LĐTBXH (Công văn 8726/VPCP-KGVX ngày 26/11/2024)"
        return [
            day(2025, 1, 1, .holiday, HolidayName.newYear, code2019),
            day(2025, 1, 27, .substitute, HolidayName.lunarNewYear, notice),
        ]
            + days(2025, 1, 28...31, .holiday, HolidayName.lunarNewYear, notice)
            + [
                day(2025, 2, 1, .holiday, HolidayName.lunarNewYear, notice),
                day(2025, 4, 7, .holiday, HolidayName.hungKings, code2019),
                day(2025, 4, 26, .workday, HolidayName.labourDay, notice),
                day(2025, 4, 30, .holiday, HolidayName.victoryDay, code2019),
                day(2025, 5, 1, .holiday, HolidayName.labourDay, code2019),
                day(2025, 5, 2, .bridge, HolidayName.labourDay, notice),
                day(2025, 9, 1, .holiday, HolidayName.nationalDay, notice),
                day(2025, 9, 2, .holiday, HolidayName.nationalDay, notice),
            ]
    }()

    // 2026 (Ministry of Home Affairs, which took over MOLISA's labour remit in March 2025): Friday 2 Jan
    // swapped against Saturday 10 Jan; Tết 16–20 Feb (14–22 Feb with the weekends); Giỗ Tổ on Sunday 26 Apr
    // compensated on 27 Apr; Monday 31 Aug swapped against Saturday 22 Aug, Quốc khánh 1–2 Sep;
    // 24 Nov, Vietnam Culture Day.
    private static let year2026: [CalendarDay] = {
        let newYearSwap = "Công văn 12729/VPCP-KGVX ngày 25/12/2025"
        let notice = "Ý kiến Thủ tướng (Văn phòng Chính phủ, 13/10/2025); Thông báo của Bộ Nội vụ về nghỉ Tết Bính Ngọ và Quốc khánh 2026"
        let cultureDay = "Nghị quyết 80-NQ/TW; Nghị quyết 30/NQ-CP"
        return [
            day(2026, 1, 1, .holiday, HolidayName.newYear, code2019),
            day(2026, 1, 2, .bridge, HolidayName.newYear, newYearSwap),
            day(2026, 1, 10, .workday, HolidayName.newYear, newYearSwap),
        ]
            + days(2026, 2, 16...20, .holiday, HolidayName.lunarNewYear, notice)
            + [
                day(2026, 4, 26, .holiday, HolidayName.hungKings, code2019),
                day(2026, 4, 27, .substitute, HolidayName.hungKings, code2019),
                day(2026, 4, 30, .holiday, HolidayName.victoryDay, code2019),
                day(2026, 5, 1, .holiday, HolidayName.labourDay, code2019),
                day(2026, 8, 22, .workday, HolidayName.nationalDay, notice),
                day(2026, 8, 31, .bridge, HolidayName.nationalDay, notice),
                day(2026, 9, 1, .holiday, HolidayName.nationalDay, notice),
                day(2026, 9, 2, .holiday, HolidayName.nationalDay, notice),
                day(2026, 11, 24, .holiday, HolidayName.cultureDay, cultureDay),
            ]
    }()
}
