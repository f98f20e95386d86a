public import CaseDomain
public import CaseStore
import Crypto
public import Foundation
import Logging
import Postgres

/// A rubric as stored: its document and the version (the SHA-256 of the file, 12 hex digits) in force.
public struct StoredRubric: Sendable, Equatable {
    public var rubric: Rubric
    public var version: String
    public var loadedAt: Date

    public var id: String { rubric.id }
}

/// Points an admin entered for a manual criterion, with who and when.
public struct ManualScoreRecord: Sendable, Equatable, Codable {
    public var rubric: String
    public var agency: String
    public var period: ReportPeriod
    public var score: ManualScore
    public var enteredAt: Date

    enum CodingKeys: String, CodingKey {
        case rubric, agency, period, score
        case enteredAt = "entered_at"
    }
}

/// Scoring rubrics (data, versioned: `rubrics/*.json` carried in the binary) and the manual scores entered for them.
public struct RubricStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(database: Database) {
        self.client = database.client
        self.logger = database.logger
    }

    /// The rubric files carried in the binary, with the version of each (its SHA-256, 12 hex digits).
    public static func embedded() throws -> [(rubric: Rubric, version: String, text: String)] {
        try EmbeddedRubrics.files.map { file in
            let rubric = try Rubric.decode(from: Data(file.text.utf8))
            return (rubric, version(of: file.text), file.text)
        }
    }

    static func version(of text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined().prefix(12).description
    }

    /// Stores the embedded rubrics whose version is not stored yet; returns the ids of those stored now.
    @discardableResult
    public func loadEmbedded() async throws -> [String] {
        var loaded: [String] = []
        for (rubric, version, text) in try Self.embedded() {
            let inserted = try await client.query(
                """
                INSERT INTO rubric (id, version, document, source) VALUES (\(rubric.id), \(version), \(text)::jsonb, 'embedded')
                ON CONFLICT (id, version) DO NOTHING
                """
            ).affectedRows
            if inserted > 0 {
                loaded.append(rubric.id)
                logger.info("rubric loaded", metadata: ["rubric": "\(rubric.id)", "version": "\(version)"])
            }
        }
        return loaded
    }

    /// The version in force of every rubric (the one loaded last), by id.
    public func rubrics() async throws -> [StoredRubric] {
        var result = try await stored(id: nil)
        if result.isEmpty {
            // A database nobody started a worker or server on yet: the binary's own rubrics.
            try await loadEmbedded()
            result = try await stored(id: nil)
        }
        return result
    }

    /// The version in force of one rubric.
    public func rubric(id: String) async throws -> StoredRubric? {
        if let found = try await stored(id: id).first { return found }
        guard try Self.embedded().contains(where: { $0.rubric.id == id }) else { return nil }
        try await loadEmbedded()
        return try await stored(id: id).first
    }

    /// The rubric to score `period` with when none is named: among those in force on the period's last day (valid
    /// from on or before it, not expired before the period starts), the national one first, then the newest.
    public func defaultRubric(for period: ReportPeriod) async throws -> StoredRubric? {
        let interval = period.interval
        let first = VietnamTime.localDate(of: interval.start).description
        let last = VietnamTime.localDate(of: interval.end.addingTimeInterval(-1)).description
        let candidates = try await rubrics().filter { stored in
            stored.rubric.validFrom <= last && (stored.rubric.validUntil.map { $0 >= first } ?? true)
        }
        return candidates.sorted { a, b in
            let aNational = a.rubric.scope == "national"
            let bNational = b.rubric.scope == "national"
            if aNational != bNational { return aNational }
            return a.rubric.validFrom > b.rubric.validFrom
        }.first
    }

    private func stored(id: String?) async throws -> [StoredRubric] {
        var query: PostgresQuery = """
            SELECT DISTINCT ON (id) id, version, document::text, loaded_at FROM rubric
            """
        if let id { query.append(" WHERE id = \(id)") }
        query.append(" ORDER BY id, loaded_at DESC, version")
        var result: [StoredRubric] = []
        for row in try await client.query(query) {
            let (_, version, text, loadedAt) = try row.decode((String, String, String, Date).self)
            result.append(StoredRubric(rubric: try Rubric.decode(from: Data(text.utf8)), version: version, loadedAt: loadedAt))
        }
        return result
    }

    // MARK: - Manual scores

    /// Records (or replaces) an admin's points for a manual criterion, after checking them against the rubric:
    /// the criterion exists and is manual, the points are within 0…max with at most two decimals, evidence is given.
    @discardableResult
    public func setManualScore(
        rubric rubricID: String,
        agency: String,
        period: ReportPeriod,
        score: ManualScore
    ) async throws
        -> ManualScoreRecord
    {
        guard let rubric = try await rubric(id: rubricID)?.rubric else {
            throw StoreError.invalid("rubric", "Không có bộ tiêu chí \(rubricID).", "No rubric \(rubricID).")
        }
        guard let criterion = rubric.criteria.first(where: { $0.id == score.criterion }) else {
            throw StoreError.invalid(
                "criterion",
                "Bộ tiêu chí \(rubricID) không có tiêu chí \(score.criterion).",
                "Rubric \(rubricID) has no criterion \(score.criterion)."
            )
        }
        guard criterion.isManual else {
            throw StoreError.invalid(
                "criterion",
                "Tiêu chí \(score.criterion) được tính tự động từ chỉ số, không chấm thủ công.",
                "Criterion \(score.criterion) is computed from a metric and cannot be scored by hand."
            )
        }
        let evidence = score.evidence.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !evidence.isEmpty, evidence.count <= 4000 else {
            throw StoreError.invalid("evidence", "Cần nêu minh chứng (tối đa 4000 ký tự).", "Evidence is required (at most 4000 characters).")
        }
        let points = score.notApplicable ? Decimal(0) : score.points
        guard points >= 0, points <= criterion.max else {
            throw StoreError.invalid(
                "points",
                "Điểm phải từ 0 đến \(criterion.max) (tiêu chí \(criterion.id)).",
                "Points must be between 0 and \(criterion.max) (criterion \(criterion.id))."
            )
        }
        var rounded = points
        var copy = points
        NSDecimalRound(&rounded, &copy, 2, .plain)
        guard rounded == points else {
            throw StoreError.invalid("points", "Điểm chỉ có tối đa hai chữ số thập phân.", "Points have at most two decimals.")
        }
        guard let enteredBy = score.enteredBy, !enteredBy.isEmpty else {
            throw StoreError.invalid("entered_by", "Thiếu người nhập điểm.", "Who entered the points is missing.")
        }
        let pointsText = NSDecimalNumber(decimal: points).stringValue
        let row = try await mappingErrors {
            try await client.query(
                """
                INSERT INTO manual_score (rubric_id, agency_code, period, criterion_id, points, not_applicable, evidence, loss_reason, entered_by)
                VALUES (\(rubricID), \(agency), \(period.description), \(score.criterion), \(pointsText)::numeric, \(score.notApplicable),
                    \(evidence), \(score.lossReason), \(enteredBy))
                ON CONFLICT (rubric_id, agency_code, period, criterion_id) DO UPDATE SET points = EXCLUDED.points,
                    not_applicable = EXCLUDED.not_applicable, evidence = EXCLUDED.evidence, loss_reason = EXCLUDED.loss_reason,
                    entered_by = EXCLUDED.entered_by, entered_at = now()
                RETURNING entered_at
                """
            ).one()
        }
        let entered = ManualScore(
            criterion: score.criterion,
            points: points,
            evidence: evidence,
            lossReason: score.lossReason,
            notApplicable: score.notApplicable,
            enteredBy: enteredBy
        )
        return ManualScoreRecord(rubric: rubricID, agency: agency, period: period, score: entered, enteredAt: try row.decode(Date.self, column: 0))
    }

    /// The manual scores of one rubric, agency and period, by criterion.
    public func manualScores(rubric rubricID: String, agency: String, period: ReportPeriod) async throws -> [ManualScoreRecord] {
        let rows = try await client.query(
            """
            SELECT criterion_id, points::text, not_applicable, evidence, loss_reason, entered_by, entered_at FROM manual_score
            WHERE rubric_id = \(rubricID) AND agency_code = \(agency) AND period = \(period.description)
            ORDER BY criterion_id
            """
        )
        return try rows.map { row in
            let (criterion, points, notApplicable, evidence, lossReason, enteredBy, enteredAt) =
                try row.decode((String, String, Bool, String, String?, String, Date).self)
            let score = ManualScore(
                criterion: criterion,
                points: Decimal(string: points, locale: Locale(identifier: "en_US_POSIX")) ?? 0,
                evidence: evidence,
                lossReason: lossReason,
                notApplicable: notApplicable,
                enteredBy: enteredBy
            )
            return ManualScoreRecord(rubric: rubricID, agency: agency, period: period, score: score, enteredAt: enteredAt)
        }
    }
}
