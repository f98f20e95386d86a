import CaseAPI
import CaseTestSupport
import CaseWeb
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
