public import CaseAPI
public import CaseDomain
public import CaseMetrics
public import Foundation
public import Hummingbird
import Logging
import NIOCore

/// The web interface: server-rendered pages in Vietnamese for clerks, officers, localities, leaders and the public,
/// on the same stores as the JSON API. Pages live under Vietnamese paths (`/dang-nhap`, `/ho-so`, `/tra-cuu`,
/// `/bang-dieu-khien`); every page is rendered from `Templates/*.mustache`.
public struct WebInterface: Sendable {
    let renderer: PageRenderer
    let configuration: WebConfiguration
    let dossiers: any DossierRepository
    let references: any ReferenceRepository
    let users: any UserRepository
    let sessions: any WebSessionRepository
    let reporter: MetricsReporter
    let reader: MetricsReader
    let throttle: SignInThrottle
    let publicLimiter: RateLimiter
    let translateError: @Sendable (any Error) -> StoreError?
    let now: @Sendable () -> Date

    public init(
        configuration: WebConfiguration,
        dossiers: any DossierRepository,
        references: any ReferenceRepository,
        users: any UserRepository,
        sessions: any WebSessionRepository,
        reporter: MetricsReporter,
        reader: MetricsReader,
        publicLimiter: RateLimiter,
        translateError: @escaping @Sendable (any Error) -> StoreError? = { _ in nil },
        now: @escaping @Sendable () -> Date
    ) {
        self.renderer = PageRenderer()
        self.configuration = configuration
        self.dossiers = dossiers
        self.references = references
        self.users = users
        self.sessions = sessions
        self.reporter = reporter
        self.reader = reader
        self.throttle = SignInThrottle()
        self.publicLimiter = publicLimiter
        self.translateError = translateError
        self.now = now
    }

    /// Adds the pages and the static assets to the service's router.
    public func addRoutes(to router: Router<AppRequestContext>) {
        router.get("static/{file}") { _, context -> Response in
            let name = try context.parameters.require("file")
            guard let asset = renderer.asset(name) else { throw HTTPError(.notFound) }
            return asset
        }
        let pages = router.group(context: WebRequestContext.self)
        pages.add(
            middleware: WebSessionMiddleware(
                sessions: sessions,
                configuration: configuration,
                errors: WebErrorPages(renderer: renderer, translate: translateError),
                now: now
            )
        )
        pages.get("/") { _, context -> Response in
            let target = context.principal.map { WebNavigation.home(for: $0.role) } ?? "/tra-cuu"
            return Self.redirect(target)
        }
        addSignInRoutes(to: pages)
        addDossierRoutes(to: pages)
        addSlipRoutes(to: pages)
        addLookupRoutes(to: pages)
        addDashboardRoutes(to: pages)
    }

    // MARK: Helpers shared by the pages

    static func redirect(_ location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }

    /// The path and query of a request, to come back to after signing in.
    static func here(_ request: Request) -> String {
        request.uri.query.map { request.uri.path + "?" + $0 } ?? request.uri.path
    }

    /// Reads a form posted by a signed-in visitor and checks its CSRF token before anything else happens.
    func signedForm(_ request: Request, context: WebRequestContext, session: WebSession) async throws -> FormData {
        let form = try await FormData.read(request, context: context)
        guard Self.sameToken(form.raw("_csrf"), session.csrfToken) else { throw WebError.csrfRejected }
        return form
    }

    /// Compares two tokens in time independent of where they differ.
    static func sameToken(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8)
        let b = Array(expected.utf8)
        guard a.count == b.count, !b.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    func cookie(_ name: String, value: String, path: String = "/", maxAge: Int? = nil, secure: Bool) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: path, secure: secure, httpOnly: true, sameSite: .lax)
    }
}
