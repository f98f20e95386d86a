public import CaseDomain
public import CaseStore
public import Foundation
import Logging
import Postgres

/// One metric of a report: `{"id":"channel.online","numerator":3,"denominator":10,"rate":0.3,…}`, with `rate` null
/// when the denominator is 0 (not applicable), and the first members of the failing side.
public struct MetricLine: Sendable, Equatable, Encodable {
    public var id: String
    public var name: String
    public var nameEN: String
    public var numerator: Int
    public var denominator: Int
    /// The failing side's first members (dossier codes; procedure codes for `procedures.with_online_dossiers`).
    public var failing: [String]

    public var rate: Double? { denominator == 0 ? nil : Double(numerator) / Double(denominator) }
    public var failingCount: Int { denominator - numerator }

    enum CodingKeys: String, CodingKey {
        case id, name
        case nameEN = "name_en"
        case numerator, denominator, rate, failing
        case failingCount = "failing_count"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(nameEN, forKey: .nameEN)
        try container.encode(numerator, forKey: .numerator)
        try container.encode(denominator, forKey: .denominator)
        if let rate { try container.encode(rate, forKey: .rate) } else { try container.encodeNil(forKey: .rate) }
        try container.encode(failingCount, forKey: .failingCount)
        try container.encode(failing, forKey: .failing)
    }
}

/// A rank in a ranking: "xếp thứ 7/20".
public struct RankLine: Sendable, Equatable, Encodable {
    public var rank: Int
    public var of: Int
    public var agency: String
    public var agencyName: String
    public var total: Decimal
    public var totalMax: Decimal
    public var percentage: Decimal?
    public var tied: Bool

    /// "xếp thứ 7/20".
    public var label: String { "xếp thứ \(rank)/\(of)" }

    enum CodingKeys: String, CodingKey {
        case rank, of, agency
        case agencyName = "agency_name"
        case total
        case totalMax = "total_max"
        case percentage, tied, label
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rank, forKey: .rank)
        try container.encode(of, forKey: .of)
        try container.encode(agency, forKey: .agency)
        try container.encode(agencyName, forKey: .agencyName)
        try container.encode(total, forKey: .total)
        try container.encode(totalMax, forKey: .totalMax)
        if let percentage { try container.encode(percentage, forKey: .percentage) } else { try container.encodeNil(forKey: .percentage) }
        try container.encode(tied, forKey: .tied)
        try container.encode(label, forKey: .label)
    }
}

/// The report of one agency and period (`tthc report`, `GET /api/v1/scores`): metrics, the rubric's scorecard with its
/// reasons, and the agency's rank.
public struct MetricsReport: Sendable, Equatable, Encodable {
    public var agency: String
    public var agencyName: String
    public var period: ReportPeriod
    public var asOf: Date
    public var procedure: String?
    public var metrics: [MetricLine]
    public var rubricID: String?
    public var rubricVersion: String?
    public var rubricName: String?
    /// Nil when no rubric applies to the period.
    public var scorecard: Scorecard?
    /// Manual points as entered (with their evidence), shown apart from the computed ones.
    public var manualScores: [ManualScoreRecord]
    public var rank: RankLine?
    /// How far the projection had got when the report was read.
    public var worker: MetricsWorkerStatus?

    enum CodingKeys: String, CodingKey {
        case agency
        case agencyName = "agency_name"
        case period
        case periodStart = "period_start"
        case periodEnd = "period_end"
        case asOf = "as_of"
        case procedure, metrics, rubric, scores, groups, computed, manual
        case manualEntries = "manual_entries"
        case total
        case totalMax = "total_max"
        case percentage, rank, worker
    }

    struct RubricReference: Encodable {
        var id: String
        var version: String?
        var name: String?
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(agency, forKey: .agency)
        try container.encode(agencyName, forKey: .agencyName)
        try container.encode(period.description, forKey: .period)
        try container.encode(VietnamTime.rfc3339(period.interval.start), forKey: .periodStart)
        try container.encode(VietnamTime.rfc3339(period.interval.end), forKey: .periodEnd)
        try container.encode(VietnamTime.rfc3339(asOf), forKey: .asOf)
        try container.encodeIfPresent(procedure, forKey: .procedure)
        try container.encode(metrics, forKey: .metrics)
        if let rubricID {
            try container.encode(RubricReference(id: rubricID, version: rubricVersion, name: rubricName), forKey: .rubric)
        } else {
            try container.encodeNil(forKey: .rubric)
        }
        try container.encode(scorecard?.criteria ?? [], forKey: .scores)
        try container.encode(scorecard?.groups ?? [], forKey: .groups)
        if let scorecard {
            try container.encode(scorecard.computed, forKey: .computed)
            try container.encode(scorecard.manual, forKey: .manual)
            try container.encode(scorecard.total, forKey: .total)
            try container.encode(scorecard.totalMax, forKey: .totalMax)
            if let percentage = scorecard.percentage {
                try container.encode(percentage, forKey: .percentage)
            } else {
                try container.encodeNil(forKey: .percentage)
            }
        } else {
            try container.encodeNil(forKey: .total)
            try container.encodeNil(forKey: .totalMax)
            try container.encodeNil(forKey: .percentage)
        }
        try container.encode(manualScores.map(\.score), forKey: .manualEntries)
        if let rank { try container.encode(rank, forKey: .rank) } else { try container.encodeNil(forKey: .rank) }
        try container.encodeIfPresent(worker, forKey: .worker)
    }

    /// Every reason for a lost point, in Vietnamese, criterion by criterion.
    public var reasonsVI: [String] { scorecard?.lossReasons.map(\.vi) ?? [] }
}

/// The agencies of a period ranked by their total under one rubric (`GET /api/v1/rankings`).
public struct RankingReport: Sendable, Equatable, Encodable {
    public var rubricID: String
    public var rubricVersion: String
    public var period: ReportPeriod
    public var asOf: Date
    public var basis: Ranking.Basis
    public var entries: [RankLine]

    enum CodingKeys: String, CodingKey {
        case rubric
        case rubricVersion = "rubric_version"
        case period
        case asOf = "as_of"
        case basis, entries
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rubricID, forKey: .rubric)
        try container.encode(rubricVersion, forKey: .rubricVersion)
        try container.encode(period.description, forKey: .period)
        try container.encode(VietnamTime.rfc3339(asOf), forKey: .asOf)
        try container.encode(basis, forKey: .basis)
        try container.encode(entries, forKey: .entries)
    }
}

/// Builds reports and rankings from the projection, the rubrics and the manual scores.
public struct MetricsReporter: Sendable {
    let client: PostgresClient
    let reader: MetricsReader
    let rubrics: RubricStore
    let projection: MetricsProjectionStore

    public init(database: Database) {
        self.client = database.client
        self.reader = MetricsReader(database: database)
        self.rubrics = RubricStore(database: database)
        self.projection = MetricsProjectionStore(database: database)
    }

    /// The report of one agency.
    ///
    /// - Parameters:
    ///   - rubricID: the rubric to score with; nil: the rubric in force for the period (``RubricStore/defaultRubric(for:)``).
    ///   - evidenceLimit: how many failing members each metric lists.
    ///   - ranked: also rank the agency among all agencies (one more read per agency).
    public func report(
        agency: String,
        period: ReportPeriod,
        rubricID: String? = nil,
        asOf: Date,
        procedure: String? = nil,
        evidenceLimit: Int = 20,
        ranked: Bool = true
    ) async throws -> MetricsReport {
        let agencies = try await agencyNames()
        guard let agencyName = agencies[agency] else {
            throw StoreError.missing("Không có cơ quan mã \(agency).", "No agency with code \(agency).")
        }
        let metrics = try await reader.metrics(
            agency: agency,
            period: period,
            asOf: asOf,
            procedure: procedure,
            evidenceLimit: max(evidenceLimit, 5)
        )
        let lines = MetricID.allCases.map { id in
            MetricLine(
                id: id.rawValue,
                name: MetricNames.vietnamese(id),
                nameEN: MetricNames.english(id),
                numerator: metrics[id].numerator,
                denominator: metrics[id].denominator,
                failing: Array((metrics.failing[id] ?? []).prefix(evidenceLimit))
            )
        }
        var report = MetricsReport(
            agency: agency,
            agencyName: agencyName,
            period: period,
            asOf: asOf,
            procedure: procedure,
            metrics: lines,
            rubricID: nil,
            rubricVersion: nil,
            rubricName: nil,
            scorecard: nil,
            manualScores: [],
            rank: nil,
            worker: try? await projection.status(now: asOf)
        )
        guard let rubric = try await resolveRubric(rubricID, period: period) else { return report }
        let manual = try await rubrics.manualScores(rubric: rubric.id, agency: agency, period: period)
        report.rubricID = rubric.id
        report.rubricVersion = rubric.version
        report.rubricName = rubric.rubric.name
        report.manualScores = manual
        report.scorecard = try score(rubric.rubric, metrics: metrics, manual: manual.map(\.score), agency: agency)
        // A procedure's scorecard is not comparable with agencies' totals.
        if ranked, procedure == nil {
            let ranking = try await ranking(period: period, rubricID: rubric.id, asOf: asOf)
            report.rank = ranking.entries.first { $0.agency == agency }
        }
        return report
    }

    /// Every agency of the catalogue ranked by its total (or percentage) for `period`.
    public func ranking(period: ReportPeriod, rubricID: String? = nil, asOf: Date, basis: Ranking.Basis = .total) async throws -> RankingReport {
        guard let rubric = try await resolveRubric(rubricID, period: period) else {
            throw StoreError.invalid("rubric", "Không có bộ tiêu chí áp dụng cho kỳ \(period).", "No rubric applies to the period \(period).")
        }
        let agencies = try await agencyNames()
        let codes = agencies.keys.sorted()
        let all = try await reader.metrics(agencies: codes, period: period, asOf: asOf)
        var scorecards: [(code: String, name: String, scorecard: Scorecard)] = []
        for metrics in all {
            let manual = try await rubrics.manualScores(rubric: rubric.id, agency: metrics.agency, period: period)
            let card = try score(rubric.rubric, metrics: metrics, manual: manual.map(\.score), agency: metrics.agency)
            scorecards.append((metrics.agency, agencies[metrics.agency] ?? metrics.agency, card))
        }
        let ranking: Ranking
        do {
            ranking = try Ranking(rubricID: rubric.id, period: period.description, scorecards: scorecards, basis: basis)
        } catch {
            throw StoreError.conflict(BilingualMessage(vietnamese: error.messageVI, english: error.description), code: "ranking")
        }
        let byCode = Dictionary(uniqueKeysWithValues: scorecards.map { ($0.code, $0.scorecard) })
        let entries = ranking.entries.map { entry in
            let card = byCode[entry.agencyCode]
            return RankLine(
                rank: entry.rank,
                of: entry.of,
                agency: entry.agencyCode,
                agencyName: entry.agencyName,
                total: card?.total ?? 0,
                totalMax: card?.totalMax ?? 0,
                percentage: card?.percentage,
                tied: entry.isTied
            )
        }
        return RankingReport(rubricID: rubric.id, rubricVersion: rubric.version, period: period, asOf: asOf, basis: basis, entries: entries)
    }

    private func resolveRubric(_ id: String?, period: ReportPeriod) async throws -> StoredRubric? {
        if let id {
            guard let stored = try await rubrics.rubric(id: id) else {
                throw StoreError.invalid("rubric", "Không có bộ tiêu chí \(id).", "No rubric \(id).")
            }
            return stored
        }
        return try await rubrics.defaultRubric(for: period)
    }

    private func score(_ rubric: Rubric, metrics: AgencyMetrics, manual: [ManualScore], agency: String) throws -> Scorecard {
        do {
            return try rubric.score(metrics: metrics.values, evidence: metrics.evidence, manual: manual, evidenceLimit: 5)
        } catch {
            let problems = error.problems.map { "\($0.path): \($0.vi)" }.joined(separator: "; ")
            throw StoreError.conflict(
                BilingualMessage(
                    vietnamese: "Không chấm được điểm cơ quan \(agency): \(problems)",
                    english: "Cannot score agency \(agency): \(error.description)"
                ),
                code: "scoring"
            )
        }
    }

    private func agencyNames() async throws -> [String: String] {
        var names: [String: String] = [:]
        for row in try await client.query("SELECT code, name FROM agency") {
            let (code, name) = try row.decode((String, String).self)
            names[code] = name
        }
        return names
    }
}
