import CaseAPI
import CaseDomain
import CaseMetrics
import CaseStore
import CaseWeb
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The concrete parts of the service over one database: the PostgreSQL repositories, the metrics services and
/// the shared public look-up limit. Built once; the API and the pages get their parts from it.
struct ServiceParts: Sendable {
    let api: APIDependencies
    let web: WebInterface

    init(database: Database, configuration: Configuration, now: @escaping @Sendable () -> Date) {
        let dossiers = DossierStore(database: database)
        let references = ReferenceStore(database: database)
        let users = UserStore(database: database)
        let reporter = MetricsReporter(database: database)
        let publicLimiter = RateLimiter(limit: configuration.api.publicLookupsPerMinute)
        api = APIDependencies(
            dossiers: dossiers,
            references: references,
            users: users,
            caseLog: CaseLogStore(database: database),
            reporter: reporter,
            rubrics: RubricStore(database: database),
            health: ServiceHealth(database: database),
            publicLimiter: publicLimiter,
            translateError: { StoreError.from($0) },
            now: now
        )
        web = WebInterface(
            configuration: configuration.web,
            dossiers: dossiers,
            references: references,
            users: users,
            sessions: WebSessionStore(database: database),
            reporter: reporter,
            reader: MetricsReader(database: database),
            publicLimiter: publicLimiter,
            translateError: { StoreError.from($0) },
            now: now
        )
    }
}

/// Every route of the service: the API router of CaseAPI with the pages of CaseWeb added (`router.routes` lists them
/// for the contract and access-control tests).
func buildRouter(configuration: Configuration, database: Database, now: @escaping @Sendable () -> Date) -> Router<AppRequestContext> {
    let parts = ServiceParts(database: database, configuration: configuration, now: now)
    let router = buildAPIRouter(dependencies: parts.api)
    parts.web.addRoutes(to: router)
    return router
}

/// Builds the HTTP application: the one entry point of `tthc serve` and of the tests of the whole service.
///
/// - Parameters:
///   - configuration: the settings, read once by ``Configuration/read(flags:environment:)``.
///   - database: the connection pool and schema; the caller owns its lifetime (it is one of `services`).
///   - services: services run alongside the server (database pool, metrics worker), started in order and stopped in
///     reverse order after the server has stopped.
func buildApplication(
    configuration: Configuration,
    database: Database,
    services: [any Service] = [],
    logger: Logger,
    now: @escaping @Sendable () -> Date = { Date() }
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(configuration: configuration, database: database, now: now),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "tthc"
        ),
        services: services,
        logger: logger
    )
}
