public import CaseDomain
public import CaseMetrics
public import Foundation
public import Hummingbird
import Logging

/// Settings of the JSON API.
public struct APIConfiguration: Sendable, Equatable {
    /// Public look-ups per client address per minute (`TTHC_PUBLIC_LOOKUP_LIMIT`).
    public var publicLookupsPerMinute: Int

    public init(publicLookupsPerMinute: Int = 60) {
        self.publicLookupsPerMinute = publicLookupsPerMinute
    }
}

/// What the API's controllers work with: repositories (protocols of CaseDomain), the metrics services, the clock.
public struct APIDependencies: Sendable {
    public var dossiers: any DossierRepository
    public var references: any ReferenceRepository
    public var users: any UserRepository
    public var caseLog: any CaseLogRepository
    public var reporter: MetricsReporter
    public var rubrics: RubricStore
    public var health: ServiceHealth
    /// Public look-ups per client, shared with the web interface's look-up page.
    public var publicLimiter: RateLimiter
    /// The storage layer's failures that mean something to a caller (see ``ProblemMiddleware``).
    public var translateError: @Sendable (any Error) -> StoreError?
    public var now: @Sendable () -> Date

    public init(
        dossiers: any DossierRepository,
        references: any ReferenceRepository,
        users: any UserRepository,
        caseLog: any CaseLogRepository,
        reporter: MetricsReporter,
        rubrics: RubricStore,
        health: ServiceHealth,
        publicLimiter: RateLimiter,
        translateError: @escaping @Sendable (any Error) -> StoreError? = { _ in nil },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.dossiers = dossiers
        self.references = references
        self.users = users
        self.caseLog = caseLog
        self.reporter = reporter
        self.rubrics = rubrics
        self.health = health
        self.publicLimiter = publicLimiter
        self.translateError = translateError
        self.now = now
    }
}

/// The router of the HTTP service with everything but the pages: the middleware every route shares (metrics,
/// request log, security headers, problem documents), `/health`, `/ready`, `/metrics`, and the JSON API under
/// `/api/v1`. The application builder adds the web interface's routes to it.
public func buildAPIRouter(dependencies: APIDependencies) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    _ = ServiceMetrics.registry  // swift-metrics reports to Prometheus (bootstrapped once per process)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ProblemMiddleware(translate: dependencies.translateError))
    router.addRoutes(HealthController(health: dependencies.health).endpoints)
    router.addRoutes(PrometheusController(health: dependencies.health).endpoints)

    let api = router.group("api/v1")
    api.add(middleware: AuthMiddleware(users: dependencies.users))
    api.addRoutes(
        DossierController(dossiers: dependencies.dossiers, publicLimiter: dependencies.publicLimiter, now: dependencies.now).endpoints
    )
    api.addRoutes(CalendarController(references: dependencies.references).endpoints)
    api.addRoutes(
        ReferenceController(references: dependencies.references, dossiers: dependencies.dossiers, caseLog: dependencies.caseLog).endpoints
    )
    api.addRoutes(OpenAPIController().endpoints)
    api.addRoutes(MetricsController(reporter: dependencies.reporter, rubrics: dependencies.rubrics, now: dependencies.now).endpoints)
    return router
}
