/// The public holidays of a year computed from the law alone, for years whose calendar the Government has
/// not announced yet. Every day returned is marked `.provisional`.
///
/// Labour Code 2019, Art. 112(1): 1 January; Tết, 5 days; Hùng Kings' day, 10/3 lunar; 30 April; 1 May;
/// 2 September and one day adjacent to it. From 2026, 24 November, Vietnam Culture Day (Politburo Resolution
/// 80-NQ/TW, to be written into Art. 112). Art. 112(3): a holiday that falls on a weekly rest day is
/// compensated by a day off on the following working day.
///
/// Where the law leaves the choice to the Prime Minister, the rules below follow what every announcement
/// of 2020–2026 did:
/// - Tết is the last day of the lunar year and the first four days of the new one;
/// - a Tết day on a Saturday is compensated on the working day *before* the Tết days, one on a Sunday on
///   the working day *after* them (2020, 2021, 2023, 2024 and 2025 were announced exactly so);
/// - the day adjacent to 2 September is a working day, preferably one next to a weekend, else 1 September
///   (what 2021–2026 announced: 3/9/2021, 1/9/2022, 1/9/2023, 3/9/2024, 1/9/2025, 1/9/2026).
/// Bridge days and swapped working Saturdays are never predicted: they are decided case by case.
///
/// Earlier law, for completeness: the 2012 Code (Art. 115, 1 May 2013 – 2020) had a single day for
/// 2 September; the 1994 Code (as amended in 2007) had 4 days of Tết (the last day of the year and the first
/// three) and Hùng Kings' day from 2007.
public enum HolidayRules {
    public static func provisionalDays(year: Int) -> [CalendarDay] {
        let reference = lawReference(year: year)
        var holidays: [(date: LocalDate, name: String)] = []
        func add(_ date: LocalDate?, _ name: String) {
            if let date { holidays.append((date, name)) }
        }

        add(LocalDate(year: year, month: 1, day: 1), HolidayName.newYear)
        let tet = tetDays(year: year)
        for day in tet { add(day, HolidayName.lunarNewYear) }
        if year >= 2007 {
            add(VietnameseLunarCalendar.solarDate(for: LunarDate(day: 10, month: 3, year: year)), HolidayName.hungKings)
        }
        add(LocalDate(year: year, month: 4, day: 30), HolidayName.victoryDay)
        add(LocalDate(year: year, month: 5, day: 1), HolidayName.labourDay)
        add(LocalDate(year: year, month: 9, day: 2), HolidayName.nationalDay)
        if year >= 2021 {
            add(nationalDayCompanion(year: year), HolidayName.nationalDay)
        }
        if year >= 2026 {
            add(LocalDate(year: year, month: 11, day: 24), HolidayName.cultureDay)
        }
        holidays.sort { $0.date < $1.date }

        var taken = Set(holidays.map(\.date))
        var substitutes: [(date: LocalDate, name: String)] = []
        func compensate(_ date: LocalDate, _ name: String, step: Int) {
            var candidate = date.adding(days: step)
            while candidate.isWeekend || taken.contains(candidate) {
                candidate = candidate.adding(days: step)
            }
            taken.insert(candidate)
            substitutes.append((candidate, name))
        }
        // Tết first, so that its compensation days sit right against the Tết days.
        for day in tet where day.isWeekend {
            compensate(day, HolidayName.lunarNewYear, step: day.weekday == 6 ? -1 : 1)
        }
        for holiday in holidays where holiday.date.isWeekend && holiday.name != HolidayName.lunarNewYear {
            compensate(holiday.date, holiday.name, step: 1)
        }

        let days =
            holidays.map { CalendarDay(date: $0.date, name: $0.name, kind: .holiday, source: .provisional, reference: reference) }
            + substitutes.map {
                CalendarDay(date: $0.date, name: $0.name, kind: .substitute, source: .provisional, reference: reference)
            }
        return days.sorted { $0.date < $1.date }
    }

    /// The Tết days of Gregorian year `year`: the last day of the lunar year that ends in it and the first
    /// four days of the one that begins (three before 2013).
    public static func tetDays(year: Int) -> [LocalDate] {
        guard let newYear = VietnameseLunarCalendar.solarDate(for: LunarDate(day: 1, month: 1, year: year)) else {
            return []
        }
        let daysAfter = year >= 2013 ? 4 : 3
        return (-1..<daysAfter).map { newYear.adding(days: $0) }
    }

    /// The day adjacent to 2 September (Labour Code 2019, Art. 112(1)(đ)): a working day rather than a
    /// weekend day, one next to a weekend rather than not, and 1 September when both are alike.
    public static func nationalDayCompanion(year: Int) -> LocalDate? {
        guard let before = LocalDate(year: year, month: 9, day: 1), let after = LocalDate(year: year, month: 9, day: 3)
        else { return nil }
        func preference(_ day: LocalDate) -> Int {
            if day.isWeekend { return 0 }
            return day.adding(days: -1).isWeekend || day.adding(days: 1).isWeekend ? 2 : 1
        }
        return preference(after) > preference(before) ? after : before
    }

    static func lawReference(year: Int) -> String {
        switch year {
        case 2021...: "Bộ luật Lao động 2019, Điều 112 (dự kiến)"
        case 2013...2020: "Bộ luật Lao động 2012, Điều 115 (dự kiến)"
        default: "Bộ luật Lao động 1994, Điều 73 (dự kiến)"
        }
    }
}
