/// An amount of office time, exact to the second (no floating point): how much of a deadline is used or
/// left, how long a dossier was paused. May be negative (time overdue).
public struct WorkingTime: Sendable, Hashable, Comparable, Codable, AdditiveArithmetic, CustomStringConvertible {
    public let seconds: Int64

    public init(seconds: Int64) {
        self.seconds = seconds
    }

    public static func hours(_ hours: Int) -> WorkingTime { WorkingTime(seconds: Int64(hours) * 3600) }
    public static func minutes(_ minutes: Int) -> WorkingTime { WorkingTime(seconds: Int64(minutes) * 60) }
    public static func seconds(_ seconds: Int) -> WorkingTime { WorkingTime(seconds: Int64(seconds)) }

    public static let zero = WorkingTime(seconds: 0)

    public static func + (lhs: WorkingTime, rhs: WorkingTime) -> WorkingTime {
        WorkingTime(seconds: lhs.seconds + rhs.seconds)
    }

    public static func - (lhs: WorkingTime, rhs: WorkingTime) -> WorkingTime {
        WorkingTime(seconds: lhs.seconds - rhs.seconds)
    }

    public static prefix func - (time: WorkingTime) -> WorkingTime {
        WorkingTime(seconds: -time.seconds)
    }

    public static func < (lhs: WorkingTime, rhs: WorkingTime) -> Bool {
        lhs.seconds < rhs.seconds
    }

    /// `7h30m`, `-45m`, `0s`, `2h00m05s`.
    public var description: String {
        let sign = seconds < 0 ? "-" : ""
        let magnitude = seconds.magnitude
        let (h, m, s) = (magnitude / 3600, magnitude / 60 % 60, magnitude % 60)
        switch (h, m, s) {
        case (0, 0, _): return sign + "\(s)s"
        case (0, _, 0): return sign + "\(m)m"
        case (_, _, 0): return sign + "\(h)h" + LocalDate.padded(Int(m), 2) + "m"
        case (0, _, _): return sign + "\(m)m" + LocalDate.padded(Int(s), 2) + "s"
        default: return sign + "\(h)h" + LocalDate.padded(Int(m), 2) + "m" + LocalDate.padded(Int(s), 2) + "s"
        }
    }

    /// Encoded as a number of seconds.
    public init(from decoder: any Decoder) throws {
        seconds = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(seconds)
    }
}

public enum TimeLimitUnit: String, Sendable, Codable, CaseIterable {
    case workingDays = "working_days"
    case days
    case workingHours = "working_hours"
}

/// The time limit (thời hạn giải quyết) of a procedure, e.g. 15 working days.
public struct TimeLimit: Sendable, Hashable, Codable, CustomStringConvertible {
    public let value: Int
    public let unit: TimeLimitUnit

    public init(value: Int, unit: TimeLimitUnit) {
        self.value = value
        self.unit = unit
    }

    public static func workingDays(_ value: Int) -> TimeLimit { TimeLimit(value: value, unit: .workingDays) }
    public static func days(_ value: Int) -> TimeLimit { TimeLimit(value: value, unit: .days) }
    public static func workingHours(_ value: Int) -> TimeLimit { TimeLimit(value: value, unit: .workingHours) }

    public var description: String { "\(value) \(unit.rawValue)" }
}
