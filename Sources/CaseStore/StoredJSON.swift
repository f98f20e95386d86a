public import CaseDomain
public import Foundation

/// JSON as the store writes it into jsonb/json columns and JSON parameters: sorted keys, moments as case-log
/// timestamps (microseconds, +07:00), which read back to the identical `Date`.
public enum StoredJSON {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(CaseLogTimestamp.format(date))
        }
        return encoder
    }()
}
