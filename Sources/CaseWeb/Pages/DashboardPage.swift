import CaseAPI
import CaseDomain
import CaseMetrics
import Foundation
import Hummingbird
import Logging
import NIOCore

/// `GET /bang-dieu-khien` (leader, admin): for one agency and period, every criterion's rate, points out of its
/// maximum and the reasons for lost points; the ranking of agencies; four charts drawn as SVG on the server (channel
/// mix, on-time rate and digitization rates per month, points per criterion against the maximum), each with a text
/// alternative, its numbers in a table, and a CSV download (`GET /bang-dieu-khien/csv?bieu-do=…`).
///
/// Everything comes from the metrics worker's store (``MetricsReporter``, ``MetricsReader``): the report of the
/// period, the ranking, and one read per month of the period for the monthly charts.
extension WebInterface {
    struct DashboardContent {
        var agencyFixed: Bool
        var agencyCode: String
        var agencyName: String
        var agencyOptions: [SelectOption]
        var periodGroups: [PeriodGroup]
        var periodCode: String
        var periodLabel: String
        var asOfText: String
        var scored: Bool
        var rubricName: String
        var totalText: String
        var percentText: String
        var rankText: String
        var groups: [GroupRow]
        var criteria: [CriterionRow]
        var manualCriteria: [CriterionRow]
        var hasManual: Bool
        var metrics: [MetricRow]
        var ranking: [RankRow]
        var hasRanking: Bool
        var charts: [ChartView]
        var reportCSV: String
        var workerNote: String?
    }

    struct PeriodGroup {
        var groupLabel: String
        var periods: [SelectOption]
    }

    struct GroupRow {
        var groupName: String
        var groupPoints: String
    }

    struct CriterionRow {
        var criterionName: String
        var groupLabel: String
        var rateText: String
        var countsText: String
        var pointsText: String
        var statusText: String
        var statusClass: String
        var reasons: [String]
        var notes: [String]
    }

    struct MetricRow {
        var metricName: String
        var countsText: String
        var metricRate: String
        var failingText: String
    }

    struct RankRow {
        var rankText: String
        var rankAgency: String
        var rankTotal: String
        var rankPercent: String
        var own: Bool
    }

    struct ChartView {
        var chartID: String
        var heading: String
        var svg: String
        var summary: String
        var legend: [LegendItem]
        var headers: [String]
        var rows: [TableRow]
        var csvHref: String
    }

    struct LegendItem {
        var swatch: String
        var legendLabel: String
    }

    struct TableRow {
        var cells: [String]
    }

    /// The numbers of one chart: what its table shows and its CSV holds.
    struct ChartData {
        var id: String
        var heading: String
        var headers: [String]
        var rows: [[String]]
        var svg: String
        var summary: String
        var legend: [(swatch: String, label: String)]
    }

    func addDashboardRoutes(to pages: RouterGroup<WebRequestContext>) {
        pages.get("bang-dieu-khien") { request, context in try await dashboardPage(request, context: context) }
        pages.get("bang-dieu-khien/csv") { request, context in try await dashboardCSV(request, context: context) }
    }

    /// The agency and period asked for (or the defaults): a leader tied to an agency sees only that agency.
    private func dashboardSelection(_ request: Request, session: WebSession, agencies: [Agency]) throws -> (Agency, ReportPeriod) {
        let parameters = request.uri.queryParameters
        let principal = session.principal
        let requested = parameters.get("co-quan").flatMap { $0.isEmpty ? nil : $0 }
        let code: String
        if principal.role == .leader, let own = principal.agency {
            if let requested, requested != own { throw WebError.forbidden }
            code = own
        } else {
            code = requested ?? agencies.first?.code ?? ""
        }
        guard let agency = agencies.first(where: { $0.code == code }) else {
            throw WebError.notFound("Không có cơ quan mã \(code).", "No agency \(code).")
        }
        let today = VietnamTime.localDate(of: now())
        let period: ReportPeriod
        if let text = parameters.get("ky"), !text.isEmpty {
            guard let parsed = ReportPeriod(text) else {
                throw WebError(
                    .badRequest,
                    "Kỳ báo cáo phải có dạng 2026, 2026-Q1 hoặc 2026-03.",
                    "The period must look like 2026, 2026-Q1 or 2026-03."
                )
            }
            period = parsed
        } else {
            period = .year(today.year)
        }
        return (agency, period)
    }

    func dashboardPage(_ request: Request, context: WebRequestContext) async throws -> Response {
        let session = try context.require(.leader, .admin, returnTo: Self.here(request))
        let agencies = try await references.agencies()
        let (agency, period) = try dashboardSelection(request, session: session, agencies: agencies)
        let moment = now()
        let report = try await reporter.report(agency: agency.code, period: period, asOf: moment, ranked: false)
        var ranking: RankingReport?
        if report.scorecard != nil {
            var all = try await reporter.ranking(period: period, rubricID: report.rubricID, asOf: moment)
            if session.principal.role == .leader, let own = session.principal.agency {
                all.entries = all.entries.filter { $0.agency == own }
            }
            ranking = all
        }
        let charts = try await dashboardCharts(agency: agency.code, period: period, report: report, asOf: moment)
        let query = "co-quan=\(WebFormat.queryEscaped(agency.code))&ky=\(WebFormat.queryEscaped(period.description))"
        let scorecard = report.scorecard
        let rank = ranking?.entries.first { $0.agency == agency.code }
        let groupNames = Dictionary((scorecard?.groups ?? []).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        func row(_ line: Scorecard.Line) -> CriterionRow {
            CriterionRow(
                criterionName: line.name,
                groupLabel: groupNames[line.groupID] ?? line.groupID,
                rateText: line.kind == .manual ? "Chấm thủ công" : line.rate.map(SVGChart.percent) ?? "Không áp dụng",
                countsText: line.numerator.map { numerator in "\(numerator)/\(line.denominator ?? 0)" } ?? "",
                pointsText: "\(Self.decimal(line.points))/\(Self.decimal(line.countedMax))",
                statusText: Self.statusText(line.status),
                statusClass: line.lost > 0 ? "late" : "status",
                reasons: line.reasons.map(\.vi),
                notes: line.notes.map(\.vi)
            )
        }
        let content = DashboardContent(
            agencyFixed: session.principal.role == .leader && session.principal.agency != nil,
            agencyCode: agency.code,
            agencyName: agency.name,
            agencyOptions: agencies.map { SelectOption(value: $0.code, label: $0.name, selected: $0.code == agency.code) },
            periodGroups: periodChoices(selected: period),
            periodCode: period.description,
            periodLabel: period.vietnamese,
            asOfText: WebFormat.moment(moment),
            scored: scorecard != nil,
            rubricName: report.rubricName ?? "",
            totalText: scorecard.map { "\(Self.decimal($0.total))/\(Self.decimal($0.totalMax)) điểm" } ?? "",
            percentText: scorecard?.percentage.map { "\(Self.decimal($0))%" } ?? "",
            rankText: rank.map { "Xếp thứ \($0.rank)/\($0.of)\($0.tied ? " (đồng hạng)" : "")" } ?? "",
            groups: (scorecard?.groups ?? []).map { GroupRow(groupName: $0.name, groupPoints: "\(Self.decimal($0.points))/\(Self.decimal($0.max))") },
            criteria: (scorecard?.computedCriteria ?? []).map(row),
            manualCriteria: (scorecard?.manualCriteria ?? []).map(row),
            hasManual: !(scorecard?.manualCriteria.isEmpty ?? true),
            metrics: report.metrics.map { line in
                MetricRow(
                    metricName: line.name,
                    countsText: "\(line.numerator)/\(line.denominator)",
                    metricRate: line.rate.map(SVGChart.percent) ?? "Không áp dụng",
                    failingText: line.failing.isEmpty ? "" : line.failing.prefix(5).joined(separator: ", ") + (line.failingCount > 5 ? ", …" : "")
                )
            },
            ranking: (ranking?.entries ?? []).map { entry in
                RankRow(
                    rankText: "\(entry.rank)\(entry.tied ? "=" : "")",
                    rankAgency: entry.agencyName,
                    rankTotal: "\(Self.decimal(entry.total))/\(Self.decimal(entry.totalMax))",
                    rankPercent: entry.percentage.map { "\(Self.decimal($0))%" } ?? "",
                    own: entry.agency == agency.code
                )
            },
            hasRanking: !(ranking?.entries.isEmpty ?? true),
            charts: charts.map { chart in
                ChartView(
                    chartID: chart.id,
                    heading: chart.heading,
                    svg: chart.svg,
                    summary: chart.summary,
                    legend: chart.legend.map { LegendItem(swatch: $0.swatch, legendLabel: $0.label) },
                    headers: chart.headers,
                    rows: chart.rows.map { TableRow(cells: $0) },
                    csvHref: "/bang-dieu-khien/csv?bieu-do=\(chart.id)&\(query)"
                )
            },
            reportCSV: "/bang-dieu-khien/csv?bieu-do=bao-cao&\(query)",
            workerNote: report.worker.map { _ in "Số liệu do tiến trình tính chỉ số cập nhật theo nhật ký hồ sơ." }
        )
        return try renderer.response(
            "dashboard",
            Page("Bảng điều khiển", session: session, current: "/bang-dieu-khien", content: content)
        )
    }

    func dashboardCSV(_ request: Request, context: WebRequestContext) async throws -> Response {
        let session = try context.require(.leader, .admin, returnTo: Self.here(request))
        let agencies = try await references.agencies()
        let (agency, period) = try dashboardSelection(request, session: session, agencies: agencies)
        let which = request.uri.queryParameters.get("bieu-do") ?? ""
        let moment = now()
        let report = try await reporter.report(agency: agency.code, period: period, asOf: moment, ranked: false)
        let csv: String
        if which == "bao-cao" {
            csv = report.csvText()
        } else {
            let charts = try await dashboardCharts(agency: agency.code, period: period, report: report, asOf: moment)
            guard let chart = charts.first(where: { $0.id == which }) else {
                throw WebError.notFound("Không có biểu đồ \(which).", "No chart \(which).")
            }
            csv = Self.csv([chart.headers] + chart.rows)
        }
        let name = "\(agency.code)-\(period.description)-\(which.isEmpty ? "bao-cao" : which).csv"
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\"", .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(string: csv))
        )
    }

    /// UTF-8 with a byte-order mark (so that spreadsheet programs read Vietnamese), CRLF line ends, RFC 4180 quoting.
    /// A cell that a spreadsheet would take for a formula is prefixed with an apostrophe.
    static func csv(_ rows: [[String]]) -> String {
        func field(_ value: String) -> String {
            var value = value
            if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return "\u{FEFF}" + rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// The four charts of an agency and period.
    func dashboardCharts(agency: String, period: ReportPeriod, report: MetricsReport, asOf: Date) async throws -> [ChartData] {
        let months = period.months.filter { VietnamTime.date($0, minutesAfterMidnight: 0) <= asOf }
        var monthly: [(label: String, name: String, metrics: AgencyMetrics)] = []
        for month in months {
            let metrics = try await reader.metrics(agency: agency, period: .month(month.year, month.month), asOf: asOf)
            monthly.append(("T\(month.month)", "Tháng \(month.month)/\(month.year)", metrics))
        }
        let labels = monthly.map(\.label)
        func rate(_ metrics: AgencyMetrics, _ id: MetricID) -> Double? {
            let count = metrics[id]
            return count.denominator == 0 ? nil : Double(count.numerator) / Double(count.denominator)
        }
        func rateCell(_ metrics: AgencyMetrics, _ id: MetricID) -> String {
            let count = metrics[id]
            return count.denominator == 0
                ? "không áp dụng"
                : "\(count.numerator)/\(count.denominator) (\(SVGChart.percent(Double(count.numerator) / Double(count.denominator))))"
        }
        var charts: [ChartData] = []
        let periodText = period.vietnamese

        // 1. Channel mix per month.
        let channelSeries = [
            SVGChart.Series(name: "Trực tiếp", values: monthly.map { Double($0.metrics[.channelDirect].numerator) }),
            SVGChart.Series(name: "Trực tuyến", values: monthly.map { Double($0.metrics[.channelOnline].numerator) }),
            SVGChart.Series(name: "Bưu chính công ích", values: monthly.map { Double($0.metrics[.channelPostalIn].numerator) }),
        ]
        let channelRows = monthly.map { month -> [String] in
            let m = month.metrics
            return [
                month.name, String(m[.channelDirect].numerator), String(m[.channelOnline].numerator), String(m[.channelPostalIn].numerator),
                String(m[.channelDirect].denominator),
            ]
        }
        let received = monthly.reduce(0) { $0 + $1.metrics[.channelDirect].denominator }
        let online = monthly.reduce(0) { $0 + $1.metrics[.channelOnline].numerator }
        let postal = monthly.reduce(0) { $0 + $1.metrics[.channelPostalIn].numerator }
        let channelSummary =
            "Trong \(periodText) tiếp nhận \(received) hồ sơ: \(received - online - postal) trực tiếp, \(online) trực tuyến, "
            + "\(postal) qua bưu chính công ích. "
            + channelRows.filter { $0[4] != "0" }.map { "\($0[0]): \($0[4]) hồ sơ (trực tiếp \($0[1]), trực tuyến \($0[2]), bưu chính \($0[3]))" }
            .joined(separator: "; ")
        charts.append(
            ChartData(
                id: "kenh",
                heading: "Hồ sơ tiếp nhận theo kênh, từng tháng",
                headers: ["Tháng", "Trực tiếp", "Trực tuyến", "Bưu chính công ích", "Tổng"],
                rows: channelRows,
                svg: SVGChart.stackedBars(
                    id: "bieu-do-kenh",
                    title: "Hồ sơ tiếp nhận theo kênh, từng tháng, \(periodText)",
                    description: channelSummary,
                    categories: labels,
                    series: channelSeries
                ),
                summary: channelSummary,
                legend: Self.legend(channelSeries.map(\.name))
            )
        )

        // 2. On-time rate per month.
        let onTimeRows = monthly.map { [$0.name, rateCell($0.metrics, .timelinessOnTime), rateCell($0.metrics, .timelinessLateWithApology)] }
        let onTimeSummary =
            "Tỷ lệ hồ sơ giải quyết đúng hạn từng tháng, \(periodText): "
            + Self.monthsWithValues(monthly.map { month in rate(month.metrics, .timelinessOnTime).map { (month.name, SVGChart.percent($0)) } })
        charts.append(
            ChartData(
                id: "dung-han",
                heading: "Tỷ lệ giải quyết đúng hạn, từng tháng",
                headers: ["Tháng", "Đúng hạn / phải giải quyết", "Trễ hạn có xin lỗi / trễ hạn"],
                rows: onTimeRows,
                svg: SVGChart.rateLines(
                    id: "bieu-do-dung-han",
                    title: "Tỷ lệ giải quyết đúng hạn, từng tháng, \(periodText)",
                    description: onTimeSummary,
                    categories: labels,
                    series: [SVGChart.Series(name: "Đúng hạn", values: monthly.map { rate($0.metrics, .timelinessOnTime) })]
                ),
                summary: onTimeSummary,
                legend: Self.legend(["Đúng hạn"])
            )
        )

        // 3. Digitization rates per month.
        let digitization: [(MetricID, String)] = [
            (.digitizationDossiers, "Hồ sơ được số hóa"), (.digitizationResults, "Kết quả điện tử"), (.digitizationReuse, "Tái sử dụng dữ liệu số"),
        ]
        let digitizationRows = monthly.map { month in [month.name] + digitization.map { rateCell(month.metrics, $0.0) } }
        let digitizationSummary =
            "Tỷ lệ số hóa từng tháng, \(periodText): "
            + Self.monthsWithValues(
                monthly.map { month -> (String, String)? in
                    let parts = digitization.compactMap { id, name in rate(month.metrics, id).map { "\(name.lowercased()) \(SVGChart.percent($0))" } }
                    return parts.isEmpty ? nil : (month.name, parts.joined(separator: ", "))
                }
            )
        charts.append(
            ChartData(
                id: "so-hoa",
                heading: "Tỷ lệ số hóa, từng tháng",
                headers: ["Tháng"] + digitization.map(\.1),
                rows: digitizationRows,
                svg: SVGChart.rateLines(
                    id: "bieu-do-so-hoa",
                    title: "Tỷ lệ số hóa hồ sơ và kết quả, từng tháng, \(periodText)",
                    description: digitizationSummary,
                    categories: labels,
                    series: digitization.map { id, name in SVGChart.Series(name: name, values: monthly.map { rate($0.metrics, id) }) }
                ),
                summary: digitizationSummary,
                legend: Self.legend(digitization.map(\.1))
            )
        )

        // 4. Points per criterion against the maximum.
        if let scorecard = report.scorecard {
            let lines = scorecard.criteria
            let pointsSummary =
                "Điểm từng tiêu chí so với điểm tối đa, \(periodText): "
                + lines.map { "\($0.name) \(Self.decimal($0.points))/\(Self.decimal($0.countedMax))" }.joined(separator: "; ")
                + ". Tổng \(Self.decimal(scorecard.total))/\(Self.decimal(scorecard.totalMax))."
            charts.append(
                ChartData(
                    id: "diem",
                    heading: "Điểm từng tiêu chí so với điểm tối đa",
                    headers: ["Tiêu chí", "Điểm", "Điểm tối đa", "Trạng thái"],
                    rows: lines.map { [$0.name, Self.decimal($0.points), Self.decimal($0.countedMax), Self.statusText($0.status)] },
                    svg: SVGChart.pointsAgainstMaximum(
                        id: "bieu-do-diem",
                        title: "Điểm từng tiêu chí so với điểm tối đa, \(periodText)",
                        description: pointsSummary,
                        rows: lines.map { (Self.shortened($0.name), Self.double($0.points), Self.double($0.countedMax)) }
                    ),
                    summary: pointsSummary,
                    legend: [("s0", "Điểm đạt"), ("max", "Điểm tối đa")]
                )
            )
        }
        return charts
    }

    /// The periods offered: this and last year, their quarters, and the last twelve months.
    func periodChoices(selected: ReportPeriod) -> [PeriodGroup] {
        let today = VietnamTime.localDate(of: now())
        func option(_ period: ReportPeriod) -> SelectOption {
            SelectOption(
                value: period.description,
                label: period.vietnamese.prefix(1).uppercased() + period.vietnamese.dropFirst(),
                selected: period == selected
            )
        }
        var years = [ReportPeriod.year(today.year), .year(today.year - 1)]
        var quarters =
            (1...4).reversed().map { ReportPeriod.quarter(today.year, $0) } + (1...4).reversed().map { ReportPeriod.quarter(today.year - 1, $0) }
        quarters = quarters.filter {
            VietnamTime.date(LocalDate(year: $0.year, month: (($0.part ?? 1) - 1) * 3 + 1, day: 1) ?? today, minutesAfterMidnight: 0) <= now()
        }
        var months: [ReportPeriod] = []
        var year = today.year
        var month = today.month
        for _ in 0..<12 {
            months.append(.month(year, month))
            month -= 1
            if month == 0 {
                month = 12
                year -= 1
            }
        }
        for extra in [selected] where !(years + quarters + months).contains(extra) {
            switch extra.kind {
            case .year: years.append(extra)
            case .quarter: quarters.append(extra)
            case .month: months.append(extra)
            }
        }
        return [
            PeriodGroup(groupLabel: "Năm", periods: years.map(option)), PeriodGroup(groupLabel: "Quý", periods: quarters.map(option)),
            PeriodGroup(groupLabel: "Tháng", periods: months.map(option)),
        ]
    }

    /// "Tháng 3/2026: 80%; Tháng 4/2026: 100%; các tháng khác không áp dụng (không có hồ sơ)."
    static func monthsWithValues(_ months: [(String, String)?]) -> String {
        let known = months.compactMap { $0 }
        guard !known.isEmpty else { return "chưa có tháng nào có số liệu (không áp dụng)." }
        let rest = known.count < months.count ? "; các tháng khác: không áp dụng (không có hồ sơ)" : ""
        return known.map { "\($0.0): \($0.1)" }.joined(separator: "; ") + rest + "."
    }

    static func legend(_ names: [String]) -> [(swatch: String, label: String)] {
        names.enumerated().map { ("s\($0.offset)", $0.element) }
    }

    static func statusText(_ status: Scorecard.Status) -> String {
        switch status {
        case .full: "Đạt điểm tối đa"
        case .partial: "Đạt một phần"
        case .zero: "Không đạt"
        case .notApplicable: "Không áp dụng"
        case .manual: "Chấm thủ công"
        case .missingManual: "Chưa chấm"
        case .missingMetric: "Thiếu số liệu"
        }
    }

    /// "61,58": two decimals at most, a decimal comma, no trailing zeros.
    static func decimal(_ value: Decimal) -> String {
        SVGChart.points(double(value))
    }

    static func double(_ value: Decimal) -> Double {
        NSDecimalNumber(decimal: value).doubleValue
    }

    static func shortened(_ text: String, limit: Int = 80) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
