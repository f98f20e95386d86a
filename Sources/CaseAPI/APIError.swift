public import CaseDomain
import Foundation
public import Hummingbird
import Logging
import NIOCore

/// An error response in RFC 9457 `application/problem+json`, with the message in Vietnamese and English:
///
/// ```json
/// {"type":"urn:tthc:problem:illegal_transition","title":"Conflict","status":409,
///  "detail":"Cannot return the result: …","message":{"vi":"Không thể trả kết quả: …","en":"Cannot return the result: …"},
///  "field":"channel"}
/// ```
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: BilingualMessage
    public var field: String?
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, code: String, vietnamese: String, english: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = BilingualMessage(vietnamese: vietnamese, english: english)
        self.field = field
    }

    public init(_ status: HTTPResponse.Status, code: String, message: BilingualMessage, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    struct Body: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var message: Message
        var field: String?
        var instance: String?

        struct Message: Encodable {
            var vi: String
            var en: String
        }
    }

    /// The problem document.
    var body: Body {
        Body(
            type: "urn:tthc:problem:\(code)",
            title: status.reasonPhrase,
            status: status.code,
            detail: message.english,
            message: .init(vi: message.vietnamese, en: message.english),
            field: field,
            instance: nil
        )
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try APIJSON.encoder.encode(body)
        var headers = self.headers
        headers[.contentType] = "application/problem+json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: Common problems

    static func badRequest(_ vietnamese: String, _ english: String, field: String? = nil) -> APIError {
        APIError(.badRequest, code: "bad_request", vietnamese: vietnamese, english: english, field: field)
    }

    static let unauthorized: APIError = {
        var error = APIError(
            .unauthorized,
            code: "unauthorized",
            vietnamese: "Cần đăng nhập: gửi mã truy cập trong tiêu đề Authorization: Bearer.",
            english: "Authentication required: send an API token as Authorization: Bearer."
        )
        error.headers[.wwwAuthenticate] = "Bearer realm=\"tthc\""
        return error
    }()

    static let forbidden = APIError(
        .forbidden,
        code: "forbidden",
        vietnamese: "Vai trò của bạn không được phép thực hiện thao tác này.",
        english: "Your role is not allowed to do this."
    )

    static func notFound(_ vietnamese: String = "Không tìm thấy.", _ english: String = "Not found.") -> APIError {
        APIError(.notFound, code: "not_found", vietnamese: vietnamese, english: english)
    }

    static let idempotencyMismatch = APIError(
        .unprocessableContent,
        code: "idempotency_key_reused",
        vietnamese: "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác. Hãy dùng khóa mới cho yêu cầu mới.",
        english: "This Idempotency-Key was used with a different request. Use a new key for a new request."
    )

    static let tooManyRequests = APIError(
        .tooManyRequests,
        code: "rate_limited",
        vietnamese: "Quá nhiều yêu cầu tra cứu. Vui lòng thử lại sau một phút.",
        english: "Too many look-ups. Please try again in a minute."
    )

    /// The domain's errors as HTTP problems.
    public static func from(_ error: StoreError) -> APIError {
        switch error {
        case .notFound(let message): APIError(.notFound, code: "not_found", message: message)
        case .conflict(let message, let code): APIError(.conflict, code: code, message: message)
        case .invalid(let message, let field): APIError(.unprocessableContent, code: "invalid", message: message, field: field)
        case .idempotencyMismatch: idempotencyMismatch
        case .unavailable(let message):
            {
                var problem = APIError(.serviceUnavailable, code: "unavailable", message: message)
                problem.headers[.retryAfter] = "2"
                return problem
            }()
        }
    }
}
