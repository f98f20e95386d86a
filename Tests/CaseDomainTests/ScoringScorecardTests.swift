import CaseDomain
import Foundation
import Testing

@Suite("Not applicable: full, zero and exclude")
struct ScoringNotApplicableTests {
    typealias F = ScoringFixtures

    /// Group "a" (max 10): online 4 (full), postal 3 (zero), payment 3 (exclude); group "b" (max 5): on time 5.
    private func rubric() throws -> Rubric {
        try Rubric(
            id: "na",
            name: "Không áp dụng",
            validFrom: "2025-01-01",
            scope: "national",
            maxTotal: 15,
            groups: [Rubric.Group(id: "a", name: "Nhóm A", max: 10), Rubric.Group(id: "b", name: "Nhóm B", max: 5)],
            criteria: [
                .init(id: "full", group: "a", name: "Trực tuyến", metric: "channel.online", max: 4, rule: .proportional, notApplicable: .full),
                .init(id: "zero", group: "a", name: "Bưu chính", metric: "channel.postal_in", max: 3, rule: .proportional, notApplicable: .zero),
                .init(id: "exclude", group: "a", name: "Thanh toán", metric: "payment.online", max: 3, rule: .proportional, notApplicable: .exclude),
                .init(id: "time", group: "b", name: "Đúng hạn", metric: "timeliness.on_time", max: 5, rule: .proportional, notApplicable: .full),
            ]
        )
    }

    private let nothingReceived = [
        MetricValue(id: "channel.online", numerator: 0, denominator: 0),
        MetricValue(id: "channel.postal_in", numerator: 0, denominator: 0),
        MetricValue(id: "payment.online", numerator: 0, denominator: 0),
        MetricValue(id: "timeliness.on_time", numerator: 4, denominator: 5),
    ]

    @Test("n/a 'full' awards the maximum, has no reason for loss and a note saying why")
    func full() throws {
        let line = try #require(try rubric().score(metrics: nothingReceived).line(for: "full"))
        #expect(line.status == .notApplicable)
        #expect(line.points == 4)
        #expect(line.countedMax == 4)
        #expect(line.rate == nil)
        #expect(line.reasons.isEmpty)
        #expect(line.notes.map(\.vi) == ["Không áp dụng: không có hồ sơ nào được tiếp nhận trong kỳ (tính đủ điểm)"])
    }

    @Test("n/a 'zero' scores nothing and says so as the reason")
    func zero() throws {
        let line = try #require(try rubric().score(metrics: nothingReceived).line(for: "zero"))
        #expect(line.status == .notApplicable)
        #expect(line.points == 0)
        #expect(line.lost == 3)
        #expect(line.reasons.map(\.vi) == ["Không áp dụng: không có hồ sơ nào được tiếp nhận trong kỳ (không được điểm)"])
        #expect(line.reasons.map(\.en) == ["Not applicable: no dossier was received in the period (scored zero)"])
    }

    @Test("n/a 'exclude' removes the maximum from the group and the total, which stay consistent")
    func exclude() throws {
        let card = try rubric().score(metrics: nothingReceived)
        let line = try #require(card.line(for: "exclude"))
        #expect(line.status == .notApplicable)
        #expect(line.points == 0)
        #expect(line.max == 3)
        #expect(line.countedMax == 0)
        #expect(line.lost == 0)
        #expect(line.reasons.isEmpty)
        #expect(line.notes.first?.vi == "Không áp dụng: không có hồ sơ nào phải nộp phí, lệ phí trong kỳ (không tính vào điểm tối đa)")

        let groupA = try #require(card.group("a"))
        #expect(groupA.declaredMax == 10)
        #expect(groupA.max == 7)
        #expect(groupA.points == 4)
        #expect(card.totalMax == 12)
        #expect(card.total == 8)
        #expect(card.percentage == F.dec("66.67"))
        #expect(card.totalMax == card.groups.reduce(0) { $0 + $1.max })
        #expect(card.totalMax == card.criteria.reduce(0) { $0 + $1.countedMax })
        #expect(card.computed.max + card.manual.max == card.totalMax)
    }

    @Test("a group whose every criterion is excluded has max 0 and no percentage")
    func wholeGroupExcluded() throws {
        let rubric = try F.single(metric: "payment.online", max: "10", rule: .proportional, notApplicable: .exclude)
        let card = try rubric.score(metrics: [MetricValue(id: "payment.online", numerator: 0, denominator: 0)])
        #expect(card.totalMax == 0)
        #expect(card.percentage == nil)
        #expect(card.groups.first?.percentage == nil)
    }

    @Test("a metric that was not supplied scores 0 and is flagged, never passed silently")
    func missingMetric() throws {
        let card = try rubric().score(metrics: [])
        let line = try #require(card.line(for: "full"))
        #expect(line.status == .missingMetric)
        #expect(line.points == 0)
        #expect(line.reasons.map(\.vi) == ["Chưa có số liệu chỉ số «channel.online» trong kỳ"])
    }
}

@Suite("Manual criteria")
struct ScoringManualTests {
    typealias F = ScoringFixtures

    @Test("manual points are kept apart from computed ones, with their evidence")
    func shownApart() throws {
        let rubric = try F.rubric(named: "par-department-example")
        var manual = F.manualAtMax(rubric).filter { $0.criterion != "cqdt.7" && $0.criterion != "cqdt.6" }
        manual.append(
            ManualScore(
                criterion: "cqdt.6",
                points: F.dec("1.5"),
                evidence: "Báo cáo 35/BC-BDT: 85% văn bản điện tử",
                lossReason: "15% văn bản đi còn gửi bản giấy"
            )
        )
        let card = try rubric.score(metrics: ScoringBanDanTocScenario.metrics, manual: manual)

        #expect(card.manualCriteria.map(\.criterionID) == ["tthc.1", "cqdt.6", "cqdt.7", "cqdt.8", "cqdt.9", "cqdt.10"])
        #expect(card.computedCriteria.allSatisfy { $0.kind == .computed && $0.metric != nil })
        #expect(card.manual == Scorecard.Subtotal(points: F.dec("7.5"), max: 9))
        #expect(card.computed == Scorecard.Subtotal(points: 3, max: 8))
        #expect(card.total == card.manual.points + card.computed.points)

        let partial = try #require(card.line(for: "cqdt.6"))
        #expect(partial.status == .manual)
        #expect(partial.lost == F.dec("0.5"))
        #expect(partial.reasons.map(\.vi) == ["15% văn bản đi còn gửi bản giấy (chấm thủ công: 1,5/2 điểm)"])
        #expect(partial.notes.map(\.vi) == ["Minh chứng: Báo cáo 35/BC-BDT: 85% văn bản điện tử"])

        let missing = try #require(card.line(for: "cqdt.7"))
        #expect(missing.status == .missingManual)
        #expect(missing.points == 0)
        #expect(missing.countedMax == 1)
        #expect(missing.reasons.map(\.vi) == ["Chưa nhập điểm chấm thủ công (tối đa 1 điểm)"])

        let full = try #require(card.line(for: "cqdt.8"))
        #expect(full.status == .manual)
        #expect(full.reasons.isEmpty)
    }

    @Test("an admin can mark a manual criterion not applicable; its n/a mode applies")
    func manualNotApplicable() throws {
        let rubric = try F.rubric(named: "par-department-example")
        var manual = F.manualAtMax(rubric).filter { $0.criterion != "cqdt.9" }
        manual.append(.notApplicable(criterion: "cqdt.9", evidence: "Cơ quan dùng chung cổng thông tin của tỉnh"))
        let card = try rubric.score(metrics: ScoringBanDanTocScenario.metrics, manual: manual)
        let line = try #require(card.line(for: "cqdt.9"))
        #expect(line.status == .notApplicable)
        #expect(line.kind == .manual)
        #expect(line.countedMax == 0)
        #expect(card.group("cqdt")?.max == F.dec("11.5"))
        #expect(line.notes.map(\.vi).contains("Minh chứng: Cơ quan dùng chung cổng thông tin của tỉnh"))
    }

    @Test("manual scores that do not fit the rubric are rejected, every problem listed")
    func invalidManualScores() throws {
        let rubric = try F.rubric(named: "par-department-example")
        let manual = [
            ManualScore(criterion: "cqdt.6", points: 3, evidence: "x"),
            ManualScore(criterion: "cqdt.7", points: F.dec("0.125"), evidence: "x"),
            ManualScore(criterion: "cqdt.1", points: 1, evidence: "x"),
            ManualScore(criterion: "nope", points: 1, evidence: "x"),
            ManualScore(criterion: "cqdt.8", points: 1, evidence: "x"),
            ManualScore(criterion: "cqdt.8", points: 2, evidence: "x"),
        ]
        let error = try #require(throws: Rubric.ScoringError.self) { try rubric.score(metrics: [], manual: manual) }
        #expect(
            error.problems.map(\.code) == [
                "manual_out_of_range", "manual_precision", "not_manual", "unknown_criterion", "duplicate_manual",
            ]
        )
    }

    @Test("impossible or duplicate metric values are rejected")
    func invalidMetrics() throws {
        let rubric = try F.rubric(named: "766-2022")
        let error = try #require(throws: Rubric.ScoringError.self) {
            try rubric.score(metrics: [
                MetricValue(id: "channel.online", numerator: 5, denominator: 4),
                MetricValue(id: "payment.online", numerator: -1, denominator: 4),
                MetricValue(id: "timeliness.on_time", numerator: 1, denominator: 4),
                MetricValue(id: "timeliness.on_time", numerator: 2, denominator: 4),
            ])
        }
        #expect(error.problems.map(\.code) == ["invalid_metric", "invalid_metric", "duplicate_metric"])
        #expect(error.problems.first?.path == "channel.online")
    }
}

/// The Ban Dân tộc 2021 story (DOMAIN.md): every dossier at the desk, nothing by post, no electronic result.
enum ScoringBanDanTocScenario {
    static let metrics = [
        MetricValue(id: "channel.online", numerator: 0, denominator: 42),
        MetricValue(id: "channel.postal_in", numerator: 0, denominator: 42),
        MetricValue(id: "channel.direct", numerator: 42, denominator: 42),
        MetricValue(id: "procedures.with_online_dossiers", numerator: 0, denominator: 3),
        MetricValue(id: "return.postal", numerator: 0, denominator: 17),
        MetricValue(id: "timeliness.on_time", numerator: 17, denominator: 17),
        MetricValue(id: "timeliness.late_with_apology", numerator: 0, denominator: 0),
        MetricValue(id: "digitization.dossiers", numerator: 42, denominator: 42),
        MetricValue(id: "digitization.results", numerator: 0, denominator: 17),
        MetricValue(id: "digitization.reuse", numerator: 0, denominator: 42),
        MetricValue(id: "payment.online", numerator: 0, denominator: 0),
    ]

    static let evidence = [
        "channel.online": MetricEvidence(codes: (1...5).map(ScoringFixtures.dossierCode)),
        "digitization.results": MetricEvidence(codes: (1...17).map(ScoringFixtures.dossierCode)),
    ]
}

@Suite("The Ban Dân tộc scenario")
struct ScoringBanDanTocTests {
    typealias F = ScoringFixtures

    private func scorecard() throws -> Scorecard {
        let rubric = try F.rubric(named: "par-department-example")
        return try rubric.score(metrics: ScoringBanDanTocScenario.metrics, evidence: ScoringBanDanTocScenario.evidence, manual: F.manualAtMax(rubric))
    }

    @Test("only direct dossiers, no postal receipt or return, no electronic result: 8/13 in e-government")
    func eightOfThirteen() throws {
        let card = try scorecard()
        let group = try #require(card.group("cqdt"))
        #expect(group.points == 8)
        #expect(group.max == 13)
        #expect(group.lost == 5)
        #expect(group.percentage == F.dec("61.54"))
        #expect(card.group("tthc")?.points == 4)
        #expect(card.total == 12)
        #expect(card.totalMax == 17)
    }

    @Test("exactly the online, postal and electronic-result criteria score zero")
    func zeroExactlyThere() throws {
        let card = try scorecard()
        let zero = card.criteria.filter { $0.status == .zero }.map(\.criterionID)
        #expect(zero == ["cqdt.1", "cqdt.2", "cqdt.3", "cqdt.4", "cqdt.5"])
        let withReasons = card.criteria.filter { !$0.reasons.isEmpty }.map(\.criterionID)
        #expect(withReasons == zero)
        #expect(card.criteria.filter { $0.lost > 0 }.map(\.criterionID) == zero)
    }

    @Test("the reasons name exactly the three facts, with their counts")
    func reasons() throws {
        let card = try scorecard()
        let reasons = card.criteria.filter { !$0.reasons.isEmpty }.map { ($0.criterionID, $0.reasons.map(\.vi)) }
        let expected: [(String, [String])] = [
            (
                "cqdt.1",
                [
                    "Không có hồ sơ nào được tiếp nhận trực tuyến (0/42; cần ≥ 50%)",
                    "42 hồ sơ không được tiếp nhận trực tuyến: H56.13-250310-0001, H56.13-250310-0002, H56.13-250310-0003, "
                        + "H56.13-250310-0004, H56.13-250310-0005 và 37 hồ sơ khác",
                ]
            ),
            ("cqdt.2", ["Không có TTHC nào phát sinh hồ sơ trực tuyến (0/3; cần đạt 100% để được điểm tối đa)"]),
            ("cqdt.3", ["Không tiếp nhận hồ sơ nào qua dịch vụ bưu chính công ích (0/42)"]),
            ("cqdt.4", ["Không trả kết quả nào qua dịch vụ bưu chính công ích (0/17)"]),
            (
                "cqdt.5",
                [
                    "Chưa có hồ sơ nào được số hóa kết quả (0/17)",
                    "17 hồ sơ chưa có kết quả điện tử: H56.13-250310-0001, H56.13-250310-0002, H56.13-250310-0003, "
                        + "H56.13-250310-0004, H56.13-250310-0005 và 12 hồ sơ khác",
                ]
            ),
        ]
        #expect(reasons.map(\.0) == expected.map(\.0))
        for ((_, actual), (_, wanted)) in zip(reasons, expected) {
            #expect(actual == wanted)
        }
        let english = card.lossReasons.map(\.en)
        #expect(english.contains("No dossier was received through the public postal service (0/42)"))
        #expect(english.contains("No result was returned through the public postal service (0/17)"))
        #expect(english.contains("No dossier has a digitized result (0/17)"))
    }

    @Test("the late-with-apology criterion does not apply (nothing late) and keeps its point")
    func nothingLate() throws {
        let line = try #require(try scorecard().line(for: "tthc.3"))
        #expect(line.status == .notApplicable)
        #expect(line.points == 1)
        #expect(line.notes.map(\.vi) == ["Không áp dụng: không có hồ sơ trễ hạn trong kỳ (tính đủ điểm)"])
    }
}

@Suite("Explanations of partial scores")
struct ScoringExplanationTests {
    typealias F = ScoringFixtures

    @Test("a partial rate states counts, percentage of the denominator and what is needed")
    func partialRate() throws {
        let rubric = try F.rubric(named: "766-2022")
        let card = try rubric.score(metrics: [MetricValue(id: "channel.online", numerator: 12, denominator: 42)])
        let line = try #require(card.line(for: "3.3"))
        #expect(line.points == F.dec("6.86"))
        #expect(line.status == .partial)
        #expect(line.reasons.map(\.vi) == ["12/42 hồ sơ được tiếp nhận trực tuyến (28,57% số hồ sơ tiếp nhận trong kỳ; cần ≥ 50%)"])
        #expect(line.reasons.map(\.en) == ["12/42 dossiers received online (28.57% of dossiers received in the period; ≥ 50% needed)"])
    }

    @Test("late dossiers without an apology are named, up to the evidence limit")
    func lateWithoutApology() throws {
        let rubric = try F.rubric(named: "par-department-example")
        let card = try rubric.score(
            metrics: [MetricValue(id: "timeliness.late_with_apology", numerator: 1, denominator: 4)],
            evidence: ["timeliness.late_with_apology": MetricEvidence(codes: ["H56.13-250301-0001", "H56.13-250302-0004", "H56.13-250305-0002"])],
            evidenceLimit: 2
        )
        let line = try #require(card.line(for: "tthc.3"))
        #expect(
            line.reasons.map(\.vi) == [
                "1/4 hồ sơ trễ hạn có văn bản xin lỗi kịp thời (25% số hồ sơ trễ hạn; cần đạt 100% để được điểm tối đa)",
                "3 hồ sơ trễ hạn chưa có văn bản xin lỗi: H56.13-250301-0001, H56.13-250302-0004 và 1 hồ sơ khác",
            ]
        )
        #expect(line.reasons.last?.en == "3 dossiers late without a letter of apology: H56.13-250301-0001, H56.13-250302-0004 and 1 more")
    }

    @Test("every known metric has a phrase for each kind of reason")
    func everyMetricIsExplained() throws {
        for metric in Rubric.knownMetricIDs {
            let rubric = try F.single(metric: metric, max: "1", rule: .proportional)
            for (numerator, denominator) in [(0, 4), (1, 4), (0, 0)] {
                let line = try #require(
                    try rubric.score(metrics: [MetricValue(id: metric, numerator: numerator, denominator: denominator)]).line(for: "c")
                )
                #expect(line.reasons.count == 1, "\(metric) \(numerator)/\(denominator)")
                #expect(line.reasons.allSatisfy { !$0.vi.isEmpty && !$0.en.isEmpty && !$0.vi.contains(metric) })
            }
        }
    }
}

@Suite("A fixture that meets every threshold")
struct ScoringFullMarksTests {
    typealias F = ScoringFixtures

    /// Every rate exactly at its rubric's threshold, or at 100 % where a rule asks for it.
    static let atThresholds = [
        MetricValue(id: "channel.online", numerator: 21, denominator: 42),
        MetricValue(id: "channel.postal_in", numerator: 1, denominator: 42),
        MetricValue(id: "channel.direct", numerator: 20, denominator: 42),
        MetricValue(id: "procedures.with_online_dossiers", numerator: 3, denominator: 3),
        MetricValue(id: "return.postal", numerator: 1, denominator: 17),
        MetricValue(id: "timeliness.on_time", numerator: 17, denominator: 17),
        MetricValue(id: "timeliness.late_with_apology", numerator: 0, denominator: 0),
        MetricValue(id: "digitization.dossiers", numerator: 80, denominator: 100),
        MetricValue(id: "digitization.results", numerator: 17, denominator: 17),
        MetricValue(id: "digitization.reuse", numerator: 4, denominator: 5),
        MetricValue(id: "payment.online", numerator: 3, denominator: 10),
    ]

    @Test("full points on every criterion of both rubrics", arguments: ["766-2022", "par-department-example"])
    func fullMarks(rubricName: String) throws {
        let rubric = try F.rubric(named: rubricName)
        let card = try rubric.score(metrics: Self.atThresholds, manual: F.manualAtMax(rubric))
        #expect(card.total == rubric.declaredMax)
        #expect(card.totalMax == rubric.declaredMax)
        #expect(card.percentage == 100)
        #expect(card.lossReasons.isEmpty)
        #expect(card.criteria.allSatisfy { $0.lost == 0 })
        #expect(card.groups.allSatisfy { $0.points == $0.declaredMax })
    }

    @Test("766: a complete scorecard sums to 100")
    func hundred() throws {
        let rubric = try F.rubric(named: "766-2022")
        let card = try rubric.score(metrics: Self.atThresholds, manual: F.manualAtMax(rubric))
        #expect(card.total == 100)
        #expect(card.computed == Scorecard.Subtotal(points: 64, max: 64))
        #expect(card.manual == Scorecard.Subtotal(points: 36, max: 36))
    }

    @Test("a scorecard survives a JSON round trip")
    func codableRoundTrip() throws {
        let rubric = try F.rubric(named: "par-department-example")
        let card = try rubric.score(
            metrics: ScoringBanDanTocScenario.metrics,
            evidence: ScoringBanDanTocScenario.evidence,
            manual: F.manualAtMax(rubric)
        )
        let data = try JSONEncoder().encode(card)
        #expect(try JSONDecoder().decode(Scorecard.self, from: data) == card)
    }
}
