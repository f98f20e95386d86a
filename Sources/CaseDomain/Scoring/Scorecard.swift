public import Foundation

/// A rubric applied to one agency's metrics and manual scores for one period: points per criterion with the
/// reasons for every lost point, per group and in total. Computed and manual criteria are kept apart
/// (`computed`, `manual`) so a reader sees which points the case log proves and which an admin entered.
public struct Scorecard: Sendable, Codable, Equatable {
    public let rubricID: String
    public let rubricName: String
    /// One line per criterion, in rubric order.
    public let criteria: [Line]
    /// One total per group, in rubric order.
    public let groups: [GroupScore]
    /// Sum of the (rounded) criterion points.
    public let total: Decimal
    /// Sum of the counted maxima: the rubric's maxima less those of criteria excluded as not applicable.
    public let totalMax: Decimal
    /// `total ÷ totalMax × 100`, two decimals half-up; `nil` when nothing could be scored.
    public let percentage: Decimal?
    /// Points and maxima of the criteria computed from the case log.
    public let computed: Subtotal
    /// Points and maxima of the criteria entered by hand.
    public let manual: Subtotal

    private enum CodingKeys: String, CodingKey {
        case rubricID = "rubric_id"
        case rubricName = "rubric_name"
        case criteria, groups, total
        case totalMax = "total_max"
        case percentage, computed, manual
    }

    public var lost: Decimal { totalMax - total }

    public var computedCriteria: [Line] { criteria.filter { $0.kind == .computed } }
    public var manualCriteria: [Line] { criteria.filter { $0.kind == .manual } }

    /// Every reason for a lost point, criterion by criterion.
    public var lossReasons: [Message] { criteria.flatMap(\.reasons) }

    public func line(for criterionID: String) -> Line? {
        criteria.first { $0.criterionID == criterionID }
    }

    public func group(_ groupID: String) -> GroupScore? {
        groups.first { $0.id == groupID }
    }

    /// A text in Vietnamese, the language a leader reads, with its English variant.
    public struct Message: Sendable, Codable, Equatable {
        public let vi: String
        public let en: String

        public init(vi: String, en: String) {
            self.vi = vi
            self.en = en
        }
    }

    public enum Kind: String, Sendable, Codable, Equatable {
        case computed, manual
    }

    public enum Status: String, Sendable, Codable, Equatable {
        /// All points.
        case full
        /// Some points.
        case partial
        /// No points although the criterion applies.
        case zero
        /// Does not apply; the rubric's `not_applicable` mode decided the points.
        case notApplicable = "not_applicable"
        /// Points entered by an admin.
        case manual
        /// A manual criterion nobody has scored yet: 0 points until someone does.
        case missingManual = "missing_manual"
        /// A computed criterion whose metric was not supplied: 0 points, flagged, never silently passed.
        case missingMetric = "missing_metric"
    }

    public struct Line: Sendable, Codable, Equatable {
        public let criterionID: String
        public let groupID: String
        public let name: String
        public let nameEN: String?
        public let kind: Kind
        public let metric: String?
        public let numerator: Int?
        public let denominator: Int?
        /// The metric's rate for display, `nil` when not applicable or manual.
        public let rate: Double?
        /// The rate in percent, two decimals half-up.
        public let ratePercent: Decimal?
        public let points: Decimal
        /// The criterion's maximum as the rubric declares it.
        public let max: Decimal
        /// The maximum that counts towards the group and the total: `max`, or 0 when excluded as not applicable.
        public let countedMax: Decimal
        /// `countedMax − points`.
        public let lost: Decimal
        public let status: Status
        /// Why points were lost, with the counts behind it; empty when no point was lost.
        public let reasons: [Message]
        /// What else a reader should know (not applicable with full points or excluded, manual evidence).
        public let notes: [Message]

        private enum CodingKeys: String, CodingKey {
            case criterionID = "criterion_id"
            case groupID = "group_id"
            case name
            case nameEN = "name_en"
            case kind, metric, numerator, denominator, rate
            case ratePercent = "rate_percent"
            case points, max
            case countedMax = "counted_max"
            case lost, status, reasons, notes
        }
    }

    public struct GroupScore: Sendable, Codable, Equatable {
        public let id: String
        public let name: String
        public let nameEN: String?
        public let points: Decimal
        /// Counted maximum (declared maximum less excluded criteria).
        public let max: Decimal
        public let declaredMax: Decimal
        public var lost: Decimal { max - points }
        /// `points ÷ max × 100`, two decimals half-up; `nil` when every criterion was excluded.
        public let percentage: Decimal?

        private enum CodingKeys: String, CodingKey {
            case id, name
            case nameEN = "name_en"
            case points, max
            case declaredMax = "declared_max"
            case percentage
        }
    }

    public struct Subtotal: Sendable, Codable, Equatable {
        public let points: Decimal
        public let max: Decimal

        public init(points: Decimal, max: Decimal) {
            self.points = points
            self.max = max
        }
    }
}

// MARK: - Scoring

extension Rubric {
    /// The inputs of a scoring were inconsistent with each other or with the rubric; lists every problem.
    public struct ScoringError: Error, Sendable, Equatable, CustomStringConvertible {
        public let problems: [Problem]

        public var description: String {
            "cannot score: " + problems.map(\.description).joined(separator: "; ")
        }
    }

    /// Scores one agency and period.
    ///
    /// - Parameters:
    ///   - metrics: the period's metric values; ids the rubric does not use are ignored. A metric the rubric
    ///     uses but that is missing scores 0 with status `missingMetric`.
    ///   - evidence: per metric id, codes on the failing side; the first `evidenceLimit` are named in the reasons.
    ///   - manual: the admin's points for manual criteria; a manual criterion without one scores 0 with status
    ///     `missingManual`.
    /// - Throws: `ScoringError` for duplicate or impossible metric values (negative, numerator > denominator) and
    ///   manual scores that do not fit the rubric (unknown or computed criterion, duplicate, out of 0…max, more
    ///   than two decimals).
    public func score(
        metrics: [MetricValue],
        evidence: [String: MetricEvidence] = [:],
        manual: [ManualScore] = [],
        evidenceLimit: Int = 5
    ) throws(ScoringError) -> Scorecard {
        let (metricsByID, manualByID) = try checkedInputs(metrics: metrics, manual: manual)
        let lines = criteria.map { criterion in
            if criterion.isManual {
                return ScorecardLineBuilder.manual(criterion, entry: manualByID[criterion.id])
            }
            return ScorecardLineBuilder.computed(
                criterion,
                value: criterion.metric.flatMap { metricsByID[$0] },
                evidence: criterion.metric.flatMap { evidence[$0] },
                evidenceLimit: Swift.max(0, evidenceLimit)
            )
        }
        let groupScores = groups.map { group in
            let members = lines.filter { $0.groupID == group.id }
            let points = members.reduce(Decimal(0)) { $0 + $1.points }
            let max = members.reduce(Decimal(0)) { $0 + $1.countedMax }
            return Scorecard.GroupScore(
                id: group.id,
                name: group.name,
                nameEN: group.nameEN,
                points: points,
                max: max,
                declaredMax: group.max,
                percentage: ScoringDecimal.percent(points, of: max)
            )
        }
        func subtotal(_ kind: Scorecard.Kind) -> Scorecard.Subtotal {
            let members = lines.filter { $0.kind == kind }
            return Scorecard.Subtotal(
                points: members.reduce(Decimal(0)) { $0 + $1.points },
                max: members.reduce(Decimal(0)) { $0 + $1.countedMax }
            )
        }
        let total = groupScores.reduce(Decimal(0)) { $0 + $1.points }
        let totalMax = groupScores.reduce(Decimal(0)) { $0 + $1.max }
        return Scorecard(
            rubricID: id,
            rubricName: name,
            criteria: lines,
            groups: groupScores,
            total: total,
            totalMax: totalMax,
            percentage: ScoringDecimal.percent(total, of: totalMax),
            computed: subtotal(.computed),
            manual: subtotal(.manual)
        )
    }

    private func checkedInputs(
        metrics: [MetricValue],
        manual: [ManualScore]
    ) throws(ScoringError) -> ([String: MetricValue], [String: ManualScore]) {
        var problems: [Problem] = []
        var metricsByID: [String: MetricValue] = [:]
        for value in metrics {
            if metricsByID[value.id] != nil {
                problems.append(
                    Problem(
                        code: "duplicate_metric",
                        path: value.id,
                        vi: "Chỉ số '\(value.id)' được cung cấp hai lần",
                        en: "Metric '\(value.id)' is given twice"
                    )
                )
            }
            if value.numerator < 0 || value.denominator < 0 || value.numerator > value.denominator {
                problems.append(
                    Problem(
                        code: "invalid_metric",
                        path: value.id,
                        vi: "Chỉ số '\(value.id)' có tử số \(value.numerator) và mẫu số \(value.denominator) không hợp lệ",
                        en: "Metric '\(value.id)' has an impossible numerator \(value.numerator) / denominator \(value.denominator)"
                    )
                )
            }
            metricsByID[value.id] = value
        }
        var manualByID: [String: ManualScore] = [:]
        for entry in manual {
            let path = entry.criterion
            if manualByID[entry.criterion] != nil {
                problems.append(
                    Problem(
                        code: "duplicate_manual",
                        path: path,
                        vi: "Tiêu chí '\(path)' được chấm thủ công hai lần",
                        en: "Criterion '\(path)' is scored twice"
                    )
                )
            }
            manualByID[entry.criterion] = entry
            guard let criterion = criteria.first(where: { $0.id == entry.criterion }) else {
                problems.append(
                    Problem(
                        code: "unknown_criterion",
                        path: path,
                        vi: "Không có tiêu chí '\(path)' trong bộ tiêu chí \(id)",
                        en: "Rubric \(id) has no criterion '\(path)'"
                    )
                )
                continue
            }
            if !criterion.isManual {
                problems.append(
                    Problem(
                        code: "not_manual",
                        path: path,
                        vi: "Tiêu chí '\(path)' được tính tự động từ chỉ số, không chấm thủ công",
                        en: "Criterion '\(path)' is computed from a metric and cannot be scored by hand"
                    )
                )
            }
            if entry.notApplicable { continue }
            if entry.points < 0 || entry.points > criterion.max {
                problems.append(
                    Problem(
                        code: "manual_out_of_range",
                        path: path,
                        vi: "Điểm \(ScoringDecimal.vietnamese(entry.points)) của tiêu chí '\(path)' phải từ 0 đến "
                            + ScoringDecimal.vietnamese(criterion.max),
                        en: "Points \(ScoringDecimal.english(entry.points)) for '\(path)' must be between 0 and "
                            + ScoringDecimal.english(criterion.max)
                    )
                )
            } else if !ScoringDecimal.hasAtMostTwoDecimals(entry.points) {
                problems.append(
                    Problem(
                        code: "manual_precision",
                        path: path,
                        vi: "Điểm của tiêu chí '\(path)' có quá hai chữ số thập phân",
                        en: "Points for '\(path)' have more than two decimals"
                    )
                )
            }
        }
        if !problems.isEmpty { throw ScoringError(problems: problems) }
        return (metricsByID, manualByID)
    }
}

// MARK: - Lines and their explanations

/// Builds one scorecard line and its Vietnamese/English explanation.
enum ScorecardLineBuilder {
    typealias Line = Scorecard.Line
    typealias Message = Scorecard.Message

    static func computed(_ criterion: Rubric.Criterion, value: MetricValue?, evidence: MetricEvidence?, evidenceLimit: Int) -> Line {
        guard let metricID = criterion.metric, let rule = criterion.rule, let phrases = ScoringPhrasebook.entry(for: metricID) else {
            // A valid rubric has all three; a line that says so beats a crash.
            return line(criterion, kind: .computed, points: 0, countedMax: criterion.max, status: .missingMetric, reasons: [])
        }
        guard let value else {
            let reason = Message(
                vi: "Chưa có số liệu chỉ số «\(metricID)» trong kỳ",
                en: "No data for metric «\(metricID)» in the period"
            )
            return line(criterion, kind: .computed, points: 0, countedMax: criterion.max, status: .missingMetric, reasons: [reason])
        }
        guard value.denominator > 0 else {
            let why = Message(vi: phrases.notApplicableVI, en: phrases.notApplicableEN)
            return notApplicable(criterion, kind: .computed, why: why, value: value)
        }

        let points = ScoringDecimal.hundredths(rule.exactPoints(max: criterion.max, numerator: value.numerator, denominator: value.denominator))
        let status: Scorecard.Status = points == criterion.max ? .full : (points == 0 ? .zero : .partial)
        var reasons: [Message] = []
        if points < criterion.max {
            reasons.append(mainReason(rule: rule, phrases: phrases, value: value))
            if let evidenceReason = evidenceReason(rule: rule, phrases: phrases, value: value, evidence: evidence, limit: evidenceLimit) {
                reasons.append(evidenceReason)
            }
        }
        return line(criterion, kind: .computed, value: value, points: points, countedMax: criterion.max, status: status, reasons: reasons)
    }

    static func manual(_ criterion: Rubric.Criterion, entry: ManualScore?) -> Line {
        guard let entry else {
            let reason = Message(
                vi: "Chưa nhập điểm chấm thủ công (tối đa \(ScoringDecimal.vietnamese(criterion.max)) điểm)",
                en: "Manual score not entered yet (at most \(ScoringDecimal.english(criterion.max)) points)"
            )
            return line(criterion, kind: .manual, points: 0, countedMax: criterion.max, status: .missingManual, reasons: [reason])
        }
        let evidenceNote = entry.evidence.isEmpty ? [] : [Message(vi: "Minh chứng: \(entry.evidence)", en: "Evidence: \(entry.evidence)")]
        if entry.notApplicable {
            let why = Message(vi: "theo xác nhận của quản trị", en: "as confirmed by an admin")
            return notApplicable(criterion, kind: .manual, why: why, value: nil, extraNotes: evidenceNote)
        }
        var reasons: [Message] = []
        if entry.points < criterion.max {
            let points = "\(ScoringDecimal.vietnamese(entry.points))/\(ScoringDecimal.vietnamese(criterion.max))"
            let pointsEN = "\(ScoringDecimal.english(entry.points)) of \(ScoringDecimal.english(criterion.max))"
            if let lossReason = entry.lossReason, !lossReason.isEmpty {
                reasons.append(Message(vi: "\(lossReason) (chấm thủ công: \(points) điểm)", en: "\(lossReason) (scored by hand: \(pointsEN) points)"))
            } else {
                reasons.append(Message(vi: "Chấm thủ công: đạt \(points) điểm", en: "Scored by hand: \(pointsEN) points"))
            }
        }
        return line(criterion, kind: .manual, points: entry.points, countedMax: criterion.max, status: .manual, reasons: reasons, notes: evidenceNote)
    }

    // MARK: Helpers

    private static func notApplicable(
        _ criterion: Rubric.Criterion,
        kind: Scorecard.Kind,
        why: Message,
        value: MetricValue?,
        extraNotes: [Message] = []
    ) -> Line {
        switch criterion.notApplicable {
        case .full:
            let note = Message(vi: "Không áp dụng: \(why.vi) (tính đủ điểm)", en: "Not applicable: \(why.en) (full points awarded)")
            return line(
                criterion,
                kind: kind,
                value: value,
                points: criterion.max,
                countedMax: criterion.max,
                status: .notApplicable,
                notes: [note] + extraNotes
            )
        case .zero:
            let reason = Message(vi: "Không áp dụng: \(why.vi) (không được điểm)", en: "Not applicable: \(why.en) (scored zero)")
            return line(
                criterion,
                kind: kind,
                value: value,
                points: 0,
                countedMax: criterion.max,
                status: .notApplicable,
                reasons: [reason],
                notes: extraNotes
            )
        case .exclude:
            let note = Message(
                vi: "Không áp dụng: \(why.vi) (không tính vào điểm tối đa)",
                en: "Not applicable: \(why.en) (excluded from the maximum)"
            )
            return line(
                criterion,
                kind: kind,
                value: value,
                points: 0,
                countedMax: 0,
                status: .notApplicable,
                notes: [note] + extraNotes
            )
        }
    }

    private static func line(
        _ criterion: Rubric.Criterion,
        kind: Scorecard.Kind,
        value: MetricValue? = nil,
        points: Decimal,
        countedMax: Decimal,
        status: Scorecard.Status,
        reasons: [Message] = [],
        notes: [Message] = []
    ) -> Line {
        Line(
            criterionID: criterion.id,
            groupID: criterion.group,
            name: criterion.name,
            nameEN: criterion.nameEN,
            kind: kind,
            metric: criterion.metric,
            numerator: value?.numerator,
            denominator: value?.denominator,
            rate: value?.rate,
            ratePercent: value.flatMap { ScoringDecimal.percent(Decimal($0.numerator), of: Decimal($0.denominator)) },
            points: points,
            max: criterion.max,
            countedMax: countedMax,
            lost: countedMax - points,
            status: status,
            reasons: reasons,
            notes: notes
        )
    }

    /// "12/42 hồ sơ được tiếp nhận trực tuyến (28,57% số hồ sơ tiếp nhận trong kỳ; cần ≥ 50%)", or for a zero
    /// numerator the plain fact: "Không tiếp nhận hồ sơ nào qua dịch vụ bưu chính công ích (0/42)".
    private static func mainReason(rule: Rubric.Rule, phrases: ScoringPhrasebook, value: MetricValue) -> Message {
        let requirement = requirement(of: rule, phrases: phrases)
        let ratio = "\(value.numerator)/\(value.denominator)"
        let isInverse = rule == .inverseProportional
        if value.numerator == 0 && !isInverse {
            return Message(
                vi: "\(phrases.noneVI) (\(ratio)\(requirement.map { "; \($0.vi)" } ?? ""))",
                en: "\(phrases.noneEN) (\(ratio)\(requirement.map { "; \($0.en)" } ?? ""))"
            )
        }
        let percent = ScoringDecimal.percent(Decimal(value.numerator), of: Decimal(value.denominator)) ?? 0
        return Message(
            vi: "\(ratio) \(phrases.unitVI) \(phrases.numeratorVI) (\(ScoringDecimal.vietnamese(percent))% \(phrases.denominatorVI)"
                + "\(requirement.map { "; \($0.vi)" } ?? ""))",
            en: "\(ratio) \(phrases.unitEN.plural) \(phrases.numeratorEN) (\(ScoringDecimal.english(percent))% of \(phrases.denominatorEN)"
                + "\(requirement.map { "; \($0.en)" } ?? ""))"
        )
    }

    /// "3 hồ sơ trễ hạn chưa có văn bản xin lỗi: H15…-0001, H15…-0002 và 1 hồ sơ khác".
    private static func evidenceReason(
        rule: Rubric.Rule,
        phrases: ScoringPhrasebook,
        value: MetricValue,
        evidence: MetricEvidence?,
        limit: Int
    ) -> Message? {
        guard let evidence, !evidence.codes.isEmpty, limit > 0 else { return nil }
        let isInverse = rule == .inverseProportional
        let failing = isInverse ? value.numerator : value.denominator - value.numerator
        guard failing > 0 else { return nil }
        let shown = Array(evidence.codes.prefix(Swift.min(limit, failing)))
        let more = failing - shown.count
        let list = shown.joined(separator: ", ")
        let unitEN = failing == 1 ? phrases.unitEN.singular : phrases.unitEN.plural
        let failingVI = isInverse ? phrases.numeratorVI : phrases.failingVI
        let failingEN = isInverse ? phrases.numeratorEN : phrases.failingEN
        return Message(
            vi: "\(failing) \(phrases.unitVI) \(failingVI): \(list)\(more > 0 ? " và \(more) \(phrases.unitVI) khác" : "")",
            en: "\(failing) \(unitEN) \(failingEN): \(list)\(more > 0 ? " and \(more) more" : "")"
        )
    }

    /// What the rule needs for full points, when that is not obvious from the fact itself.
    private static func requirement(of rule: Rubric.Rule, phrases: ScoringPhrasebook) -> Message? {
        switch rule {
        case .proportional:
            return nil
        case .inverseProportional:
            return Message(vi: "càng thấp càng tốt", en: "lower is better")
        case .threshold(let threshold):
            let percent = ScoringDecimal.hundredths(threshold * 100)
            return Message(vi: "cần ≥ \(ScoringDecimal.vietnamese(percent))%", en: "≥ \(ScoringDecimal.english(percent))% needed")
        case .steps:
            guard let top = rule.topStep else { return nil }
            var vi: [String] = []
            var en: [String] = []
            if let minRate = top.minRate {
                let percent = ScoringDecimal.hundredths(minRate * 100)
                if minRate == 1 {
                    vi.append("cần đạt 100%")
                    en.append("100% needed")
                } else {
                    vi.append("cần đạt ≥ \(ScoringDecimal.vietnamese(percent))%")
                    en.append("≥ \(ScoringDecimal.english(percent))% needed")
                }
            }
            if let minCount = top.minCount, minCount > 1 {
                vi.append("cần ít nhất \(minCount) \(phrases.unitVI)")
                en.append("at least \(minCount) \(phrases.unitEN.plural) needed")
            }
            guard !vi.isEmpty else { return nil }
            let suffixVI = top.fraction == 1 ? " để được điểm tối đa" : ""
            let suffixEN = top.fraction == 1 ? " for full points" : ""
            return Message(vi: vi.joined(separator: ", ") + suffixVI, en: en.joined(separator: ", ") + suffixEN)
        }
    }
}
