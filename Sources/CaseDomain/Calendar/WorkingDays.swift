/// Which days are working days of the public sector, and arithmetic on them.
///
/// A working day is a Monday–Friday that is not listed as a holiday, substitute or bridge day, or any day
/// listed as a `workday` (a swapped working Saturday): a `workday` entry wins over anything else listed for
/// the same date.
///
/// The listed days of a year come from `overrides` if they hold any day of that year — then they replace the
/// fallback for the whole year, as a confirmed calendar replaces a provisional one — and otherwise from the
/// fallback, by default the official calendar where announced and `HolidayRules` elsewhere.
///
/// The years in `precomputedYears` are turned into one bitset with running counts when the value is made,
/// so that every query there is O(1) (`addingWorkingDays` O(log n)) and allocation-free. Dates outside that
/// range are still answered, more slowly, from the same sources. The value is immutable and can be shared
/// freely between threads.
public struct WorkingDays: Sendable {
    public typealias YearCalendar = @Sendable (Int) -> [CalendarDay]

    /// Official calendars where announced, provisional ones elsewhere.
    public static let standardCalendar: YearCalendar = { year in
        OfficialCalendars.days(year: year) ?? HolidayRules.provisionalDays(year: year)
    }

    /// The built-in calendar: no overrides, `standardCalendar`, 1900–2100 precomputed.
    public static let builtIn = WorkingDays()

    private let overrides: [Int: [CalendarDay]]
    private let fallback: YearCalendar
    private let firstJulianDay: Int
    private let dayCount: Int
    /// Bit i of word i/64 is set when the day `firstJulianDay + i` is a working day.
    private let words: [UInt64]
    /// `ranks[w]` is the number of working days in words 0 ..< w; one more entry than `words`.
    private let ranks: [Int]

    public init(
        overrides: [CalendarDay] = [],
        fallback: @escaping YearCalendar = WorkingDays.standardCalendar,
        precomputedYears: ClosedRange<Int> = 1900...2100
    ) {
        let grouped = Dictionary(grouping: overrides, by: \.date.year)
        self.overrides = grouped
        self.fallback = fallback
        let first = LocalDate.julianDayNumber(year: precomputedYears.lowerBound, month: 1, day: 1)
        let end = LocalDate.julianDayNumber(year: precomputedYears.upperBound + 1, month: 1, day: 1)
        firstJulianDay = first
        dayCount = end - first

        var words = [UInt64](repeating: 0, count: (end - first + 63) / 64)
        for index in 0..<(end - first) where (first + index) % 7 < 5 {
            words[index >> 6] |= 1 << UInt64(index & 63)
        }
        for year in precomputedYears {
            for (julianDay, working) in WorkingDays.exceptions(Self.listedDays(year, grouped, fallback)) {
                let index = julianDay - first
                guard index >= 0, index < end - first else { continue }
                if working {
                    words[index >> 6] |= 1 << UInt64(index & 63)
                } else {
                    words[index >> 6] &= ~(1 << UInt64(index & 63))
                }
            }
        }
        var ranks = [Int](repeating: 0, count: words.count + 1)
        for (w, word) in words.enumerated() {
            ranks[w + 1] = ranks[w] + word.nonzeroBitCount
        }
        self.words = words
        self.ranks = ranks
    }

    /// The listed days in effect for `year`, sorted by date.
    public func days(year: Int) -> [CalendarDay] {
        Self.listedDays(year, overrides, fallback).sorted { $0.date < $1.date }
    }

    /// Whether `date` is a working day.
    public func isWorkingDay(_ date: LocalDate) -> Bool {
        let index = date.julianDay - firstJulianDay
        guard index >= 0, index < dayCount else {
            var cache = SlowPath(self)
            return cache.isWorkingDay(date.julianDay)
        }
        return words[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    /// The first working day strictly after `date`.
    public func nextWorkingDay(after date: LocalDate) -> LocalDate {
        addingWorkingDays(1, to: date)
    }

    /// The last working day strictly before `date`.
    public func previousWorkingDay(before date: LocalDate) -> LocalDate {
        addingWorkingDays(-1, to: date)
    }

    /// The number of working days `d` with `after < d ≤ through`; negative (minus the count of
    /// `through < d ≤ after`) when `through` is before `after`, so that counts add up across intervals.
    public func workingDays(after start: LocalDate, through end: LocalDate) -> Int {
        let a = start.julianDay - firstJulianDay
        let b = end.julianDay - firstJulianDay
        if a >= 0, a < dayCount, b >= 0, b < dayCount {
            return rank(b + 1) - rank(a + 1)
        }
        var slow = SlowPath(self)
        return slow.count(after: start.julianDay, through: end.julianDay)
    }

    /// The `n`-th working day after `date` (`date` itself not counted); for a negative `n`, the `|n|`-th
    /// working day before it; `date` itself for 0.
    ///
    /// For `n ≥ 0`, `workingDays(after: date, through: addingWorkingDays(n, to: date)) == n`.
    public func addingWorkingDays(_ n: Int, to date: LocalDate) -> LocalDate {
        guard n != 0 else { return date }
        let index = date.julianDay - firstJulianDay
        if index >= 0, index < dayCount {
            // The working days are numbered 0, 1, … in order; find the number of the one wanted.
            let target = n > 0 ? rank(index + 1) + n - 1 : rank(index) + n
            if target >= 0, target < ranks[ranks.count - 1] {
                return LocalDate(julianDay: firstJulianDay + select(target))
            }
        }
        var slow = SlowPath(self)
        return LocalDate(julianDay: slow.adding(n, to: date.julianDay))
    }

    // MARK: - bitset

    /// Working days with index < `index`.
    private func rank(_ index: Int) -> Int {
        let w = index >> 6
        let bit = index & 63
        guard bit != 0 else { return ranks[w] }
        return ranks[w] + (words[w] & ((1 << UInt64(bit)) - 1)).nonzeroBitCount
    }

    /// The index of the working day numbered `target` (0-based); requires `target < total`.
    private func select(_ target: Int) -> Int {
        // The last word whose running count is ≤ target holds it.
        var low = 0
        var high = words.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if ranks[middle] <= target {
                low = middle
            } else {
                high = middle - 1
            }
        }
        var word = words[low]
        for _ in 0..<(target - ranks[low]) {
            word &= word - 1
        }
        return low * 64 + word.trailingZeroBitCount
    }

    // MARK: - listed days

    private static func listedDays(_ year: Int, _ overrides: [Int: [CalendarDay]], _ fallback: YearCalendar) -> [CalendarDay] {
        overrides[year] ?? fallback(year)
    }

    /// The days whose status differs from the plain Monday–Friday rule, as Julian day → working.
    private static func exceptions(_ days: [CalendarDay]) -> [Int: Bool] {
        var result: [Int: Bool] = [:]
        for day in days {
            let julianDay = day.date.julianDay
            if day.kind == .workday {
                result[julianDay] = true
            } else if result[julianDay] == nil {
                result[julianDay] = false
            }
        }
        return result.filter { julianDay, working in working != (julianDay % 7 < 5) }
    }

    /// Answers for days outside the precomputed years, one year's exceptions at a time.
    private struct SlowPath {
        let calendar: WorkingDays
        var years: [Int: [Int: Bool]] = [:]

        init(_ calendar: WorkingDays) {
            self.calendar = calendar
        }

        mutating func isWorkingDay(_ julianDay: Int) -> Bool {
            let year = LocalDate(julianDay: julianDay).year
            if years[year] == nil {
                years[year] = WorkingDays.exceptions(WorkingDays.listedDays(year, calendar.overrides, calendar.fallback))
            }
            return years[year]?[julianDay] ?? (julianDay % 7 < 5)
        }

        mutating func count(after start: Int, through end: Int) -> Int {
            if end < start { return -count(after: end, through: start) }
            var total = 0
            for julianDay in stride(from: start + 1, through: end, by: 1) where isWorkingDay(julianDay) {
                total += 1
            }
            return total
        }

        mutating func adding(_ n: Int, to julianDay: Int) -> Int {
            let step = n > 0 ? 1 : -1
            var remaining = abs(n)
            var day = julianDay
            while remaining > 0 {
                day += step
                if isWorkingDay(day) { remaining -= 1 }
            }
            return day
        }
    }
}
