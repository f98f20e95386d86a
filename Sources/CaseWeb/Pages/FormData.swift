import CaseAPI
import CaseDomain
import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body, in order; a name may repeat.
struct FormData: Sendable {
    var fields: [(name: String, value: String)]

    init(fields: [(name: String, value: String)]) {
        self.fields = fields
    }

    /// Parses `a=1&b=x+y%20z`: `+` is a space, `%XX` a UTF-8 byte; invalid percent-encoding or UTF-8 is an error.
    init(urlEncoded text: String) throws {
        var fields: [(String, String)] = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw WebError(.badRequest, "Dữ liệu biểu mẫu không hợp lệ.", "The form data is malformed.")
            }
            fields.append((name, value))
        }
        self.fields = fields
    }

    private static func decode(_ part: Substring) -> String? {
        part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// Reads a form body (at most the context's upload size).
    static func read(_ request: Request, context: some RequestContext) async throws -> FormData {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            throw WebError(
                .unsupportedMediaType,
                "Biểu mẫu phải được gửi dạng application/x-www-form-urlencoded.",
                "The form must be sent as application/x-www-form-urlencoded."
            )
        }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw WebError(.badRequest, "Dữ liệu biểu mẫu không phải UTF-8.", "The form data is not UTF-8.")
        }
        return try FormData(urlEncoded: text)
    }

    /// The first value of `name`, trimmed; nil when absent or blank.
    subscript(_ name: String) -> String? {
        guard let value = fields.first(where: { $0.name == name })?.value.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty
        else { return nil }
        return value
    }

    /// The first value of `name` as sent (not trimmed), or "".
    func raw(_ name: String) -> String {
        fields.first(where: { $0.name == name })?.value ?? ""
    }

    /// A checkbox: present with any value.
    func isChecked(_ name: String) -> Bool {
        fields.contains { $0.name == name }
    }
}
