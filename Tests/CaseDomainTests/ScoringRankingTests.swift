import CaseDomain
import Foundation
import Testing

@Suite("Ranking agencies")
struct ScoringRankingTests {
    typealias F = ScoringFixtures

    private let agencies: [(code: String, name: String, total: Decimal)] = [
        (code: "SNV", name: "Sở Nội vụ", total: F.dec("88.52")),
        (code: "STP", name: "Sở Tư pháp", total: F.dec("90")),
        (code: "BDT", name: "Ban Dân tộc", total: F.dec("88.52")),
        (code: "SYT", name: "Sở Y tế", total: F.dec("70.1")),
        (code: "SCT", name: "Sở Công Thương", total: F.dec("88.52")),
    ]

    @Test("ties share a rank and the next rank skips (1, 2, 2, 2, 5); ties are ordered by code")
    func competitionRanking() throws {
        let ranking = try Ranking(rubricID: "par-department-example", period: "2021", agencies: agencies)
        #expect(ranking.entries.map(\.agencyCode) == ["STP", "BDT", "SCT", "SNV", "SYT"])
        #expect(ranking.entries.map(\.rank) == [1, 2, 2, 2, 5])
        #expect(ranking.entries.map(\.isTied) == [false, true, true, true, false])
        #expect(ranking.entry(forAgency: "BDT")?.rankLabel == "xếp thứ 2/5")
        #expect(ranking.entry(forAgency: "SYT")?.rankLabel == "xếp thứ 5/5")
        #expect(ranking.entry(forAgency: "SYT")?.rankLabelEN == "ranked 5 of 5")
    }

    @Test("the order does not depend on the input order")
    func deterministic() throws {
        let forward = try Ranking(rubricID: "r", period: "2021", agencies: agencies)
        let backward = try Ranking(rubricID: "r", period: "2021", agencies: agencies.reversed())
        #expect(forward == backward)
    }

    @Test("values are compared as displayed: 88.515 and 88.52 tie")
    func comparedRounded() throws {
        let ranking = try Ranking(
            rubricID: "r",
            period: "2021",
            agencies: [(code: "A", name: "A", total: F.dec("88.515")), (code: "B", name: "B", total: F.dec("88.52"))]
        )
        #expect(ranking.entries.map(\.rank) == [1, 1])
        #expect(ranking.entries.map(\.value) == [F.dec("88.52"), F.dec("88.52")])
    }

    @Test("rank 7 of 20 as in the Ban Dân tộc report")
    func sevenOfTwenty() throws {
        let others = (1...19).map { index in
            (code: String(format: "S%02d", index), name: "Sở \(index)", total: Decimal(index <= 6 ? 95 - index : 80 - index))
        }
        let ranking = try Ranking(rubricID: "r", period: "2021", agencies: others + [(code: "BDT", name: "Ban Dân tộc", total: F.dec("88.52"))])
        #expect(ranking.entry(forAgency: "BDT")?.rankLabel == "xếp thứ 7/20")
    }

    @Test("an agency listed twice, or a scorecard of another rubric, is an error")
    func errors() throws {
        #expect(throws: Ranking.Error.duplicateAgency("A")) {
            try Ranking(rubricID: "r", period: "2021", agencies: [(code: "A", name: "A", total: 1), (code: "A", name: "A", total: 2)])
        }
        let rubric = try F.rubric(named: "766-2022")
        let card = try rubric.score(metrics: [])
        #expect(throws: Ranking.Error.rubricMismatch(agency: "A", expected: "other", found: "766-2022")) {
            try Ranking(rubricID: "other", period: "2021", scorecards: [(code: "A", name: "A", scorecard: card)])
        }
    }

    @Test("ranking by percentage is fair when excluded criteria give agencies different maxima")
    func byPercentage() throws {
        let rubric = try F.rubric(named: "766-2022")
        let manual = F.manualAtMax(rubric)
        // A: no fee-bearing dossier, payment excluded (90 max), everything else full → 100 %.
        let noFees = ScoringFullMarksTests.atThresholds.map {
            $0.id == "payment.online" ? MetricValue(id: "payment.online", numerator: 0, denominator: 0) : $0
        }
        let a = try rubric.score(metrics: noFees, manual: manual)
        // B: online payment below the threshold → 96.67 of 100.
        let lowPayment = ScoringFullMarksTests.atThresholds.map {
            $0.id == "payment.online" ? MetricValue(id: "payment.online", numerator: 2, denominator: 10) : $0
        }
        let b = try rubric.score(metrics: lowPayment, manual: manual)
        #expect(a.total == 90)
        #expect(b.total == F.dec("96.67"))

        let byTotal = try Ranking(
            rubricID: "766-2022",
            period: "2025",
            scorecards: [(code: "A", name: "A", scorecard: a), (code: "B", name: "B", scorecard: b)]
        )
        #expect(byTotal.entries.map(\.agencyCode) == ["B", "A"])
        let byPercent = try Ranking(
            rubricID: "766-2022",
            period: "2025",
            scorecards: [(code: "A", name: "A", scorecard: a), (code: "B", name: "B", scorecard: b)],
            basis: .percentage
        )
        #expect(byPercent.entries.map(\.agencyCode) == ["A", "B"])
        #expect(byPercent.entries.map(\.value) == [100, F.dec("96.67")])
    }

    @Test("an empty list ranks nobody; a ranking survives a JSON round trip")
    func emptyAndCodable() throws {
        #expect(try Ranking(rubricID: "r", period: "2021", agencies: []).entries.isEmpty)
        let ranking = try Ranking(rubricID: "r", period: "2021", agencies: agencies)
        #expect(try JSONDecoder().decode(Ranking.self, from: JSONEncoder().encode(ranking)) == ranking)
    }
}
