/// A message for a person, in Vietnamese (with diacritics) and in English.
///
/// Clerks read the Vietnamese text; logs, operators and foreign integrators read the English one.
public struct BilingualMessage: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
    public var vietnamese: String
    public var english: String

    public init(vietnamese: String, english: String) {
        self.vietnamese = vietnamese
        self.english = english
    }

    public var description: String { "\(vietnamese) / \(english)" }

    enum CodingKeys: String, CodingKey {
        case vietnamese = "vi"
        case english = "en"
    }
}
