import CaseDomain
import CaseMetrics
import CaseStore
import CaseTestSupport
import Foundation
import Postgres
import Testing

/// Scores with reasons from the projection: the Ban Dân tộc story and an agency that meets every threshold, with the
/// rubric loaded from the binary and manual criteria entered with evidence.
@Suite("Scores, reasons and ranking from the projection")
struct ScoringReportTests {
    static let rubric = "par-department-example"
    static let asOf = moment("2022-01-10T00:00:00+07:00")

    func loaded(_ label: String) async throws -> WorkerDatabase {
        let db = try await WorkerDatabase.make(label)
        try await db.importReferenceThenEvents(ScoringLog.all)
        try await db.catchUp()
        let rubrics = RubricStore(database: db.database)
        try await rubrics.loadEmbedded()
        // Every manual criterion at its maximum, with evidence, for both agencies.
        let rubric = try #require(try await rubrics.rubric(id: Self.rubric)).rubric
        for agency in ["BDT", "STP"] {
            for criterion in rubric.criteria where criterion.isManual {
                try await rubrics.setManualScore(
                    rubric: Self.rubric,
                    agency: agency,
                    period: .year(2021),
                    score: ManualScore(criterion: criterion.id, points: criterion.max, evidence: "Báo cáo số 12/BC-\(agency)", enteredBy: "admin")
                )
            }
        }
        return db
    }

    @Test("Ban Dân tộc: zero on exactly the online, postal and electronic-result criteria, and exactly those reasons")
    func banDanToc() async throws {
        let db = try await loaded("score-bdt")
        defer { Task { await db.shutdown() } }
        let report = try await db.reporter.report(agency: "BDT", period: .year(2021), rubricID: Self.rubric, asOf: Self.asOf)
        let card = try #require(report.scorecard)
        #expect(card.criteria.filter { $0.status == .zero }.map(\.criterionID) == ["cqdt.1", "cqdt.2", "cqdt.3", "cqdt.4", "cqdt.5"])
        #expect(card.criteria.filter { $0.lost > 0 }.map(\.criterionID) == ["cqdt.1", "cqdt.2", "cqdt.3", "cqdt.4", "cqdt.5"])
        #expect(card.group("cqdt")?.points == 8)
        #expect(card.group("cqdt")?.max == 13)
        #expect(card.group("tthc")?.points == 4)
        #expect(card.total == 12)
        #expect(card.totalMax == 17)
        #expect(card.computed == Scorecard.Subtotal(points: 3, max: 8))
        #expect(card.manual == Scorecard.Subtotal(points: 9, max: 9))

        let codes = ScoringLog.bdtCodes.sorted()
        let firstFive = codes.prefix(5).joined(separator: ", ")
        // The three facts: nothing online, nothing by post either way, no electronic result — with the dossiers.
        let expected: [(String, [String])] = [
            (
                "cqdt.1",
                [
                    "Không có hồ sơ nào được tiếp nhận trực tuyến (0/6; cần ≥ 50%)",
                    "6 hồ sơ không được tiếp nhận trực tuyến: \(firstFive) và 1 hồ sơ khác",
                ]
            ),
            (
                "cqdt.2",
                [
                    "Không có TTHC nào phát sinh hồ sơ trực tuyến (0/2; cần đạt 100% để được điểm tối đa)",
                    "2 TTHC cung cấp trực tuyến nhưng chưa phát sinh hồ sơ trực tuyến: 1.012222, 2.000010",
                ]
            ),
            (
                "cqdt.3",
                [
                    "Không tiếp nhận hồ sơ nào qua dịch vụ bưu chính công ích (0/6)",
                    "6 hồ sơ không được tiếp nhận qua dịch vụ bưu chính công ích: \(firstFive) và 1 hồ sơ khác",
                ]
            ),
            (
                "cqdt.4",
                [
                    "Không trả kết quả nào qua dịch vụ bưu chính công ích (0/6)",
                    "6 kết quả không được trả qua dịch vụ bưu chính công ích: \(firstFive) và 1 kết quả khác",
                ]
            ),
            (
                "cqdt.5",
                [
                    "Chưa có hồ sơ nào được số hóa kết quả (0/6)",
                    "6 hồ sơ chưa có kết quả điện tử: \(firstFive) và 1 hồ sơ khác",
                ]
            ),
        ]
        let reasons = card.criteria.filter { !$0.reasons.isEmpty }.map { ($0.criterionID, $0.reasons.map(\.vi)) }
        #expect(reasons.map(\.0) == expected.map(\.0))
        for ((_, actual), (id, wanted)) in zip(reasons, expected) { #expect(actual == wanted, "\(id)") }
        #expect(report.reasonsVI == expected.flatMap(\.1))

        // The text report states exactly these reasons under its "reasons" heading.
        let text = report.vietnameseText()
        let section = try #require(text.components(separatedBy: "III. LÝ DO MẤT ĐIỂM").last)
        let listed = section.split(separator: "\n").filter { $0.hasPrefix("  - ") }.map { String($0.dropFirst(4)) }
        #expect(listed == expected.flatMap(\.1))
        #expect(report.rank?.label == "xếp thứ 2/2")
    }

    @Test("an agency that meets every threshold scores every computed point and ranks first")
    func meetsEveryThreshold() async throws {
        let db = try await loaded("score-stp")
        defer { Task { await db.shutdown() } }
        let report = try await db.reporter.report(agency: "STP", period: .year(2021), rubricID: Self.rubric, asOf: Self.asOf)
        let card = try #require(report.scorecard)
        #expect(card.total == 17)
        #expect(card.totalMax == 17)
        #expect(card.lossReasons.isEmpty)
        #expect(card.criteria.filter { $0.kind == .computed }.allSatisfy { $0.status == .full || $0.status == .notApplicable })
        let counts = Dictionary(uniqueKeysWithValues: report.metrics.map { ($0.id, ($0.numerator, $0.denominator)) })
        #expect(counts["channel.online"]! == (5, 6))
        #expect(counts["channel.postal_in"]! == (1, 6))
        #expect(counts["return.postal"]! == (1, 6))
        #expect(counts["procedures.with_online_dossiers"]! == (2, 2))
        #expect(counts["digitization.results"]! == (6, 6))
        #expect(counts["timeliness.on_time"]! == (6, 6))
        #expect(counts["timeliness.late_with_apology"]! == (0, 0))
        #expect(counts["payment.online"]! == (1, 1))
        #expect(report.rank?.label == "xếp thứ 1/2")

        // Decision 766's computed criteria are all met as well (its manual ones were not entered).
        let national = try await db.reporter.report(agency: "STP", period: .year(2021), rubricID: "766-2022", asOf: Self.asOf)
        let nationalCard = try #require(national.scorecard)
        #expect(nationalCard.computed.points == nationalCard.computed.max)
        #expect(nationalCard.computed.max == 64)
        #expect(nationalCard.manualCriteria.allSatisfy { $0.status == .missingManual })
    }

    @Test("the ranking orders agencies by total and says 'xếp thứ n/N'")
    func ranking() async throws {
        let db = try await loaded("score-rank")
        defer { Task { await db.shutdown() } }
        let ranking = try await db.reporter.ranking(period: .year(2021), rubricID: Self.rubric, asOf: Self.asOf)
        #expect(ranking.entries.map(\.agency) == ["STP", "BDT"])
        #expect(ranking.entries.map(\.label) == ["xếp thứ 1/2", "xếp thứ 2/2"])
        #expect(ranking.entries.map(\.total) == [17, 12])
    }

    @Test("manual scores are checked against the rubric and shown apart with their evidence")
    func manualScores() async throws {
        let db = try await loaded("score-manual")
        defer { Task { await db.shutdown() } }
        let rubrics = RubricStore(database: db.database)
        await #expect(throws: StoreError.self) {
            try await rubrics.setManualScore(
                rubric: Self.rubric,
                agency: "BDT",
                period: .year(2021),
                score: ManualScore(criterion: "cqdt.1", points: 1, evidence: "x", enteredBy: "admin")
            )
        }
        await #expect(throws: StoreError.self) {
            try await rubrics.setManualScore(
                rubric: Self.rubric,
                agency: "BDT",
                period: .year(2021),
                score: ManualScore(criterion: "cqdt.7", points: 2, evidence: "x", enteredBy: "admin")
            )
        }
        try await rubrics.setManualScore(
            rubric: Self.rubric,
            agency: "BDT",
            period: .year(2021),
            score: ManualScore(
                criterion: "cqdt.6",
                points: Decimal(string: "1.5") ?? 0,
                evidence: "Báo cáo 35/BC-BDT: 85% văn bản điện tử",
                lossReason: "15% văn bản đi còn gửi bản giấy",
                enteredBy: "admin"
            )
        )
        let report = try await db.reporter.report(agency: "BDT", period: .year(2021), rubricID: Self.rubric, asOf: Self.asOf)
        let card = try #require(report.scorecard)
        let line = try #require(card.line(for: "cqdt.6"))
        #expect(line.kind == .manual)
        #expect(line.points == Decimal(string: "1.5"))
        #expect(line.reasons.map(\.vi) == ["15% văn bản đi còn gửi bản giấy (chấm thủ công: 1,5/2 điểm)"])
        #expect(line.notes.map(\.vi) == ["Minh chứng: Báo cáo 35/BC-BDT: 85% văn bản điện tử"])
        #expect(card.manual == Scorecard.Subtotal(points: Decimal(string: "8.5") ?? 0, max: 9))
        #expect(report.manualScores.first { $0.score.criterion == "cqdt.6" }?.score.enteredBy == "admin")
    }

    @Test("rubrics are carried in the binary and loaded once per version")
    func rubricsLoaded() async throws {
        let db = try await WorkerDatabase.make("rubrics")
        defer { Task { await db.shutdown() } }
        let rubrics = RubricStore(database: db.database)
        #expect(try await rubrics.loadEmbedded().sorted() == ["766-2022", "par-department-example"])
        #expect(try await rubrics.loadEmbedded() == [])
        let stored = try await rubrics.rubrics()
        #expect(stored.map(\.id) == ["766-2022", "par-department-example"])
        #expect(stored.allSatisfy { $0.version.count == 12 })
        #expect(try await rubrics.defaultRubric(for: .year(2021))?.id == "par-department-example")
        #expect(try await rubrics.defaultRubric(for: .quarter(2025, 2))?.id == "766-2022")
        #expect(try await db.count("SELECT count(*) FROM rubric") == 2)
    }

    @Test("report formats: JSON with null rates, CSV with a byte-order mark, text in Vietnamese")
    func formats() async throws {
        let db = try await loaded("score-formats")
        defer { Task { await db.shutdown() } }
        let report = try await db.reporter.report(agency: "BDT", period: .year(2021), rubricID: Self.rubric, asOf: Self.asOf)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.jsonText().utf8)) as? [String: Any])
        #expect(json["agency"] as? String == "BDT")
        #expect(json["period"] as? String == "2021")
        #expect(json["as_of"] as? String == "2022-01-10T00:00:00+07:00")
        #expect((json["total"] as? NSNumber)?.intValue == 12)
        let metrics = try #require(json["metrics"] as? [[String: Any]])
        #expect(metrics.map { $0["id"] as? String } == MetricID.allCases.map(\.rawValue))
        let online = try #require(metrics.first { $0["id"] as? String == "channel.online" })
        #expect(online["numerator"] as? Int == 0 && online["denominator"] as? Int == 6 && (online["rate"] as? NSNumber)?.doubleValue == 0)
        let payment = try #require(metrics.first { $0["id"] as? String == "payment.online" })
        #expect(payment["rate"] is NSNull)
        #expect(payment["denominator"] as? Int == 0)
        #expect((json["scores"] as? [Any])?.count == 13)

        let csv = try report.rendered(as: .csv)
        #expect(csv.unicodeScalars.first == "\u{FEFF}")
        #expect(Array(csv.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(csv.contains("BDT,2021,2022-01-10T00:00:00+07:00,chỉ số,channel.online,Tỷ lệ hồ sơ tiếp nhận trực tuyến,0,6,0.00"))
        #expect(csv.contains("\r\n"))

        let text = try report.rendered(as: .text)
        #expect(text.contains("Cơ quan: Ban Dân tộc tỉnh (BDT)"))
        #expect(text.contains("Kỳ báo cáo: năm 2021 (từ 01/01/2021 đến 31/12/2021)"))
        #expect(text.contains("Tỷ lệ hồ sơ có phí, lệ phí được thanh toán trực tuyến: 0/0 (không áp dụng)"))
        #expect(text.contains("TỔNG ĐIỂM: 12/17 (70,59%)"))
        #expect(text.contains("Xếp hạng: xếp thứ 2/2"))
    }
}
