/// A JSON value as the case-log decoder needs it: objects keep their key order and reject duplicate keys, and
/// numbers keep their literal text, so that amounts are read exactly and never through a `Double`.
enum CaseLogJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([CaseLogJSON])
    case object([(key: String, value: CaseLogJSON)])

    static func == (lhs: CaseLogJSON, rhs: CaseLogJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    /// The JSON type's name, for "wrong type" messages.
    var typeName: (vietnamese: String, english: String) {
        switch self {
        case .null: ("null", "null")
        case .bool: ("true/false", "a boolean")
        case .number: ("số", "a number")
        case .string: ("chuỗi", "a string")
        case .array: ("mảng", "an array")
        case .object: ("đối tượng", "an object")
        }
    }

    struct SyntaxError: Error, Sendable, Equatable {
        /// 1-based position (in characters) in the line where the problem was found.
        var column: Int
        var problem: BilingualMessage
    }

    static let maximumDepth = 32

    /// Parses one complete JSON text (RFC 8259, no extensions: no comments, trailing commas, NaN or single quotes).
    static func parse(_ text: some StringProtocol) throws(SyntaxError) -> CaseLogJSON {
        var parser = Parser(bytes: Array(text.utf8))
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.atEnd else {
            throw parser.error("nội dung thừa sau giá trị JSON", "unexpected content after the JSON value")
        }
        return value
    }

    /// Canonical JSON text: no insignificant whitespace, keys in the stored order, non-ASCII written as is.
    var serialized: String {
        var output = ""
        write(to: &output)
        return output
    }

    func write(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .number(let literal): output += literal
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += "," }
                Self.writeString(member.key, to: &output)
                output += ":"
                member.value.write(to: &output)
            }
            output += "}"
        }
    }

    static func writeString(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\u{00}"..."\u{1F}", "\u{2028}", "\u{2029}":
                let hex = String(scalar.value, radix: 16, uppercase: false)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index >= bytes.count }

        func error(_ vietnamese: String, _ english: String) -> SyntaxError {
            // Columns count characters, not bytes: count the UTF-8 lead bytes before the position.
            let column = bytes[..<min(index, bytes.count)].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            return SyntaxError(column: column, problem: BilingualMessage(vietnamese: vietnamese, english: english))
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value(depth: Int) throws(SyntaxError) -> CaseLogJSON {
            guard depth < CaseLogJSON.maximumDepth else {
                throw error("JSON lồng nhau quá sâu", "JSON nested too deeply")
            }
            guard index < bytes.count else { throw error("thiếu giá trị JSON", "a JSON value is missing") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw error("ký tự không hợp lệ trong JSON", "invalid character in JSON")
            }
        }

        mutating func literal(_ word: String) throws(SyntaxError) {
            for byte in word.utf8 {
                guard index < bytes.count, bytes[index] == byte else {
                    throw error("giá trị JSON không hợp lệ", "invalid JSON literal")
                }
                index += 1
            }
        }

        mutating func object(depth: Int) throws(SyntaxError) -> CaseLogJSON {
            index += 1
            var members: [(key: String, value: CaseLogJSON)] = []
            var keys = Set<String>()
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw error("thiếu tên trường trong dấu ngoặc kép", "expected a field name in double quotes")
                }
                let keyStart = index
                let key = try string()
                guard keys.insert(key).inserted else {
                    index = keyStart
                    throw error("trường \"\(key)\" xuất hiện hai lần", "field \"\(key)\" appears twice")
                }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    throw error("thiếu dấu hai chấm sau tên trường", "expected ':' after a field name")
                }
                index += 1
                skipWhitespace()
                members.append((key, try value(depth: depth + 1)))
                skipWhitespace()
                guard index < bytes.count else { throw error("thiếu dấu đóng }", "missing closing '}'") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(members)
                } else {
                    throw error("thiếu dấu phẩy hoặc dấu đóng }", "expected ',' or '}'")
                }
            }
        }

        mutating func array(depth: Int) throws(SyntaxError) -> CaseLogJSON {
            index += 1
            var elements: [CaseLogJSON] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try value(depth: depth + 1))
                skipWhitespace()
                guard index < bytes.count else { throw error("thiếu dấu đóng ]", "missing closing ']'") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array(elements)
                } else {
                    throw error("thiếu dấu phẩy hoặc dấu đóng ]", "expected ',' or ']'")
                }
            }
        }

        mutating func number() throws(SyntaxError) -> String {
            let start = index
            func digitAt(_ position: Int) -> Bool {
                position < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position])
            }
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digitAt(index) else { throw error("số không hợp lệ", "invalid number") }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
                guard !digitAt(index) else { throw error("số không được có chữ số 0 ở đầu", "numbers must not have leading zeros") }
            } else {
                while digitAt(index) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard digitAt(index) else { throw error("số không hợp lệ", "invalid number") }
                while digitAt(index) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digitAt(index) else { throw error("số không hợp lệ", "invalid number") }
                while digitAt(index) { index += 1 }
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func string() throws(SyntaxError) -> String {
            index += 1
            var scalars = String.UnicodeScalarView()
            var runStart = index
            func flushRun(_ end: Int) {
                if end > runStart { scalars.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).unicodeScalars) }
            }
            while true {
                guard index < bytes.count else { throw error("chuỗi chưa được đóng", "unterminated string") }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    flushRun(index)
                    index += 1
                    var result = ""
                    result.unicodeScalars.append(contentsOf: scalars)
                    return result
                }
                if byte < 0x20 {
                    throw error("ký tự điều khiển trong chuỗi phải được thoát", "control characters in strings must be escaped")
                }
                if byte != UInt8(ascii: "\\") {
                    index += 1
                    continue
                }
                flushRun(index)
                index += 1
                guard index < bytes.count else { throw error("chuỗi chưa được đóng", "unterminated string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    let unit = try hex4()
                    if (0xD800...0xDBFF).contains(unit) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw error("cặp thay thế UTF-16 không đầy đủ", "unpaired UTF-16 surrogate")
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low),
                            let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                        else { throw error("cặp thay thế UTF-16 không hợp lệ", "invalid UTF-16 surrogate pair") }
                        scalars.append(scalar)
                    } else {
                        guard let scalar = Unicode.Scalar(unit) else {
                            throw error("cặp thay thế UTF-16 không đầy đủ", "unpaired UTF-16 surrogate")
                        }
                        scalars.append(scalar)
                    }
                default:
                    index -= 1
                    throw error("chuỗi thoát không hợp lệ", "invalid escape sequence")
                }
                runStart = index
            }
        }

        mutating func hex4() throws(SyntaxError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard index < bytes.count, let digit = Self.hexValue(bytes[index]) else {
                    throw error("chuỗi thoát \\u cần 4 chữ số thập lục phân", "\\u escapes need 4 hexadecimal digits")
                }
                value = value * 16 + digit
                index += 1
            }
            return value
        }

        static func hexValue(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
            default: nil
            }
        }
    }
}

/// Appends `value` as a JSON string (quotes included), escaped as the case log writes it; for the other modules of
/// the package that write JSON by hand.
package func appendJSONString(_ value: String, to output: inout String) {
    CaseLogJSON.writeString(value, to: &output)
}
