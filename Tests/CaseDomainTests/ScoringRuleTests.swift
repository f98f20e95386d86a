import CaseDomain
import Foundation
import Testing

@Suite("Scoring rules at and around their boundaries")
struct ScoringRuleTests {
    typealias F = ScoringFixtures

    private func points(_ rubric: Rubric, _ metric: String, _ numerator: Int, _ denominator: Int) throws -> Scorecard.Line {
        let card = try rubric.score(metrics: [MetricValue(id: metric, numerator: numerator, denominator: denominator)])
        return try #require(card.line(for: "c"))
    }

    @Test(
        "proportional: rate × max",
        arguments: [
            (0, 42, "0"), (21, 42, "10"), (41, 42, "19.52"), (42, 42, "20"), (1, 3, "6.67"), (2, 3, "13.33"),
        ]
    )
    func proportional(numerator: Int, denominator: Int, expected: String) throws {
        let rubric = try F.single(metric: "timeliness.on_time", max: "20", rule: .proportional)
        #expect(try points(rubric, "timeliness.on_time", numerator, denominator).points == F.dec(expected))
    }

    @Test(
        "threshold 50 %: full at exactly 50 %, linear below",
        arguments: [
            (0, 42, "0"), (1, 42, "0.57"), (20, 42, "11.43"), (21, 42, "12"), (22, 42, "12"), (42, 42, "12"), (1, 2, "12"),
        ]
    )
    func thresholdHalf(numerator: Int, denominator: Int, expected: String) throws {
        let rubric = try F.single(max: "12", rule: .threshold(F.dec("0.5")))
        #expect(try points(rubric, "channel.online", numerator, denominator).points == F.dec(expected))
    }

    @Test(
        "threshold 80 %: full at exactly 80 %, rate ÷ 0.8 × max below",
        arguments: [(79, 100, "7.9"), (80, 100, "8"), (4, 5, "8"), (3, 4, "7.5"), (1, 100, "0.1")]
    )
    func thresholdEighty(numerator: Int, denominator: Int, expected: String) throws {
        let rubric = try F.single(metric: "digitization.results", max: "8", rule: .threshold(F.dec("0.8")))
        #expect(try points(rubric, "digitization.results", numerator, denominator).points == F.dec(expected))
    }

    @Test("threshold 30 % is reached by 3/10 exactly (0.3 × 10 is 3.0000000000000004 in binary floating point)")
    func thresholdIsExact() throws {
        let rubric = try F.single(metric: "payment.online", max: "10", rule: .threshold(F.dec("0.3")))
        let line = try points(rubric, "payment.online", 3, 10)
        #expect(line.points == 10)
        #expect(line.status == .full)
        #expect(try points(rubric, "payment.online", 29, 100).points == F.dec("9.67"))
    }

    @Test(
        "steps 100 % → full, ≥ 80 % → half, else 0",
        arguments: [(100, 100, "2"), (99, 100, "1"), (81, 100, "1"), (80, 100, "1"), (4, 5, "1"), (79, 100, "0"), (0, 5, "0")]
    )
    func steps(numerator: Int, denominator: Int, expected: String) throws {
        let rule = Rubric.Rule.steps([
            .init(minRate: F.dec("1.0"), fraction: 1), .init(minRate: F.dec("0.8"), fraction: F.dec("0.5")),
        ])
        let rubric = try F.single(metric: "timeliness.on_time", max: "2", rule: rule)
        #expect(try points(rubric, "timeliness.on_time", numerator, denominator).points == F.dec(expected))
    }

    @Test("steps given in any order pick the best step reached")
    func stepsOrderDoesNotMatter() throws {
        let rule = Rubric.Rule.steps([
            .init(minRate: F.dec("0.8"), fraction: F.dec("0.5")), .init(minRate: F.dec("1.0"), fraction: 1),
        ])
        let rubric = try F.single(metric: "timeliness.on_time", max: "2", rule: rule)
        #expect(try points(rubric, "timeliness.on_time", 10, 10).points == 2)
        #expect(try points(rubric, "timeliness.on_time", 9, 10).points == 1)
    }

    @Test("a min_count step expresses 'at least one': 0 dossiers → 0, 1 dossier → full", arguments: [(0, 42, "0"), (1, 42, "1"), (42, 42, "1")])
    func atLeastOne(numerator: Int, denominator: Int, expected: String) throws {
        let rule = Rubric.Rule.steps([.init(minCount: 1, fraction: 1)])
        let rubric = try F.single(metric: "channel.postal_in", max: "1", rule: rule)
        #expect(try points(rubric, "channel.postal_in", numerator, denominator).points == F.dec(expected))
    }

    @Test("inverse proportional: lower is better", arguments: [(0, 10, "10"), (3, 10, "7"), (10, 10, "0"), (1, 3, "6.67")])
    func inverse(numerator: Int, denominator: Int, expected: String) throws {
        let rubric = try F.single(metric: "channel.direct", max: "10", rule: .inverseProportional)
        #expect(try points(rubric, "channel.direct", numerator, denominator).points == F.dec(expected))
    }

    @Test("status is full, partial or zero by the rounded points")
    func statuses() throws {
        let rubric = try F.single(max: "12", rule: .threshold(F.dec("0.5")))
        #expect(try points(rubric, "channel.online", 21, 42).status == .full)
        #expect(try points(rubric, "channel.online", 20, 42).status == .partial)
        #expect(try points(rubric, "channel.online", 0, 42).status == .zero)
        let full = try points(rubric, "channel.online", 42, 42)
        #expect(full.reasons.isEmpty)
        #expect(full.lost == 0)
    }
}

@Suite("Rounding: two decimals, half-up, exact totals")
struct ScoringRoundingTests {
    typealias F = ScoringFixtures

    @Test("0.125 rounds up to 0.13 and 0.625 to 0.63 (half-up, not banker's rounding)")
    func halfUp() throws {
        let rubric = try F.single(metric: "timeliness.on_time", max: "1", rule: .proportional)
        let eighth = try rubric.score(metrics: [MetricValue(id: "timeliness.on_time", numerator: 1, denominator: 8)])
        #expect(eighth.total == F.dec("0.13"))
        let fiveEighths = try rubric.score(metrics: [MetricValue(id: "timeliness.on_time", numerator: 5, denominator: 8)])
        #expect(fiveEighths.total == F.dec("0.63"))
        let third = try rubric.score(metrics: [MetricValue(id: "timeliness.on_time", numerator: 1, denominator: 3)])
        #expect(third.total == F.dec("0.33"))
    }

    @Test("the total is the sum of the rounded criterion points, so three thirds make 0.99")
    func totalsAddUp() throws {
        let criteria = ["timeliness.on_time", "digitization.reuse", "digitization.dossiers"].enumerated().map { index, metric in
            Rubric.Criterion(
                id: "c\(index)",
                group: "g",
                name: "Tiêu chí \(index)",
                metric: metric,
                max: 1,
                rule: .proportional,
                notApplicable: .zero
            )
        }
        let rubric = try Rubric(
            id: "thirds",
            name: "Ba phần ba",
            validFrom: "2025-01-01",
            scope: "national",
            groups: [Rubric.Group(id: "g", name: "Nhóm", max: 3)],
            criteria: criteria
        )
        let card = try rubric.score(metrics: criteria.compactMap(\.metric).map { MetricValue(id: $0, numerator: 1, denominator: 3) })
        #expect(card.total == F.dec("0.99"))
        #expect(card.criteria.allSatisfy { $0.points == F.dec("0.33") })
        #expect(card.percentage == F.dec("33"))
    }

    @Test("ten criteria of 0.1 points add up to exactly 1 (binary doubles give 0.9999999999999999)")
    func noFloatingPointDrift() throws {
        let metrics = Rubric.knownMetricIDs.prefix(10)
        let criteria = metrics.enumerated().map { index, metric in
            Rubric.Criterion(
                id: "c\(index)",
                group: "g",
                name: "Tiêu chí \(index)",
                metric: metric,
                max: F.dec("0.1"),
                rule: .proportional,
                notApplicable: .zero
            )
        }
        let rubric = try Rubric(
            id: "tenths",
            name: "Mười phần mười",
            validFrom: "2025-01-01",
            scope: "national",
            groups: [Rubric.Group(id: "g", name: "Nhóm", max: 1)],
            criteria: criteria
        )
        let card = try rubric.score(metrics: metrics.map { MetricValue(id: $0, numerator: 7, denominator: 7) })
        #expect(card.total == 1)
        #expect(card.total.description == "1")
        #expect(card.percentage == 100)
    }

    @Test("percentages are rounded half-up to two decimals: 8/13 is 61.54 %")
    func percentage() throws {
        let rubric = try F.single(metric: "timeliness.on_time", max: "13", rule: .proportional)
        let card = try rubric.score(metrics: [MetricValue(id: "timeliness.on_time", numerator: 8, denominator: 13)])
        #expect(card.total == 8)
        #expect(card.percentage == F.dec("61.54"))
        #expect(card.criteria.first?.ratePercent == F.dec("61.54"))
    }
}
