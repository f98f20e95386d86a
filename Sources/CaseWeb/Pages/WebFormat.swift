import CaseAPI
import CaseDomain
import Foundation

/// How pages write moments, amounts and URLs: Vietnamese conventions, in Vietnam time (UTC+7) whatever the server's
/// time zone.
enum WebFormat {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = VietnamTime.timeZone
        return calendar
    }()

    private static func parts(_ date: Date) -> DateComponents {
        calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    }

    private static func two(_ value: Int?) -> String {
        let value = value ?? 0
        return value < 10 ? "0\(value)" : "\(value)"
    }

    /// `02/03/2026 09:00`
    static func moment(_ date: Date) -> String {
        let p = parts(date)
        return "\(two(p.day))/\(two(p.month))/\(p.year ?? 0) \(two(p.hour)):\(two(p.minute))"
    }

    /// `02/03/2026`
    static func day(_ date: Date) -> String {
        let p = parts(date)
        return "\(two(p.day))/\(two(p.month))/\(p.year ?? 0)"
    }

    static func day(_ date: LocalDate) -> String {
        "\(two(date.day))/\(two(date.month))/\(date.year)"
    }

    /// As the slips of Circular 01/2018 write it: `09 giờ 00 phút, ngày 02 tháng 03 năm 2026`.
    static func slipMoment(_ date: Date) -> String {
        let p = parts(date)
        return "\(two(p.hour)) giờ \(two(p.minute)) phút, ngày \(two(p.day)) tháng \(two(p.month)) năm \(p.year ?? 0)"
    }

    /// `ngày 02 tháng 03 năm 2026`
    static func slipDay(_ date: Date) -> String {
        let p = parts(date)
        return "ngày \(two(p.day)) tháng \(two(p.month)) năm \(p.year ?? 0)"
    }

    /// The value of an `<input type="datetime-local">`: `2026-03-02T09:00`.
    static func inputMoment(_ date: Date) -> String {
        let p = parts(date)
        return "\(p.year ?? 0)-\(two(p.month))-\(two(p.day))T\(two(p.hour)):\(two(p.minute))"
    }

    /// Reads `2026-03-02T09:00` (what `datetime-local` sends) as Vietnam time.
    static func parseInputMoment(_ text: String) -> Date? {
        let pieces = text.split(separator: "T")
        guard pieces.count == 2, let day = LocalDate(iso: String(pieces[0])) else { return nil }
        let clock = pieces[1].split(separator: ":")
        guard clock.count >= 2, let hour = Int(clock[0]), let minute = Int(clock[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return VietnamTime.date(day, minutesAfterMidnight: hour * 60 + minute)
    }

    /// `1.500.000 đ`
    static func money(_ amount: Int) -> String {
        var digits = String(abs(amount))
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(digits, at: 0)
        return (amount < 0 ? "-" : "") + groups.joined(separator: ".") + " đ"
    }

    static func timeLimit(_ limit: TimeLimit) -> String {
        switch limit.unit {
        case .workingDays: "\(limit.value) ngày làm việc"
        case .days: "\(limit.value) ngày"
        case .workingHours: "\(limit.value) giờ làm việc"
        }
    }

    /// A value for a URL query: everything but unreserved characters percent-encoded.
    static func queryEscaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")

    /// A path to return to after signing in: only a path on this site (`/…`, not `//host` or `/\host`).
    static func safeReturnPath(_ text: String?) -> String? {
        guard let text, text.hasPrefix("/"), text.count <= 500 else { return nil }
        let second = text.dropFirst().first
        guard second != "/", second != "\\" else { return nil }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\\" }) else { return nil }
        return text
    }
}
