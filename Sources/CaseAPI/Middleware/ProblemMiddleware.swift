public import CaseDomain
import Foundation
public import Hummingbird
import Logging
import NIOCore

/// Turns every error into a problem document: domain errors into 4xx, database outages into 503, Hummingbird's own
/// errors (404 route, 413 body, 400 parameters) keep their status, anything else is a 500 with an opaque id whose
/// details go to the log only.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Recognises the failures of the storage layer that have a meaning for the caller (a lost database connection
    /// is a 503, a value PostgreSQL refuses is a 422); given by the application builder, which knows the store.
    let translate: @Sendable (any Error) -> StoreError?

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
                    .contentTooLarge,
                    code: "body_too_large",
                    vietnamese: "Nội dung yêu cầu quá lớn (tối đa 1 MiB).",
                    english: "The request body is too large (at most 1 MiB)."
                )
            case .methodNotAllowed:
                problem = APIError(
                    .methodNotAllowed,
                    code: "method_not_allowed",
                    vietnamese: "Phương thức không được hỗ trợ cho đường dẫn này.",
                    english: "Method not allowed for this path."
                )
            default:
                problem = APIError(
                    error.status,
                    code: "http_\(error.status.code)",
                    vietnamese: "Yêu cầu không hợp lệ: \(error.body ?? error.status.reasonPhrase)",
                    english: "Invalid request: \(error.body ?? error.status.reasonPhrase)"
                )
            }
            var withHeaders = problem
            for field in error.headers { withHeaders.headers.append(field) }
            return try withHeaders.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            // NIOTooManyBytesError (a body over the limit) answers an empty 413 by itself: send the problem document.
            if error.status == .contentTooLarge {
                return try APIError(
                    .contentTooLarge,
                    code: "body_too_large",
                    vietnamese: "Nội dung yêu cầu quá lớn (tối đa 1 MiB).",
                    english: "The request body is too large (at most 1 MiB)."
                ).response(from: request, context: context)
            }
            return try error.response(from: request, context: context)
        } catch {
            if let mapped = translate(error) {
                return try APIError.from(mapped).response(from: request, context: context)
            }
            let id = UUID().uuidString.prefix(8).lowercased()
            context.logger.error("unhandled error", metadata: ["error_id": "\(id)", "error": "\(String(reflecting: error))"])
            return try APIError(
                .internalServerError,
                code: "internal",
                vietnamese: "Lỗi hệ thống (mã \(id)). Vui lòng báo quản trị viên.",
                english: "Internal error (id \(id)). Please report it to the administrator."
            ).response(from: request, context: context)
        }
    }
}
