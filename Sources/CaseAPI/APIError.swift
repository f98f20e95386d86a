public import CaseDomain
import CaseStore
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

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(
            type: "urn:tthc:problem:\(code)", title: status.reasonPhrase, status: status.code, detail: message.english,
            message: .init(vi: message.vietnamese, en: message.english), field: field, instance: nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(body)
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
            .unauthorized, code: "unauthorized", vietnamese: "Cần đăng nhập: gửi mã truy cập trong tiêu đề Authorization: Bearer.",
            english: "Authentication required: send an API token as Authorization: Bearer.")
        error.headers[.wwwAuthenticate] = "Bearer realm=\"tthc\""
        return error
    }()

    static let forbidden = APIError(
        .forbidden, code: "forbidden", vietnamese: "Vai trò của bạn không được phép thực hiện thao tác này.",
        english: "Your role is not allowed to do this.")

    static func notFound(_ vietnamese: String = "Không tìm thấy.", _ english: String = "Not found.") -> APIError {
        APIError(.notFound, code: "not_found", vietnamese: vietnamese, english: english)
    }

    static let idempotencyMismatch = APIError(
        .unprocessableContent, code: "idempotency_key_reused",
        vietnamese: "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác. Hãy dùng khóa mới cho yêu cầu mới.",
        english: "This Idempotency-Key was used with a different request. Use a new key for a new request.")

    static let tooManyRequests = APIError(
        .tooManyRequests, code: "rate_limited", vietnamese: "Quá nhiều yêu cầu tra cứu. Vui lòng thử lại sau một phút.",
        english: "Too many look-ups. Please try again in a minute.")

    /// The domain's errors as HTTP problems.
    static func from(_ error: StoreError) -> APIError {
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

/// Turns every error into a problem document: domain errors into 4xx, database outages into 503, Hummingbird's own
/// errors (404 route, 413 body, 400 parameters) keep their status, anything else is a 500 with an opaque id whose
/// details go to the log only.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as StoreError {
            return try APIError.from(error).response(from: request, context: context)
        } catch let error as HTTPError {
            let problem: APIError
            switch error.status {
            case .notFound:
                problem = .notFound("Không có đường dẫn này.", "No such path.")
            case .contentTooLarge:
                problem = APIError(
                    .contentTooLarge, code: "body_too_large", vietnamese: "Nội dung yêu cầu quá lớn (tối đa 1 MiB).",
                    english: "The request body is too large (at most 1 MiB).")
            case .methodNotAllowed:
                problem = APIError(
                    .methodNotAllowed, code: "method_not_allowed", vietnamese: "Phương thức không được hỗ trợ cho đường dẫn này.",
                    english: "Method not allowed for this path.")
            default:
                problem = APIError(
                    error.status, code: "http_\(error.status.code)", vietnamese: "Yêu cầu không hợp lệ: \(error.body ?? error.status.reasonPhrase)",
                    english: "Invalid request: \(error.body ?? error.status.reasonPhrase)")
            }
            var withHeaders = problem
            for field in error.headers { withHeaders.headers.append(field) }
            return try withHeaders.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            // NIOTooManyBytesError (a body over the limit) answers an empty 413 by itself: send the problem document.
            if error.status == .contentTooLarge {
                return try APIError(
                    .contentTooLarge, code: "body_too_large", vietnamese: "Nội dung yêu cầu quá lớn (tối đa 1 MiB).",
                    english: "The request body is too large (at most 1 MiB)."
                ).response(from: request, context: context)
            }
            return try error.response(from: request, context: context)
        } catch {
            if let mapped = StoreError.from(error) {
                return try APIError.from(mapped).response(from: request, context: context)
            }
            let id = UUID().uuidString.prefix(8).lowercased()
            context.logger.error("unhandled error", metadata: ["error_id": "\(id)", "error": "\(String(reflecting: error))"])
            return try APIError(
                .internalServerError, code: "internal", vietnamese: "Lỗi hệ thống (mã \(id)). Vui lòng báo quản trị viên.",
                english: "Internal error (id \(id)). Please report it to the administrator."
            ).response(from: request, context: context)
        }
    }
}
