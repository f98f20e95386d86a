import CaseDomain
import Foundation
import Testing

@Suite("Deadlines and office time")
struct CalendarBusinessTests {
    typealias F = CalendarFixtures
    let calendar = BusinessCalendar()

    // MARK: - deadlines

    @Test(
        "due moments of working-day limits, exactly",
        arguments: [
            // Across Tết 2026 (14–22 February off).
            ("2026-02-11T10:00:00+07:00", 5, "2026-02-25T17:00:00+07:00"),
            ("2026-02-09T08:00:00+07:00", 10, "2026-03-02T17:00:00+07:00"),
            // Across 30/4–1/5 2026 (30 April – 3 May off).
            ("2026-04-28T09:00:00+07:00", 3, "2026-05-05T17:00:00+07:00"),
            // Across 30/4–1/5 2024, onto the swapped working Saturday 4 May 2024.
            ("2024-04-26T09:00:00+07:00", 3, "2024-05-04T17:00:00+07:00"),
            // Onto the swapped working Saturday 26 April 2025.
            ("2025-04-24T10:00:00+07:00", 2, "2025-04-26T17:00:00+07:00"),
            // Across 2/9 2025 (30 August – 2 September off).
            ("2025-08-29T14:00:00+07:00", 2, "2025-09-04T17:00:00+07:00"),
            // Across Quốc khánh 2026 (29 August – 2 September off, Monday 31 August swapped) ...
            ("2026-08-27T10:00:00+07:00", 2, "2026-09-03T17:00:00+07:00"),
            // ... and onto the Saturday 22 August 2026 worked in exchange.
            ("2026-08-21T10:00:00+07:00", 1, "2026-08-22T17:00:00+07:00"),
            // A Friday-night online filing counts from Monday's receipt: Tue, Wed, Thu.
            ("2026-03-06T21:30:00+07:00", 3, "2026-03-12T17:00:00+07:00"),
            ("2026-03-06T14:30:00Z", 3, "2026-03-12T17:00:00+07:00"),
            // At 17:00 sharp the desk is closed: counted from Monday.
            ("2026-03-06T17:00:00+07:00", 1, "2026-03-10T17:00:00+07:00"),
            ("2026-03-06T16:59:59+07:00", 1, "2026-03-09T17:00:00+07:00"),
            // Received on the working Saturday 10 January 2026: that Saturday is the receipt day.
            ("2026-01-10T09:00:00+07:00", 1, "2026-01-12T17:00:00+07:00"),
            // The prestigious-persons procedure: 25 working days from Monday 5 October 2026.
            ("2026-10-05T09:00:00+07:00", 25, "2026-11-09T17:00:00+07:00"),
            // Zero working days: the end of the receipt day itself.
            ("2026-03-09T09:00:00+07:00", 0, "2026-03-09T17:00:00+07:00"),
        ]
    )
    func workingDayDeadlines(received: String, limit: Int, due: String) {
        #expect(F.text(calendar.due(receivedAt: F.moment(received), limit: .workingDays(limit))) == due)
    }

    @Test(
        "effective receipt day",
        arguments: [
            ("2026-03-06T21:30:00+07:00", "2026-03-09"),  // Friday night → Monday
            ("2026-03-07T09:00:00+07:00", "2026-03-09"),  // Saturday → Monday
            ("2026-03-09T06:00:00+07:00", "2026-03-09"),  // before opening: the same working day
            ("2026-02-13T17:00:00+07:00", "2026-02-23"),  // after closing before Tết → after Tết
            ("2026-01-10T10:00:00+07:00", "2026-01-10"),  // a working Saturday
            ("2026-01-02T10:00:00+07:00", "2026-01-05"),  // a bridge day
        ]
    )
    func effectiveReceiptDay(received: String, day: String) {
        #expect(calendar.effectiveReceiptDay(for: F.moment(received)) == F.date(day))
    }

    @Test(
        "due moments of calendar-day limits: receipt day + N, moved to the next working day",
        arguments: [
            ("2026-03-02T10:00:00+07:00", 3, "2026-03-05T17:00:00+07:00"),
            ("2026-03-02T10:00:00+07:00", 5, "2026-03-09T17:00:00+07:00"),  // Saturday 7 → Monday 9
            ("2026-02-12T10:00:00+07:00", 5, "2026-02-23T17:00:00+07:00"),  // 17 Feb, Tết → 23 Feb
            ("2026-03-06T21:30:00+07:00", 1, "2026-03-10T17:00:00+07:00"),  // counted from Monday's receipt
        ]
    )
    func calendarDayDeadlines(received: String, limit: Int, due: String) {
        #expect(F.text(calendar.due(receivedAt: F.moment(received), limit: .days(limit))) == due)
    }

    @Test(
        "due moments of working-hour limits skip lunch, nights and days off",
        arguments: [
            ("2026-03-10T10:00:00+07:00", 3, "2026-03-10T15:00:00+07:00"),  // 10:00–11:30, 13:30–15:00
            ("2026-03-10T10:00:00+07:00", 8, "2026-03-11T10:30:00+07:00"),  // 5 h on Tuesday, 3 h on Wednesday
            ("2026-03-10T12:00:00+07:00", 2, "2026-03-10T15:30:00+07:00"),  // received at lunch: from 13:30
            ("2026-03-10T07:30:00+07:00", 4, "2026-03-10T11:30:00+07:00"),  // uses up the morning exactly
            ("2026-03-10T05:00:00+07:00", 1, "2026-03-10T08:30:00+07:00"),  // before opening
            ("2026-02-13T16:00:00+07:00", 4, "2026-02-23T10:30:00+07:00"),  // 1 h before Tết, 3 h after
            ("2026-03-06T21:30:00+07:00", 24, "2026-03-12T09:00:00+07:00"),  // Friday night: 7.5 + 7.5 + 7.5 + 1.5 h
        ]
    )
    func workingHourDeadlines(received: String, hours: Int, due: String) {
        #expect(F.text(calendar.due(receivedAt: F.moment(received), limit: .workingHours(hours))) == due)
    }

    @Test("a supplement pause that spans Giỗ Tổ and 30/4–1/5 moves the due moment by the office time paused")
    func supplementPause() {
        let received = F.moment("2026-04-20T08:00:00+07:00")
        let due = calendar.due(receivedAt: received, limit: .workingDays(10))
        #expect(F.text(due) == "2026-05-07T17:00:00+07:00")
        // Supplement requested Wednesday 29 April 15:00, received Monday 4 May 09:30: 2 h + 2 h of office time.
        let paused = calendar.workingTime(from: F.moment("2026-04-29T15:00:00+07:00"), to: F.moment("2026-05-04T09:30:00+07:00"))
        #expect(paused == .hours(4))
        // From 17:00 on Thursday 7 May the four hours run on Friday morning.
        #expect(F.text(calendar.adding(paused, to: due)) == "2026-05-08T11:30:00+07:00")
    }

    @Test("a supplement pause across Tết 2026")
    func supplementPauseAcrossTet() {
        let due = calendar.due(receivedAt: F.moment("2026-02-02T09:00:00+07:00"), limit: .workingDays(15))
        #expect(F.text(due) == "2026-03-02T17:00:00+07:00")
        let paused = calendar.workingTime(from: F.moment("2026-02-12T10:00:00+07:00"), to: F.moment("2026-02-24T14:00:00+07:00"))
        // Thursday 12: 1.5 + 3.5 h; Friday 13: 7.5 h; Monday 23: 7.5 h; Tuesday 24: 4 + 0.5 h.
        #expect(paused == .hours(24) + .minutes(30))
        // Tuesday 3, Wednesday 4 and Thursday 5 March take 22.5 h, Friday 6 the last 2 h.
        #expect(F.text(calendar.adding(paused, to: due)) == "2026-03-06T09:30:00+07:00")
    }

    // MARK: - office time

    @Test(
        "office time between two moments",
        arguments: [
            ("2026-03-10T11:00:00+07:00", "2026-03-10T14:00:00+07:00", 3600),  // 30 min + 30 min around lunch
            ("2026-02-13T16:00:00+07:00", "2026-02-23T08:30:00+07:00", 7200),  // 1 h before Tết, 1 h after
            ("2026-03-09T07:00:00+07:00", "2026-03-16T07:00:00+07:00", 5 * 27000),  // a week of 7.5 h days
            ("2026-03-07T08:00:00+07:00", "2026-03-08T16:00:00+07:00", 0),  // a weekend
            ("2026-03-10T14:00:00+07:00", "2026-03-10T11:00:00+07:00", 0),  // backwards
            ("2026-03-10T12:00:00+07:00", "2026-03-10T13:00:00+07:00", 0),  // lunch
            ("2026-01-09T16:00:00+07:00", "2026-01-12T08:00:00+07:00", 3600 + 27000 + 1800),  // working Saturday 10 Jan
        ]
    )
    func officeTime(from: String, to: String, seconds: Int) {
        #expect(calendar.workingTime(from: F.moment(from), to: F.moment(to)) == .seconds(seconds))
    }

    @Test("adding office time at the boundaries")
    func addingAtBoundaries() {
        // From a due moment at 17:00, counting continues at the next opening.
        #expect(F.text(calendar.adding(.hours(1), to: F.moment("2026-03-13T17:00:00+07:00"))) == "2026-03-16T08:30:00+07:00")
        // From the end of the morning, at the start of the afternoon.
        #expect(F.text(calendar.adding(.seconds(1), to: F.moment("2026-03-10T11:30:00+07:00"))) == "2026-03-10T13:30:01+07:00")
        // From a weekend, at Monday's opening.
        #expect(F.text(calendar.adding(.minutes(30), to: F.moment("2026-03-14T10:00:00+07:00"))) == "2026-03-16T08:00:00+07:00")
        // Zero returns the moment itself, fractions of a second and all, even outside office hours.
        let odd = Date(timeIntervalSince1970: 1_772_186_400.75)
        #expect(calendar.adding(.zero, to: odd) == odd)
        // Backwards: from 08:00 Monday, half an hour on Monday and half an hour on Friday.
        #expect(F.text(calendar.adding(.hours(-1), to: F.moment("2026-03-16T08:00:00+07:00"))) == "2026-03-13T16:30:00+07:00")
        #expect(F.text(calendar.adding(.minutes(-30), to: F.moment("2026-03-10T13:30:00+07:00"))) == "2026-03-10T11:00:00+07:00")
    }

    @Test("remaining office time and lateness")
    func remainingAndLate() {
        let due = F.moment("2026-02-25T17:00:00+07:00")
        #expect(calendar.remaining(until: due, at: F.moment("2026-02-25T16:00:00+07:00")) == .hours(1))
        #expect(calendar.remaining(until: due, at: F.moment("2026-02-24T16:00:00+07:00")) == .hours(1) + .minutes(450))
        #expect(calendar.remaining(until: due, at: due) == .zero)
        #expect(calendar.remaining(until: due, at: F.moment("2026-02-26T08:30:00+07:00")) == .hours(-1))
        #expect(!calendar.isLate(due: due, at: due))
        #expect(!calendar.isLate(due: due, at: F.moment("2026-02-25T16:59:59+07:00")))
        #expect(calendar.isLate(due: due, at: F.moment("2026-02-25T17:00:01+07:00")))
    }

    // MARK: - properties

    /// Office time of `[from, to)` computed day by day from the definition, as an oracle.
    private func naiveOfficeSeconds(from: Date, to: Date) -> Int64 {
        guard to > from else { return 0 }
        var total: Int64 = 0
        var day = VietnamTime.localDate(of: from)
        while day <= VietnamTime.localDate(of: to) {
            if calendar.days.isWorkingDay(day) {
                for session in calendar.hours.sessions {
                    let start = max(from, VietnamTime.date(day, minutesAfterMidnight: session.start))
                    let end = min(to, VietnamTime.date(day, minutesAfterMidnight: session.end))
                    if end > start { total += Int64(end.timeIntervalSince(start)) }
                }
            }
            day = day.adding(days: 1)
        }
        return total
    }

    private func randomMoment(_ generator: inout SeededGenerator) -> Date {
        // Any second of 2019–2030, so that holidays, swaps and weekends are all crossed.
        Date(timeIntervalSince1970: Double(Int64.random(in: 1_546_275_600...1_924_966_800, using: &generator)))
    }

    @Test("office time agrees with a day-by-day count, for seeded random intervals of up to 40 days")
    func officeTimeMatchesDefinition() {
        var generator = SeededGenerator(seed: 1)
        for _ in 0..<3000 {
            let from = randomMoment(&generator)
            let to = from.addingTimeInterval(Double(Int.random(in: -86400...(40 * 86400), using: &generator)))
            #expect(calendar.workingTime(from: from, to: to).seconds == naiveOfficeSeconds(from: from, to: to), "\(F.text(from)) → \(F.text(to))")
        }
    }

    @Test("adding office time then measuring it gives it back, forwards and backwards")
    func addThenMeasure() {
        var generator = SeededGenerator(seed: 2)
        for _ in 0..<10_000 {
            let moment = randomMoment(&generator)
            let time = WorkingTime.seconds(Int.random(in: 0...(300 * 3600), using: &generator))
            let later = calendar.adding(time, to: moment)
            #expect(calendar.workingTime(from: moment, to: later) == time, "\(F.text(moment)) + \(time)")
            let earlier = calendar.adding(-time, to: moment)
            #expect(calendar.workingTime(from: earlier, to: moment) == time, "\(F.text(moment)) - \(time)")
            if time > .zero {
                #expect(calendar.days.isWorkingDay(VietnamTime.localDate(of: later)))
            }
        }
    }

    @Test("adding in two steps is adding once")
    func addingAssociates() {
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<5000 {
            let moment = randomMoment(&generator)
            // Whole minutes, often exact multiples of sessions, to hit the boundaries.
            let a = WorkingTime.minutes(Int.random(in: 1...2000, using: &generator) * (Bool.random(using: &generator) ? 30 : 1))
            let b = WorkingTime.minutes(Int.random(in: 1...2000, using: &generator))
            #expect(calendar.adding(a + b, to: moment) == calendar.adding(b, to: calendar.adding(a, to: moment)), "\(F.text(moment)) + \(a) + \(b)")
        }
    }

    @Test("working-day deadlines are N working days after the effective receipt day, for seeded random receipts")
    func deadlineProperty() {
        var generator = SeededGenerator(seed: 4)
        for _ in 0..<3000 {
            let received = randomMoment(&generator)
            let n = Int.random(in: 1...60, using: &generator)
            let due = calendar.due(receivedAt: received, limit: .workingDays(n))
            let receipt = calendar.effectiveReceiptDay(for: received)
            #expect(calendar.days.workingDays(after: receipt, through: VietnamTime.localDate(of: due)) == n)
            #expect(F.text(due).hasSuffix("T17:00:00+07:00"))
            #expect(due > received)
        }
    }

    // MARK: - values

    @Test("office hours are validated, also when decoded")
    func officeHours() throws {
        typealias S = OfficeHours.Session
        #expect(OfficeHours.standard.opening == 450 && OfficeHours.standard.closing == 1020)
        #expect(OfficeHours.standard.perDay == .hours(7) + .minutes(30))
        #expect(throws: OfficeHours.ValidationError.noSession) { try OfficeHours(sessions: []) }
        #expect(throws: OfficeHours.ValidationError.self) { try OfficeHours(sessions: [S(start: 600, end: 600)]) }
        #expect(throws: OfficeHours.ValidationError.self) { try OfficeHours(sessions: [S(start: 1000, end: 1500)]) }
        #expect(throws: OfficeHours.ValidationError.self) { try OfficeHours(sessions: [S(13, 30, until: 17, 0), S(7, 30, until: 11, 30)]) }
        #expect(throws: OfficeHours.ValidationError.self) { try OfficeHours(sessions: [S(7, 0, until: 12, 0), S(11, 0, until: 17, 0)]) }
        let contiguous = try OfficeHours(sessions: [S(7, 0, until: 12, 0), S(12, 0, until: 16, 0)])
        #expect(contiguous.perDay == .hours(9))

        let data = try JSONEncoder().encode(OfficeHours.standard)
        #expect(try JSONDecoder().decode(OfficeHours.self, from: data) == OfficeHours.standard)
        let overlapping = Data(#"{"sessions":[{"start":420,"end":720},{"start":700,"end":1000}]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(OfficeHours.self, from: overlapping) }
        let message = OfficeHours.ValidationError.unsortedOrOverlapping(S(7, 0, until: 12, 0), S(11, 0, until: 17, 0)).message
        #expect(message.vietnamese.contains("07:00–12:00") && message.english.contains("11:00–17:00"))
    }

    @Test("other office hours: one session 08:00–16:00, 3 working days")
    func otherOfficeHours() throws {
        let hours = try OfficeHours(sessions: [OfficeHours.Session(8, 0, until: 16, 0)])
        let custom = BusinessCalendar(hours: hours)
        #expect(F.text(custom.due(receivedAt: F.moment("2026-03-09T16:30:00+07:00"), limit: .workingDays(3))) == "2026-03-13T16:00:00+07:00")
        // 1 h on Monday and the whole of Tuesday: the result is Tuesday's closing, not Wednesday's opening.
        #expect(F.text(custom.adding(.hours(9), to: F.moment("2026-03-09T15:00:00+07:00"))) == "2026-03-10T16:00:00+07:00")
    }

    @Test("working time is exact integer arithmetic with a readable form")
    func workingTimeValues() throws {
        #expect(WorkingTime.hours(2) + .minutes(5) - .seconds(30) == .seconds(7470))
        #expect((WorkingTime.hours(7) + .minutes(30)).description == "7h30m")
        #expect(WorkingTime.minutes(-45).description == "-45m")
        #expect(WorkingTime.seconds(7205).description == "2h00m05s")
        #expect(WorkingTime.zero.description == "0s")
        #expect(WorkingTime.minutes(1) < .seconds(61))
        #expect(String(decoding: try JSONEncoder().encode(WorkingTime.hours(1)), as: UTF8.self) == "3600")
    }

    @Test("time limits encode with the unit names of the catalogue")
    func timeLimits() throws {
        let limit = TimeLimit.workingDays(25)
        let json = String(decoding: try JSONEncoder().encode(limit), as: UTF8.self)
        #expect(json.contains(#""unit":"working_days""#) && json.contains(#""value":25"#))
        #expect(try JSONDecoder().decode(TimeLimit.self, from: Data(json.utf8)) == limit)
        #expect(TimeLimitUnit.allCases.map(\.rawValue) == ["working_days", "days", "working_hours"])
    }
}
