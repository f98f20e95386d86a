import CaseDomain
import Foundation

/// SplitMix64: small, fast and fully determined by its seed (the same seed gives the same log on every machine).
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

    mutating func pick(weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        var r = Int.random(in: 0..<total, using: &self)
        for (index, weight) in weights.enumerated() {
            if r < weight { return index }
            r -= weight
        }
        return weights.count - 1
    }
}

/// The seeded case log of the benchmark's province (bench/README.md has the mixes): dossiers in receipt order, each
/// a complete list of events, cut at `until` (dossiers still open then stay open).
struct ProvinceLog {
    let province: Province
    let calendar = BusinessCalendar(days: .builtIn, hours: .standard)
    let cutoff: Date
    var random: SeededRandom
    /// Dossiers still to place on each remaining day, in order.
    var days: [(day: LocalDate, count: Int)]
    var queue: [[CaseEvent]] = []
    var queuePosition = 0

    init(province: Province, seed: UInt64, from: LocalDate, until: LocalDate, dossiers: Int) {
        self.province = province
        random = SeededRandom(seed: seed)
        cutoff = VietnamTime.date(until, minutesAfterMidnight: 0)
        // Working days get the dossiers; a day off gets 4 % of a working day's, all online.
        var plan: [(LocalDate, Double)] = []
        var day = from
        while day < until {
            plan.append((day, WorkingDays.builtIn.isWorkingDay(day) ? 1 : 0.04))
            day = day.adding(days: 1)
        }
        let total = plan.reduce(0) { $0 + $1.1 }
        var cumulative = 0.0
        var placed = 0
        days = plan.map { day, weight in
            cumulative += weight
            let upTo = Int((Double(dossiers) * cumulative / total).rounded())
            defer { placed = upTo }
            return (day, upTo - placed)
        }
        days.reverse()  // popped from the end
    }

    mutating func next() -> [CaseEvent]? {
        while queuePosition == queue.count {
            guard let (day, count) = days.popLast() else { return nil }
            queue = makeDay(day, count: count)
            queuePosition = 0
        }
        defer { queuePosition += 1 }
        return queue[queuePosition]
    }

    // MARK: - One day

    private mutating func makeDay(_ day: LocalDate, count: Int) -> [[CaseEvent]] {
        let working = WorkingDays.builtIn.isWorkingDay(day)
        var perAgency = [Int](repeating: 0, count: province.agencies.count)
        let weights = province.agencies.map(\.weight)
        for _ in 0..<count { perAgency[random.pick(weights: weights)] += 1 }
        var result: [[CaseEvent]] = []
        result.reserveCapacity(count)
        for (a, n) in perAgency.enumerated() where n > 0 {
            var receipts: [(Date, Channel, Int)] = []
            for _ in 0..<n {
                let template = random.pick(weights: [40, 25, 15, 10, 10])
                let channel =
                    working ? pickChannel(online: province.templates[template].online, postal: province.templates[template].postal) : .online
                let t = working || province.templates[template].online != .none ? template : 0
                receipts.append((receiptMoment(day, channel: channel), channel, t))
            }
            receipts.sort { $0.0 < $1.0 }
            for (index, (moment, channel, template)) in receipts.enumerated() {
                result.append(dossier(agency: a, day: day, sequence: index + 1, at: moment, channel: channel, template: template))
            }
        }
        return result
    }

    private mutating func pickChannel(online: OnlineService, postal: Bool) -> Channel {
        switch online {
        case .full: return [Channel.online, .direct, .postal][random.pick(weights: [70, 27, postal ? 3 : 0])]
        case .partial: return [Channel.online, .direct, .postal][random.pick(weights: [35, 60, postal ? 5 : 0])]
        case .none: return [Channel.direct, .postal][random.pick(weights: [93, postal ? 7 : 0])]
        }
    }

    private mutating func receiptMoment(_ day: LocalDate, channel: Channel) -> Date {
        let second: Int
        if channel == .online {
            // Online: mostly 07:00–22:00, some at night.
            second = random.chance(0.85) ? Int.random(in: 7 * 3600..<22 * 3600, using: &random) : Int.random(in: 0..<86_400, using: &random)
        } else {
            // At the desk or the post office's hand-over: within office hours (450 minutes a day).
            let minute = Int.random(in: 0..<450, using: &random)
            second = (minute < 240 ? 450 + minute : 810 + minute - 240) * 60 + Int.random(in: 0..<60, using: &random)
        }
        let micro = Double(Int.random(in: 0..<1_000_000, using: &random)) / 1e6
        return VietnamTime.date(day, minutesAfterMidnight: 0).addingTimeInterval(Double(second) + micro)
    }

    // MARK: - One dossier

    private mutating func workingMinutes(_ range: ClosedRange<Int>) -> WorkingTime {
        .minutes(Int.random(in: range, using: &random))
    }

    private mutating func dossier(agency a: Int, day: LocalDate, sequence: Int, at received: Date, channel: Channel, template t: Int) -> [CaseEvent] {
        let agency = province.agencies[a]
        let template = province.templates[t]
        let code = try! DossierCode(agencyIdentifier: agency.identifier, year: day.year, month: day.month, day: day.day, sequence: sequence)
        let clerk = "motcua.\(agency.code.lowercased())"
        let limit = t == 0 && day >= Province.reformDay ? Province.reformedDays : template.days

        // Components: online filings are electronic; at the desk most are scanned on receipt; some reused.
        let digitizedShare = channel == .online ? 1.0 : channel == .direct ? 0.8 : 0.5
        let reusedIndex = random.chance(0.18) ? Int.random(in: 0..<province.components.count, using: &random) : -1
        let components = province.components.enumerated().map { index, component in
            ComponentRecord(
                code: component.code,
                digitized: index == reusedIndex || random.chance(digitizedShare),
                reused: index == reusedIndex
            )
        }
        let receipt = Receipt(
            agency: agency.code,
            procedure: province.procedureCode(agency: a, template: t),
            channel: channel,
            applicant: applicant(),
            components: components
        )
        var events = [CaseEvent(dossier: code, at: received, actor: channel == .online ? nil : clerk, kind: .received(receipt))]
        var last = received
        func add(_ kind: CaseEventKind, after delay: WorkingTime, actor: String? = nil) -> Bool {
            var moment = calendar.adding(delay, to: last)
            if moment <= last { moment = last.addingTimeInterval(1) }
            moment = moment.addingTimeInterval(Double(Int.random(in: 0..<1_000_000, using: &random)) / 1e6)
            guard moment < cutoff else { return false }
            events.append(CaseEvent(dossier: code, at: moment, actor: actor ?? clerk, kind: kind))
            last = moment
            return true
        }

        // 2 % refused at the desk.
        if random.chance(0.02) {
            _ = add(.refused(reason: "Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan."), after: workingMinutes(10...240))
            return events
        }
        guard add(.processingStarted, after: workingMinutes(5...360)) else { return events }
        if random.chance(0.75) {
            guard add(.handedOver(from: "Bộ phận Một cửa", to: "Phòng chuyên môn"), after: workingMinutes(10...480)) else { return events }
        }
        for component in components where !component.digitized && random.chance(0.5) {
            guard add(.componentDigitized(component: component.code, reused: false), after: workingMinutes(5...600)) else { return events }
        }

        let due = calendar.due(receivedAt: received, limit: .workingDays(limit))
        var paused = WorkingTime.zero
        // 8 % need a supplement; of those 15 % a second one; 6 % are withdrawn while waiting, 3 % never answer.
        if random.chance(0.08) {
            let rounds = random.chance(0.15) ? 2 : 1
            for _ in 0..<rounds {
                guard add(.supplementRequested(reason: "Bổ sung bản sao giấy tờ chứng minh đủ điều kiện."), after: workingMinutes(30...(limit * 150)))
                else { return events }
                let requested = last
                let outcome = random.pick(weights: [91, 6, 3])
                if outcome == 2 { return events }
                if outcome == 1 {
                    _ = add(.withdrawn(reason: "Người nộp rút hồ sơ."), after: workingMinutes(300...(8 * 480)))
                    return events
                }
                guard add(.supplementReceived, after: workingMinutes(120...(6 * 480)), actor: clerk) else { return events }
                paused = paused + calendar.workingTime(from: requested, to: last)
            }
        }
        if template.fee > 0 {
            guard add(.feeRequested(amount: template.fee), after: workingMinutes(10...240)) else { return events }
            let online = random.chance(channel == .online ? 0.6 : 0.1)
            guard add(.feePaid(amount: template.fee, online: online), after: workingMinutes(30...960), actor: online ? nil : clerk) else {
                return events
            }
        }
        if random.chance(0.6) {
            guard add(.handedOver(from: "Phòng chuyên môn", to: "Lãnh đạo cơ quan"), after: workingMinutes(10...480)) else { return events }
        }
        if random.chance(0.01) {
            _ = add(.withdrawn(reason: nil), after: workingMinutes(30...960))
            return events
        }
        if random.chance(0.005) {
            _ = add(.stopped(reason: "Người nộp không thực hiện nghĩa vụ tài chính."), after: workingMinutes(30...960))
            return events
        }

        // The result: 91 % aimed before the effective due moment, 9 % after it; 60 % of the late ones apologise.
        let effectiveDue = calendar.adding(paused, to: due)
        let late = random.chance(0.09)
        var target =
            late
            ? calendar.adding(workingMinutes(30...(5 * 480)), to: effectiveDue)
            : calendar.adding(-workingMinutes(0...(limit * 480 * 6 / 10)), to: effectiveDue)
        if late && random.chance(0.6) {
            let apologyAt = calendar.adding(-workingMinutes(30...480), to: effectiveDue)
            let delay = apologyAt > last ? calendar.workingTime(from: last, to: apologyAt) : .minutes(30)
            let newDue = calendar.adding(.hours(5 * 8), to: effectiveDue)
            guard add(.apologized(reason: "Hồ sơ cần xác minh thêm với cơ quan liên quan.", newDue: newDue), after: delay) else { return events }
        }
        if target <= last { target = last.addingTimeInterval(600) }
        let electronic = template.writtenResult ? random.chance(0.7) : random.chance(0.5)
        guard add(.resultReady(electronic: electronic, resultCode: "KQ-\(code)", sha256: nil), after: calendar.workingTime(from: last, to: target))
        else { return events }
        if !electronic && template.writtenResult && random.chance(0.3) {
            guard add(.resultDigitized(sha256: nil), after: workingMinutes(30...(3 * 480))) else { return events }
        }
        if random.chance(0.96) {
            let returnChannel: Channel
            switch channel {
            case .online: returnChannel = [Channel.online, .postal, .direct][random.pick(weights: [60, 10, 30])]
            case .direct: returnChannel = [Channel.direct, .postal][random.pick(weights: [85, template.postal ? 15 : 0])]
            case .postal: returnChannel = [Channel.postal, .direct][random.pick(weights: [90, 10])]
            }
            let tracking = returnChannel == .postal ? String(format: "RR%09dVN", Int.random(in: 0..<1_000_000_000, using: &random)) : nil
            _ = add(.returned(channel: returnChannel, tracking: tracking), after: workingMinutes(10...(3 * 480)))
        }
        return events
    }

    private static let familyNames = [
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "K'",
    ]
    private static let middleNames = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Thu", "Quốc", "Hoàng"]
    private static let givenNames = [
        "An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga",
        "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến", "Brôl", "Ha Lim",
    ]

    private mutating func applicant() -> Applicant {
        let commune = province.communes[Int.random(in: 0..<province.communes.count, using: &random)]
        let phone = "09" + String(format: "%08d", Int.random(in: 0..<100_000_000, using: &random))
        if random.chance(0.8) {
            let name = [Self.familyNames, Self.middleNames, Self.givenNames].map { $0[Int.random(in: 0..<$0.count, using: &random)] }.joined(
                separator: " "
            )
            return try! Applicant(
                name: name.replacingOccurrences(of: "K' ", with: "K'"),
                kind: .person,
                id: "0" + String(format: "%011d", Int.random(in: 0..<100_000_000_000, using: &random)),
                locality: commune.code,
                phone: phone,
                address: "Thôn \(Int.random(in: 1...12, using: &random)), \(commune.name)"
            )
        }
        let organisation =
            random.chance(0.4)
            ? "Ủy ban nhân dân \(commune.name)"
            : "Công ty TNHH \(Self.givenNames[Int.random(in: 0..<Self.givenNames.count, using: &random)]) \(["Phát", "Thịnh", "Lộc", "Xanh", "Việt"][Int.random(in: 0..<5, using: &random)])"
        return try! Applicant(
            name: organisation,
            kind: .organisation,
            id: String(format: "58%08d", Int.random(in: 0..<100_000_000, using: &random)),
            locality: commune.code,
            phone: phone,
            email: "vanthu\(Int.random(in: 1...999, using: &random))@example.vn",
            address: commune.name
        )
    }
}
