import HTTPTypes
import Hummingbird

/// Security headers on every response of the service (pages, assets, API, errors):
///
/// - a Content-Security-Policy that allows scripts, styles and images from this origin only (no inline script or
///   style, so an injected `<script>` or `style=` attribute never runs), forms posting only here, and no framing;
/// - `X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin` (dossier codes in URLs stay here),
///   `X-Frame-Options: DENY` for browsers without CSP level 2, and a Permissions-Policy turning off what no page uses.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.crossOriginOpenerPolicy] = "same-origin"
        response.headers[.permissionsPolicy] = "camera=(), microphone=(), geolocation=(), payment=()"
        return response
    }
}
