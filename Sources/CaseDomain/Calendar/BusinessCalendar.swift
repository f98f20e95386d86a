public import Foundation

/// Deadlines and office time of one agency: its working days and its office hours, in Vietnam's time.
///
/// Moments are handled to the whole second (fractions of a second are dropped) except that adding zero
/// office time returns the moment unchanged.
public struct BusinessCalendar: Sendable {
    public let days: WorkingDays
    public let hours: OfficeHours

    public init(days: WorkingDays = .builtIn, hours: OfficeHours = .standard) {
        self.days = days
        self.hours = hours
    }

    /// The day from which a time limit is counted: the day of receipt if it is a working day and the dossier
    /// came in before closing time, else the next working day. A dossier filed online on Friday night, or at
    /// 17:00 sharp, counts as received on the next working day.
    public func effectiveReceiptDay(for receivedAt: Date) -> LocalDate {
        let second = VietnamTime.wholeSeconds(receivedAt)
        let day = VietnamTime.localDate(ofWholeSeconds: second)
        if days.isWorkingDay(day), VietnamTime.secondOfDay(second) < closingSecond {
            return day
        }
        return days.nextWorkingDay(after: day)
    }

    /// The due moment of a dossier received at `receivedAt`.
    ///
    /// - Working days: closing time of the N-th working day after the effective receipt day, which is itself
    ///   not counted (Civil Code 2015, Art. 147(2): a period in days starts on the day after the event).
    /// - Days (calendar days): closing time of the effective receipt day plus N days, moved to the next
    ///   working day if that day is not one (as the Civil Code, Art. 148(5), does for a period ending on a
    ///   day off).
    /// - Working hours: N hours of office time from the moment of receipt, or from the next opening if the
    ///   dossier came in outside office hours, skipping lunch breaks, nights and days off.
    public func due(receivedAt: Date, limit: TimeLimit) -> Date {
        switch limit.unit {
        case .workingDays:
            return closingMoment(of: days.addingWorkingDays(limit.value, to: effectiveReceiptDay(for: receivedAt)))
        case .days:
            let day = effectiveReceiptDay(for: receivedAt).adding(days: limit.value)
            return closingMoment(of: days.isWorkingDay(day) ? day : days.nextWorkingDay(after: day))
        case .workingHours:
            return adding(.hours(limit.value), to: receivedAt)
        }
    }

    /// Office time between two moments: the parts of office sessions on working days that lie in
    /// `[from, to)`; zero if `to` is not after `from`.
    public func workingTime(from start: Date, to end: Date) -> WorkingTime {
        let a = VietnamTime.wholeSeconds(start)
        let b = VietnamTime.wholeSeconds(end)
        guard b > a else { return .zero }
        return WorkingTime(seconds: officeSeconds(from: a, to: b))
    }

    /// The moment at which `time` of office time has passed after `moment`; used to move a due moment later
    /// by the office time a dossier spent paused.
    ///
    /// - Zero returns `moment` unchanged.
    /// - Counting starts at `moment` if it lies in an office session, else at the next opening (the next
    ///   session, or the first one of the next working day).
    /// - A result that uses up a session exactly is that session's end (11:30, 17:00), not the next opening;
    ///   adding more from such a moment continues at the next opening. So for positive `a` and `b`,
    ///   `adding(a + b, to: m) == adding(b, to: adding(a, to: m))`, and
    ///   `workingTime(from: m, to: adding(t, to: m)) == t` (to the second).
    /// - A negative time goes backwards symmetrically, to the latest moment with that much office time
    ///   before it.
    public func adding(_ time: WorkingTime, to moment: Date) -> Date {
        guard time != .zero else { return moment }
        let start = VietnamTime.wholeSeconds(moment)
        let result = time > .zero ? forward(time.seconds, from: start) : backward(-time.seconds, from: start)
        return VietnamTime.date(wholeSeconds: result)
    }

    /// Office time left until `due` at `moment`; negative (the office time overdue) once `moment` is past it.
    public func remaining(until due: Date, at moment: Date) -> WorkingTime {
        moment <= due ? workingTime(from: moment, to: due) : -workingTime(from: due, to: moment)
    }

    /// Whether a dossier is late at `moment`: strictly after its due moment.
    public func isLate(due: Date, at moment: Date) -> Bool {
        moment > due
    }

    /// The end of office hours on `day`.
    public func closingMoment(of day: LocalDate) -> Date {
        VietnamTime.date(day, minutesAfterMidnight: hours.closing)
    }

    /// The start of office hours on `day`.
    public func openingMoment(of day: LocalDate) -> Date {
        VietnamTime.date(day, minutesAfterMidnight: hours.opening)
    }

    // MARK: - office-time arithmetic in Unix seconds

    private var closingSecond: Int64 { Int64(hours.closing) * 60 }

    private func officeSeconds(from a: Int64, to b: Int64) -> Int64 {
        let firstDay = VietnamTime.localDate(ofWholeSeconds: a)
        let lastDay = VietnamTime.localDate(ofWholeSeconds: b)
        let fromSecond = VietnamTime.secondOfDay(a)
        let toSecond = VietnamTime.secondOfDay(b)
        if firstDay == lastDay {
            return days.isWorkingDay(firstDay) ? sessionSeconds(from: fromSecond, to: toSecond) : 0
        }
        var total: Int64 = 0
        if days.isWorkingDay(firstDay) {
            total += sessionSeconds(from: fromSecond, to: VietnamTime.secondsPerDay)
        }
        if days.isWorkingDay(lastDay) {
            total += sessionSeconds(from: 0, to: toSecond)
        }
        let wholeDays = days.workingDays(after: firstDay, through: lastDay.adding(days: -1))
        return total + Int64(wholeDays) * hours.perDay.seconds
    }

    /// Office seconds of one working day within `[from, to)`, in seconds after midnight.
    private func sessionSeconds(from: Int64, to: Int64) -> Int64 {
        hours.sessions.reduce(0) { sum, session in
            sum + max(0, min(to, Int64(session.end) * 60) - max(from, Int64(session.start) * 60))
        }
    }

    private func forward(_ amount: Int64, from start: Int64) -> Int64 {
        var remaining = amount
        var day = VietnamTime.localDate(ofWholeSeconds: start)
        var second = VietnamTime.secondOfDay(start)
        if !days.isWorkingDay(day) {
            day = days.nextWorkingDay(after: day)
            second = 0
        }
        while true {
            for session in hours.sessions {
                let end = Int64(session.end) * 60
                guard second < end else { continue }
                let begin = max(second, Int64(session.start) * 60)
                if remaining <= end - begin {
                    return VietnamTime.startOfDay(day) + begin + remaining
                }
                remaining -= end - begin
            }
            // Skip the whole working days that the remainder still covers, keeping a part of a day.
            let perDay = hours.perDay.seconds
            let wholeDays = (remaining - 1) / perDay
            remaining -= wholeDays * perDay
            day = days.addingWorkingDays(Int(wholeDays) + 1, to: day)
            second = 0
        }
    }

    private func backward(_ amount: Int64, from start: Int64) -> Int64 {
        var remaining = amount
        var day = VietnamTime.localDate(ofWholeSeconds: start)
        var second = VietnamTime.secondOfDay(start)
        if !days.isWorkingDay(day) {
            day = days.previousWorkingDay(before: day)
            second = VietnamTime.secondsPerDay
        }
        while true {
            for session in hours.sessions.reversed() {
                let begin = Int64(session.start) * 60
                guard second > begin else { continue }
                let end = min(second, Int64(session.end) * 60)
                if remaining <= end - begin {
                    return VietnamTime.startOfDay(day) + end - remaining
                }
                remaining -= end - begin
            }
            let perDay = hours.perDay.seconds
            let wholeDays = (remaining - 1) / perDay
            remaining -= wholeDays * perDay
            day = days.addingWorkingDays(-(Int(wholeDays) + 1), to: day)
            second = VietnamTime.secondsPerDay
        }
    }
}
