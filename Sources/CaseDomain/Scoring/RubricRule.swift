public import Foundation

extension Rubric {
    /// How a metric's rate becomes points (DOMAIN.md "Scoring"). All arithmetic is exact: rates are compared as
    /// `numerator ≥ threshold × denominator`, never as binary floating point.
    public enum Rule: Sendable, Equatable, Codable {
        /// `rate × max`.
        case proportional
        /// Full points at `rate ≥ threshold`, else `rate ÷ threshold × max` (766: online 50 %, digitization 80 %).
        case threshold(Decimal)
        /// The best step the rate (and count) reaches gives `fraction × max`; none reached gives 0.
        case steps([Step])
        /// Lower is better: `(1 − rate) × max`.
        case inverseProportional

        /// One step of a `steps` rule. A step is reached when `rate ≥ minRate` and `numerator ≥ minCount` (each
        /// condition only when given; at least one must be). `minCount: 1` expresses "at least one dossier",
        /// which `minRate` cannot (`rate ≥ 0` is always true).
        public struct Step: Sendable, Equatable, Codable {
            public let minRate: Decimal?
            public let minCount: Int?
            public let fraction: Decimal

            public init(minRate: Decimal? = nil, minCount: Int? = nil, fraction: Decimal) {
                self.minRate = minRate
                self.minCount = minCount
                self.fraction = fraction
            }

            func isReached(numerator: Int, denominator: Int) -> Bool {
                if let minRate, Decimal(numerator) < minRate * Decimal(denominator) { return false }
                if let minCount, numerator < minCount { return false }
                return true
            }
        }

        /// The exact, unrounded points for `numerator / denominator` (denominator > 0, 0 ≤ numerator ≤ denominator).
        func exactPoints(max: Decimal, numerator: Int, denominator: Int) -> Decimal {
            let part = Decimal(numerator)
            let whole = Decimal(denominator)
            switch self {
            case .proportional:
                return max * part / whole
            case .threshold(let threshold):
                let needed = threshold * whole
                return part >= needed ? max : max * part / needed
            case .steps(let steps):
                let reached = steps.filter { $0.isReached(numerator: numerator, denominator: denominator) }
                let fraction = reached.map(\.fraction).max() ?? 0
                return max * fraction
            case .inverseProportional:
                return max * (whole - part) / whole
            }
        }

        /// The step that gives full points, for telling a reader what is needed.
        var topStep: Step? {
            guard case .steps(let steps) = self else { return nil }
            return steps.max { $0.fraction < $1.fraction }
        }

        func validationProblems(path: String) -> [Problem] {
            var problems: [Problem] = []
            switch self {
            case .proportional, .inverseProportional:
                break
            case .threshold(let threshold):
                if threshold <= 0 || threshold > 1 {
                    problems.append(
                        Problem(
                            code: "threshold_range",
                            path: "\(path).threshold",
                            vi: "Ngưỡng phải lớn hơn 0 và không quá 1 (100%)",
                            en: "The threshold must be greater than 0 and at most 1 (100 %)"
                        )
                    )
                }
            case .steps(let steps):
                if steps.isEmpty {
                    problems.append(
                        Problem(
                            code: "steps_empty",
                            path: "\(path).steps",
                            vi: "Quy tắc bậc thang không có bậc nào",
                            en: "A steps rule needs at least one step"
                        )
                    )
                }
                for (index, step) in steps.enumerated() {
                    let stepPath = "\(path).steps[\(index)]"
                    if step.minRate == nil && step.minCount == nil {
                        problems.append(
                            Problem(
                                code: "step_no_condition",
                                path: stepPath,
                                vi: "Bậc cần có min_rate hoặc min_count",
                                en: "A step needs min_rate or min_count"
                            )
                        )
                    }
                    if let minRate = step.minRate, minRate < 0 || minRate > 1 {
                        problems.append(
                            Problem(
                                code: "step_range",
                                path: "\(stepPath).min_rate",
                                vi: "min_rate phải từ 0 đến 1",
                                en: "min_rate must be between 0 and 1"
                            )
                        )
                    }
                    if let minCount = step.minCount, minCount < 1 {
                        problems.append(
                            Problem(
                                code: "step_range",
                                path: "\(stepPath).min_count",
                                vi: "min_count phải từ 1 trở lên",
                                en: "min_count must be at least 1"
                            )
                        )
                    }
                    if step.fraction < 0 || step.fraction > 1 {
                        problems.append(
                            Problem(
                                code: "step_range",
                                path: "\(stepPath).fraction",
                                vi: "fraction phải từ 0 đến 1",
                                en: "fraction must be between 0 and 1"
                            )
                        )
                    }
                }
                let rated = steps.compactMap { step in step.minRate.map { (rate: $0, fraction: step.fraction) } }
                if Set(rated.map(\.rate)).count != rated.count {
                    problems.append(
                        Problem(
                            code: "steps_duplicate",
                            path: "\(path).steps",
                            vi: "Hai bậc có cùng min_rate",
                            en: "Two steps have the same min_rate"
                        )
                    )
                }
                let ascending = rated.sorted { $0.rate < $1.rate }
                if zip(ascending, ascending.dropFirst()).contains(where: { $0.fraction > $1.fraction }) {
                    problems.append(
                        Problem(
                            code: "steps_not_monotonic",
                            path: "\(path).steps",
                            vi: "Bậc có tỷ lệ cao hơn phải được số điểm không thấp hơn",
                            en: "A step with a higher min_rate must not give a smaller fraction"
                        )
                    )
                }
            }
            return problems
        }
    }
}

// MARK: - Codable

extension Rubric.Rule {
    private enum Kind: String, CaseIterable {
        case proportional, threshold, steps
        case inverseProportional = "inverse_proportional"
    }

    private enum CodingKeys: String, CodingKey {
        case kind, threshold, steps
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kindText = try container.decode(String.self, forKey: .kind)
        guard let kind = Kind(rawValue: kindText) else {
            let allowed = Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw RubricDecoding.failure(
                code: "unknown_rule_kind",
                codingPath: decoder.codingPath + [CodingKeys.kind],
                vi: "Loại quy tắc '\(kindText)' không hợp lệ; chỉ nhận: \(allowed)",
                en: "Unknown rule kind '\(kindText)'; expected one of: \(allowed)"
            )
        }
        switch kind {
        case .proportional:
            try RubricDecoding.rejectUnknownKeys(in: decoder, allowed: ["kind"])
            self = .proportional
        case .inverseProportional:
            try RubricDecoding.rejectUnknownKeys(in: decoder, allowed: ["kind"])
            self = .inverseProportional
        case .threshold:
            try RubricDecoding.rejectUnknownKeys(in: decoder, allowed: ["kind", "threshold"])
            self = .threshold(try container.decode(Decimal.self, forKey: .threshold))
        case .steps:
            try RubricDecoding.rejectUnknownKeys(in: decoder, allowed: ["kind", "steps"])
            self = .steps(try container.decode([Step].self, forKey: .steps))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .proportional:
            try container.encode(Kind.proportional.rawValue, forKey: .kind)
        case .inverseProportional:
            try container.encode(Kind.inverseProportional.rawValue, forKey: .kind)
        case .threshold(let threshold):
            try container.encode(Kind.threshold.rawValue, forKey: .kind)
            try container.encode(threshold, forKey: .threshold)
        case .steps(let steps):
            try container.encode(Kind.steps.rawValue, forKey: .kind)
            try container.encode(steps, forKey: .steps)
        }
    }
}

extension Rubric.Rule.Step {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case minRate = "min_rate"
        case minCount = "min_count"
        case fraction
    }

    public init(from decoder: any Decoder) throws {
        try RubricDecoding.rejectUnknownKeys(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        minRate = try container.decodeIfPresent(Decimal.self, forKey: .minRate)
        minCount = try container.decodeIfPresent(Int.self, forKey: .minCount)
        fraction = try container.decode(Decimal.self, forKey: .fraction)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(minRate, forKey: .minRate)
        try container.encodeIfPresent(minCount, forKey: .minCount)
        try container.encode(fraction, forKey: .fraction)
    }
}
