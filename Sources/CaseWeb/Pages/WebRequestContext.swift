import CaseAPI
import CaseDomain
import Hummingbird

/// The context of an HTML page: the application's context plus the browser session, resolved from its cookie by
/// ``WebSessionMiddleware``.
struct WebRequestContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    var remoteAddress: String?
    /// The signed-in session, nil for an anonymous visitor (or an expired or unknown cookie).
    var session: WebSession?
    /// The session cookie's value as the browser sent it (to end the session on sign-out).
    var sessionCookie: String?
    /// Whether the browser reached us over TLS (directly or through a proxy saying so): cookies get `Secure`.
    var isSecure = false

    init(context: AppRequestContext) {
        self.coreContext = context.coreContext
        self.remoteAddress = context.remoteAddress
    }

    /// Form bodies are small; the largest is a registration with its components.
    var maxUploadSize: Int { 256 * 1024 }

    var principal: Principal? { session?.principal }

    /// The signed-in principal if their role is one of `roles`: anonymous visitors are sent to the sign-in page
    /// (and back here afterwards), signed-in visitors of another role get a 403 page.
    func require(_ roles: Role..., returnTo path: String) throws -> WebSession {
        guard let session else { throw WebError.signInRequired(returnTo: path) }
        guard roles.contains(session.principal.role) else { throw WebError.forbidden }
        return session
    }
}
