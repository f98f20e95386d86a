/// One line of the case-log interchange format v1 (CASE-LOG.md §1).
///
/// Its `Codable` form is the line itself, decoded as strictly as ``CaseLogDecoder`` decodes text.
public enum CaseLogLine: Sendable, Equatable, Hashable {
    case agency(AgencyRecord)
    case procedure(ProcedureRecord)
    case event(CaseEvent)

    /// The value of the line's `type` field.
    public var type: String {
        switch self {
        case .agency: "agency"
        case .procedure: "procedure"
        case .event(let event): event.type
        }
    }
}

/// Why a case-log line was rejected: the 1-based line number and what is wrong, so that the person fixing the file
/// can go straight to it.
public struct CaseLogError: Error, Sendable, Equatable, CustomStringConvertible {
    public let lineNumber: Int
    public let problem: Problem

    public init(lineNumber: Int, problem: Problem) {
        self.lineNumber = lineNumber
        self.problem = problem
    }

    /// The JSON type a field should have had.
    public enum ExpectedType: String, Sendable, Equatable, Hashable {
        case string, integer, boolean, object, array

        var vietnamese: String {
            switch self {
            case .string: "chuỗi"
            case .integer: "số nguyên"
            case .boolean: "true hoặc false"
            case .object: "đối tượng"
            case .array: "mảng"
            }
        }

        var english: String {
            switch self {
            case .string: "a string"
            case .integer: "an integer"
            case .boolean: "true or false"
            case .object: "an object"
            case .array: "an array"
            }
        }
    }

    public enum Problem: Sendable, Equatable {
        /// A blank line (JSON Lines has no empty records).
        case emptyLine
        /// Not JSON; `column` counts characters from 1.
        case invalidJSON(column: Int, detail: BilingualMessage)
        /// JSON, but not an object.
        case notAnObject
        /// `v` is not 1 (the literal found is kept).
        case unsupportedVersion(String)
        case unknownType(String)
        /// A field this format version does not define, at `path` (e.g. `applicant.nickname`, `components[1].size`).
        case unknownField(path: String)
        case missingField(path: String)
        case wrongType(path: String, expected: ExpectedType)
        /// The field has the right JSON type but a value the format does not allow.
        case invalidValue(path: String, detail: BilingualMessage)
        case unknownAgency(String)
        case unknownProcedure(ProcedureKey)
        /// The procedure is known, but none of its versions is in force on the dossier's receipt day.
        case procedureNotInForce(ProcedureKey, day: LocalDate)
        case unknownDossier(DossierCode)
        /// The same agency, or the same procedure version, was defined earlier in the file differently.
        case conflictingDefinition(type: String, key: String)
        /// The event is not allowed in the dossier's current state.
        case transition(TransitionError)
    }

    /// "Dòng 12: …" / "Line 12: …".
    public var message: BilingualMessage {
        let detail = Self.describe(problem)
        return BilingualMessage(
            vietnamese: "Dòng \(lineNumber): \(detail.vietnamese)",
            english: "Line \(lineNumber): \(detail.english)"
        )
    }

    public var description: String { message.english }

    /// The problem alone, without the line number.
    static func describe(_ problem: Problem) -> BilingualMessage {
        switch problem {
        case .emptyLine:
            return BilingualMessage(vietnamese: "dòng trống.", english: "empty line.")
        case .invalidJSON(let column, let detail):
            return BilingualMessage(
                vietnamese: "không phải JSON hợp lệ (cột \(column)): \(detail.vietnamese).",
                english: "not valid JSON (column \(column)): \(detail.english)."
            )
        case .notAnObject:
            return BilingualMessage(
                vietnamese: "mỗi dòng phải là một đối tượng JSON {…}.",
                english: "each line must be a JSON object {…}."
            )
        case .unsupportedVersion(let found):
            return BilingualMessage(
                vietnamese: "phiên bản định dạng \"v\" phải là 1 (nhận được \(found)).",
                english: "format version \"v\" must be 1 (found \(found))."
            )
        case .unknownType(let type):
            let known = (["agency", "procedure"] + CaseEventType.allCases.map(\.rawValue)).joined(separator: ", ")
            return BilingualMessage(
                vietnamese: "loại dòng \"\(type)\" không tồn tại (các loại hợp lệ: \(known)).",
                english: "unknown line type \"\(type)\" (known types: \(known))."
            )
        case .unknownField(let path):
            return BilingualMessage(
                vietnamese: "trường \"\(path)\" không có trong định dạng v1.",
                english: "field \"\(path)\" is not part of format v1."
            )
        case .missingField(let path):
            return BilingualMessage(
                vietnamese: "thiếu trường bắt buộc \"\(path)\".",
                english: "required field \"\(path)\" is missing."
            )
        case .wrongType(let path, let expected):
            return BilingualMessage(
                vietnamese: "trường \"\(path)\" phải là \(expected.vietnamese).",
                english: "field \"\(path)\" must be \(expected.english)."
            )
        case .invalidValue(let path, let detail):
            return BilingualMessage(
                vietnamese: "giá trị của trường \"\(path)\" không hợp lệ: \(detail.vietnamese)",
                english: "invalid value of field \"\(path)\": \(detail.english)"
            )
        case .unknownAgency(let code):
            return BilingualMessage(
                vietnamese: "cơ quan \"\(code)\" chưa được khai báo "
                    + "(cần một dòng \"agency\" trước đó hoặc có sẵn trong hệ thống).",
                english: "agency \"\(code)\" is unknown (it needs an earlier \"agency\" line or to exist in the system)."
            )
        case .unknownProcedure(let key):
            return BilingualMessage(
                vietnamese: "thủ tục \"\(key.code)\" của cơ quan \"\(key.agency)\" chưa được khai báo.",
                english: "procedure \"\(key.code)\" of agency \"\(key.agency)\" is unknown."
            )
        case .procedureNotInForce(let key, let day):
            return BilingualMessage(
                vietnamese: "thủ tục \"\(key.code)\" của cơ quan \"\(key.agency)\" chưa có hiệu lực vào ngày tiếp nhận \(day).",
                english: "procedure \"\(key.code)\" of agency \"\(key.agency)\" has no version in force on the receipt day \(day)."
            )
        case .unknownDossier(let code):
            return BilingualMessage(
                vietnamese: "hồ sơ \"\(code)\" chưa được tiếp nhận (cần sự kiện \"received\" trước đó).",
                english: "dossier \"\(code)\" is unknown (it needs an earlier \"received\" event)."
            )
        case .conflictingDefinition(let type, let key):
            return BilingualMessage(
                vietnamese: "\"\(type)\" \"\(key)\" đã được khai báo trước đó với nội dung khác.",
                english: "\"\(type)\" \"\(key)\" was defined earlier with different content."
            )
        case .transition(let error):
            let message = error.message
            return BilingualMessage(
                vietnamese: "hồ sơ \(error.event.dossier): \(message.vietnamese)",
                english: "dossier \(error.event.dossier): \(message.english)"
            )
        }
    }
}
