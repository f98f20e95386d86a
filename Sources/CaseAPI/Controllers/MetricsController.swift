import CaseDomain
public import CaseMetrics
import Foundation
public import Hummingbird
import NIOCore

/// Metrics, scores and rankings (`/api/v1/metrics`, `/scores`, `/rankings`), the rubrics, and the manual criteria an
/// admin scores with evidence. Readable by `leader` (one with an agency sees only that agency) and `admin`.
struct MetricsController {
    let reporter: MetricsReporter
    let rubrics: RubricStore
    let now: @Sendable () -> Date

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("metrics", use: metrics)
        routes.get("scores", use: scores)
        routes.get("rankings", use: rankings)
        routes.get("rubrics", use: listRubrics)
        routes.get("manual-scores", use: manualScores)
        routes.put("manual-scores/{rubric}/{agency}/{period}/{criterion}", use: putManualScore)
        return routes
    }

    // MARK: Reads

    /// `GET /api/v1/metrics?agency=BDT&period=2025-Q2[&procedure=…][&as_of=…]`.
    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> MetricsJSON {
        let principal = try context.require(.leader, .admin)
        try StrictJSON.onlyQuery(request, allowed: ["agency", "period", "procedure", "as_of"])
        let query = request.uri.queryParameters
        let agency = try Self.agency(query.get("agency"), principal: principal)
        let period = try Self.period(query.get("period"))
        let asOf = try Self.asOf(query.get("as_of"), now: now())
        let procedure = query.get("procedure").flatMap { $0.isEmpty ? nil : $0 }
        let report = try await reporter.report(agency: agency, period: period, rubricID: nil, asOf: asOf, procedure: procedure, ranked: false)
        return MetricsJSON(
            agency: report.agency,
            agencyName: report.agencyName,
            period: report.period.description,
            periodStart: VietnamTime.rfc3339(period.interval.start),
            periodEnd: VietnamTime.rfc3339(period.interval.end),
            asOf: VietnamTime.rfc3339(asOf),
            procedure: procedure,
            metrics: report.metrics
        )
    }

    /// `GET /api/v1/scores?agency=BDT&period=2025[&rubric=766-2022][&as_of=…][&format=json|csv|text]`: the report of
    /// `tthc report`.
    @Sendable func scores(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.leader, .admin)
        try StrictJSON.onlyQuery(request, allowed: ["agency", "period", "rubric", "as_of", "format"])
        let query = request.uri.queryParameters
        let agency = try Self.agency(query.get("agency"), principal: principal)
        let period = try Self.period(query.get("period"))
        let asOf = try Self.asOf(query.get("as_of"), now: now())
        let format =
            try query.get("format").map { text in
                guard let format = MetricsReportFormat(rawValue: text) else {
                    throw APIError.badRequest("format phải là json, csv hoặc text.", "format must be json, csv or text.", field: "format")
                }
                return format
            } ?? .json
        let rubric = query.get("rubric").flatMap { $0.isEmpty ? nil : $0 }
        let report = try await reporter.report(agency: agency, period: period, rubricID: rubric, asOf: asOf)
        let contentType: String
        switch format {
        case .json: contentType = "application/json; charset=utf-8"
        case .csv: contentType = "text/csv; charset=utf-8"
        case .text: contentType = "text/plain; charset=utf-8"
        }
        var headers: HTTPFields = [.contentType: contentType]
        if format == .csv { headers[.contentDisposition] = "attachment; filename=\"\(agency)-\(period).csv\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: try report.rendered(as: format))))
    }

    /// `GET /api/v1/rankings?period=2025[&rubric=…][&as_of=…][&basis=total|percentage]`. A leader of one agency sees
    /// only that agency's line (its rank among all).
    @Sendable func rankings(_ request: Request, context: AppRequestContext) async throws -> RankingReport {
        let principal = try context.require(.leader, .admin)
        try StrictJSON.onlyQuery(request, allowed: ["period", "rubric", "as_of", "basis"])
        let query = request.uri.queryParameters
        let period = try Self.period(query.get("period"))
        let asOf = try Self.asOf(query.get("as_of"), now: now())
        let basis =
            try query.get("basis").map { text in
                guard let basis = Ranking.Basis(rawValue: text) else {
                    throw APIError.badRequest("basis phải là total hoặc percentage.", "basis must be total or percentage.", field: "basis")
                }
                return basis
            } ?? .total
        var ranking = try await reporter.ranking(
            period: period,
            rubricID: query.get("rubric").flatMap { $0.isEmpty ? nil : $0 },
            asOf: asOf,
            basis: basis
        )
        if principal.role == .leader, let own = principal.agency {
            ranking.entries = ranking.entries.filter { $0.agency == own }
        }
        return ranking
    }

    /// `GET /api/v1/rubrics`: the rubrics in force, with their groups and criteria.
    @Sendable func listRubrics(_ request: Request, context: AppRequestContext) async throws -> [RubricJSON] {
        _ = try context.require(.leader, .admin)
        try StrictJSON.onlyQuery(request, allowed: [])
        let stored = try await rubrics.rubrics()
        return stored.map { RubricJSON(version: $0.version, loadedAt: VietnamTime.rfc3339($0.loadedAt), rubric: $0.rubric) }
    }

    /// `GET /api/v1/manual-scores?rubric=…&agency=…&period=…`.
    @Sendable func manualScores(_ request: Request, context: AppRequestContext) async throws -> [ManualScoreRecord] {
        let principal = try context.require(.leader, .admin)
        try StrictJSON.onlyQuery(request, allowed: ["rubric", "agency", "period"])
        let query = request.uri.queryParameters
        let agency = try Self.agency(query.get("agency"), principal: principal)
        let period = try Self.period(query.get("period"))
        guard let rubric = query.get("rubric"), !rubric.isEmpty else {
            throw APIError.badRequest("Thiếu tham số rubric.", "The rubric parameter is required.", field: "rubric")
        }
        return try await rubrics.manualScores(rubric: rubric, agency: agency, period: period)
    }

    // MARK: Manual criteria

    struct ManualScoreBody: Decodable {
        var points: Decimal?
        var evidence: String
        var lossReason: String?
        var notApplicable: Bool?

        enum CodingKeys: String, CodingKey {
            case points, evidence
            case lossReason = "loss_reason"
            case notApplicable = "not_applicable"
        }
    }

    /// `PUT /api/v1/manual-scores/{rubric}/{agency}/{period}/{criterion}` (admin):
    /// `{"points":1.5,"evidence":"Báo cáo 35/BC-BDT","loss_reason":"…"}` or `{"not_applicable":true,"evidence":"…"}`.
    @Sendable func putManualScore(_ request: Request, context: AppRequestContext) async throws -> ManualScoreRecord {
        let principal = try context.require(.admin)
        let rubric = try context.parameters.require("rubric")
        let agency = try context.parameters.require("agency")
        let period = try Self.period(context.parameters.get("period"))
        let criterion = try context.parameters.require("criterion")
        let text = try await RequestBody.text(of: request, context: context)
        let body = try StrictJSON.decode(ManualScoreBody.self, from: text, allowed: ["points", "evidence", "loss_reason", "not_applicable"])
        let notApplicable = body.notApplicable ?? false
        guard notApplicable || body.points != nil else {
            throw APIError.badRequest("Cần points, hoặc not_applicable: true.", "points is required unless not_applicable is true.", field: "points")
        }
        let record = try await rubrics.setManualScore(
            rubric: rubric,
            agency: agency,
            period: period,
            score: ManualScore(
                criterion: criterion,
                points: body.points ?? 0,
                evidence: body.evidence,
                lossReason: body.lossReason,
                notApplicable: notApplicable,
                enteredBy: principal.name
            )
        )
        return record
    }

    // MARK: Parameters

    /// The agency asked for, or the leader's own; a leader of one agency may not read another's.
    static func agency(_ requested: String?, principal: Principal) throws -> String {
        let requested = requested.flatMap { $0.isEmpty ? nil : $0 }
        if principal.role == .leader, let own = principal.agency {
            if let requested, requested != own {
                throw APIError(
                    .forbidden,
                    code: "other_agency",
                    vietnamese: "Lãnh đạo chỉ xem số liệu của cơ quan mình (\(own)).",
                    english: "A leader reads only their own agency's figures (\(own)).",
                    field: "agency"
                )
            }
            return own
        }
        guard let requested else {
            throw APIError.badRequest("Thiếu tham số agency.", "The agency parameter is required.", field: "agency")
        }
        return requested
    }

    static func period(_ text: String?) throws -> ReportPeriod {
        guard let text, let period = ReportPeriod(text) else {
            throw APIError.badRequest(
                "period phải có dạng 2025, 2025-Q2 hoặc 2025-03.",
                "period must look like 2025, 2025-Q2 or 2025-03.",
                field: "period"
            )
        }
        return period
    }

    static func asOf(_ text: String?, now: Date) throws -> Date {
        guard let text, !text.isEmpty else { return now }
        guard let moment = VietnamTime.parseRFC3339(text) else {
            throw APIError.badRequest(
                "as_of phải là thời điểm RFC 3339 có múi giờ, ví dụ 2025-07-01T00:00:00+07:00.",
                "as_of must be an RFC 3339 moment with an offset, e.g. 2025-07-01T00:00:00+07:00.",
                field: "as_of"
            )
        }
        return moment
    }

    struct MetricsJSON: ResponseEncodable {
        var agency: String
        var agencyName: String
        var period: String
        var periodStart: String
        var periodEnd: String
        var asOf: String
        var procedure: String?
        var metrics: [MetricLine]

        enum CodingKeys: String, CodingKey {
            case agency, period, procedure, metrics
            case agencyName = "agency_name"
            case periodStart = "period_start"
            case periodEnd = "period_end"
            case asOf = "as_of"
        }
    }

    struct RubricJSON: ResponseEncodable {
        var version: String
        var loadedAt: String
        var rubric: Rubric

        enum CodingKeys: String, CodingKey {
            case version, rubric
            case loadedAt = "loaded_at"
        }
    }
}

extension RankingReport: ResponseEncodable {}
extension ManualScoreRecord: ResponseEncodable {}
