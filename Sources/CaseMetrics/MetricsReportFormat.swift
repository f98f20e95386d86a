public import CaseDomain
public import CaseStore
import Foundation

/// The formats of `tthc report`.
public enum MetricsReportFormat: String, Sendable, CaseIterable {
    case json, csv, text
}

extension MetricsReport {
    /// The report in `format`: JSON (one object, keys sorted), CSV (UTF-8 with a byte-order mark so that Excel shows
    /// Vietnamese, CRLF line ends) or text in Vietnamese.
    public func rendered(as format: MetricsReportFormat) throws -> String {
        switch format {
        case .json: try jsonText()
        case .csv: csvText()
        case .text: vietnameseText()
        }
    }

    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(VietnamTime.rfc3339(date))
        }
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    // MARK: - CSV

    public static let csvHeader = [
        "Cơ quan", "Kỳ", "Tính đến", "Loại", "Mã", "Tên", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Điểm", "Điểm tối đa", "Trạng thái",
        "Lý do / hồ sơ chưa đạt",
    ]

    public func csvText() -> String {
        var rows: [[String]] = [Self.csvHeader]
        let prefix = [agency, period.description, VietnamTime.rfc3339(asOf)]
        for metric in metrics {
            rows.append(
                prefix + [
                    "chỉ số", metric.id, metric.name, String(metric.numerator), String(metric.denominator),
                    metric.rate.map { Self.plainPercent($0) } ?? "", "", "", metric.denominator == 0 ? "không áp dụng" : "",
                    metric.failing.joined(separator: " "),
                ]
            )
        }
        if let scorecard {
            for line in scorecard.criteria {
                rows.append(
                    prefix + [
                        line.kind == .manual ? "tiêu chí (thủ công)" : "tiêu chí", line.criterionID, line.name,
                        line.numerator.map(String.init) ?? "", line.denominator.map(String.init) ?? "",
                        line.rate.map { Self.plainPercent($0) } ?? "", Self.plain(line.points), Self.plain(line.countedMax),
                        Self.statusVI(line.status), (line.reasons + line.notes).map(\.vi).joined(separator: " | "),
                    ]
                )
            }
            for group in scorecard.groups {
                rows.append(prefix + ["nhóm", group.id, group.name, "", "", "", Self.plain(group.points), Self.plain(group.max), "", ""])
            }
            rows.append(
                prefix + [
                    "tổng", rubricID ?? "", rubricName ?? "", "", "", scorecard.percentage.map(Self.plain) ?? "", Self.plain(scorecard.total),
                    Self.plain(scorecard.totalMax), rank?.label ?? "", "",
                ]
            )
        }
        return "\u{FEFF}" + rows.map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: - Text

    public func vietnameseText() -> String {
        var out: [String] = []
        out.append("BÁO CÁO CHỈ SỐ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
        out.append("Cơ quan: \(agencyName) (\(agency))")
        if let procedure { out.append("Thủ tục: \(procedure)") }
        let lastDay = VietnamTime.localDate(of: period.interval.end.addingTimeInterval(-1))
        out.append(
            "Kỳ báo cáo: \(period.vietnamese) (từ \(Self.day(VietnamTime.localDate(of: period.interval.start))) đến \(Self.day(lastDay)))"
        )
        out.append("Số liệu tính đến: \(VietnamTime.rfc3339(asOf))")
        out.append("")
        out.append("I. CÁC CHỈ SỐ")
        for metric in metrics {
            let value =
                metric.rate.map { "\(metric.numerator)/\(metric.denominator) = \(Self.vietnamesePercent($0))" }
                ?? "\(metric.numerator)/\(metric.denominator) (không áp dụng)"
            out.append("  - \(metric.name): \(value)")
            if !metric.failing.isEmpty {
                let shown = metric.failing.prefix(5)
                let more = metric.failingCount - shown.count
                out.append("      chưa đạt: \(shown.joined(separator: ", "))\(more > 0 ? " và \(more) khác" : "")")
            }
        }
        out.append("")
        guard let scorecard else {
            out.append("II. CHẤM ĐIỂM: không có bộ tiêu chí áp dụng cho kỳ này.")
            return out.joined(separator: "\n") + "\n"
        }
        out.append("II. CHẤM ĐIỂM THEO BỘ TIÊU CHÍ \(rubricID ?? "") — \(rubricName ?? "")")
        for group in scorecard.groups {
            out.append("  Nhóm «\(group.name)»: \(Self.vietnamese(group.points))/\(Self.vietnamese(group.max)) điểm")
            for line in scorecard.criteria where line.groupID == group.id {
                let kind = line.kind == .manual ? " (chấm thủ công)" : ""
                out.append(
                    "    \(line.criterionID). \(line.name)\(kind): \(Self.vietnamese(line.points))/\(Self.vietnamese(line.countedMax)) điểm"
                        + " — \(Self.statusVI(line.status))"
                )
                for reason in line.reasons { out.append("        Lý do: \(reason.vi)") }
                for note in line.notes { out.append("        Ghi chú: \(note.vi)") }
            }
        }
        let percentage = scorecard.percentage.map { " (\(Self.vietnamese($0))%)" } ?? ""
        out.append("  Điểm tính từ dữ liệu hồ sơ: \(Self.vietnamese(scorecard.computed.points))/\(Self.vietnamese(scorecard.computed.max))")
        out.append("  Điểm chấm thủ công: \(Self.vietnamese(scorecard.manual.points))/\(Self.vietnamese(scorecard.manual.max))")
        out.append("  TỔNG ĐIỂM: \(Self.vietnamese(scorecard.total))/\(Self.vietnamese(scorecard.totalMax))\(percentage)")
        if let rank { out.append("  Xếp hạng: \(rank.label)\(rank.tied ? " (đồng hạng)" : "")") }
        let reasons = scorecard.lossReasons
        out.append("")
        out.append("III. LÝ DO MẤT ĐIỂM\(reasons.isEmpty ? ": không có" : "")")
        for reason in reasons { out.append("  - \(reason.vi)") }
        return out.joined(separator: "\n") + "\n"
    }

    static func statusVI(_ status: Scorecard.Status) -> String {
        switch status {
        case .full: "đạt tối đa"
        case .partial: "đạt một phần"
        case .zero: "không đạt"
        case .notApplicable: "không áp dụng"
        case .manual: "chấm thủ công"
        case .missingManual: "chưa chấm"
        case .missingMetric: "thiếu số liệu"
        }
    }

    static func day(_ date: LocalDate) -> String {
        String(format: "%02d/%02d/%04d", date.day, date.month, date.year)
    }

    /// "12,5"; "0,33".
    static func vietnamese(_ value: Decimal) -> String {
        plain(value).replacingOccurrences(of: ".", with: ",")
    }

    /// "12.5", without trailing zeros.
    static func plain(_ value: Decimal) -> String {
        var text = NSDecimalNumber(decimal: value).stringValue
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// A rate as a percentage with two decimals: "28.57".
    static func plainPercent(_ rate: Double) -> String {
        String(format: "%.2f", rate * 100)
    }

    /// "28,57%".
    static func vietnamesePercent(_ rate: Double) -> String {
        plainPercent(rate).replacingOccurrences(of: ".", with: ",") + "%"
    }
}
