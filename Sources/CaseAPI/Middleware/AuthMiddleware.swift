import CaseDomain
import Foundation
import Hummingbird
import Logging

/// Resolves `Authorization: Bearer <token>` into the request's principal. No header: anonymous (routes decide);
/// a header with an unknown or revoked token: 401 at once.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let users: any UserRepository

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw APIError.unauthorized }
        guard let principal = try await users.principal(forToken: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw APIError.unauthorized
        }
        var context = context
        context.principal = principal
        context.logger[metadataKey: "user"] = "\(principal.name)"
        return try await next(request, context)
    }
}
