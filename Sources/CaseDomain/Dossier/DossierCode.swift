/// The dossier code (mã hồ sơ), Circular 01/2018/TT-VPCP, Art. 19: `<agency identifier>-<YYMMDD>-<NNNN>`,
/// e.g. `H15.50.05.13-261008-0975`: the receiving agency's electronic identifier, the receipt date (year 20YY) and a
/// 4-digit sequence, 0001…9999, within that agency and day.
///
/// A value of this type is always well formed; its text form is canonical, so `DossierCode(code.description)`
/// gives back `code`.
public struct DossierCode: Sendable, Codable, Equatable, Hashable, LosslessStringConvertible {
    public static let sequenceRange = 1...9999
    public static let maximumIdentifierLength = 60

    /// The agency's electronic identifier (mã định danh điện tử), ASCII letters and digits in dot-separated groups.
    public let agencyIdentifier: String
    /// The receipt date, 2000…2099.
    public let year: Int
    public let month: Int
    public let day: Int
    public let sequence: Int

    public init(agencyIdentifier: String, year: Int, month: Int, day: Int, sequence: Int) throws(DossierCodeError) {
        guard Self.isValidIdentifier(agencyIdentifier) else { throw .invalidAgencyIdentifier(agencyIdentifier) }
        guard (2000...2099).contains(year), (1...12).contains(month),
            (1...Self.daysIn(month: month, year: year)).contains(day)
        else { throw .invalidDate(year: year, month: month, day: day) }
        guard Self.sequenceRange.contains(sequence) else { throw .sequenceOutOfRange(sequence) }
        self.agencyIdentifier = agencyIdentifier
        self.year = year
        self.month = month
        self.day = day
        self.sequence = sequence
    }

    /// Parses the canonical text form; anything else (spaces, a 3- or 5-digit sequence, `0000`, a date that does not
    /// exist) is rejected.
    public static func parse(_ text: String) throws(DossierCodeError) -> DossierCode {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed(text) }
        let datePart = parts[1]
        let sequencePart = parts[2]
        guard datePart.count == 6, datePart.allSatisfy(DossierText.isASCIIDigit),
            sequencePart.count == 4, sequencePart.allSatisfy(DossierText.isASCIIDigit),
            let yy = Int(datePart.prefix(2)), let mm = Int(datePart.dropFirst(2).prefix(2)),
            let dd = Int(datePart.suffix(2)), let sequence = Int(sequencePart)
        else { throw .malformed(text) }
        return try DossierCode(agencyIdentifier: String(parts[0]), year: 2000 + yy, month: mm, day: dd, sequence: sequence)
    }

    public init?(_ description: String) {
        guard let code = try? Self.parse(description) else { return nil }
        self = code
    }

    public var description: String {
        "\(agencyIdentifier)-\(Self.pad(year % 100, 2))\(Self.pad(month, 2))\(Self.pad(day, 2))-\(Self.pad(sequence, 4))"
    }

    /// The code of the dossier's n-th electronic result: `<dossier code>-KQ<n>`, n ≥ 1 (unpadded: `-KQ1`).
    public func resultCode(_ n: Int) -> String {
        precondition(n >= 1, "result numbers start at 1")
        return "\(description)-KQ\(n)"
    }

    /// Splits a result code `<dossier code>-KQ<n>` into the dossier code and n; nil if it is not one.
    public static func parseResultCode(_ text: String) -> (dossier: DossierCode, number: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 4, let last = parts.last, last.hasPrefix("KQ") else { return nil }
        let digits = last.dropFirst(2)
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy(DossierText.isASCIIDigit), !digits.hasPrefix("0"),
            let number = Int(digits), let dossier = DossierCode(parts.dropLast().joined(separator: "-"))
        else { return nil }
        return (dossier, number)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try Self.parse(text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message.english))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Letters and digits (ASCII) in one or more non-empty groups separated by single dots, e.g. `000.00.13.H56`.
    public static func isValidIdentifier(_ identifier: String) -> Bool {
        guard !identifier.isEmpty, identifier.count <= maximumIdentifierLength else { return false }
        return identifier.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { group in
            !group.isEmpty && group.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// Why a text is not a dossier code.
public enum DossierCodeError: Error, Sendable, Equatable, Hashable {
    case malformed(String)
    case invalidAgencyIdentifier(String)
    case invalidDate(year: Int, month: Int, day: Int)
    case sequenceOutOfRange(Int)

    public var message: BilingualMessage {
        switch self {
        case .malformed(let text):
            BilingualMessage(
                vietnamese: "Mã hồ sơ \"\(text)\" không đúng dạng <mã định danh cơ quan>-<YYMMDD>-<NNNN>.",
                english: "Dossier code \"\(text)\" is not of the form <agency identifier>-<YYMMDD>-<NNNN>."
            )
        case .invalidAgencyIdentifier(let identifier):
            BilingualMessage(
                vietnamese: "Mã định danh cơ quan \"\(identifier)\" chỉ được gồm chữ cái, chữ số và dấu chấm.",
                english: "Agency identifier \"\(identifier)\" may contain only letters, digits and dots."
            )
        case .invalidDate(let year, let month, let day):
            BilingualMessage(
                vietnamese: "Ngày tiếp nhận trong mã hồ sơ không tồn tại: \(day)/\(month)/\(year).",
                english: "The receipt date in the dossier code does not exist: \(year)-\(month)-\(day)."
            )
        case .sequenceOutOfRange(let sequence):
            BilingualMessage(
                vietnamese: "Số thứ tự trong mã hồ sơ phải từ 0001 đến 9999 (nhận được \(sequence)).",
                english: "The sequence number in a dossier code must be 0001…9999 (got \(sequence))."
            )
        }
    }
}
