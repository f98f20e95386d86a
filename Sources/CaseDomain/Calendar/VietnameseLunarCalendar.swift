import Foundation

/// A date of the Vietnamese lunisolar calendar (âm lịch). `year` is the Gregorian year in which that lunar
/// year's Tết falls; `isLeapMonth` marks the repeated month (tháng nhuận) of a 13-month year.
public struct LunarDate: Sendable, Hashable, Codable, CustomStringConvertible {
    public let day: Int
    public let month: Int
    public let year: Int
    public let isLeapMonth: Bool

    public init(day: Int, month: Int, year: Int, isLeapMonth: Bool = false) {
        self.day = day
        self.month = month
        self.year = year
        self.isLeapMonth = isLeapMonth
    }

    /// `10/3/2026`, or `4/2n/2023` in a leap month.
    public var description: String { "\(day)/\(month)\(isLeapMonth ? "n" : "")/\(year)" }
}

/// The Vietnamese lunisolar calendar, computed astronomically for UTC+7, the time zone Vietnam's calendar
/// has used since 1968 (North Vietnam's decision of 8 August 1967; the whole country since 1976). It is the
/// Chinese calendar's rules with Vietnam's clock, which is why Tết sometimes falls on another day than the
/// Chinese New Year (1985: 21 January in Vietnam, 20 February in China; 2007: 17 vs 18 February).
///
/// The method is Hồ Ngọc Đức's ("Thuật toán tính âm lịch"), built on Jean Meeus, *Astronomical Algorithms*:
/// - a lunar month begins on the local day of a new moon (Meeus ch. 49, with a ΔT correction);
/// - month 11 is the month that contains the winter solstice (sun's longitude 270°);
/// - a "sui" (from one month 11 to the next) of 13 months has one leap month: the first month after month 11
///   that contains no major solar term (trung khí, sun's longitude a multiple of 30°), judged by the sun's
///   longitude at local midnight at the beginning of each new-moon day (Meeus ch. 25, low precision).
///
/// For years before 1968 this is a proleptic UTC+7 calendar, not necessarily what was printed at the time.
/// Checked against an independent ephemeris for 1900–2100 (see the tests); outside that range it is still
/// computed, with Meeus's approximations slowly losing precision.
public enum VietnameseLunarCalendar {
    /// Hours east of Greenwich used for the calendar.
    static let timeZone = 7.0

    /// The lunar date of a solar day.
    public static func lunarDate(for date: LocalDate) -> LunarDate {
        let dayNumber = date.julianDay
        // The new moon that begins the month: estimated from the mean lunation, then corrected. The
        // published algorithm steps back at most once, which is one step too few when the true new moon
        // comes more than a day after the mean one (e.g. 2054-05-07 and 2062-04-09 came out as "day 0").
        var k = Int(((Double(dayNumber) - 2_415_021.076998695) / synodicMonth).rounded(.down)) + 1
        var monthStart = newMoonDay(k)
        while monthStart > dayNumber {
            k -= 1
            monthStart = newMoonDay(k)
        }
        var a11 = lunarMonth11(gregorianYear: date.year)
        var b11 = a11
        var lunarYear: Int
        if a11 >= monthStart {
            lunarYear = date.year
            a11 = lunarMonth11(gregorianYear: date.year - 1)
        } else {
            lunarYear = date.year + 1
            b11 = lunarMonth11(gregorianYear: date.year + 1)
        }
        let lunarDay = dayNumber - monthStart + 1
        let diff = (monthStart - a11) / 29
        var isLeap = false
        var lunarMonth = diff + 11
        if b11 - a11 > 365 {
            let leapMonthDiff = leapMonthOffset(a11: a11)
            if diff >= leapMonthDiff {
                lunarMonth = diff + 10
                isLeap = diff == leapMonthDiff
            }
        }
        if lunarMonth > 12 {
            lunarMonth -= 12
        }
        if lunarMonth >= 11 && diff < 4 {
            lunarYear -= 1
        }
        return LunarDate(day: lunarDay, month: lunarMonth, year: lunarYear, isLeapMonth: isLeap)
    }

    /// The solar day of a lunar date, or `nil` if that date does not exist (a 30th in a 29-day month, a leap
    /// month in a year that has none or not that one, month or day out of range).
    public static func solarDate(for lunar: LunarDate) -> LocalDate? {
        guard (1...12).contains(lunar.month), (1...30).contains(lunar.day), (1...9998).contains(lunar.year) else {
            return nil
        }
        guard let start = monthStartDay(month: lunar.month, year: lunar.year, isLeapMonth: lunar.isLeapMonth) else {
            return nil
        }
        let day = LocalDate(julianDay: start + lunar.day - 1)
        // A 30th that is really the 1st of the next month.
        guard lunar.day < 30 || lunarDate(for: day) == lunar else { return nil }
        return day
    }

    /// The leap month of a lunar year (the number it repeats), or `nil` in a 12-month year.
    public static func leapMonth(ofLunarYear year: Int) -> Int? {
        (1...12).first { monthStartDay(month: $0, year: year, isLeapMonth: true) != nil }
    }

    // MARK: - the algorithm

    static let synodicMonth = 29.530588853

    /// The Julian day number of the first day of a lunar month.
    static func monthStartDay(month: Int, year: Int, isLeapMonth: Bool) -> Int? {
        let a11: Int
        let b11: Int
        if month < 11 {
            a11 = lunarMonth11(gregorianYear: year - 1)
            b11 = lunarMonth11(gregorianYear: year)
        } else {
            a11 = lunarMonth11(gregorianYear: year)
            b11 = lunarMonth11(gregorianYear: year + 1)
        }
        let k = Int((0.5 + (Double(a11) - 2_415_021.076998695) / synodicMonth).rounded(.down))
        var offset = month - 11
        if offset < 0 {
            offset += 12
        }
        if b11 - a11 > 365 {
            let leapOffset = leapMonthOffset(a11: a11)
            var leapMonth = leapOffset - 2
            if leapMonth < 0 {
                leapMonth += 12
            }
            if isLeapMonth && month != leapMonth {
                return nil
            }
            if isLeapMonth || offset >= leapOffset {
                offset += 1
            }
        } else if isLeapMonth {
            return nil
        }
        return newMoonDay(k + offset)
    }

    /// The Julian day number of the day (at UTC+7) of the k-th new moon after the one of 1900-01-01.
    static func newMoonDay(_ k: Int) -> Int {
        Int((newMoon(k) + 0.5 + timeZone / 24).rounded(.down))
    }

    /// The first day of lunar month 11 (the month of the winter solstice) that begins in Gregorian `year`.
    static func lunarMonth11(gregorianYear year: Int) -> Int {
        let daysSinceEpoch = Double(LocalDate.julianDayNumber(year: year, month: 12, day: 31) - 2_415_021)
        let k = Int((daysSinceEpoch / synodicMonth).rounded(.down))
        let newMoon = newMoonDay(k)
        // The last new moon of the year begins month 11 only if the solstice has not yet passed at its start.
        if majorTermSector(dayNumber: newMoon) >= 9 {
            return newMoonDay(k - 1)
        }
        return newMoon
    }

    /// How many months after month 11 (whose first day is `a11`) the leap month comes: the first month
    /// whose major-term sector does not change, i.e. that contains no major solar term.
    static func leapMonthOffset(a11: Int) -> Int {
        let k = Int(((Double(a11) - 2_415_021.076998695) / synodicMonth + 0.5).rounded(.down))
        var last = 0
        var i = 1
        var arc = majorTermSector(dayNumber: newMoonDay(k + i))
        repeat {
            last = arc
            i += 1
            arc = majorTermSector(dayNumber: newMoonDay(k + i))
        } while arc != last && i < 14
        return i - 1
    }

    /// Which 30° sector (0 … 11) the sun's apparent longitude is in at the local midnight that begins
    /// `dayNumber`: sector 9 begins at the winter solstice.
    static func majorTermSector(dayNumber: Int) -> Int {
        Int((sunLongitude(julianDate: Double(dayNumber) - 0.5 - timeZone / 24) / .pi * 6).rounded(.down))
    }

    /// The Julian date (UT) of the k-th mean-corrected new moon after 1900-01-01 (Meeus, ch. 49).
    static func newMoon(_ k: Int) -> Double {
        let k = Double(k)
        let t = k / 1236.85
        let t2 = t * t
        let t3 = t2 * t
        let dr = Double.pi / 180
        var jd1 = 2_415_020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
        jd1 += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
        let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3  // sun's mean anomaly
        let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3  // moon's mean anomaly
        let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3  // moon's argument of latitude
        let c1 =
            (0.1734 - 0.000393 * t) * sin(m * dr) + 0.0021 * sin(2 * m * dr)
            - 0.4068 * sin(mpr * dr) + 0.0161 * sin(2 * mpr * dr) - 0.0004 * sin(3 * mpr * dr)
            + 0.0104 * sin(2 * f * dr) - 0.0051 * sin((m + mpr) * dr) - 0.0074 * sin((m - mpr) * dr)
            + 0.0004 * sin((2 * f + m) * dr) - 0.0004 * sin((2 * f - m) * dr) - 0.0006 * sin((2 * f + mpr) * dr)
            + 0.0010 * sin((2 * f - mpr) * dr) + 0.0005 * sin((2 * mpr + m) * dr)
        let deltaT: Double
        if t < -11 {
            deltaT = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
        } else {
            deltaT = -0.000278 + 0.000265 * t + 0.000262 * t2
        }
        return jd1 + c1 - deltaT
    }

    /// The sun's apparent longitude in radians, 0 ..< 2π, at a Julian date (Meeus, ch. 25, low precision).
    static func sunLongitude(julianDate: Double) -> Double {
        let t = (julianDate - 2_451_545.0) / 36525
        let t2 = t * t
        let dr = Double.pi / 180
        let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2  // mean anomaly
        let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2  // mean longitude
        let dl =
            (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(dr * m)
            + (0.019993 - 0.000101 * t) * sin(dr * 2 * m) + 0.000290 * sin(dr * 3 * m)
        var l = (l0 + dl) * dr
        l -= 2 * .pi * (l / (2 * .pi)).rounded(.down)
        return l
    }
}
