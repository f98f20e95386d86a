public import Foundation

/// A scoring rubric: groups of criteria that turn metric rates (and hand-entered points) into points.
///
/// Rubrics are data, versioned per province and year (DOMAIN.md "Scoring"): Decision 766/QĐ-TTg (2022) for the
/// national index, and each province's PAR (Chỉ số cải cách hành chính) rubric for its agencies. Every `Rubric`
/// value is valid: both the JSON decoder and the initializer check it and report every problem found.
public struct Rubric: Sendable, Codable, Equatable {
    /// Stable id, e.g. `766-2022`.
    public let id: String
    /// Name in Vietnamese, as the document titles it.
    public let name: String
    public let nameEN: String?
    /// The legal act the rubric implements, e.g. "Quyết định 766/QĐ-TTg ngày 23/6/2022".
    public let legalBasis: String?
    /// The assessment year, when the rubric is issued per year (PAR rubrics are).
    public let year: Int?
    /// First day the rubric applies, `YYYY-MM-DD`.
    public let validFrom: String
    /// Last day the rubric applies, `YYYY-MM-DD`, when known.
    public let validUntil: String?
    /// `national`, or the province it belongs to (e.g. `province:56`).
    public let scope: String
    /// The declared total maximum; when present it must equal the sum of the group maxima.
    public let maxTotal: Decimal?
    /// What the rubric's authors want a reader to know (sources, assumptions).
    public let notes: String?
    public let groups: [Group]
    public let criteria: [Criterion]

    /// A group of criteria with its maximum (e.g. 766: "Tiến độ giải quyết", 20 points).
    public struct Group: Sendable, Codable, Equatable {
        public let id: String
        public let name: String
        public let nameEN: String?
        /// Must equal the sum of its criteria's maxima.
        public let max: Decimal

        public init(id: String, name: String, nameEN: String? = nil, max: Decimal) {
            self.id = id
            self.name = name
            self.nameEN = nameEN
            self.max = max
        }
    }

    /// One scored criterion. With a `metric` it is computed from the case log by its `rule`; without one it is a
    /// manual criterion whose points an admin enters with evidence.
    public struct Criterion: Sendable, Codable, Equatable {
        public let id: String
        /// The id of the group it belongs to.
        public let group: String
        public let name: String
        public let nameEN: String?
        /// A metric id such as `channel.online`, or `nil` for a manual criterion.
        public let metric: String?
        /// Points, at most two decimals (0.25 steps are common).
        public let max: Decimal
        /// How the metric's rate becomes points; `nil` exactly for manual criteria.
        public let rule: Rule?
        /// How the criterion scores when it does not apply (zero denominator, or an admin's confirmation).
        public let notApplicable: NotApplicable

        public init(
            id: String,
            group: String,
            name: String,
            nameEN: String? = nil,
            metric: String?,
            max: Decimal,
            rule: Rule?,
            notApplicable: NotApplicable
        ) {
            self.id = id
            self.group = group
            self.name = name
            self.nameEN = nameEN
            self.metric = metric
            self.max = max
            self.rule = rule
            self.notApplicable = notApplicable
        }

        public var isManual: Bool { metric == nil }
    }

    /// How a criterion that does not apply is scored.
    public enum NotApplicable: String, Sendable, Codable, Equatable, CaseIterable {
        /// Full points: nothing arose that could have failed ("không phát sinh" counts as met).
        case full
        /// No points.
        case zero
        /// The criterion's maximum is removed from its group's and the total maximum.
        case exclude
    }

    /// The metric ids a criterion may reference (DOMAIN.md "The metrics"; CASE-LOG.md §2).
    public static let knownMetricIDs: [String] = ScoringPhrasebook.metricIDs

    /// Builds a rubric and checks it; throws every problem found.
    public init(
        id: String,
        name: String,
        nameEN: String? = nil,
        legalBasis: String? = nil,
        year: Int? = nil,
        validFrom: String,
        validUntil: String? = nil,
        scope: String,
        maxTotal: Decimal? = nil,
        notes: String? = nil,
        groups: [Group],
        criteria: [Criterion]
    ) throws(LoadError) {
        self.id = id
        self.name = name
        self.nameEN = nameEN
        self.legalBasis = legalBasis
        self.year = year
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.scope = scope
        self.maxTotal = maxTotal
        self.notes = notes
        self.groups = groups
        self.criteria = criteria
        let problems = validationProblems()
        if !problems.isEmpty { throw LoadError(problems: problems) }
    }

    /// The criteria of one group, in rubric order.
    public func criteria(inGroup groupID: String) -> [Criterion] {
        criteria.filter { $0.group == groupID }
    }

    /// The sum of the group maxima (before any criterion is excluded as not applicable).
    public var declaredMax: Decimal {
        groups.reduce(Decimal(0)) { $0 + $1.max }
    }
}

// MARK: - Problems and errors

extension Rubric {
    /// One thing wrong with a rubric or with the inputs of a scoring, said in Vietnamese and English.
    public struct Problem: Sendable, Codable, Equatable, CustomStringConvertible {
        /// A stable, machine-readable code such as `unknown_group` or `group_max_mismatch`.
        public let code: String
        /// Where: a JSON path such as `criteria[3].rule.kind`, or an id.
        public let path: String
        public let vi: String
        public let en: String

        public init(code: String, path: String, vi: String, en: String) {
            self.code = code
            self.path = path
            self.vi = vi
            self.en = en
        }

        public var description: String { path.isEmpty ? en : "\(path): \(en)" }
    }

    /// A rubric that could not be read or is not valid; lists every problem found.
    public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
        public let problems: [Problem]

        public init(problems: [Problem]) {
            self.problems = problems
        }

        public var description: String {
            "invalid rubric: " + problems.map(\.description).joined(separator: "; ")
        }

        /// The problems in Vietnamese, one per line.
        public var messageVI: String {
            problems.map { $0.path.isEmpty ? $0.vi : "\($0.path): \($0.vi)" }.joined(separator: "\n")
        }
    }
}

// MARK: - Loading

extension Rubric {
    /// Decodes and validates a rubric from JSON. Every error names the JSON path at fault.
    public static func decode(from data: Data) throws(LoadError) -> Rubric {
        do {
            return try JSONDecoder().decode(Rubric.self, from: data)
        } catch let error as DecodingError {
            throw RubricDecoding.loadError(from: error)
        } catch {
            throw LoadError(problems: [
                Problem(code: "malformed", path: "", vi: "Không đọc được JSON: \(error)", en: "Unreadable JSON: \(error)")
            ])
        }
    }

    /// Reads, decodes and validates a rubric file.
    public static func load(contentsOf url: URL) throws(LoadError) -> Rubric {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LoadError(problems: [
                Problem(
                    code: "unreadable",
                    path: url.path,
                    vi: "Không đọc được tệp bộ tiêu chí: \(error.localizedDescription)",
                    en: "Cannot read the rubric file: \(error.localizedDescription)"
                )
            ])
        }
        return try decode(from: data)
    }
}

// MARK: - Validation

extension Rubric {
    func validationProblems() -> [Problem] {
        var problems: [Problem] = []
        func add(_ code: String, _ path: String, _ vi: String, _ en: String) {
            problems.append(Problem(code: code, path: path, vi: vi, en: en))
        }

        if id.trimmingCharacters(in: .whitespaces).isEmpty { add("empty_id", "id", "Thiếu mã bộ tiêu chí", "The rubric id is empty") }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { add("empty_name", "name", "Thiếu tên bộ tiêu chí", "The rubric name is empty") }
        if !RubricDecoding.isISODate(validFrom) {
            add("bad_date", "valid_from", "Ngày không hợp lệ '\(validFrom)', cần dạng YYYY-MM-DD", "Invalid date '\(validFrom)', expected YYYY-MM-DD")
        }
        if let validUntil {
            if !RubricDecoding.isISODate(validUntil) {
                add(
                    "bad_date",
                    "valid_until",
                    "Ngày không hợp lệ '\(validUntil)', cần dạng YYYY-MM-DD",
                    "Invalid date '\(validUntil)', expected YYYY-MM-DD"
                )
            } else if validUntil < validFrom {
                add("bad_date", "valid_until", "Ngày hết hiệu lực trước ngày có hiệu lực", "valid_until is before valid_from")
            }
        }
        if groups.isEmpty { add("no_groups", "groups", "Bộ tiêu chí không có nhóm nào", "The rubric has no groups") }

        var groupIDs = Set<String>()
        for (index, group) in groups.enumerated() {
            let path = "groups[\(index)]"
            if group.id.isEmpty { add("empty_id", "\(path).id", "Thiếu mã nhóm", "The group id is empty") }
            if !groupIDs.insert(group.id).inserted {
                add("duplicate_group", "\(path).id", "Mã nhóm '\(group.id)' bị trùng", "Duplicate group id '\(group.id)'")
            }
            checkPoints(group.max, path: "\(path).max", add: add)
        }

        var criterionIDs = Set<String>()
        for (index, criterion) in criteria.enumerated() {
            let path = "criteria[\(index)]"
            if criterion.id.isEmpty { add("empty_id", "\(path).id", "Thiếu mã tiêu chí", "The criterion id is empty") }
            if !criterionIDs.insert(criterion.id).inserted {
                add("duplicate_criterion", "\(path).id", "Mã tiêu chí '\(criterion.id)' bị trùng", "Duplicate criterion id '\(criterion.id)'")
            }
            if !groupIDs.contains(criterion.group) {
                add(
                    "unknown_group",
                    "\(path).group",
                    "Tiêu chí '\(criterion.id)' thuộc nhóm '\(criterion.group)' không có trong bộ tiêu chí",
                    "Criterion '\(criterion.id)' references unknown group '\(criterion.group)'"
                )
            }
            checkPoints(criterion.max, path: "\(path).max", add: add)
            switch (criterion.metric, criterion.rule) {
            case (nil, nil):
                break
            case (nil, .some):
                add(
                    "rule_on_manual",
                    "\(path).rule",
                    "Tiêu chí chấm thủ công '\(criterion.id)' không được có quy tắc tính điểm",
                    "Manual criterion '\(criterion.id)' must not have a rule"
                )
            case (.some(let metric), let rule):
                if !ScoringPhrasebook.metricIDs.contains(metric) {
                    add(
                        "unknown_metric",
                        "\(path).metric",
                        "Chỉ số '\(metric)' không tồn tại; các chỉ số hợp lệ: \(Rubric.knownMetricIDs.joined(separator: ", "))",
                        "Unknown metric '\(metric)'; known metrics: \(Rubric.knownMetricIDs.joined(separator: ", "))"
                    )
                }
                if let rule {
                    for problem in rule.validationProblems(path: "\(path).rule") { problems.append(problem) }
                } else {
                    add(
                        "rule_missing",
                        "\(path).rule",
                        "Tiêu chí '\(criterion.id)' tính từ chỉ số nhưng thiếu quy tắc tính điểm",
                        "Computed criterion '\(criterion.id)' has no rule"
                    )
                }
            }
        }

        for (index, group) in groups.enumerated() {
            let members = criteria(inGroup: group.id)
            if members.isEmpty {
                add("empty_group", "groups[\(index)]", "Nhóm '\(group.id)' không có tiêu chí nào", "Group '\(group.id)' has no criteria")
                continue
            }
            let sum = members.reduce(Decimal(0)) { $0 + $1.max }
            if sum != group.max {
                add(
                    "group_max_mismatch",
                    "groups[\(index)].max",
                    "Nhóm '\(group.id)' có điểm tối đa \(ScoringDecimal.vietnamese(group.max)) nhưng tổng điểm tối đa các tiêu chí là "
                        + ScoringDecimal.vietnamese(sum),
                    "Group '\(group.id)' has max \(ScoringDecimal.english(group.max)) but its criteria add up to \(ScoringDecimal.english(sum))"
                )
            }
        }
        if let maxTotal, maxTotal != declaredMax {
            add(
                "total_max_mismatch",
                "max_total",
                "Tổng điểm tối đa khai báo \(ScoringDecimal.vietnamese(maxTotal)) khác tổng điểm các nhóm \(ScoringDecimal.vietnamese(declaredMax))",
                "max_total \(ScoringDecimal.english(maxTotal)) differs from the sum of the group maxima \(ScoringDecimal.english(declaredMax))"
            )
        }
        return problems
    }

    private func checkPoints(_ value: Decimal, path: String, add: (String, String, String, String) -> Void) {
        if value < 0 {
            add("negative_max", path, "Điểm tối đa không được âm", "A maximum must not be negative")
        } else if !ScoringDecimal.hasAtMostTwoDecimals(value) {
            add(
                "max_precision",
                path,
                "Điểm tối đa \(ScoringDecimal.vietnamese(value)) có quá hai chữ số thập phân",
                "Maximum \(ScoringDecimal.english(value)) has more than two decimals"
            )
        }
    }
}

// MARK: - Codable

extension Rubric {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name
        case nameEN = "name_en"
        case legalBasis = "legal_basis"
        case year
        case validFrom = "valid_from"
        case validUntil = "valid_until"
        case scope
        case maxTotal = "max_total"
        case notes, groups, criteria
    }

    public init(from decoder: any Decoder) throws {
        try RubricDecoding.rejectUnknownKeys(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        nameEN = try container.decodeIfPresent(String.self, forKey: .nameEN)
        legalBasis = try container.decodeIfPresent(String.self, forKey: .legalBasis)
        year = try container.decodeIfPresent(Int.self, forKey: .year)
        validFrom = try container.decode(String.self, forKey: .validFrom)
        validUntil = try container.decodeIfPresent(String.self, forKey: .validUntil)
        scope = try container.decode(String.self, forKey: .scope)
        maxTotal = try container.decodeIfPresent(Decimal.self, forKey: .maxTotal)
        notes = try container.decodeIfPresent(String.self, forKey: .notes)
        groups = try container.decode([Group].self, forKey: .groups)
        criteria = try container.decode([Criterion].self, forKey: .criteria)
        let problems = validationProblems()
        if !problems.isEmpty {
            // `Rubric.decode` unwraps the LoadError, so a caller sees every problem, not just "data corrupted".
            let error = LoadError(problems: problems)
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description, underlyingError: error))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(nameEN, forKey: .nameEN)
        try container.encodeIfPresent(legalBasis, forKey: .legalBasis)
        try container.encodeIfPresent(year, forKey: .year)
        try container.encode(validFrom, forKey: .validFrom)
        try container.encodeIfPresent(validUntil, forKey: .validUntil)
        try container.encode(scope, forKey: .scope)
        try container.encodeIfPresent(maxTotal, forKey: .maxTotal)
        try container.encodeIfPresent(notes, forKey: .notes)
        try container.encode(groups, forKey: .groups)
        try container.encode(criteria, forKey: .criteria)
    }
}

extension Rubric.Group {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name
        case nameEN = "name_en"
        case max
    }

    public init(from decoder: any Decoder) throws {
        try RubricDecoding.rejectUnknownKeys(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        nameEN = try container.decodeIfPresent(String.self, forKey: .nameEN)
        max = try container.decode(Decimal.self, forKey: .max)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(nameEN, forKey: .nameEN)
        try container.encode(max, forKey: .max)
    }
}

extension Rubric.Criterion {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, group, name
        case nameEN = "name_en"
        case metric, max, rule
        case notApplicable = "not_applicable"
    }

    public init(from decoder: any Decoder) throws {
        try RubricDecoding.rejectUnknownKeys(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        group = try container.decode(String.self, forKey: .group)
        name = try container.decode(String.self, forKey: .name)
        nameEN = try container.decodeIfPresent(String.self, forKey: .nameEN)
        metric = try container.decodeIfPresent(String.self, forKey: .metric)
        max = try container.decode(Decimal.self, forKey: .max)
        rule = try container.decodeIfPresent(Rubric.Rule.self, forKey: .rule)
        let mode = try container.decode(String.self, forKey: .notApplicable)
        guard let notApplicable = Rubric.NotApplicable(rawValue: mode) else {
            let allowed = Rubric.NotApplicable.allCases.map(\.rawValue).joined(separator: ", ")
            throw RubricDecoding.failure(
                code: "unknown_not_applicable",
                codingPath: decoder.codingPath + [CodingKeys.notApplicable],
                vi: "Cách tính khi không áp dụng '\(mode)' không hợp lệ; chỉ nhận: \(allowed)",
                en: "Unknown not_applicable mode '\(mode)'; expected one of: \(allowed)"
            )
        }
        self.notApplicable = notApplicable
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(group, forKey: .group)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(nameEN, forKey: .nameEN)
        if let metric { try container.encode(metric, forKey: .metric) } else { try container.encodeNil(forKey: .metric) }
        try container.encode(max, forKey: .max)
        try container.encodeIfPresent(rule, forKey: .rule)
        try container.encode(notApplicable, forKey: .notApplicable)
    }
}

// MARK: - Strict decoding helpers

/// Strict decoding: unknown fields are errors (a misspelt `not_aplicable` must not silently fall back), and every
/// error carries its JSON path and a message in Vietnamese and English.
enum RubricDecoding {
    struct AnyKey: CodingKey {
        let stringValue: String
        let intValue: Int?
        init(stringValue: String) {
            self.stringValue = stringValue
            self.intValue = nil
        }
        init(intValue: Int) {
            self.stringValue = String(intValue)
            self.intValue = intValue
        }
    }

    static func rejectUnknownKeys(in decoder: any Decoder, allowed: [String]) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let unknown = container.allKeys.map(\.stringValue).filter { !allowed.contains($0) }.sorted()
        guard let first = unknown.first else { return }
        let list = allowed.joined(separator: ", ")
        throw failure(
            code: "unknown_field",
            codingPath: decoder.codingPath + [AnyKey(stringValue: first)],
            vi: "Trường không hợp lệ '\(first)'; chỉ nhận: \(list)",
            en: "Unknown field '\(first)'; allowed: \(list)"
        )
    }

    static func failure(code: String, codingPath: [any CodingKey], vi: String, en: String) -> DecodingError {
        let problem = Rubric.Problem(code: code, path: path(codingPath), vi: vi, en: en)
        return DecodingError.dataCorrupted(
            .init(codingPath: codingPath, debugDescription: en, underlyingError: Rubric.LoadError(problems: [problem]))
        )
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    static func loadError(from error: DecodingError) -> Rubric.LoadError {
        let problem: Rubric.Problem
        switch error {
        case .dataCorrupted(let context):
            if let loadError = context.underlyingError as? Rubric.LoadError { return loadError }
            problem = Rubric.Problem(
                code: "malformed",
                path: path(context.codingPath),
                vi: "Dữ liệu JSON không hợp lệ: \(context.debugDescription)",
                en: "Malformed JSON: \(context.debugDescription)"
            )
        case .keyNotFound(let key, let context):
            let at = path(context.codingPath + [key])
            problem = Rubric.Problem(
                code: "missing_field",
                path: at,
                vi: "Thiếu trường bắt buộc '\(key.stringValue)'",
                en: "Missing required field '\(key.stringValue)'"
            )
        case .typeMismatch(let type, let context):
            problem = Rubric.Problem(
                code: "type_mismatch",
                path: path(context.codingPath),
                vi: "Sai kiểu dữ liệu, cần \(jsonTypeName(type))",
                en: "Wrong type, expected \(jsonTypeName(type))"
            )
        case .valueNotFound(let type, let context):
            problem = Rubric.Problem(
                code: "null_value",
                path: path(context.codingPath),
                vi: "Giá trị null không được phép, cần \(jsonTypeName(type))",
                en: "null is not allowed here, expected \(jsonTypeName(type))"
            )
        @unknown default:
            problem = Rubric.Problem(code: "malformed", path: "", vi: "Dữ liệu JSON không hợp lệ: \(error)", en: "Malformed JSON: \(error)")
        }
        return Rubric.LoadError(problems: [problem])
    }

    private static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Int.Type, is Decimal.Type, is Double.Type: "number"
        case is Bool.Type: "boolean"
        default: String(describing: type)
        }
    }

    /// `YYYY-MM-DD` with a plausible month and day.
    static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
