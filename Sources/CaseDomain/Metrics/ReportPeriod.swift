public import Foundation

/// A report period as people write it: a year (`2025`), a quarter (`2025-Q2`) or a month (`2025-03`), in
/// Asia/Ho_Chi_Minh time ([first moment, first moment of the next period), see ``MetricPeriod``).
public struct ReportPeriod: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        case year, quarter, month
    }

    public let kind: Kind
    public let year: Int
    /// The quarter (1…4) or the month (1…12); nil for a year.
    public let part: Int?

    public static func year(_ year: Int) -> ReportPeriod { ReportPeriod(kind: .year, year: year, part: nil) }
    public static func quarter(_ year: Int, _ quarter: Int) -> ReportPeriod { ReportPeriod(kind: .quarter, year: year, part: quarter) }
    public static func month(_ year: Int, _ month: Int) -> ReportPeriod { ReportPeriod(kind: .month, year: year, part: month) }

    private init(kind: Kind, year: Int, part: Int?) {
        self.kind = kind
        self.year = year
        self.part = part
    }

    /// Parses `2025`, `2025-Q2` (or `2025-q2`) and `2025-03`; years 1900–2200.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let pieces = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = pieces.first, first.count == 4, first.allSatisfy(\.isASCII), let year = Int(first), (1900...2200).contains(year) else {
            return nil
        }
        switch pieces.count {
        case 1:
            self.init(kind: .year, year: year, part: nil)
        case 2:
            let second = pieces[1]
            if second.count == 2, let q = second.first, q == "Q" || q == "q", let quarter = Int(second.dropFirst()), (1...4).contains(quarter) {
                self.init(kind: .quarter, year: year, part: quarter)
            } else if second.count == 2, second.allSatisfy(\.isASCII), let month = Int(second), (1...12).contains(month) {
                self.init(kind: .month, year: year, part: month)
            } else {
                return nil
            }
        default:
            return nil
        }
    }

    /// `2025`, `2025-Q2`, `2025-03`.
    public var description: String {
        switch kind {
        case .year: String(year)
        case .quarter: "\(year)-Q\(part ?? 1)"
        case .month: String(format: "%04d-%02d", year, part ?? 1)
        }
    }

    /// "năm 2025", "quý II năm 2025", "tháng 3 năm 2025".
    public var vietnamese: String {
        switch kind {
        case .year: "năm \(year)"
        case .quarter: "quý \(["I", "II", "III", "IV"][max(0, min(3, (part ?? 1) - 1))]) năm \(year)"
        case .month: "tháng \(part ?? 1) năm \(year)"
        }
    }

    /// [start, end) in Vietnam time.
    public var interval: DateInterval {
        switch kind {
        case .year: MetricPeriod.year(year)
        case .quarter: MetricPeriod.quarter(year, part ?? 1)
        case .month: MetricPeriod.month(year, part ?? 1)
        }
    }

    /// The first day of every month in the period.
    public var months: [LocalDate] {
        let first: Int
        let count: Int
        switch kind {
        case .year: (first, count) = (1, 12)
        case .quarter: (first, count) = (((part ?? 1) - 1) * 3 + 1, 3)
        case .month: (first, count) = (part ?? 1, 1)
        }
        return (first..<(first + count)).compactMap { LocalDate(year: year, month: $0, day: 1) }
    }

    /// The first day of the period and the first day after it.
    public var monthRange: (from: LocalDate, until: LocalDate) {
        let months = self.months
        let first = months.first ?? LocalDate.firstOfMonth(of: interval.start)
        let last = months.last ?? first
        let until = last.month == 12 ? LocalDate(year: last.year + 1, month: 1, day: 1) : LocalDate(year: last.year, month: last.month + 1, day: 1)
        return (first, until ?? first)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let period = ReportPeriod(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected 2025, 2025-Q2 or 2025-03")
        }
        self = period
    }
}

extension LocalDate {
    /// The first day of the month (Vietnam time) of a moment: the month a metric contribution is filed under.
    public static func firstOfMonth(of moment: Date) -> LocalDate {
        let day = VietnamTime.localDate(of: moment)
        return LocalDate(year: day.year, month: day.month, day: 1) ?? day
    }
}
