public import CaseDomain
public import CaseStore
import Foundation

/// The pure part of the metrics projection (docs/metrics.md): what one dossier adds to the monthly aggregates.
///
/// A dossier's *contribution* is a small map from (agency, procedure, month, metric) to a numerator and a denominator.
/// It covers every part of CASE-LOG.md §2 that is a sum over dossiers of something fixed in time:
///
/// - receipt-based metrics, filed under the month of `received`;
/// - `return.postal`, one entry per `returned` event, under its month;
/// - `digitization.results`, under the month of `result_ready`;
/// - the ended part of timeliness, under the month of the end: `timeliness.ended` (on time / ended) and
///   `timeliness.ended_late` (timely apology / late). Once a dossier has ended, whether it was late no longer
///   depends on any cutoff (all its pauses are over), so these sum over months.
///
/// What does not sum over months is computed when a report is read: the dossiers open and overdue at the cutoff, and
/// `procedures.with_online_dossiers` (a procedure counts once per period, by its version in force at the cutoff).
public enum MetricsProjection {
    /// The aggregate rows' metric ids for the ended part of the two timeliness metrics.
    public static let timelinessEnded = "timeliness.ended"
    public static let timelinessEndedLate = "timeliness.ended_late"

    public struct Key: Sendable, Hashable, Comparable {
        public var agency: String
        public var procedure: String
        /// The first day of the month (Vietnam time).
        public var month: LocalDate
        public var metric: String

        public init(agency: String, procedure: String, month: LocalDate, metric: String) {
            self.agency = agency
            self.procedure = procedure
            self.month = month
            self.metric = metric
        }

        public static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.agency, lhs.month, lhs.procedure, lhs.metric) < (rhs.agency, rhs.month, rhs.procedure, rhs.metric)
        }
    }

    public struct Count: Sendable, Hashable {
        public var numerator: Int
        public var denominator: Int

        public init(numerator: Int = 0, denominator: Int = 0) {
            self.numerator = numerator
            self.denominator = denominator
        }

        public static func + (lhs: Count, rhs: Count) -> Count {
            Count(numerator: lhs.numerator + rhs.numerator, denominator: lhs.denominator + rhs.denominator)
        }

        public static func - (lhs: Count, rhs: Count) -> Count {
            Count(numerator: lhs.numerator - rhs.numerator, denominator: lhs.denominator - rhs.denominator)
        }

        public var isZero: Bool { numerator == 0 && denominator == 0 }
    }

    /// What `facts` adds to the monthly aggregates. `facts` may be a dossier's facts from all its events, or the
    /// facts as they stood at a report's `as_of` (``DossierFacts/known(at:)``); the result is the same function of
    /// either.
    public static func contribution(of facts: DossierFacts, calendar: BusinessCalendar) -> [Key: Count] {
        var result: [Key: Count] = [:]
        func add(_ moment: Date, _ metric: String, passed: Bool) {
            let key = Key(agency: facts.agency, procedure: facts.procedure, month: LocalDate.firstOfMonth(of: moment), metric: metric)
            result[key, default: Count()] = result[key, default: Count()] + Count(numerator: passed ? 1 : 0, denominator: 1)
        }

        let received = facts.receivedAt
        add(received, MetricID.channelOnline.rawValue, passed: facts.channel == .online)
        add(received, MetricID.channelPostalIn.rawValue, passed: facts.channel == .postal)
        add(received, MetricID.channelDirect.rawValue, passed: facts.channel == .direct)
        add(received, MetricID.digitizationDossiers.rawValue, passed: facts.isDigitized)
        add(received, MetricID.digitizationReuse.rawValue, passed: facts.anyComponentReused)
        if facts.isFeeBearing { add(received, MetricID.paymentOnline.rawValue, passed: facts.paidOnline) }

        for returned in facts.returns {
            add(returned.at, MetricID.returnPostal.rawValue, passed: returned.channel == .postal)
        }
        if facts.writtenResultRequired, let ready = facts.resultReadyAt {
            add(ready, MetricID.digitizationResults.rawValue, passed: facts.resultIsElectronic)
        }
        if let end = facts.end {
            let ended = endedTimeliness(facts, end: end, calendar: calendar)
            add(end.at, timelinessEnded, passed: !ended.late)
            if ended.late { add(end.at, timelinessEndedLate, passed: ended.apologizedInTime) }
        }
        return result
    }

    /// Late and timely apology of an ended dossier. Every pause of an ended dossier is over by its end (events of a
    /// dossier never go back in time, and an end closes an open pause), so any cutoff at or after the end gives the
    /// same effective due moment; the end itself is used.
    static func endedTimeliness(_ facts: DossierFacts, end: DossierFacts.End, calendar: BusinessCalendar) -> (late: Bool, apologizedInTime: Bool) {
        let late = facts.isLate(cutoff: end.at, calendar: calendar)
        return (late, late && facts.apologizedInTime(cutoff: end.at, calendar: calendar))
    }

    /// `new − old`, without the keys that did not change.
    static func delta(from old: [Key: Count], to new: [Key: Count]) -> [Key: Count] {
        var result = new
        for (key, count) in old {
            result[key, default: Count()] = result[key, default: Count()] - count
        }
        return result.filter { !$0.value.isZero }
    }

    // MARK: - Storing facts

    /// Facts as stored in `metric_dossier.facts`: moments as case-log timestamps (microseconds, +07:00), which read
    /// back to the identical `Date`.
    static var factsEncoder: JSONEncoder { StoredJSON.encoder }

    static let factsDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            do {
                return try CaseLogTimestamp.parse(text)
            } catch {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a case-log timestamp: \(text)")
            }
        }
        return decoder
    }()

    public static func decodeFacts(_ json: String) throws -> DossierFacts {
        try factsDecoder.decode(DossierFacts.self, from: Data(json.utf8))
    }

    public static func encodeFacts(_ facts: DossierFacts) throws -> String {
        String(decoding: try factsEncoder.encode(facts), as: UTF8.self)
    }

    /// One `metric_dossier` row, in the shape `jsonb_to_recordset` reads.
    struct Row: Encodable {
        var dossierID: Int
        var code: String
        var agencyCode: String
        var procedureCode: String
        var channel: String
        var receivedAt: Date
        var dueAt: Date
        var endAt: Date?
        var endLate: Bool?
        var endApologizedInTime: Bool?
        var lastEventAt: Date
        var writtenResult: Bool
        var fee: Int
        var componentsDigitizedAt: Date?
        var reusedAt: Date?
        var paidOnlineAt: Date?
        var resultReadyAt: Date?
        var resultElectronicAt: Date?
        var returnAt: [Date]
        var returnChannel: [String]
        var facts: DossierFacts

        enum CodingKeys: String, CodingKey {
            case dossierID = "dossier_id"
            case code
            case agencyCode = "agency_code"
            case procedureCode = "procedure_code"
            case channel
            case receivedAt = "received_at"
            case dueAt = "due_at"
            case endAt = "end_at"
            case endLate = "end_late"
            case endApologizedInTime = "end_apologized_in_time"
            case lastEventAt = "last_event_at"
            case writtenResult = "written_result"
            case fee
            case componentsDigitizedAt = "components_digitized_at"
            case reusedAt = "reused_at"
            case paidOnlineAt = "paid_online_at"
            case resultReadyAt = "result_ready_at"
            case resultElectronicAt = "result_electronic_at"
            case returnAt = "return_at"
            case returnChannel = "return_channel"
            case facts
        }

        init(dossierID: Int, facts: DossierFacts, lastEventAt: Date, calendar: BusinessCalendar) {
            self.dossierID = dossierID
            code = facts.dossier.description
            agencyCode = facts.agency
            procedureCode = facts.procedure
            channel = facts.channel.rawValue
            receivedAt = facts.receivedAt
            dueAt = facts.due
            endAt = facts.end?.at
            if let end = facts.end {
                let ended = MetricsProjection.endedTimeliness(facts, end: end, calendar: calendar)
                endLate = ended.late
                endApologizedInTime = ended.apologizedInTime
            }
            self.lastEventAt = lastEventAt
            writtenResult = facts.writtenResultRequired
            fee = facts.fee
            componentsDigitizedAt = facts.componentsDigitizedAt
            reusedAt = facts.reusedAt
            paidOnlineAt = facts.paidOnlineAt
            resultReadyAt = facts.resultReadyAt
            if let ready = facts.resultReadyAt {
                if facts.resultElectronicAtReady {
                    resultElectronicAt = ready
                } else if let digitized = facts.resultDigitizedAt {
                    resultElectronicAt = max(ready, digitized)
                }
            }
            returnAt = facts.returns.map(\.at)
            returnChannel = facts.returns.map(\.channel.rawValue)
            self.facts = facts
        }
    }

    /// One delta of `metric_month`, in the shape `jsonb_to_recordset` reads.
    struct MonthDelta: Encodable {
        var agencyCode: String
        var procedureCode: String
        var month: String
        var metric: String
        var numerator: Int
        var denominator: Int

        enum CodingKeys: String, CodingKey {
            case agencyCode = "agency_code"
            case procedureCode = "procedure_code"
            case month, metric, numerator, denominator
        }

        init(_ key: Key, _ count: Count) {
            agencyCode = key.agency
            procedureCode = key.procedure
            month = key.month.description
            metric = key.metric
            numerator = count.numerator
            denominator = count.denominator
        }
    }
}
