import CaseAPI
import CaseTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@Suite("The OpenAPI document describes the server as it is")
struct OpenAPITests {
    @Test("every registered route is documented, and every documented route is registered")
    func routesMatch() async throws {
        let fixture = try await APIFixture.make("openapi")
        defer { Task { await fixture.shutdown() } }
        let app = fixture.application()
        try await app.test(.live) { client in
            let reply = try await client.executeRequest(uri: "/api/v1/openapi.json", method: .get, headers: [:], body: nil)
            #expect(reply.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: reply.body).utf8)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths where path.hasPrefix("/api/") {
                for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
            }
            let registered = registeredAPIRoutes(database: fixture.database)
            #expect(registered.subtracting(documented).sorted() == [], "routes missing from the OpenAPI document")
            #expect(documented.subtracting(registered).sorted() == [], "documented routes the server does not serve")
            // Every operation documents its error responses as problem documents.
            for (path, operations) in paths {
                for (method, operation) in operations {
                    let responses = (operation as? [String: Any])?["responses"] as? [String: Any] ?? [:]
                    #expect(!responses.isEmpty, "\(method) \(path) has no responses")
                }
            }
        }
    }
}
