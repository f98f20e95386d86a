public import Foundation

/// One computed e-government metric of one agency and period: a numerator, a denominator and their rate
/// (CASE-LOG.md §2). The ids are the stable metric ids of DOMAIN.md, e.g. `channel.online`.
///
/// A zero denominator means *not applicable*: `rate` is `nil`, never 0 % or 100 %, and the rubric's
/// `not_applicable` mode decides the points.
public struct MetricValue: Sendable, Codable, Equatable {
    public let id: String
    public let numerator: Int
    public let denominator: Int

    public init(id: String, numerator: Int, denominator: Int) {
        self.id = id
        self.numerator = numerator
        self.denominator = denominator
    }

    /// `numerator ÷ denominator`, or `nil` when there is nothing to divide by. For display only: scoring works
    /// on the exact counts.
    public var rate: Double? {
        denominator == 0 ? nil : Double(numerator) / Double(denominator)
    }

    public var isApplicable: Bool { denominator != 0 }

    private enum CodingKeys: String, CodingKey {
        case id, numerator, denominator, rate
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        numerator = try container.decode(Int.self, forKey: .numerator)
        denominator = try container.decode(Int.self, forKey: .denominator)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(numerator, forKey: .numerator)
        try container.encode(denominator, forKey: .denominator)
        try container.encodeIfPresent(rate, forKey: .rate)
    }
}

/// What counted against a metric, supplied by whoever computed it: the codes of the dossiers (for
/// `procedures.*` metrics: the procedure codes) on the failing side, e.g. late dossiers without an apology, or
/// dossiers not received online. It may hold fewer codes than failed (a caller usually sends the first few);
/// the explanation then says how many more there were.
public struct MetricEvidence: Sendable, Codable, Equatable {
    public let codes: [String]

    public init(codes: [String]) {
        self.codes = codes
    }
}

/// Points an admin entered by hand for a criterion that the case log cannot measure (e.g. "100 % of civil
/// servants use official email"), with the evidence behind them.
public struct ManualScore: Sendable, Codable, Equatable {
    /// The rubric criterion's id.
    public let criterion: String
    /// Points awarded, between 0 and the criterion's maximum, at most two decimals. Ignored when `notApplicable`.
    public let points: Decimal
    /// The evidence the points rest on (document numbers, links, counts), as entered; shown to the reader.
    public let evidence: String
    /// Why points were lost, in the admin's words; shown as the reason when `points` is below the maximum.
    public let lossReason: String?
    /// The admin confirmed the criterion does not apply to this agency and period; the criterion's
    /// `not_applicable` mode then decides the points.
    public let notApplicable: Bool
    public let enteredBy: String?

    public init(
        criterion: String,
        points: Decimal,
        evidence: String,
        lossReason: String? = nil,
        notApplicable: Bool = false,
        enteredBy: String? = nil
    ) {
        self.criterion = criterion
        self.points = points
        self.evidence = evidence
        self.lossReason = lossReason
        self.notApplicable = notApplicable
        self.enteredBy = enteredBy
    }

    /// An admin's confirmation that a manual criterion does not apply.
    public static func notApplicable(criterion: String, evidence: String, enteredBy: String? = nil) -> ManualScore {
        ManualScore(criterion: criterion, points: 0, evidence: evidence, notApplicable: true, enteredBy: enteredBy)
    }

    private enum CodingKeys: String, CodingKey {
        case criterion, points, evidence
        case lossReason = "loss_reason"
        case notApplicable = "not_applicable"
        case enteredBy = "entered_by"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        criterion = try container.decode(String.self, forKey: .criterion)
        notApplicable = try container.decodeIfPresent(Bool.self, forKey: .notApplicable) ?? false
        points = try container.decodeIfPresent(Decimal.self, forKey: .points) ?? 0
        evidence = try container.decode(String.self, forKey: .evidence)
        lossReason = try container.decodeIfPresent(String.self, forKey: .lossReason)
        enteredBy = try container.decodeIfPresent(String.self, forKey: .enteredBy)
    }
}
