import CaseAPI
import CaseStore
import CaseTestSupport
import CaseWeb
import Foundation
import Hummingbird
import Logging

@testable import tthc

extension APIFixture {
    /// The application of `tthc serve` (the same builder) on the fixture's database and clock.
    func application(
        publicLookupsPerMinute: Int = 1000,
        web: WebConfiguration = WebConfiguration(secureCookies: false, sessionLifetime: 10 * 3600)
    ) -> some ApplicationProtocol {
        var configuration = Configuration()
        configuration.port = 0
        configuration.api.publicLookupsPerMinute = publicLookupsPerMinute
        configuration.web = web
        let clock = self.clock
        return buildApplication(configuration: configuration, database: database, logger: Logger(label: "test"), now: { clock.now })
    }
}

/// The routes of the JSON API as the server registers them, in OpenAPI form (`GET /api/v1/dossiers/{code}`).
func registeredAPIRoutes(database: Database) -> Set<String> {
    let router = buildRouter(configuration: Configuration(), database: database, now: { Date() })
    var routes = Set<String>()
    for route in router.routes where route.path.description.hasPrefix("/api/") {
        routes.insert("\(route.method.rawValue) \(route.path.description)")
    }
    return routes
}
