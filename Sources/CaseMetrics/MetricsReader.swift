public import CaseDomain
public import CaseStore
public import Foundation
import Logging
import Postgres

/// The metrics of one agency and period as the projection gives them: every metric of CASE-LOG.md §2 with its
/// numerator and denominator, and the first members of each metric's failing side (dossier codes; procedure codes for
/// `procedures.with_online_dossiers`), sorted as ``MetricCount`` sorts them.
public struct AgencyMetrics: Sendable, Equatable {
    public var agency: String
    public var period: ReportPeriod
    public var asOf: Date
    /// Only this procedure's dossiers, when given.
    public var procedure: String?
    public var counts: [MetricID: MetricsProjection.Count]
    /// Up to the requested number of failing members per metric (empty when none were requested).
    public var failing: [MetricID: [String]]

    public subscript(id: MetricID) -> MetricsProjection.Count { counts[id] ?? MetricsProjection.Count() }

    /// The values a rubric scores, in the order of ``MetricID``.
    public var values: [MetricValue] {
        MetricID.allCases.map { MetricValue(id: $0.rawValue, numerator: self[$0].numerator, denominator: self[$0].denominator) }
    }

    /// The failing members as scoring evidence.
    public var evidence: [String: MetricEvidence] {
        Dictionary(uniqueKeysWithValues: failing.filter { !$0.value.isEmpty }.map { ($0.key.rawValue, MetricEvidence(codes: $0.value)) })
    }
}

/// Reads metrics from the projection: the monthly aggregates of the period, corrected for the dossiers that changed
/// after `as_of`, plus the parts that depend on the cutoff, computed now (docs/metrics.md, "Reading").
public struct MetricsReader: Sendable {
    let client: PostgresClient
    let projection: MetricsProjectionStore

    public init(database: Database) {
        self.client = database.client
        self.projection = MetricsProjectionStore(database: database)
    }

    /// The metrics of `agency` for `period` as seen at `asOf`, with up to `evidenceLimit` failing members per metric.
    public func metrics(
        agency: String,
        period: ReportPeriod,
        asOf: Date,
        procedure: String? = nil,
        evidenceLimit: Int = 0
    ) async throws -> AgencyMetrics {
        // One snapshot for every query, so that a batch committing meanwhile cannot be half seen.
        try await client.withTransaction(isolation: .repeatableRead, readOnly: true) { session in
            try await metrics(agency: agency, period: period, asOf: asOf, procedure: procedure, evidenceLimit: evidenceLimit, session: session)
        }
    }

    /// The metrics of several agencies from one snapshot (for a ranking).
    public func metrics(agencies: [String], period: ReportPeriod, asOf: Date) async throws -> [AgencyMetrics] {
        try await client.withTransaction(isolation: .repeatableRead, readOnly: true) { session in
            var result: [AgencyMetrics] = []
            for agency in agencies {
                result.append(try await metrics(agency: agency, period: period, asOf: asOf, procedure: nil, evidenceLimit: 0, session: session))
            }
            return result
        }
    }

    typealias Count = MetricsProjection.Count

    func metrics(
        agency: String,
        period: ReportPeriod,
        asOf: Date,
        procedure: String?,
        evidenceLimit: Int,
        session: PostgresSession
    ) async throws -> AgencyMetrics {
        let interval = period.interval
        let cutoff = min(interval.end, asOf)
        let (fromMonth, untilMonth) = period.monthRange
        let references = try await projection.references(session)
        let calendar = references.calendar(agency: agency)
        let procedureFilter: PostgresQuery = procedure.map { "procedure_code = \($0)" } ?? "TRUE"

        // 1. The aggregates of the period's months, per procedure and metric.
        var byProcedure: [String: [String: Count]] = [:]
        for row in try await session.query(
            """
            SELECT procedure_code, metric, sum(numerator)::bigint, sum(denominator)::bigint FROM metric_month
            WHERE agency_code = \(agency) AND month >= \(fromMonth) AND month < \(untilMonth) AND \(procedureFilter)
            GROUP BY procedure_code, metric
            """
        ) {
            let (code, metric, numerator, denominator) = try row.decode((String, String, Int, Int).self)
            byProcedure[code, default: [:]][metric] = Count(numerator: numerator, denominator: denominator)
        }
        func add(_ contribution: [MetricsProjection.Key: Count], sign: Int) {
            for (key, count) in contribution where key.month >= fromMonth && key.month < untilMonth {
                let signed = Count(numerator: sign * count.numerator, denominator: sign * count.denominator)
                byProcedure[key.procedure, default: [:]][key.metric, default: Count()] =
                    byProcedure[key.procedure, default: [:]][key.metric, default: Count()] + signed
            }
        }

        // 2. Dossiers with events after as_of: replace what they added by what they had added at as_of.
        for row in try await session.query(
            """
            SELECT facts::text FROM metric_dossier
            WHERE agency_code = \(agency) AND \(procedureFilter) AND received_at < \(interval.end) AND last_event_at > \(asOf)
            """
        ) {
            let facts = try MetricsProjection.decodeFacts(try row.decode(String.self, column: 0))
            add(MetricsProjection.contribution(of: facts, calendar: calendar), sign: -1)
            if let then = facts.known(at: asOf) { add(MetricsProjection.contribution(of: then, calendar: calendar), sign: 1) }
        }

        // 3. Dossiers open and overdue at the cutoff (CASE-LOG.md §2, timeliness): only those still open at the cutoff
        //    and due before it can be, and the pause arithmetic needs the calendar, so they are checked here.
        var overdue = Count()
        var overdueCodes: [String] = []
        var overdueWithoutApology: [String] = []
        for row in try await session.query(
            """
            SELECT facts::text FROM metric_dossier
            WHERE agency_code = \(agency) AND \(procedureFilter) AND coalesce(end_at, 'infinity'::timestamptz) >= \(cutoff)
                AND received_at < \(cutoff) AND due_at < \(cutoff)
            """
        ) {
            let facts = try MetricsProjection.decodeFacts(try row.decode(String.self, column: 0))
            guard let known = facts.known(at: asOf) else { continue }
            if let end = known.end, interval.start <= end.at, end.at < interval.end { continue }
            guard let atCutoff = known.known(before: cutoff), atCutoff.end == nil, atCutoff.isLate(cutoff: cutoff, calendar: calendar) else {
                continue
            }
            overdue.denominator += 1
            overdueCodes.append(facts.dossier.description)
            if atCutoff.apologizedInTime(cutoff: cutoff, calendar: calendar) {
                overdue.numerator += 1
            } else {
                overdueWithoutApology.append(facts.dossier.description)
            }
        }

        // 4. The metrics.
        func total(_ metric: String) -> Count {
            byProcedure.values.reduce(Count()) { $0 + ($1[metric] ?? Count()) }
        }
        var counts: [MetricID: Count] = [:]
        for id in [
            MetricID.channelOnline, .channelPostalIn, .channelDirect, .returnPostal, .digitizationDossiers, .digitizationResults,
            .digitizationReuse, .paymentOnline,
        ] {
            counts[id] = total(id.rawValue)
        }
        let ended = total(MetricsProjection.timelinessEnded)
        let endedLate = total(MetricsProjection.timelinessEndedLate)
        counts[.timelinessOnTime] = Count(numerator: ended.numerator, denominator: ended.denominator + overdue.denominator)
        counts[.timelinessLateWithApology] = endedLate + overdue

        // Procedures offered online by their version in force on the day of the cutoff's last moment (as MetricCounts).
        let cutoffDay = VietnamTime.localDate(of: cutoff.addingTimeInterval(-0.000_001))
        let onlineProcedures = references.catalog.procedures(of: agency, inForceOn: cutoffDay)
            .filter { $0.online.isOnlineCapable && (procedure == nil || $0.code == procedure) }
            .map(\.code).sorted()
        let withOnlineDossiers = onlineProcedures.filter { (byProcedure[$0]?[MetricID.channelOnline.rawValue]?.numerator ?? 0) > 0 }
        counts[.proceduresWithOnlineDossiers] = Count(numerator: withOnlineDossiers.count, denominator: onlineProcedures.count)

        var failing: [MetricID: [String]] = [:]
        if evidenceLimit > 0 {
            failing = try await failingMembers(
                agency: agency,
                interval: interval,
                asOf: asOf,
                procedure: procedure,
                limit: evidenceLimit,
                session: session
            )
            failing[.timelinessOnTime] = Array(((failing[.timelinessOnTime] ?? []) + overdueCodes).sorted().prefix(evidenceLimit))
            failing[.timelinessLateWithApology] = Array(
                ((failing[.timelinessLateWithApology] ?? []) + overdueWithoutApology).sorted().prefix(evidenceLimit)
            )
            let passed = Set(withOnlineDossiers)
            failing[.proceduresWithOnlineDossiers] = Array(onlineProcedures.filter { !passed.contains($0) }.prefix(evidenceLimit))
        }
        return AgencyMetrics(agency: agency, period: period, asOf: asOf, procedure: procedure, counts: counts, failing: failing)
    }

    /// The first `limit` members of the failing side of each metric stored per dossier, by code, as they stood at
    /// `asOf`. (The open-and-overdue dossiers and the procedures are added by the caller.)
    private func failingMembers(
        agency: String,
        interval: DateInterval,
        asOf: Date,
        procedure: String?,
        limit: Int,
        session: PostgresSession
    ) async throws -> [MetricID: [String]] {
        let procedureFilter: PostgresQuery = procedure.map { "procedure_code = \($0)" } ?? "TRUE"
        let returnsProcedureFilter: PostgresQuery = procedure.map { "d.procedure_code = \($0)" } ?? "TRUE"
        let start = interval.start
        let end = interval.end
        let received: PostgresQuery =
            "agency_code = \(agency) AND \(procedureFilter) AND received_at >= \(start) AND received_at < \(end) AND received_at <= \(asOf)"
        let rows = try await session.query(
            """
            (SELECT 'channel.online', code FROM metric_dossier WHERE \(received) AND channel <> 'online'
                ORDER BY code COLLATE "C" LIMIT \(limit))
            UNION ALL
            (SELECT 'channel.postal_in', code FROM metric_dossier WHERE \(received) AND channel <> 'postal'
                ORDER BY code COLLATE "C" LIMIT \(limit))
            UNION ALL
            (SELECT 'channel.direct', code FROM metric_dossier WHERE \(received) AND channel <> 'direct'
                ORDER BY code COLLATE "C" LIMIT \(limit))
            UNION ALL
            (SELECT 'digitization.dossiers', code FROM metric_dossier WHERE \(received)
                AND NOT (coalesce(components_digitized_at <= \(asOf), false)
                    AND (NOT written_result OR result_ready_at IS NULL OR result_ready_at > \(asOf)
                        OR coalesce(result_electronic_at <= \(asOf), false)))
                ORDER BY code COLLATE "C" LIMIT \(limit))
            UNION ALL
            (SELECT 'digitization.reuse', code FROM metric_dossier WHERE \(received) AND NOT coalesce(reused_at <= \(asOf), false)
                ORDER BY code COLLATE "C" LIMIT \(limit))
            UNION ALL
            (SELECT 'payment.online', code FROM metric_dossier WHERE \(received) AND fee > 0 AND NOT coalesce(paid_online_at <= \(asOf), false)
                ORDER BY code COLLATE "C" LIMIT \(limit))
            UNION ALL
            (SELECT 'return.postal', d.code FROM metric_dossier d, unnest(d.return_at, d.return_channel) AS r(at, channel)
                WHERE d.agency_code = \(agency) AND \(returnsProcedureFilter) AND d.received_at < \(end)
                    AND r.at >= \(start) AND r.at < \(end) AND r.at <= \(asOf) AND r.channel <> 'postal'
                ORDER BY d.code COLLATE "C" LIMIT \(limit))
            UNION ALL
            (SELECT 'digitization.results', code FROM metric_dossier
                WHERE agency_code = \(agency) AND \(procedureFilter) AND written_result
                    AND result_ready_at >= \(start) AND result_ready_at < \(end) AND result_ready_at <= \(asOf)
                    AND NOT coalesce(result_electronic_at <= \(asOf), false)
                ORDER BY code COLLATE "C" LIMIT \(limit))
            UNION ALL
            (SELECT 'timeliness.on_time', code FROM metric_dossier
                WHERE agency_code = \(agency) AND \(procedureFilter) AND end_at >= \(start) AND end_at < \(end) AND end_at <= \(asOf) AND end_late
                ORDER BY code COLLATE "C" LIMIT \(limit))
            UNION ALL
            (SELECT 'timeliness.late_with_apology', code FROM metric_dossier
                WHERE agency_code = \(agency) AND \(procedureFilter) AND end_at >= \(start) AND end_at < \(end) AND end_at <= \(asOf)
                    AND end_late AND NOT end_apologized_in_time
                ORDER BY code COLLATE "C" LIMIT \(limit))
            """
        )
        var result: [MetricID: [String]] = [:]
        for row in rows {
            let (metric, code) = try row.decode((String, String).self)
            guard let id = MetricID(rawValue: metric) else { continue }
            result[id, default: []].append(code)
        }
        return result
    }
}
