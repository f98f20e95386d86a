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
public func buildApplication(
    configuration: AppConfiguration,
    database: Database,
    services: [any Service] = [],
    logger: Logger,
    now: @escaping @Sendable () -> Date = { Date() }
) -> some ApplicationProtocol {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: ProblemMiddleware())
    HealthController(database: database).addRoutes(to: router)

    let api = router.group("api/v1")
    api.add(middleware: AuthMiddleware(users: UserStore(database: database)))
    let dossiers = DossierStore(database: database)
    DossierController(
        dossiers: dossiers, publicLimiter: RateLimiter(limit: configuration.publicLookupsPerMinute), now: now
    ).addRoutes(to: api)
    CalendarController(references: ReferenceStore(database: database)).addRoutes(to: api)

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
