/// Whether the applicant is a natural person or an organisation (a commune filing for a village, a company, …).
public enum ApplicantKind: String, Sendable, Codable, Equatable, Hashable, CaseIterable {
    case person
    case organisation
}

/// The person or organisation who filed a dossier (người nộp hồ sơ).
///
/// Built only through the validating initializer (also used when decoding), so every `Applicant` value has a
/// non-empty name of at most 200 characters without control characters, and well-formed optional fields; optional
/// fields that are empty after trimming are absent.
public struct Applicant: Sendable, Codable, Equatable, Hashable {
    public static let maximumNameLength = 200
    public static let maximumFieldLength = 500

    public let name: String
    public let kind: ApplicantKind
    /// The identity number: citizen ID (CCCD) for a person, tax or budget code for an organisation.
    public let id: String?
    /// The applicant's locality (commune / ward), as written by the source system.
    public let locality: String?
    public let phone: String?
    public let email: String?
    public let address: String?

    public init(
        name: String,
        kind: ApplicantKind,
        id: String? = nil,
        locality: String? = nil,
        phone: String? = nil,
        email: String? = nil,
        address: String? = nil
    ) throws(ApplicantError) {
        let trimmedName = DossierText.trimmed(name)
        guard !trimmedName.isEmpty else { throw .emptyName }
        guard trimmedName.count <= Self.maximumNameLength else { throw .nameTooLong(trimmedName.count) }
        guard !DossierText.containsControlCharacter(trimmedName) else { throw .controlCharacter(field: "name") }
        self.name = trimmedName
        self.kind = kind
        self.id = try Self.optionalText(id, field: "id")
        self.locality = try Self.optionalText(locality, field: "locality")
        self.address = try Self.optionalText(address, field: "address")
        let phone = try Self.optionalText(phone, field: "phone")
        if let phone, !Self.isPlausiblePhone(phone) { throw .invalidPhone(phone) }
        self.phone = phone
        let email = try Self.optionalText(email, field: "email")
        if let email, !Self.isPlausibleEmail(email) { throw .invalidEmail(email) }
        self.email = email
    }

    enum CodingKeys: String, CodingKey {
        case name, kind, id, locality, phone, email, address
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(
                name: container.decode(String.self, forKey: .name),
                kind: container.decode(ApplicantKind.self, forKey: .kind),
                id: container.decodeIfPresent(String.self, forKey: .id),
                locality: container.decodeIfPresent(String.self, forKey: .locality),
                phone: container.decodeIfPresent(String.self, forKey: .phone),
                email: container.decodeIfPresent(String.self, forKey: .email),
                address: container.decodeIfPresent(String.self, forKey: .address)
            )
        } catch let error as ApplicantError {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.message.english)
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encodeIfPresent(locality, forKey: .locality)
        try container.encodeIfPresent(phone, forKey: .phone)
        try container.encodeIfPresent(email, forKey: .email)
        try container.encodeIfPresent(address, forKey: .address)
    }

    /// The name as shown on public pages (the dossier look-up by code), revealing no more than the first word and
    /// initials: "Nguyễn Văn An" → "Nguyễn V. A.".
    ///
    /// The same rule serves persons and organisations. For a Vietnamese person the first word is the family name;
    /// for an organisation it is usually its kind ("UBND xã Tân Lập" → "UBND x. T. L."). A one-word name reveals
    /// only its initial ("An" → "A."), because a lone word may be a given name. Each later word is reduced to its
    /// first letter or digit as written (a word without any, such as "-", is dropped).
    public var maskedName: String {
        let words = name.split(whereSeparator: { $0.isWhitespace })
        guard let first = words.first else { return "" }
        func initial(_ word: Substring) -> String? {
            word.first(where: { $0.isLetter || $0.isNumber }).map { "\($0)." }
        }
        if words.count == 1 { return initial(first) ?? "" }
        return ([String(first)] + words.dropFirst().compactMap(initial)).joined(separator: " ")
    }

    private static func optionalText(_ value: String?, field: String) throws(ApplicantError) -> String? {
        guard let trimmed = value.map(DossierText.trimmed), !trimmed.isEmpty else { return nil }
        guard trimmed.count <= maximumFieldLength else { throw .fieldTooLong(field: field, length: trimmed.count) }
        guard !DossierText.containsControlCharacter(trimmed) else { throw .controlCharacter(field: field) }
        return trimmed
    }

    /// Digits with the usual separators, 3 to 15 digits (ITU-T E.164 numbers have at most 15).
    private static func isPlausiblePhone(_ phone: String) -> Bool {
        let allowed = Set("0123456789 +-.()")
        guard phone.allSatisfy({ allowed.contains($0) }) else { return false }
        let digits = phone.filter(DossierText.isASCIIDigit).count
        return (3...15).contains(digits) && phone.count <= 30
    }

    /// The shape `local@domain.tld` (RFC 5321 lengths), not a full RFC 5322 grammar: one `@`, no whitespace, a
    /// domain of at least two non-empty dot-separated labels.
    private static func isPlausibleEmail(_ email: String) -> Bool {
        guard email.utf8.count <= 254, !email.contains(where: { $0.isWhitespace }) else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last else { return false }
        guard !local.isEmpty, local.utf8.count <= 64 else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2
            && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") && $0.utf8.count <= 63 }
            && !(labels.last?.allSatisfy(DossierText.isASCIIDigit) ?? true)
    }
}

/// Why an applicant's data was rejected.
public enum ApplicantError: Error, Sendable, Equatable, Hashable {
    case emptyName
    case nameTooLong(Int)
    case fieldTooLong(field: String, length: Int)
    case controlCharacter(field: String)
    case invalidPhone(String)
    case invalidEmail(String)

    public var message: BilingualMessage {
        switch self {
        case .emptyName:
            BilingualMessage(
                vietnamese: "Tên người nộp hồ sơ không được để trống.",
                english: "The applicant's name must not be empty."
            )
        case .nameTooLong(let length):
            BilingualMessage(
                vietnamese: "Tên người nộp hồ sơ dài \(length) ký tự, tối đa \(Applicant.maximumNameLength) ký tự.",
                english: "The applicant's name has \(length) characters; at most \(Applicant.maximumNameLength) are allowed."
            )
        case .fieldTooLong(let field, let length):
            BilingualMessage(
                vietnamese: "Trường \(field) của người nộp hồ sơ dài \(length) ký tự, "
                    + "tối đa \(Applicant.maximumFieldLength) ký tự.",
                english: "The applicant's \(field) has \(length) characters; at most \(Applicant.maximumFieldLength) are allowed."
            )
        case .controlCharacter(let field):
            BilingualMessage(
                vietnamese: "Trường \(field) của người nộp hồ sơ chứa ký tự điều khiển.",
                english: "The applicant's \(field) contains a control character."
            )
        case .invalidPhone(let phone):
            BilingualMessage(
                vietnamese: "Số điện thoại không hợp lệ: \"\(phone)\".",
                english: "Invalid phone number: \"\(phone)\"."
            )
        case .invalidEmail(let email):
            BilingualMessage(
                vietnamese: "Địa chỉ thư điện tử không hợp lệ: \"\(email)\".",
                english: "Invalid email address: \"\(email)\"."
            )
        }
    }
}

/// One component (thành phần hồ sơ) of a dossier and its digitization (Circular 01/2023/TT-VPCP).
public struct ComponentRecord: Sendable, Codable, Equatable, Hashable {
    /// The component's code in the procedure's list of required documents.
    public var code: String
    /// The component has been converted into electronic data.
    public var digitized: Bool
    /// The component was taken from already-digitized data instead of being submitted again.
    public var reused: Bool

    public init(code: String, digitized: Bool, reused: Bool) {
        self.code = code
        self.digitized = digitized
        self.reused = reused
    }
}

/// Text rules shared by the dossier vocabulary and the case-log decoder (kept in one namespace so that they never
/// collide with helpers elsewhere in the module).
enum DossierText {
    static func trimmed(_ text: String) -> String {
        guard let start = text.firstIndex(where: { !$0.isWhitespace }),
            let end = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(text[start...end])
    }

    /// Any Unicode control character (category Cc): C0, DEL and C1.
    static func containsControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    static func isASCIIDigit(_ character: Character) -> Bool {
        character.isASCII && character.isNumber
    }
}
