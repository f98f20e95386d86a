import CaseDomain
import Foundation
import Testing

@Suite("Rubric files and strict validation")
struct ScoringRubricTests {
    typealias F = ScoringFixtures

    @Test("rubrics/766-2022.json loads: five groups, 18/20/22/22/18, total 100")
    func decision766() throws {
        let rubric = try F.rubric(named: "766-2022")
        #expect(rubric.id == "766-2022")
        #expect(rubric.groups.map(\.id) == ["transparency", "progress", "online", "digitization", "satisfaction"])
        #expect(rubric.groups.map(\.max) == [18, 20, 22, 22, 18])
        #expect(rubric.declaredMax == 100)
        #expect(rubric.maxTotal == 100)
        #expect(rubric.criteria(inGroup: "progress").map(\.metric) == ["timeliness.on_time"])
        #expect(rubric.criteria.first { $0.metric == "channel.online" }?.rule == .threshold(F.dec("0.5")))
        #expect(rubric.criteria.first { $0.metric == "channel.online" }?.max == 12)
        #expect(rubric.criteria.first { $0.metric == "payment.online" }?.max == 10)
        for metric in ["digitization.results", "digitization.dossiers", "digitization.reuse"] {
            #expect(rubric.criteria.first { $0.metric == metric }?.rule == .threshold(F.dec("0.8")))
        }
        #expect(rubric.criteria(inGroup: "transparency").allSatisfy { $0.isManual })
        #expect(rubric.criteria(inGroup: "satisfaction").allSatisfy { $0.isManual })
    }

    @Test("rubrics/par-department-example.json loads: e-government group of 13 points")
    func parExample() throws {
        let rubric = try F.rubric(named: "par-department-example")
        let group = try #require(rubric.groups.first { $0.id == "cqdt" })
        #expect(group.name == "Xây dựng và phát triển chính quyền điện tử, chính quyền số")
        #expect(group.max == 13)
        #expect(
            rubric.criteria(inGroup: "cqdt").compactMap(\.metric) == [
                "channel.online", "procedures.with_online_dossiers", "channel.postal_in", "return.postal", "digitization.results",
            ]
        )
        #expect(rubric.criteria(inGroup: "cqdt").filter(\.isManual).count == 5)
        #expect(rubric.criteria.first { $0.metric == "channel.postal_in" }?.rule == .steps([.init(minCount: 1, fraction: 1)]))
        #expect(rubric.declaredMax == 17)
        #expect(rubric.notes?.contains("EXAMPLE") == true)
    }

    @Test("a rubric survives a JSON round trip", arguments: ["766-2022", "par-department-example"])
    func roundTrip(name: String) throws {
        let rubric = try F.rubric(named: name)
        let data = try JSONEncoder().encode(rubric)
        #expect(try Rubric.decode(from: data) == rubric)
    }

    // MARK: Invalid rubrics

    private func problems(_ json: String) -> [Rubric.Problem] {
        do {
            _ = try Rubric.decode(from: F.json(json))
            return []
        } catch {
            return error.problems
        }
    }

    private func rubricJSON(groups: String, criteria: String, extra: String = "") -> String {
        """
        {"id":"x","name":"Bộ tiêu chí","valid_from":"2025-01-01","scope":"national",\(extra)
         "groups":[\(groups)],"criteria":[\(criteria)]}
        """
    }

    @Test("an unknown rule kind is named with its path and the kinds allowed")
    func unknownRuleKind() {
        let found = problems(
            rubricJSON(
                groups: #"{"id":"g","name":"Nhóm","max":1}"#,
                criteria: #"{"id":"c","group":"g","name":"T","metric":"channel.online","max":1,"rule":{"kind":"linear"},"not_applicable":"zero"}"#
            )
        )
        #expect(found.map(\.code) == ["unknown_rule_kind"])
        #expect(found.first?.path == "criteria[0].rule.kind")
        #expect(found.first?.en == "Unknown rule kind 'linear'; expected one of: proportional, threshold, steps, inverse_proportional")
        #expect(found.first?.vi.hasPrefix("Loại quy tắc 'linear' không hợp lệ") == true)
    }

    @Test("every semantic problem is listed at once: unknown group, unknown metric, group max not matching")
    func problemsListed() {
        let found = problems(
            rubricJSON(
                groups: #"{"id":"g","name":"Nhóm","max":5}, {"id":"h","name":"Nhóm 2","max":2}"#,
                criteria: """
                    {"id":"a","group":"g","name":"A","metric":"channel.online","max":2,"rule":{"kind":"proportional"},"not_applicable":"zero"},
                    {"id":"b","group":"nhom-khac","name":"B","metric":"channel.online","max":1,
                     "rule":{"kind":"proportional"},"not_applicable":"zero"},
                    {"id":"c","group":"h","name":"C","metric":"channel.offline","max":2,"rule":{"kind":"proportional"},"not_applicable":"zero"}
                    """,
                extra: #""max_total":10,"#
            )
        )
        #expect(found.map(\.code) == ["unknown_group", "unknown_metric", "group_max_mismatch", "total_max_mismatch"])
        #expect(found.map(\.path) == ["criteria[1].group", "criteria[2].metric", "groups[0].max", "max_total"])
        #expect(found[2].en == "Group 'g' has max 5 but its criteria add up to 2")
        #expect(found[2].vi == "Nhóm 'g' có điểm tối đa 5 nhưng tổng điểm tối đa các tiêu chí là 2")
    }

    @Test("unknown fields are errors, so a misspelt key never falls back silently")
    func unknownField() {
        let found = problems(
            rubricJSON(
                groups: #"{"id":"g","name":"Nhóm","max":1}"#,
                criteria: #"{"id":"c","group":"g","name":"T","metric":null,"max":1,"not_aplicable":"zero"}"#
            )
        )
        #expect(found.map(\.code) == ["unknown_field"])
        #expect(found.first?.path == "criteria[0].not_aplicable")
    }

    @Test("a missing field, a wrong type and a bad n/a mode are reported with their paths")
    func structuralErrors() {
        let missing = problems(rubricJSON(groups: #"{"id":"g","name":"Nhóm"}"#, criteria: ""))
        #expect(missing.map(\.code) == ["missing_field"])
        #expect(missing.first?.path == "groups[0].max")

        let wrongType = problems(rubricJSON(groups: #"{"id":"g","name":"Nhóm","max":"mười"}"#, criteria: ""))
        #expect(wrongType.map(\.code) == ["type_mismatch"])
        #expect(wrongType.first?.path == "groups[0].max")

        let badMode = problems(
            rubricJSON(
                groups: #"{"id":"g","name":"Nhóm","max":1}"#,
                criteria: #"{"id":"c","group":"g","name":"T","metric":null,"max":1,"not_applicable":"skip"}"#
            )
        )
        #expect(badMode.map(\.code) == ["unknown_not_applicable"])
        #expect(badMode.first?.path == "criteria[0].not_applicable")

        #expect(problems("{ not json").map(\.code) == ["malformed"])
    }

    @Test("rule parameters are checked: threshold range, empty, unordered and condition-less steps")
    func ruleParameters() {
        let found = problems(
            rubricJSON(
                groups: #"{"id":"g","name":"Nhóm","max":4}"#,
                criteria: """
                    {"id":"a","group":"g","name":"A","metric":"channel.online","max":1,
                     "rule":{"kind":"threshold","threshold":1.5},"not_applicable":"zero"},
                    {"id":"b","group":"g","name":"B","metric":"channel.online","max":1,"rule":{"kind":"steps","steps":[]},"not_applicable":"zero"},
                    {"id":"c","group":"g","name":"C","metric":"channel.online","max":1,
                     "rule":{"kind":"steps","steps":[{"min_rate":1.0,"fraction":0.5},{"min_rate":0.8,"fraction":1.0}]},"not_applicable":"zero"},
                    {"id":"d","group":"g","name":"D","metric":"channel.online","max":1,
                     "rule":{"kind":"steps","steps":[{"fraction":1.0}]},"not_applicable":"zero"}
                    """
            )
        )
        #expect(found.map(\.code) == ["threshold_range", "steps_empty", "steps_not_monotonic", "step_no_condition"])
        #expect(found.map(\.path) == ["criteria[0].rule.threshold", "criteria[1].rule.steps", "criteria[2].rule.steps", "criteria[3].rule.steps[0]"])
    }

    @Test("a computed criterion needs a rule, a manual one must not have one; ids are unique; maxima have two decimals")
    func criteriaShape() {
        let found = problems(
            rubricJSON(
                groups: #"{"id":"g","name":"Nhóm","max":3.005}"#,
                criteria: """
                    {"id":"a","group":"g","name":"A","metric":"channel.online","max":1,"not_applicable":"zero"},
                    {"id":"a","group":"g","name":"B","metric":null,"max":1,"rule":{"kind":"proportional"},"not_applicable":"zero"},
                    {"id":"c","group":"g","name":"C","metric":null,"max":1.005,"not_applicable":"zero"}
                    """
            )
        )
        #expect(found.map(\.code) == ["max_precision", "rule_missing", "duplicate_criterion", "rule_on_manual", "max_precision"])
    }

    @Test("the initializer validates as the decoder does")
    func initializerValidates() {
        #expect(throws: Rubric.LoadError.self) {
            try Rubric(
                id: "x",
                name: "X",
                validFrom: "2025-13-01",
                scope: "national",
                groups: [Rubric.Group(id: "g", name: "Nhóm", max: 1)],
                criteria: [.init(id: "c", group: "g", name: "C", metric: nil, max: 1, rule: nil, notApplicable: .zero)]
            )
        }
    }

    @Test("a missing file is reported, not a crash")
    func missingFile() {
        let error = #expect(throws: Rubric.LoadError.self) {
            try Rubric.load(contentsOf: F.rubricsDirectory.appendingPathComponent("khong-co.json"))
        }
        #expect(error?.problems.map(\.code) == ["unreadable"])
    }
}
