import Foundation

/// Decodes one line of the case-log interchange format v1 (CASE-LOG.md §1), strictly: `"v":1` is required, an
/// unknown `type` or an unknown field at any level is an error, as are a missing required field, a value of the
/// wrong JSON type, a timestamp without an offset, a negative amount and a duplicated key. Every error carries the
/// line number and a message in Vietnamese and English.
///
/// Normalisation: text fields are trimmed of surrounding whitespace; optional ones that are empty (or `null`) are
/// absent; `sha256` is lower-cased; timestamps are kept to the microsecond. Amounts are whole VND: `5000` and
/// `5000.0` are both 5000, `5000.5` is an error.
public enum CaseLogDecoder {
    public static func decode(line: some StringProtocol, lineNumber: Int) throws(CaseLogError) -> CaseLogLine {
        var text = Substring(line)
        if lineNumber == 1, text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw CaseLogError(lineNumber: lineNumber, problem: .emptyLine)
        }
        let json: CaseLogJSON
        do {
            json = try CaseLogJSON.parse(text)
        } catch {
            throw CaseLogError(lineNumber: lineNumber, problem: .invalidJSON(column: error.column, detail: error.problem))
        }
        do {
            return try decode(json: json)
        } catch {
            throw CaseLogError(lineNumber: lineNumber, problem: error.problem)
        }
    }

    /// Decodes a line that must be an event.
    public static func decodeEvent(line: some StringProtocol, lineNumber: Int) throws(CaseLogError) -> CaseEvent {
        let decoded = try decode(line: line, lineNumber: lineNumber)
        guard case .event(let event) = decoded else {
            throw CaseLogError(lineNumber: lineNumber, problem: .unknownType(decoded.type))
        }
        return event
    }

    static let eventFields: [CaseEventType: [String]] = [
        .received: ["agency", "procedure", "channel", "applicant", "components", "fee", "due"],
        .processingStarted: [],
        .handedOver: ["from", "to"],
        .supplementRequested: ["reason"],
        .supplementReceived: [],
        .feeRequested: ["amount"],
        .feePaid: ["amount", "online"],
        .componentDigitized: ["component", "reused"],
        .apologized: ["reason", "new_due"],
        .resultReady: ["electronic", "result_code", "sha256"],
        .resultDigitized: ["sha256"],
        .returned: ["channel", "tracking"],
        .refused: ["reason"],
        .withdrawn: ["reason"],
        .stopped: ["reason"],
    ]
    static let eventCommonFields = ["v", "type", "dossier", "at", "actor"]
    static let agencyFields = ["v", "type", "code", "name", "identifier"]
    static let procedureFields = [
        "v", "type", "code", "name", "agency", "valid_from", "time_limit", "online", "postal", "written_result", "fee",
        "field", "components",
    ]
    static let applicantFields = ["name", "kind", "id", "locality", "phone", "email", "address"]
    static let componentFields = ["code", "digitized", "reused"]

    static func decode(json: CaseLogJSON) throws(DecodingProblem) -> CaseLogLine {
        guard case .object(let members) = json else { throw DecodingProblem(.notAnObject) }
        guard let version = members.first(where: { $0.key == "v" })?.value else {
            throw DecodingProblem(.missingField(path: "v"))
        }
        guard case .number(let literal) = version else { throw DecodingProblem(.wrongType(path: "v", expected: .integer)) }
        guard case .value(1) = IntegerLiteral(literal) else { throw DecodingProblem(.unsupportedVersion(literal)) }
        guard let typeValue = members.first(where: { $0.key == "type" })?.value else {
            throw DecodingProblem(.missingField(path: "type"))
        }
        guard case .string(let type) = typeValue else { throw DecodingProblem(.wrongType(path: "type", expected: .string)) }
        switch type {
        case "agency":
            return .agency(try agency(ObjectReader(json, path: "", allowed: agencyFields)))
        case "procedure":
            return .procedure(try procedure(ObjectReader(json, path: "", allowed: procedureFields)))
        default:
            guard let eventType = CaseEventType(rawValue: type), let fields = eventFields[eventType] else {
                throw DecodingProblem(.unknownType(type))
            }
            return .event(try event(eventType, ObjectReader(json, path: "", allowed: eventCommonFields + fields)))
        }
    }

    private static func agency(_ object: ObjectReader) throws(DecodingProblem) -> AgencyRecord {
        let code = try object.string("code", .identifier)
        let name = try object.string("name", .text)
        let identifier = try object.string("identifier", .identifier)
        guard DossierCode.isValidIdentifier(identifier) else {
            throw DecodingProblem(
                .invalidValue(path: "identifier", detail: DossierCodeError.invalidAgencyIdentifier(identifier).message)
            )
        }
        return AgencyRecord(code: code, name: name, identifier: identifier)
    }

    private static func procedure(_ object: ObjectReader) throws(DecodingProblem) -> ProcedureRecord {
        let code = try object.string("code", .identifier)
        let name = try object.string("name", .text)
        let agency = try object.string("agency", .identifier)
        let validFromText = try object.string("valid_from", .identifier)
        guard let validFrom = LocalDate(iso: validFromText) else {
            throw DecodingProblem(
                .invalidValue(
                    path: "valid_from",
                    detail: BilingualMessage(
                        vietnamese: "\"\(validFromText)\" không phải ngày dạng YYYY-MM-DD.",
                        english: "\"\(validFromText)\" is not a date YYYY-MM-DD."
                    )
                )
            )
        }
        let limit = try object.object("time_limit", allowed: ["value", "unit"])
        let value = try limit.integer("value", minimum: 1)
        let unit = try limit.enumeration("unit", TimeLimitUnit.self)
        let online = try object.enumeration("online", OnlineService.self)
        let postal = try object.bool("postal")
        let writtenResult = try object.bool("written_result")
        let fee = try object.integer("fee", minimum: 0)
        let field = try object.optionalString("field", .text)
        var components: [ProcedureComponent] = []
        for (index, element) in try object.optionalArray("components").enumerated() {
            let component = try ObjectReader(element, path: "components[\(index)]", allowed: ["code", "name"])
            components.append(
                ProcedureComponent(code: try component.string("code", .identifier), name: try component.string("name", .text))
            )
        }
        return ProcedureRecord(
            code: code,
            name: name,
            agency: agency,
            validFrom: validFrom,
            timeLimit: TimeLimit(value: value, unit: unit),
            online: online,
            postal: postal,
            writtenResult: writtenResult,
            fee: fee,
            field: field,
            components: components
        )
    }

    private static func event(_ type: CaseEventType, _ object: ObjectReader) throws(DecodingProblem) -> CaseEvent {
        let codeText = try object.string("dossier", .identifier)
        let dossier: DossierCode
        do {
            dossier = try DossierCode.parse(codeText)
        } catch {
            throw DecodingProblem(.invalidValue(path: "dossier", detail: error.message))
        }
        let at = try object.timestamp("at")
        let actor = try object.optionalString("actor", .identifier)
        let kind: CaseEventKind
        switch type {
        case .received:
            kind = .received(try receipt(object))
        case .processingStarted:
            kind = .processingStarted
        case .handedOver:
            kind = .handedOver(from: try object.string("from", .identifier), to: try object.string("to", .identifier))
        case .supplementRequested:
            kind = .supplementRequested(reason: try object.string("reason", .text))
        case .supplementReceived:
            kind = .supplementReceived
        case .feeRequested:
            kind = .feeRequested(amount: try object.integer("amount", minimum: 0))
        case .feePaid:
            kind = .feePaid(amount: try object.integer("amount", minimum: 0), online: try object.bool("online"))
        case .componentDigitized:
            kind = .componentDigitized(component: try object.string("component", .identifier), reused: try object.bool("reused"))
        case .apologized:
            kind = .apologized(reason: try object.string("reason", .text), newDue: try object.timestamp("new_due"))
        case .resultReady:
            kind = .resultReady(
                electronic: try object.bool("electronic"),
                resultCode: try object.optionalString("result_code", .identifier),
                sha256: try object.optionalSHA256("sha256")
            )
        case .resultDigitized:
            kind = .resultDigitized(sha256: try object.optionalSHA256("sha256"))
        case .returned:
            kind = .returned(
                channel: try object.enumeration("channel", Channel.self),
                tracking: try object.optionalString("tracking", .identifier)
            )
        case .refused:
            kind = .refused(reason: try object.string("reason", .text))
        case .withdrawn:
            kind = .withdrawn(reason: try object.optionalString("reason", .text))
        case .stopped:
            kind = .stopped(reason: try object.string("reason", .text))
        }
        return CaseEvent(dossier: dossier, at: at, actor: actor, kind: kind)
    }

    private static func receipt(_ object: ObjectReader) throws(DecodingProblem) -> Receipt {
        let agency = try object.string("agency", .identifier)
        let procedure = try object.string("procedure", .identifier)
        let channel = try object.enumeration("channel", Channel.self)
        let applicantObject = try object.object("applicant", allowed: applicantFields)
        let name = try applicantObject.string("name", .text)
        let kind = try applicantObject.enumeration("kind", ApplicantKind.self)
        let id = try applicantObject.optionalString("id", .identifier)
        let locality = try applicantObject.optionalString("locality", .text)
        let phone = try applicantObject.optionalString("phone", .identifier)
        let email = try applicantObject.optionalString("email", .identifier)
        let address = try applicantObject.optionalString("address", .text)
        let applicant: Applicant
        do {
            applicant = try Applicant(
                name: name,
                kind: kind,
                id: id,
                locality: locality,
                phone: phone,
                email: email,
                address: address
            )
        } catch {
            let field: String
            switch error {
            case .emptyName, .nameTooLong: field = "name"
            case .fieldTooLong(let name, _), .controlCharacter(let name): field = name
            case .invalidPhone: field = "phone"
            case .invalidEmail: field = "email"
            }
            throw DecodingProblem(.invalidValue(path: "applicant.\(field)", detail: error.message))
        }
        var components: [ComponentRecord] = []
        for (index, element) in try object.array("components").enumerated() {
            let component = try ObjectReader(element, path: "components[\(index)]", allowed: componentFields)
            components.append(
                ComponentRecord(
                    code: try component.string("code", .identifier),
                    digitized: try component.bool("digitized"),
                    reused: try component.bool("reused")
                )
            )
        }
        return Receipt(
            agency: agency,
            procedure: procedure,
            channel: channel,
            applicant: applicant,
            components: components,
            fee: try object.optionalInteger("fee", minimum: 0),
            due: try object.optionalTimestamp("due")
        )
    }
}

/// A problem found while decoding, before the line number is known.
struct DecodingProblem: Error, Sendable, Equatable {
    let problem: CaseLogError.Problem
    init(_ problem: CaseLogError.Problem) { self.problem = problem }
}

/// A JSON number literal read as a whole number.
enum IntegerLiteral: Equatable {
    case value(Int)
    case fractional
    case tooLarge

    /// Reads `123`, `-4`, `5000.0`, `5e3`, `1.5E+2`; a literal with a non-zero fraction is `fractional`.
    /// `literal` is a valid JSON number (the parser checked it).
    init(_ literal: String) {
        var text = Substring(literal)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        var exponent = 0
        if let marker = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            var exponentText = text[text.index(after: marker)...]
            if exponentText.hasPrefix("+") { exponentText = exponentText.dropFirst() }
            text = text[..<marker]
            let isZero = !text.contains(where: { $0 != "0" && $0 != "." })
            guard let parsed = Int(exponentText), abs(parsed) <= 100 else {
                // An exponent this large or small: zero stays zero, anything else is beyond an amount.
                self = isZero ? .value(0) : (exponentText.hasPrefix("-") ? .fractional : .tooLarge)
                return
            }
            exponent = parsed
        }
        let pointPosition = text.firstIndex(of: ".").map { text.distance(from: text.startIndex, to: $0) }
        let digits = text.compactMap { $0.wholeNumberValue }
        let integerDigits = (pointPosition ?? digits.count) + exponent
        if integerDigits < digits.count, digits[max(0, integerDigits)...].contains(where: { $0 != 0 }) {
            self = .fractional
            return
        }
        var value = 0
        for position in 0..<max(0, integerDigits) {
            let digit = position < digits.count ? digits[position] : 0
            let (shifted, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (added, carried) = shifted.addingReportingOverflow(digit)
            guard !overflowed, !carried else {
                self = .tooLarge
                return
            }
            value = added
        }
        self = .value(negative ? -value : value)
    }
}

/// Reads the fields of one JSON object, rejecting fields not in `allowed` up front.
struct ObjectReader {
    enum TextRule {
        /// Codes, names of people and officers, tracking numbers: no control character at all, at most 200 characters.
        case identifier
        /// Free text (names, reasons, addresses): line breaks and tabs allowed, at most 4000 characters.
        case text
    }

    let path: String
    let members: [String: CaseLogJSON]

    init(_ json: CaseLogJSON, path: String, allowed: [String]) throws(DecodingProblem) {
        guard case .object(let list) = json else { throw DecodingProblem(.wrongType(path: path, expected: .object)) }
        self.path = path
        var members: [String: CaseLogJSON] = [:]
        for (key, value) in list {
            guard allowed.contains(key) else {
                throw DecodingProblem(.unknownField(path: path.isEmpty ? key : "\(path).\(key)"))
            }
            members[key] = value
        }
        self.members = members
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func invalid(_ key: String, _ vietnamese: String, _ english: String) -> DecodingProblem {
        DecodingProblem(.invalidValue(path: fieldPath(key), detail: BilingualMessage(vietnamese: vietnamese, english: english)))
    }

    /// The value of a required field; `null` counts as the wrong type.
    func required(_ key: String, _ expected: CaseLogError.ExpectedType) throws(DecodingProblem) -> CaseLogJSON {
        guard let value = members[key] else { throw DecodingProblem(.missingField(path: fieldPath(key))) }
        if case .null = value { throw DecodingProblem(.wrongType(path: fieldPath(key), expected: expected)) }
        return value
    }

    /// The value of an optional field; absent and `null` are both nil.
    func optional(_ key: String) -> CaseLogJSON? {
        guard let value = members[key] else { return nil }
        if case .null = value { return nil }
        return value
    }

    func string(_ key: String, _ rule: TextRule) throws(DecodingProblem) -> String {
        guard case .string(let raw) = try required(key, .string) else {
            throw DecodingProblem(.wrongType(path: fieldPath(key), expected: .string))
        }
        guard let text = try normalized(raw, key: key, rule: rule) else {
            throw invalid(key, "không được để trống.", "must not be empty.")
        }
        return text
    }

    func optionalString(_ key: String, _ rule: TextRule) throws(DecodingProblem) -> String? {
        guard let value = optional(key) else { return nil }
        guard case .string(let raw) = value else { throw DecodingProblem(.wrongType(path: fieldPath(key), expected: .string)) }
        return try normalized(raw, key: key, rule: rule)
    }

    private func normalized(_ raw: String, key: String, rule: TextRule) throws(DecodingProblem) -> String? {
        let text = DossierText.trimmed(raw)
        guard !text.isEmpty else { return nil }
        switch rule {
        case .identifier:
            guard text.count <= 200 else { throw invalid(key, "dài quá 200 ký tự.", "longer than 200 characters.") }
            guard !DossierText.containsControlCharacter(text) else {
                throw invalid(key, "chứa ký tự điều khiển.", "contains a control character.")
            }
        case .text:
            guard text.count <= 4000 else { throw invalid(key, "dài quá 4000 ký tự.", "longer than 4000 characters.") }
            let allowed: Set<Unicode.Scalar> = ["\n", "\r", "\t"]
            guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !allowed.contains($0) }) else {
                throw invalid(key, "chứa ký tự điều khiển.", "contains a control character.")
            }
        }
        return text
    }

    func bool(_ key: String) throws(DecodingProblem) -> Bool {
        guard case .bool(let value) = try required(key, .boolean) else {
            throw DecodingProblem(.wrongType(path: fieldPath(key), expected: .boolean))
        }
        return value
    }

    func integer(_ key: String, minimum: Int) throws(DecodingProblem) -> Int {
        try integerValue(try required(key, .integer), key: key, minimum: minimum)
    }

    func optionalInteger(_ key: String, minimum: Int) throws(DecodingProblem) -> Int? {
        guard let value = optional(key) else { return nil }
        return try integerValue(value, key: key, minimum: minimum)
    }

    private func integerValue(_ value: CaseLogJSON, key: String, minimum: Int) throws(DecodingProblem) -> Int {
        guard case .number(let literal) = value else { throw DecodingProblem(.wrongType(path: fieldPath(key), expected: .integer)) }
        switch IntegerLiteral(literal) {
        case .fractional:
            throw invalid(
                key,
                "\(literal) không phải số nguyên (tiền tính bằng đồng).",
                "\(literal) is not a whole number (amounts are whole VND)."
            )
        case .tooLarge:
            throw invalid(key, "\(literal) quá lớn.", "\(literal) is too large.")
        case .value(let number):
            guard number >= minimum else {
                if minimum == 0 {
                    throw invalid(key, "\(literal) không được là số âm.", "\(literal) must not be negative.")
                }
                throw invalid(key, "\(literal) phải ít nhất là \(minimum).", "\(literal) must be at least \(minimum).")
            }
            return number
        }
    }

    func timestamp(_ key: String) throws(DecodingProblem) -> Date {
        guard case .string(let text) = try required(key, .string) else {
            throw DecodingProblem(.wrongType(path: fieldPath(key), expected: .string))
        }
        return try timestampValue(text, key: key)
    }

    func optionalTimestamp(_ key: String) throws(DecodingProblem) -> Date? {
        guard let value = optional(key) else { return nil }
        guard case .string(let text) = value else { throw DecodingProblem(.wrongType(path: fieldPath(key), expected: .string)) }
        return try timestampValue(text, key: key)
    }

    private func timestampValue(_ text: String, key: String) throws(DecodingProblem) -> Date {
        do {
            return try CaseLogTimestamp.parse(text)
        } catch .missingOffset {
            throw invalid(
                key,
                "\"\(text)\" thiếu múi giờ; cần dạng RFC 3339 có múi giờ, ví dụ 2025-03-03T08:15:00+07:00.",
                "\"\(text)\" has no offset; expected RFC 3339 with an offset, e.g. 2025-03-03T08:15:00+07:00."
            )
        } catch .outOfRange {
            throw invalid(
                key,
                "\"\(text)\" có ngày hoặc giờ không tồn tại.",
                "\"\(text)\" names a date or time that does not exist."
            )
        } catch {
            throw invalid(
                key,
                "\"\(text)\" không phải thời điểm RFC 3339, ví dụ 2025-03-03T08:15:00+07:00.",
                "\"\(text)\" is not an RFC 3339 timestamp such as 2025-03-03T08:15:00+07:00."
            )
        }
    }

    func enumeration<Value: RawRepresentable & CaseIterable>(
        _ key: String,
        _ type: Value.Type
    ) throws(DecodingProblem) -> Value where Value.RawValue == String {
        guard case .string(let raw) = try required(key, .string) else {
            throw DecodingProblem(.wrongType(path: fieldPath(key), expected: .string))
        }
        guard let value = Value(rawValue: raw) else {
            let allowed = Value.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw invalid(key, "\"\(raw)\" không phải một trong \(allowed).", "\"\(raw)\" is not one of \(allowed).")
        }
        return value
    }

    func optionalSHA256(_ key: String) throws(DecodingProblem) -> String? {
        guard let text = try optionalString(key, .identifier) else { return nil }
        guard text.utf8.count == 64, text.utf8.allSatisfy({ CaseLogJSONHex.isHexDigit($0) }) else {
            throw invalid(key, "mã băm SHA-256 phải gồm 64 chữ số thập lục phân.", "a SHA-256 hash has 64 hexadecimal digits.")
        }
        return text.lowercased()
    }

    func object(_ key: String, allowed: [String]) throws(DecodingProblem) -> ObjectReader {
        try ObjectReader(try required(key, .object), path: fieldPath(key), allowed: allowed)
    }

    func array(_ key: String) throws(DecodingProblem) -> [CaseLogJSON] {
        guard case .array(let elements) = try required(key, .array) else {
            throw DecodingProblem(.wrongType(path: fieldPath(key), expected: .array))
        }
        return elements
    }

    func optionalArray(_ key: String) throws(DecodingProblem) -> [CaseLogJSON] {
        guard let value = optional(key) else { return [] }
        guard case .array(let elements) = value else { throw DecodingProblem(.wrongType(path: fieldPath(key), expected: .array)) }
        return elements
    }
}

enum CaseLogJSONHex {
    static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}
