import CaseAPI
import CaseDomain
import Foundation
import Hummingbird
import Logging

/// The outermost middleware of every page: finds the visitor's session from its cookie, notes whether the browser
/// came over TLS, and turns any error of the page (or of the session look-up itself) into an HTML page.
struct WebSessionMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext
    static let cookieName = "tthc_session"

    let sessions: any WebSessionRepository
    let configuration: WebConfiguration
    let errors: WebErrorPages
    let now: @Sendable () -> Date

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.isSecure = configuration.secureCookies || request.headers[.xForwardedProto]?.lowercased() == "https"
        do {
            if let cookie = request.cookies[Self.cookieName]?.value, !cookie.isEmpty {
                context.sessionCookie = cookie
                context.session = try await sessions.session(cookie: cookie, now: now())
                if let principal = context.session?.principal { context.logger[metadataKey: "user"] = "\(principal.name)" }
            }
            return try await next(request, context)
        } catch {
            return try errors.page(for: error, context: context)
        }
    }
}
