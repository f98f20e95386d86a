import CaseDomain
import Foundation

/// Shared helpers of the scoring tests.
enum ScoringFixtures {
    /// `rubrics/` at the repository root, found from this file's location.
    static let rubricsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // CaseDomainTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("rubrics")

    static func rubric(named name: String) throws -> Rubric {
        try Rubric.load(contentsOf: rubricsDirectory.appendingPathComponent("\(name).json"))
    }

    /// An exact decimal from its text; NaN (which equals nothing) for a typo, so a test fails instead of crashing.
    static func dec(_ text: String) -> Decimal {
        Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? .nan
    }

    /// A rubric of one group holding one computed criterion.
    static func single(
        metric: String = "channel.online",
        max: String,
        rule: Rubric.Rule,
        notApplicable: Rubric.NotApplicable = .zero
    ) throws -> Rubric {
        try Rubric(
            id: "test",
            name: "Bộ tiêu chí thử",
            validFrom: "2025-01-01",
            scope: "national",
            groups: [Rubric.Group(id: "g", name: "Nhóm", max: dec(max))],
            criteria: [
                Rubric.Criterion(
                    id: "c",
                    group: "g",
                    name: "Tiêu chí",
                    metric: metric,
                    max: dec(max),
                    rule: rule,
                    notApplicable: notApplicable
                )
            ]
        )
    }

    /// A dossier code as Circular 01/2018/TT-VPCP Art. 19 shapes it.
    static func dossierCode(_ sequence: Int) -> String {
        let digits = String(sequence)
        return "H56.13-250310-" + String(repeating: "0", count: Swift.max(0, 4 - digits.count)) + digits
    }

    /// Every manual criterion of `rubric` at its maximum.
    static func manualAtMax(_ rubric: Rubric) -> [ManualScore] {
        rubric.criteria.filter(\.isManual).map {
            ManualScore(criterion: $0.id, points: $0.max, evidence: "Báo cáo số 12/BC-BDT", enteredBy: "admin")
        }
    }

    static func json(_ text: String) -> Data { Data(text.utf8) }
}
