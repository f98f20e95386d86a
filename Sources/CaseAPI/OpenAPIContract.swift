public import Foundation
import Yams

/// The contract of the JSON API: `Resources/openapi.yaml`, carried inside the binary (embedded at build time by the
/// `EmbedFolders` plugin), served as JSON at `GET /api/v1/openapi.json`, and checked by the contract tests against
/// every response DTO and every registered route.
public enum OpenAPIContract {
    /// The document as JSON values (`[String: Any]`, arrays, strings, numbers, booleans, `NSNull`).
    public static func document() throws -> [String: Any] {
        guard let file = EmbeddedResources.files.first(where: { $0.name == "openapi.yaml" }) else {
            throw ContractError("openapi.yaml is not embedded in this binary")
        }
        guard let document = try Yams.load(yaml: file.text) as? [String: Any] else {
            throw ContractError("openapi.yaml is not a mapping")
        }
        return try jsonCompatible(document) as? [String: Any] ?? [:]
    }

    /// The document as JSON text, converted once.
    public static var json: [UInt8] {
        get throws { try cached.get() }
    }

    private static let cached: Result<[UInt8], any Error> = Result {
        let data = try JSONSerialization.data(withJSONObject: try document(), options: [.sortedKeys, .withoutEscapingSlashes])
        return Array(data)
    }

    /// YAML's values as JSON's: mappings with string keys, null as `NSNull`.
    static func jsonCompatible(_ value: Any) throws -> Any {
        switch value {
        case let mapping as [AnyHashable: Any]:
            var object: [String: Any] = [:]
            for (key, element) in mapping {
                guard let key = key.base as? String else { throw ContractError("a key of openapi.yaml is not a string: \(key)") }
                object[key] = try jsonCompatible(element)
            }
            return object
        case let sequence as [Any]:
            return try sequence.map(jsonCompatible)
        case let string as String:
            return string
        case let bool as Bool:
            return bool
        case let integer as Int:
            return integer
        case let number as Double:
            return number
        case is NSNull:
            return NSNull()
        default:
            if Mirror(reflecting: value).displayStyle == .optional { return NSNull() }
            throw ContractError("openapi.yaml holds a value JSON cannot carry: \(value)")
        }
    }

    public struct ContractError: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
