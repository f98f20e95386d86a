import Foundation

/// `Codable` for the case-log values, through the same strict decoding and canonical encoding as the text format:
/// the JSON of a `CaseEvent` or a `CaseLogLine` is its case-log line, whatever coder carries it.
extension CaseLogLine: Codable {
    public init(from decoder: any Decoder) throws {
        let json = try CaseLogJSON(from: decoder)
        do {
            self = try CaseLogDecoder.decode(json: json)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: CaseLogError.describe(error.problem).english)
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try CaseLogEncoder.json(self).encode(to: encoder)
    }
}

extension CaseEvent: Codable {
    public init(from decoder: any Decoder) throws {
        let line = try CaseLogLine(from: decoder)
        guard case .event(let event) = line else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected an event, found a \"\(line.type)\" line")
            )
        }
        self = event
    }

    public func encode(to encoder: any Encoder) throws {
        try CaseLogLine.event(self).encode(to: encoder)
    }
}

extension CaseEventKind: Codable {
    /// A kind alone is coded as its event's type and fields: `{"type":"refused","reason":"…"}`.
    public init(from decoder: any Decoder) throws {
        var json = try CaseLogJSON(from: decoder)
        guard case .object(var members) = json else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected an object"))
        }
        if let stray = members.first(where: { ["v", "dossier", "at", "actor"].contains($0.key) }) {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "field \"\(stray.key)\" belongs to the event, not to its kind")
            )
        }
        members += [("v", .number("1")), ("dossier", .string("X-250101-0001")), ("at", .string("2025-01-01T00:00:00Z"))]
        json = .object(members)
        do {
            guard case .event(let event) = try CaseLogDecoder.decode(json: json) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected an event type"))
            }
            self = event.kind
        } catch let problem as DecodingProblem {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: CaseLogError.describe(problem.problem).english)
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try CaseLogJSON.object([("type", .string(type))] + CaseLogEncoder.fields(of: self)).encode(to: encoder)
    }
}

extension CaseLogJSON: Codable {
    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: CaseLogCodingKey.self) {
            var members: [(key: String, value: CaseLogJSON)] = []
            for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                members.append((key.stringValue, try container.decode(CaseLogJSON.self, forKey: key)))
            }
            self = .object(members)
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var elements: [CaseLogJSON] = []
            while !container.isAtEnd { elements.append(try container.decode(CaseLogJSON.self)) }
            self = .array(elements)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .number(String(value))
        } else if let value = try? container.decode(Double.self) {
            self = .number(value.isFinite ? "\(value)" : "0")
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .number(let literal):
            var container = encoder.singleValueContainer()
            if case .value(let integer) = IntegerLiteral(literal) {
                try container.encode(integer)
            } else {
                try container.encode(Double(literal) ?? 0)
            }
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .object(let members):
            var container = encoder.container(keyedBy: CaseLogCodingKey.self)
            for (key, value) in members { try container.encode(value, forKey: CaseLogCodingKey(key)) }
        }
    }
}

struct CaseLogCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int? = nil

    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}
