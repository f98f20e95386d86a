public import Foundation

/// The agencies of one period ranked under one rubric, as a PAR report ranks them ("xếp thứ 7/20").
///
/// Higher value ranks first. Equal values share a rank and the next rank skips (competition ranking:
/// 1, 2, 2, 4). Values are compared as displayed, rounded to two decimals half-up, so two agencies shown with the
/// same score never get different ranks. Within a tie the order is by agency code, so the list is deterministic.
public struct Ranking: Sendable, Codable, Equatable {
    public let rubricID: String
    /// The period label, e.g. `2025` or `2025-Q3`.
    public let period: String
    public let entries: [Entry]

    private enum CodingKeys: String, CodingKey {
        case rubricID = "rubric_id"
        case period, entries
    }

    public struct Entry: Sendable, Codable, Equatable {
        /// 1-based; tied entries share it.
        public let rank: Int
        /// How many agencies are ranked.
        public let of: Int
        public let agencyCode: String
        public let agencyName: String
        /// The ranked value (total points or percentage), two decimals.
        public let value: Decimal
        /// Whether another agency has the same value.
        public let isTied: Bool

        private enum CodingKeys: String, CodingKey {
            case rank, of
            case agencyCode = "agency_code"
            case agencyName = "agency_name"
            case value
            case isTied = "is_tied"
        }

        /// "xếp thứ 7/20"; tied agencies read the same label (see `isTied`).
        public var rankLabel: String { "xếp thứ \(rank)/\(of)" }

        /// "ranked 7 of 20".
        public var rankLabelEN: String { "ranked \(rank) of \(of)" }
    }

    /// What a ranking from scorecards compares.
    public enum Basis: String, Sendable, Codable, Equatable {
        /// Total points. Fair when every agency has the same maximum.
        case total
        /// Percentage of the counted maximum. Use it when the rubric excludes criteria that do not apply, since
        /// agencies then have different maxima.
        case percentage
    }

    public enum Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        case duplicateAgency(String)
        case rubricMismatch(agency: String, expected: String, found: String)

        public var description: String {
            switch self {
            case .duplicateAgency(let code): "agency \(code) appears twice in the ranking"
            case .rubricMismatch(let agency, let expected, let found):
                "agency \(agency) was scored with rubric \(found), the ranking is for rubric \(expected)"
            }
        }

        public var messageVI: String {
            switch self {
            case .duplicateAgency(let code): "Cơ quan \(code) xuất hiện hai lần trong bảng xếp hạng"
            case .rubricMismatch(let agency, let expected, let found):
                "Cơ quan \(agency) được chấm theo bộ tiêu chí \(found), bảng xếp hạng dùng bộ tiêu chí \(expected)"
            }
        }
    }

    /// Ranks agencies by a value each (normally `Scorecard.total`).
    public init(rubricID: String, period: String, agencies: [(code: String, name: String, total: Decimal)]) throws(Error) {
        var seen = Set<String>()
        for agency in agencies where !seen.insert(agency.code).inserted {
            throw .duplicateAgency(agency.code)
        }
        let sorted =
            agencies
            .map { (code: $0.code, name: $0.name, value: ScoringDecimal.hundredths($0.total)) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.code < $1.code }
        var entries: [Entry] = []
        entries.reserveCapacity(sorted.count)
        for (index, agency) in sorted.enumerated() {
            let rank = index > 0 && sorted[index - 1].value == agency.value ? entries[index - 1].rank : index + 1
            let tied =
                (index > 0 && sorted[index - 1].value == agency.value)
                || (index + 1 < sorted.count && sorted[index + 1].value == agency.value)
            entries.append(
                Entry(rank: rank, of: sorted.count, agencyCode: agency.code, agencyName: agency.name, value: agency.value, isTied: tied)
            )
        }
        self.rubricID = rubricID
        self.period = period
        self.entries = entries
    }

    /// Ranks agencies by their scorecards, which must all come from the rubric `rubricID`.
    public init(
        rubricID: String,
        period: String,
        scorecards: [(code: String, name: String, scorecard: Scorecard)],
        basis: Basis = .total
    ) throws(Error) {
        for item in scorecards where item.scorecard.rubricID != rubricID {
            throw .rubricMismatch(agency: item.code, expected: rubricID, found: item.scorecard.rubricID)
        }
        let values = scorecards.map { item in
            let value: Decimal =
                switch basis {
                case .total: item.scorecard.total
                case .percentage: item.scorecard.percentage ?? 0
                }
            return (code: item.code, name: item.name, total: value)
        }
        try self.init(rubricID: rubricID, period: period, agencies: values)
    }

    public func entry(forAgency code: String) -> Entry? {
        entries.first { $0.agencyCode == code }
    }
}
