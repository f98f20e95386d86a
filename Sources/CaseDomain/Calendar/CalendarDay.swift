/// What a listed day is, relative to the ordinary Monday–Friday week.
public enum DayKind: String, Sendable, Codable, CaseIterable {
    /// A public holiday of Labour Code 2019, Art. 112(1) (ngày nghỉ lễ, Tết), wherever it falls.
    case holiday
    /// A day off compensating a holiday that fell on a weekly rest day (nghỉ bù, Art. 112(3)).
    case substitute
    /// An extra working day given off in exchange for a working Saturday (hoán đổi ngày làm việc).
    case bridge
    /// A Saturday or Sunday made a working day (ngày làm bù), the other half of a bridge.
    case workday

    /// Whether a day of this kind is off for the public sector, whatever its weekday.
    public var isDayOff: Bool { self != .workday }
}

/// Where a listed day comes from.
public enum CalendarSource: String, Sendable, Codable, CaseIterable {
    /// Announced by the Government (Prime Minister, MOLISA, Ministry of Home Affairs) or fixed by law.
    case official
    /// Computed by `HolidayRules` from the law for a year not yet announced.
    case provisional
}

/// One listed day of a working calendar: a holiday, a substitute or bridge day off, or a working weekend day.
public struct CalendarDay: Sendable, Hashable, Codable {
    public let date: LocalDate
    /// Vietnamese name of the occasion, e.g. "Tết Nguyên đán", "Quốc khánh".
    public let name: String
    public let kind: DayKind
    public let source: CalendarSource
    /// The instrument that decided the day, e.g. "Thông báo 6150/TB-LĐTBXH"; for fixed holidays the law.
    public let reference: String

    public init(date: LocalDate, name: String, kind: DayKind, source: CalendarSource, reference: String = "") {
        self.date = date
        self.name = name
        self.kind = kind
        self.source = source
        self.reference = reference
    }
}

/// The Vietnamese names of the occasions, spelled once.
public enum HolidayName {
    public static let newYear = "Tết Dương lịch"
    public static let lunarNewYear = "Tết Nguyên đán"
    public static let hungKings = "Giỗ Tổ Hùng Vương"
    public static let victoryDay = "Ngày Chiến thắng"
    public static let labourDay = "Ngày Quốc tế Lao động"
    public static let nationalDay = "Quốc khánh"
    public static let cultureDay = "Ngày Văn hóa Việt Nam"
}
