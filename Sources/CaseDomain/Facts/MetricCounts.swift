public import Foundation

/// The stable ids of the metrics computed from the case log (DOMAIN.md, "The metrics"; CASE-LOG.md §2).
public enum MetricID: String, Sendable, Codable, CodingKeyRepresentable, Equatable, Hashable, CaseIterable {
    /// Decision 766/QĐ-TTg indicator 3.3.
    case channelOnline = "channel.online"
    case channelPostalIn = "channel.postal_in"
    case channelDirect = "channel.direct"
    case returnPostal = "return.postal"
    /// Decision 766/QĐ-TTg indicator 3.2.
    case proceduresWithOnlineDossiers = "procedures.with_online_dossiers"
    /// Decision 766/QĐ-TTg indicator 2.1.
    case timelinessOnTime = "timeliness.on_time"
    case timelinessLateWithApology = "timeliness.late_with_apology"
    /// Decision 766/QĐ-TTg indicator 4.2.
    case digitizationDossiers = "digitization.dossiers"
    /// Decision 766/QĐ-TTg indicator 4.1.
    case digitizationResults = "digitization.results"
    /// Decision 766/QĐ-TTg indicator 4.3.
    case digitizationReuse = "digitization.reuse"
    /// Decision 766/QĐ-TTg indicator 3.6.
    case paymentOnline = "payment.online"
}

/// A numerator and a denominator, with what they counted so that a score can say which dossiers failed.
public struct MetricCount: Sendable, Codable, Equatable {
    public var numerator: Int { numeratorMembers.count }
    public var denominator: Int { denominatorMembers.count }
    /// What the denominator counted: dossier codes (for `procedures.with_online_dossiers`, procedure codes), sorted.
    public var denominatorMembers: [String]
    /// The members of the denominator that are also in the numerator, sorted.
    public var numeratorMembers: [String]

    public init(numeratorMembers: [String], denominatorMembers: [String]) {
        self.numeratorMembers = numeratorMembers.sorted()
        self.denominatorMembers = denominatorMembers.sorted()
    }

    /// numerator ÷ denominator; nil (not applicable) when the denominator is 0 — never 0 % or 100 %.
    public var rate: Double? {
        denominator == 0 ? nil : Double(numerator) / Double(denominator)
    }

    /// The members of the denominator not in the numerator: what failed.
    public var failingMembers: [String] {
        let passed = Set(numeratorMembers)
        return denominatorMembers.filter { !passed.contains($0) }
    }

    enum CodingKeys: String, CodingKey {
        case numerator, denominator, rate
        case numeratorMembers = "numerator_members"
        case denominatorMembers = "denominator_members"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            numeratorMembers: try container.decode([String].self, forKey: .numeratorMembers),
            denominatorMembers: try container.decode([String].self, forKey: .denominatorMembers)
        )
    }

    /// `{"numerator":2,"denominator":7,"rate":0.2857…,"numerator_members":[…],"denominator_members":[…]}`; `rate`
    /// is absent when not applicable.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(numerator, forKey: .numerator)
        try container.encode(denominator, forKey: .denominator)
        try container.encodeIfPresent(rate, forKey: .rate)
        try container.encode(numeratorMembers, forKey: .numeratorMembers)
        try container.encode(denominatorMembers, forKey: .denominatorMembers)
    }
}

/// Every metric of one agency and period: the reference implementation of CASE-LOG.md §2.
///
/// Deliberately plain — one pass per metric over all dossiers — because it is the oracle against which the
/// incremental projection of the worker is tested.
public struct MetricCounts: Sendable, Codable, Equatable {
    public var values: [MetricID: MetricCount]

    public init(values: [MetricID: MetricCount]) {
        self.values = values
    }

    public subscript(id: MetricID) -> MetricCount {
        values[id] ?? MetricCount(numeratorMembers: [], denominatorMembers: [])
    }

    /// Just the numbers, per metric.
    public var counts: [MetricID: (numerator: Int, denominator: Int)] {
        values.mapValues { ($0.numerator, $0.denominator) }
    }

    /// The metrics of `agency` for `period` = [start, end) (its bounds at Vietnam midnight for a month, quarter or
    /// year; see ``MetricPeriod``), as seen at `asOf`.
    ///
    /// - `facts`: the dossiers' facts (any agency; others are ignored), from all events known; events later than
    ///   `asOf` are ignored.
    /// - `procedures`: the catalogue, for `procedures.with_online_dossiers` (versions in force at the cutoff).
    /// - `calendar`: the agency's working days and office hours, for paused office time.
    public static func compute(
        facts: [DossierFacts],
        procedures: ProcedureCatalog,
        agency: String,
        period: DateInterval,
        asOf: Date,
        calendar: BusinessCalendar
    ) -> MetricCounts {
        let cutoff = min(period.end, asOf)
        func inPeriod(_ moment: Date) -> Bool { period.start <= moment && moment < period.end }
        let dossiers = facts.filter { $0.agency == agency }.compactMap { $0.known(at: asOf) }
        let received = dossiers.filter { inPeriod($0.receivedAt) }
        var values: [MetricID: MetricCount] = [:]

        func count(_ members: [DossierFacts], where condition: (DossierFacts) -> Bool) -> MetricCount {
            MetricCount(
                numeratorMembers: members.filter(condition).map(\.dossier.description),
                denominatorMembers: members.map(\.dossier.description)
            )
        }

        // Receipt-based: d ∈ received(P).
        values[.channelOnline] = count(received) { $0.channel == .online }
        values[.channelPostalIn] = count(received) { $0.channel == .postal }
        values[.channelDirect] = count(received) { $0.channel == .direct }
        values[.digitizationDossiers] = count(received) { $0.isDigitized }
        values[.digitizationReuse] = count(received) { $0.anyComponentReused }
        values[.paymentOnline] = count(received.filter(\.isFeeBearing)) { $0.paidOnline }

        // Event-based: `returned` events in P.
        let returns = dossiers.flatMap { dossier in
            dossier.returns.filter { inPeriod($0.at) }.map { (dossier.dossier.description, $0.channel) }
        }
        values[.returnPostal] = MetricCount(
            numeratorMembers: returns.filter { $0.1 == .postal }.map(\.0),
            denominatorMembers: returns.map(\.0)
        )

        // Results ready in P whose procedure requires a written result.
        let resultsInPeriod = dossiers.filter { dossier in
            dossier.writtenResultRequired && dossier.resultReadyAt.map(inPeriod) == true
        }
        values[.digitizationResults] = count(resultsInPeriod) { $0.resultIsElectronic }

        // Procedures of the agency offered online, by the version in force on the day of the period's last moment.
        let cutoffDay = VietnamTime.localDate(of: cutoff.addingTimeInterval(-0.000_001))
        let onlineProcedures = procedures.procedures(of: agency, inForceOn: cutoffDay).filter { $0.online.isOnlineCapable }
        let proceduresWithOnlineDossiers = Set(received.filter { $0.channel == .online }.map(\.procedure))
        values[.proceduresWithOnlineDossiers] = MetricCount(
            numeratorMembers: onlineProcedures.map(\.code).filter(proceduresWithOnlineDossiers.contains),
            denominatorMembers: onlineProcedures.map(\.code)
        )

        // Timeliness: dossiers ended in P, plus dossiers open at the cutoff and already overdue then.
        var toHandle: [String] = []
        var onTime: [String] = []
        var late: [String] = []
        var lateWithApology: [String] = []
        for dossier in dossiers {
            let code = dossier.dossier.description
            if let end = dossier.end, inPeriod(end.at) {
                toHandle.append(code)
                if dossier.isLate(cutoff: cutoff, calendar: calendar) {
                    late.append(code)
                    if dossier.apologizedInTime(cutoff: cutoff, calendar: calendar) { lateWithApology.append(code) }
                } else {
                    onTime.append(code)
                }
            } else if let atCutoff = dossier.known(before: cutoff), atCutoff.end == nil,
                atCutoff.isLate(cutoff: cutoff, calendar: calendar)
            {
                toHandle.append(code)
                late.append(code)
                if atCutoff.apologizedInTime(cutoff: cutoff, calendar: calendar) { lateWithApology.append(code) }
            }
        }
        values[.timelinessOnTime] = MetricCount(numeratorMembers: onTime, denominatorMembers: toHandle)
        values[.timelinessLateWithApology] = MetricCount(numeratorMembers: lateWithApology, denominatorMembers: late)

        return MetricCounts(values: values)
    }
}

/// Report periods in Asia/Ho_Chi_Minh time: [first moment, first moment of the next period).
public enum MetricPeriod {
    public static func month(_ year: Int, _ month: Int) -> DateInterval {
        let start = firstDay(year, month)
        let end = month == 12 ? firstDay(year + 1, 1) : firstDay(year, month + 1)
        return interval(start, end)
    }

    /// Quarter 1…4.
    public static func quarter(_ year: Int, _ quarter: Int) -> DateInterval {
        let firstMonth = (quarter - 1) * 3 + 1
        let end = quarter == 4 ? firstDay(year + 1, 1) : firstDay(year, firstMonth + 3)
        return interval(firstDay(year, firstMonth), end)
    }

    public static func year(_ year: Int) -> DateInterval {
        interval(firstDay(year, 1), firstDay(year + 1, 1))
    }

    private static func firstDay(_ year: Int, _ month: Int) -> LocalDate {
        guard let day = LocalDate(year: year, month: month, day: 1) else {
            preconditionFailure("month \(month) of year \(year) is out of range")
        }
        return day
    }

    private static func interval(_ start: LocalDate, _ end: LocalDate) -> DateInterval {
        DateInterval(
            start: VietnamTime.date(start, minutesAfterMidnight: 0),
            end: VietnamTime.date(end, minutesAfterMidnight: 0)
        )
    }
}
