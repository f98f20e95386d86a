import CaseAPI
import CaseDomain
import CaseTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Checks JSON values against the schemas of `openapi.yaml` — the subset of JSON Schema (2020-12, as OpenAPI 3.1 uses
/// it) that the contract is written in: `type` (one or a list), `properties`, `required`, `additionalProperties`,
/// `items`, `enum`, `const`, `$ref`, `oneOf`/`anyOf`/`allOf`, `minimum`/`maximum`, `minLength`/`maxLength`, `pattern`,
/// `format: date-time|date`.
///
/// Strict where the contract is silent: an object whose schema lists `properties` may carry no other member unless
/// `additionalProperties` allows it, so that a renamed or added field of a DTO fails the test that produced it.
struct ContractValidator: Sendable {
    let document: [String: any Sendable]

    static let shared: ContractValidator = {
        do {
            return ContractValidator(document: try OpenAPIContract.document().mapValues(Self.sendable))
        } catch {
            fatalError("openapi.yaml cannot be read: \(error)")
        }
    }()

    /// JSON values made of Sendable parts (the dictionary of JSONSerialization is `[String: Any]`).
    static func sendable(_ value: Any) -> any Sendable {
        switch value {
        case let object as [String: Any]: object.mapValues(sendable)
        case let array as [Any]: array.map(sendable)
        case let string as String: string
        case let bool as Bool: bool ? 1.0 : 0.0
        case let integer as Int: Double(integer)
        case let number as Double: number
        case let number as NSNumber: number.doubleValue
        default: "null"
        }
    }

    // MARK: Responses

    /// The schema documented for `method path` answering `status` with `contentType`, or why there is none.
    func responseSchema(method: HTTPRequest.Method, path: String, status: Int, contentType: String) -> Result<[String: any Sendable], Failure> {
        guard let paths = document["paths"] as? [String: any Sendable] else { return .failure(Failure("the document has no paths")) }
        let route = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        guard let template = paths.keys.filter({ Self.matches(template: $0, path: route) }).min(by: { Self.captures($0) < Self.captures($1) }),
            let item = paths[template] as? [String: any Sendable]
        else {
            return .failure(Failure("\(route) is not in the contract"))
        }
        guard let operation = item[method.rawValue.lowercased()] as? [String: any Sendable],
            let responses = operation["responses"] as? [String: any Sendable]
        else {
            return .failure(Failure("\(method.rawValue) \(template) is not in the contract"))
        }
        guard var response = (responses[String(status)] ?? responses["default"]) as? [String: any Sendable] else {
            return .failure(Failure("\(method.rawValue) \(template) does not document the status \(status)"))
        }
        if let reference = response["$ref"] as? String {
            guard let resolved = resolve(reference) else { return .failure(Failure("unresolvable \(reference)")) }
            response = resolved
        }
        guard let content = response["content"] as? [String: any Sendable] else {
            return .failure(Failure("\(method.rawValue) \(template) \(status) documents no body"))
        }
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? contentType
        guard let media = content[mediaType] as? [String: any Sendable], let schema = media["schema"] as? [String: any Sendable] else {
            return .failure(Failure("\(method.rawValue) \(template) \(status) does not document \(mediaType) (it has \(content.keys.sorted()))"))
        }
        return .success(schema)
    }

    /// Validates one reply of the API against the contract; returns the problems (none: it conforms).
    func check(method: HTTPRequest.Method, path: String, status: Int, contentType: String?, body: String) -> [String] {
        let mediaType = contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) }
        guard mediaType == "application/json" || mediaType == "application/problem+json", let contentType, !body.isEmpty else {
            return []
        }
        guard path.hasPrefix("/api/v1/"), path != "/api/v1/openapi.json" else { return [] }
        switch responseSchema(method: method, path: path, status: status, contentType: contentType) {
        case .failure(let failure):
            return [failure.description]
        case .success(let schema):
            guard let value = try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) else {
                return ["the body is not JSON"]
            }
            return validate(Self.sendable(value), against: schema, at: "$")
        }
    }

    // MARK: Schemas

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    func resolve(_ reference: String) -> [String: any Sendable]? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: any Sendable = document
        for part in reference.dropFirst(2).split(separator: "/") {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard let object = node as? [String: any Sendable], let next = object[key] else { return nil }
            node = next
        }
        return node as? [String: any Sendable]
    }

    /// The problems of `value` against `schema`, each with its JSON path.
    func validate(_ value: any Sendable, against schema: [String: any Sendable], at path: String) -> [String] {
        if let reference = schema["$ref"] as? String {
            guard let target = resolve(reference) else { return ["\(path): unresolvable \(reference)"] }
            return validate(value, against: target, at: path)
        }
        var problems: [String] = []
        if let all = schema["allOf"] as? [any Sendable] {
            for case let part as [String: any Sendable] in all { problems += validate(value, against: part, at: path) }
        }
        for keyword in ["oneOf", "anyOf"] {
            guard let options = schema[keyword] as? [any Sendable] else { continue }
            let results = options.compactMap { $0 as? [String: any Sendable] }.map { validate(value, against: $0, at: path) }
            let passing = results.filter(\.isEmpty).count
            if keyword == "oneOf" ? passing != 1 : passing == 0 {
                problems.append(
                    "\(path): matches \(passing) of the \(keyword) alternatives (\(results.flatMap { $0 }.prefix(3).joined(separator: "; ")))"
                )
            }
        }
        if let types = Self.types(schema["type"]), !types.contains(where: { Self.value(value, is: $0) }) {
            return problems + ["\(path): \(Self.describe(value)) is not of type \(types.joined(separator: "|"))"]
        }
        if let allowed = schema["enum"] as? [any Sendable], !allowed.contains(where: { Self.equal($0, value) }) {
            problems.append("\(path): \(Self.describe(value)) is not one of \(allowed.map(Self.describe))")
        }
        if let constant = schema["const"], !Self.equal(constant, value) {
            problems.append("\(path): \(Self.describe(value)) is not \(Self.describe(constant))")
        }
        switch value {
        case let object as [String: any Sendable]:
            problems += validateObject(object, schema: schema, at: path)
        case let array as [any Sendable]:
            if let items = schema["items"] as? [String: any Sendable] {
                for (index, element) in array.enumerated() { problems += validate(element, against: items, at: "\(path)[\(index)]") }
            }
        case let string as String:
            problems += Self.validateString(string, schema: schema, at: path)
        case let number as Double:
            if let minimum = schema["minimum"] as? Double, number < minimum { problems.append("\(path): \(number) < \(minimum)") }
            if let maximum = schema["maximum"] as? Double, number > maximum { problems.append("\(path): \(number) > \(maximum)") }
        default:
            break
        }
        return problems
    }

    private func validateObject(_ object: [String: any Sendable], schema: [String: any Sendable], at path: String) -> [String] {
        var problems: [String] = []
        let properties = schema["properties"] as? [String: any Sendable] ?? [:]
        for case let name as String in schema["required"] as? [any Sendable] ?? [] where object[name] == nil {
            problems.append("\(path): the required member \"\(name)\" is missing")
        }
        for (name, member) in object {
            if let property = properties[name] as? [String: any Sendable] {
                problems += validate(member, against: property, at: "\(path).\(name)")
            } else if let additional = schema["additionalProperties"] as? [String: any Sendable] {
                problems += validate(member, against: additional, at: "\(path).\(name)")
            } else if let additional = schema["additionalProperties"] as? Double, additional != 0 {
                continue  // additionalProperties: true (a JSON boolean reads as a number here)
            } else if !properties.isEmpty || schema["additionalProperties"] != nil {
                problems.append("\(path): the member \"\(name)\" is not in the contract")
            }
        }
        return problems
    }

    private static func validateString(_ string: String, schema: [String: any Sendable], at path: String) -> [String] {
        var problems: [String] = []
        if let minimum = schema["minLength"] as? Double, string.count < Int(minimum) { problems.append("\(path): shorter than \(Int(minimum))") }
        if let maximum = schema["maxLength"] as? Double, string.count > Int(maximum) { problems.append("\(path): longer than \(Int(maximum))") }
        if let pattern = schema["pattern"] as? String, string.range(of: pattern, options: .regularExpression) == nil {
            problems.append("\(path): \"\(string)\" does not match \(pattern)")
        }
        switch schema["format"] as? String {
        case "date-time" where VietnamTime.parseRFC3339(string) == nil:
            problems.append("\(path): \"\(string)\" is not an RFC 3339 date-time")
        case "date" where string.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil:
            problems.append("\(path): \"\(string)\" is not a date")
        default:
            break
        }
        return problems
    }

    // MARK: Helpers

    static func types(_ raw: (any Sendable)?) -> [String]? {
        switch raw {
        case let type as String: [type]
        case let list as [any Sendable]: list.compactMap { $0 as? String }
        default: nil
        }
    }

    /// JSONSerialization gives booleans and numbers both as NSNumber; `sendable` keeps them as Double, and booleans
    /// are told apart by the JSON text only, so `boolean` accepts 0 and 1 and `integer` accepts whole numbers.
    static func value(_ value: any Sendable, is type: String) -> Bool {
        switch type {
        case "object": value is [String: any Sendable]
        case "array": value is [any Sendable]
        case "string": value is String && (value as? String) != "null"
        case "number": value is Double
        case "integer": (value as? Double).map { $0 == $0.rounded() } ?? false
        case "boolean": (value as? Double).map { $0 == 0 || $0 == 1 } ?? false
        case "null": (value as? String) == "null"
        default: false
        }
    }

    static func equal(_ lhs: any Sendable, _ rhs: any Sendable) -> Bool {
        describe(lhs) == describe(rhs)
    }

    static func describe(_ value: any Sendable) -> String {
        switch value {
        case let string as String: "\"\(string)\""
        case let number as Double: number == number.rounded() ? String(Int(number)) : String(number)
        case let array as [any Sendable]: "[" + array.map(describe).joined(separator: ",") + "]"
        case let object as [String: any Sendable]: "{" + object.keys.sorted().map { "\($0):\(describe(object[$0]!))" }.joined(separator: ",") + "}"
        default: "\(value)"
        }
    }

    static func matches(template: String, path: String) -> Bool {
        let pattern = "^" + template.replacingOccurrences(of: #"\{[^/}]+\}"#, with: "[^/]+", options: .regularExpression) + "$"
        return path.range(of: pattern, options: .regularExpression) != nil
    }

    static func captures(_ template: String) -> Int {
        template.filter { $0 == "{" }.count
    }
}

extension API {
    /// The API test client whose every reply is checked against the contract (a reply the contract does not
    /// describe fails the test that received it).
    static func checked(client: any TestClientProtocol, tokens: [String: String]) -> API {
        API(client: client, tokens: tokens) { method, path, reply in
            let problems = ContractValidator.shared.check(
                method: method,
                path: path,
                status: Int(reply.status.code),
                contentType: reply.headers[.contentType],
                body: reply.text
            )
            if !problems.isEmpty {
                let list = problems.joined(separator: "\n  ")
                Issue.record("\(method.rawValue) \(path) → \(reply.status.code) breaks the contract:\n  \(list)")
            }
        }
    }
}
