/// The office hours of an agency on a working day, in Vietnam's time: one or more sessions, typically a
/// morning and an afternoon one around the lunch break.
public struct OfficeHours: Sendable, Hashable, Codable {
    /// From `start` to `end`, in minutes after local midnight (0 … 1440).
    public struct Session: Sendable, Hashable, Codable, CustomStringConvertible {
        public let start: Int
        public let end: Int

        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }

        /// `Session(7, 30, until: 11, 30)` for 07:30–11:30.
        public init(_ startHour: Int, _ startMinute: Int, until endHour: Int, _ endMinute: Int) {
            self.init(start: startHour * 60 + startMinute, end: endHour * 60 + endMinute)
        }

        public var description: String { OfficeHours.clock(start) + "–" + OfficeHours.clock(end) }
    }

    public enum ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
        case noSession
        case emptyOrOutsideTheDay(Session)
        case unsortedOrOverlapping(Session, Session)

        public var message: BilingualMessage {
            switch self {
            case .noSession:
                BilingualMessage(
                    vietnamese: "Giờ làm việc phải có ít nhất một buổi.",
                    english: "Office hours need at least one session."
                )
            case .emptyOrOutsideTheDay(let session):
                BilingualMessage(
                    vietnamese: "Buổi làm việc \(session) phải bắt đầu trước khi kết thúc và nằm trong ngày (00:00–24:00).",
                    english: "The session \(session) must start before it ends and lie within the day (00:00–24:00)."
                )
            case .unsortedOrOverlapping(let first, let second):
                BilingualMessage(
                    vietnamese: "Các buổi làm việc phải theo thứ tự và không chồng lên nhau: \(first) rồi \(second).",
                    english: "Sessions must be in order and must not overlap: \(first) then \(second)."
                )
            }
        }

        public var description: String { message.english }
    }

    public let sessions: [Session]

    /// Sessions must be non-empty, each within the day and starting before it ends, sorted and
    /// non-overlapping (one may end exactly when the next starts).
    public init(sessions: [Session]) throws(ValidationError) {
        guard !sessions.isEmpty else { throw .noSession }
        for session in sessions where !(session.start >= 0 && session.start < session.end && session.end <= 1440) {
            throw .emptyOrOutsideTheDay(session)
        }
        for (first, second) in zip(sessions, sessions.dropFirst()) where first.end > second.start {
            throw .unsortedOrOverlapping(first, second)
        }
        self.sessions = sessions
    }

    /// 07:30–11:30 and 13:30–17:00, the usual hours of provincial one-stop desks (7.5 hours).
    public static let standard = OfficeHours(validated: [Session(7, 30, until: 11, 30), Session(13, 30, until: 17, 0)])

    /// Minutes after midnight at which the first session starts.
    public var opening: Int { sessions[0].start }

    /// Minutes after midnight at which the last session ends: the due moment of a day-based deadline.
    public var closing: Int { sessions[sessions.count - 1].end }

    /// Office time in one working day.
    public var perDay: WorkingTime {
        .minutes(sessions.reduce(0) { $0 + $1.end - $1.start })
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let sessions = try container.decode([Session].self, forKey: .sessions)
        do {
            try self.init(sessions: sessions)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .sessions, in: container, debugDescription: error.description)
        }
    }

    private init(validated sessions: [Session]) {
        self.sessions = sessions
    }

    static func clock(_ minutes: Int) -> String {
        LocalDate.padded(minutes / 60, 2) + ":" + LocalDate.padded(minutes % 60, 2)
    }
}
