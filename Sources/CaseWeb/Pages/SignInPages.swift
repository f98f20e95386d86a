import CaseAPI
import CaseDomain
import Foundation
import Hummingbird
import Logging

/// `/dang-nhap` (sign in), `/dang-xuat` (sign out).
///
/// The sign-in form is protected against login CSRF with a double-submit token: a random value in a short-lived
/// cookie limited to `/dang-nhap`, repeated in the form. A successful sign-in always opens a new session (the
/// cookie's old value, if any, is ended), so a session id planted before sign-in is worthless.
extension WebInterface {
    static let signInCookieName = "tthc_signin"

    struct SignInContent {
        var signInToken: String
        var returnTo: String
        var userName: String
        var signedOut: Bool
        var expired: Bool
    }

    func addSignInRoutes(to pages: RouterGroup<WebRequestContext>) {
        pages.get("dang-nhap") { request, context in try await signInPage(request, context: context) }
        pages.post("dang-nhap") { request, context in try await signIn(request, context: context) }
        pages.post("dang-xuat") { request, context in try await signOut(request, context: context) }
    }

    func signInPage(_ request: Request, context: WebRequestContext) async throws -> Response {
        let returnTo = WebFormat.safeReturnPath(request.uri.queryParameters.get("tiep"))
        if let session = context.session {
            return Self.redirect(returnTo ?? WebNavigation.home(for: session.principal.role))
        }
        let parameters = request.uri.queryParameters
        let content = SignInContent(
            signInToken: "",
            returnTo: returnTo ?? "",
            userName: "",
            signedOut: parameters.get("da-dang-xuat") != nil,
            expired: context.sessionCookie != nil
        )
        return try signInResponse(request, context: context, content: content, notice: nil, status: .ok)
    }

    /// Renders the form with a sign-in token (reusing the browser's, so that two open tabs both work).
    private func signInResponse(
        _ request: Request,
        context: WebRequestContext,
        content: SignInContent,
        notice: Page<SignInContent>.Notice?,
        status: HTTPResponse.Status,
        headers: HTTPFields = [:]
    ) throws -> Response {
        var content = content
        let existing = request.cookies[Self.signInCookieName]?.value ?? ""
        let token = existing.utf8.count == 43 ? existing : RandomToken.make()
        content.signInToken = token
        var notice = notice
        if notice == nil, content.signedOut { notice = .ok("Bạn đã đăng xuất.", "You have signed out.") }
        if notice == nil, content.expired {
            notice = .error("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.", "Your session has expired. Please sign in again.")
        }
        var response = try renderer.response(
            "sign-in",
            Page("Đăng nhập", session: nil, current: "/dang-nhap", notice: notice, content: content),
            status: status,
            headers: headers
        )
        response.setCookie(cookie(Self.signInCookieName, value: token, path: "/dang-nhap", maxAge: 7200, secure: context.isSecure))
        if context.sessionCookie != nil, context.session == nil {
            response.setCookie(cookie(WebSessionMiddleware.cookieName, value: "", maxAge: 0, secure: context.isSecure))
        }
        return response
    }

    func signIn(_ request: Request, context: WebRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        let cookieToken = request.cookies[Self.signInCookieName]?.value ?? ""
        guard Self.sameToken(form.raw("_csrf"), cookieToken) else { throw WebError.csrfRejected }
        let name = form["ten"] ?? ""
        let password = form.raw("mat-khau")
        let returnTo = WebFormat.safeReturnPath(form["tiep"])
        let address = context.remoteAddress ?? "unknown"
        var content = SignInContent(signInToken: "", returnTo: returnTo ?? "", userName: name, signedOut: false, expired: false)
        let moment = now()

        let wait = throttle.wait(user: name, address: address, now: moment)
        if wait > 0 {
            context.logger.notice("sign-in throttled", metadata: ["user": "\(name)", "wait": "\(wait)"])
            return try signInResponse(
                request,
                context: context,
                content: content,
                notice: .error(
                    "Đã đăng nhập sai nhiều lần. Vui lòng chờ \(wait) giây rồi thử lại.",
                    "Too many failed sign-ins. Please wait \(wait) seconds and try again."
                ),
                status: .tooManyRequests,
                headers: [.retryAfter: "\(wait)"]
            )
        }
        guard !name.isEmpty, !password.isEmpty else {
            return try signInResponse(
                request,
                context: context,
                content: content,
                notice: .error("Hãy nhập tên đăng nhập và mật khẩu.", "Enter your user name and password."),
                status: .unprocessableContent
            )
        }
        let credentials = try await users.passwordCredentials(userName: name)
        guard try await PasswordHashing.verify(password, hash: credentials?.passwordHash), let principal = credentials?.principal else {
            throttle.recordFailure(user: name, address: address, now: moment)
            context.logger.notice("sign-in failed", metadata: ["user": "\(name)"])
            content.userName = name
            return try signInResponse(
                request,
                context: context,
                content: content,
                notice: .error("Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong user name or password."),
                status: .unprocessableContent
            )
        }
        throttle.recordSuccess(user: name)
        if let old = context.sessionCookie { try await sessions.delete(cookie: old) }
        let (value, _) = try await sessions.create(for: principal, now: moment, lifetime: configuration.sessionLifetime)
        context.logger.info("signed in", metadata: ["user": "\(principal.name)"])
        var response = Self.redirect(returnTo ?? WebNavigation.home(for: principal.role))
        response.setCookie(cookie(WebSessionMiddleware.cookieName, value: value, secure: context.isSecure))
        response.setCookie(cookie(Self.signInCookieName, value: "", path: "/dang-nhap", maxAge: 0, secure: context.isSecure))
        return response
    }

    func signOut(_ request: Request, context: WebRequestContext) async throws -> Response {
        guard let session = context.session, let cookieValue = context.sessionCookie else {
            return Self.redirect("/dang-nhap")
        }
        _ = try await signedForm(request, context: context, session: session)
        try await sessions.delete(cookie: cookieValue)
        var response = Self.redirect("/dang-nhap?da-dang-xuat=1")
        response.setCookie(cookie(WebSessionMiddleware.cookieName, value: "", maxAge: 0, secure: context.isSecure))
        return response
    }
}
