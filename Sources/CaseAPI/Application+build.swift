public import Hummingbird
public import Logging
public import ServiceLifecycle
public import CaseStore
public import Foundation

/// Builds the HTTP application: the one entry point used by `tthc serve` and by the tests.
///
/// - Parameters:
///   - configuration: settings read from the environment.
///   - database: the connection pool and schema; the caller owns its lifetime (it is one of `services`).
///   - services: services run alongside the server (database pool, metrics worker), started in order and stopped in
///     reverse order after the server has stopped.
///   - web: settings of the web interface; nil reads them from the environment (`TTHC_SECURE_COOKIES`, `TTHC_SESSION_HOURS`).
public func buildApplication(
    configuration: AppConfiguration,
    database: Database,
    services: [any Service] = [],
    logger: Logger,
    now: @escaping @Sendable () -> Date = { Date() },
    routes: RouteCatalog = RouteCatalog(),
    web: WebConfiguration? = nil
) -> some ApplicationProtocol {
    let router = Router(context: AppRequestContext.self)
    _ = ServiceMetrics.registry  // swift-metrics reports to Prometheus (bootstrapped once per process)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ProblemMiddleware())
    HealthController(database: database).addRoutes(to: router)
    PrometheusController(database: database).addRoutes(to: router)

    let apiGroup = router.group("api/v1")
    apiGroup.add(middleware: AuthMiddleware(users: UserStore(database: database)))
    let api = CatalogedGroup(group: apiGroup, prefix: "/api/v1", catalog: routes)
    let dossiers = DossierStore(database: database)
    let publicLimiter = RateLimiter(limit: configuration.publicLookupsPerMinute)
    DossierController(
        dossiers: dossiers, publicLimiter: publicLimiter, now: now
    ).addRoutes(to: api)
    CalendarController(references: ReferenceStore(database: database)).addRoutes(to: api)
    ReferenceController(references: ReferenceStore(database: database), dossiers: dossiers, database: database).addRoutes(to: api)
    OpenAPIController().addRoutes(to: api)
    MetricsController(database: database, now: now).addRoutes(to: api)
    WebInterface(
        database: database, dossiers: dossiers, configuration: web ?? .fromEnvironmentOrDefault(logger: logger), publicLimiter: publicLimiter,
        now: now
    ).addRoutes(to: router)

    return Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "tthc"
        ),
        services: services,
        logger: logger
    )
}
