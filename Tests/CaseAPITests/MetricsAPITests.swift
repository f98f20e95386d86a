import CaseAPI
import CaseDomain
import CaseMetrics
import CaseStore
import CaseTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Postgres
import Testing

@testable import tthc

/// `/api/v1/metrics`, `/scores`, `/rankings`, the manual criteria, `/metrics` (Prometheus) and `/ready`.
@Suite("Metrics API")
struct MetricsAPITests {
    static let asOf = "2022-01-10T00:00:00+07:00"

    struct Fixture {
        let db: TestDatabaseHandle
        let database: Database
        let tokens: [String: String]

        static func make(_ label: String) async throws -> Fixture {
            let db = try await TestDatabase.make(label, migrations: Database.migrations, poolSize: 4)
            let database = Database(client: db.client, logger: Logger(label: "test"))
            try await RubricStore(database: database).loadEmbedded()
            _ = try await CaseLogImporter(database: database).importText(ScoringLog.all.joined(separator: "\n") + "\n")
            _ = try await MetricsWorker(database: database).processAvailable()
            let users = UserStore(database: database)
            var tokens: [String: String] = [:]
            for (name, role, agency) in [
                ("admin", Role.admin, nil), ("leader", .leader, nil), ("leader_bdt", .leader, "BDT"), ("clerk", .clerk, "BDT"),
                ("officer", .officer, "BDT"),
            ] as [(String, Role, String?)] {
                tokens[name] = try await users.addUser(name: name, role: role, agency: agency, locality: nil).token
            }
            return Fixture(db: db, database: database, tokens: tokens)
        }

        func application() -> some ApplicationProtocol {
            var configuration = Configuration()
            configuration.port = 0
            let asOf = VietnamTime.parseRFC3339(MetricsAPITests.asOf) ?? Date()
            return buildApplication(configuration: configuration, database: database, logger: Logger(label: "test"), now: { asOf })
        }

        func get(_ client: some TestClientProtocol, _ path: String, as user: String?) async throws -> (HTTPResponse.Status, String, HTTPFields) {
            var headers = HTTPFields()
            if let user, let token = tokens[user] { headers[.authorization] = "Bearer \(token)" }
            let response = try await client.executeRequest(uri: path, method: .get, headers: headers, body: nil)
            return (response.status, String(buffer: response.body), response.headers)
        }

        func put(_ client: some TestClientProtocol, _ path: String, as user: String?, body: String) async throws -> (HTTPResponse.Status, String) {
            var headers: HTTPFields = [.contentType: "application/json"]
            if let user, let token = tokens[user] { headers[.authorization] = "Bearer \(token)" }
            let response = try await client.executeRequest(uri: path, method: .put, headers: headers, body: ByteBuffer(string: body))
            return (response.status, String(buffer: response.body))
        }
    }

    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    @Test("leader and admin read metrics, scores and rankings; others are refused; a leader of one agency sees only it")
    func access() async throws {
        let fixture = try await Fixture.make("api-access")
        defer { Task { await fixture.db.client.shutdown() } }
        try await fixture.application().test(.router) { client in
            for path in ["/api/v1/metrics?agency=BDT&period=2021", "/api/v1/scores?agency=BDT&period=2021", "/api/v1/rankings?period=2021"] {
                #expect(try await fixture.get(client, path, as: nil).0 == .unauthorized, "\(path)")
                #expect(try await fixture.get(client, path, as: "clerk").0 == .forbidden, "\(path)")
                #expect(try await fixture.get(client, path, as: "officer").0 == .forbidden, "\(path)")
                #expect(try await fixture.get(client, path, as: "leader").0 == .ok, "\(path)")
                #expect(try await fixture.get(client, path, as: "admin").0 == .ok, "\(path)")
                #expect(try await fixture.get(client, path, as: "leader_bdt").0 == .ok, "\(path)")
            }
            #expect(try await fixture.get(client, "/api/v1/metrics?agency=STP&period=2021", as: "leader_bdt").0 == .forbidden)
            #expect(try await fixture.get(client, "/api/v1/scores?agency=STP&period=2021", as: "leader_bdt").0 == .forbidden)
            let own = try await fixture.get(client, "/api/v1/metrics?period=2021", as: "leader_bdt")
            #expect(Self.json(own.1)["agency"] as? String == "BDT")
            #expect(try await fixture.get(client, "/api/v1/metrics?period=2021", as: "leader").0 == .badRequest)
            #expect(try await fixture.get(client, "/api/v1/metrics?agency=BDT&period=2021-13", as: "leader").0 == .badRequest)
            #expect(try await fixture.get(client, "/api/v1/metrics?agency=XYZ&period=2021", as: "leader").0 == .notFound)
            let ranking = Self.json(try await fixture.get(client, "/api/v1/rankings?period=2021&rubric=par-department-example", as: "leader_bdt").1)
            let entries = try #require(ranking["entries"] as? [[String: Any]])
            #expect(entries.map { $0["agency"] as? String } == ["BDT"])
            #expect(entries.first?["label"] as? String == "xếp thứ 2/2")
            let all = Self.json(try await fixture.get(client, "/api/v1/rankings?period=2021&rubric=par-department-example", as: "leader").1)
            #expect((all["entries"] as? [[String: Any]])?.map { $0["label"] as? String } == ["xếp thứ 1/2", "xếp thứ 2/2"])
        }
    }

    @Test("the API returns the same content as tthc report")
    func sameContentAsReport() async throws {
        let fixture = try await Fixture.make("api-content")
        defer { Task { await fixture.db.client.shutdown() } }
        let expected = try await MetricsReporter(database: fixture.database).report(
            agency: "BDT",
            period: .year(2021),
            rubricID: "par-department-example",
            asOf: VietnamTime.parseRFC3339(Self.asOf) ?? Date()
        )
        try await fixture.application().test(.router) { client in
            let scores = try await fixture.get(client, "/api/v1/scores?agency=BDT&period=2021&rubric=par-department-example", as: "leader")
            #expect(scores.0 == .ok)
            #expect(NSDictionary(dictionary: Self.json(scores.1)) == NSDictionary(dictionary: Self.json(try expected.jsonText())))
            let metrics = Self.json(try await fixture.get(client, "/api/v1/metrics?agency=BDT&period=2021", as: "admin").1)
            let lines = try #require(metrics["metrics"] as? [[String: Any]])
            #expect(lines.count == 11)
            #expect(lines.first { $0["id"] as? String == "payment.online" }?["rate"] is NSNull)
            #expect((lines.first { $0["id"] as? String == "channel.direct" }?["rate"] as? NSNumber)?.doubleValue == 1)
            let csv = try await fixture.get(client, "/api/v1/scores?agency=BDT&period=2021&rubric=par-department-example&format=csv", as: "leader")
            #expect(csv.2[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.1 == (try expected.rendered(as: .csv)))
        }
    }

    @Test("an admin enters a manual criterion with evidence; it is checked against the rubric")
    func manualCriterion() async throws {
        let fixture = try await Fixture.make("api-manual")
        defer { Task { await fixture.db.client.shutdown() } }
        try await fixture.application().test(.router) { client in
            let path = "/api/v1/manual-scores/par-department-example/BDT/2021/cqdt.7"
            let body = #"{"points":0.5,"evidence":"Công văn 12/BDT","loss_reason":"Một phòng chưa dùng thư điện tử công vụ"}"#
            #expect(try await fixture.put(client, path, as: nil, body: body).0 == .unauthorized)
            #expect(try await fixture.put(client, path, as: "leader", body: body).0 == .forbidden)
            #expect(try await fixture.put(client, path, as: "admin", body: body).0 == .ok)
            #expect(
                try await fixture.put(client, "/api/v1/manual-scores/par-department-example/BDT/2021/cqdt.1", as: "admin", body: body).0
                    == .unprocessableContent
            )
            #expect(try await fixture.put(client, path, as: "admin", body: #"{"points":3,"evidence":"x"}"#).0 == .unprocessableContent)
            #expect(try await fixture.put(client, path, as: "admin", body: #"{"points":1}"#).0 == .badRequest)
            let listed = try await fixture.get(client, "/api/v1/manual-scores?rubric=par-department-example&agency=BDT&period=2021", as: "leader_bdt")
            #expect(listed.0 == .ok)
            #expect(listed.1.contains("Công văn 12/BDT"))
            let scores = Self.json(
                try await fixture.get(client, "/api/v1/scores?agency=BDT&period=2021&rubric=par-department-example", as: "leader").1
            )
            let line = try #require((scores["scores"] as? [[String: Any]])?.first { $0["criterion_id"] as? String == "cqdt.7" })
            #expect(line["kind"] as? String == "manual")
            #expect((line["points"] as? NSNumber)?.doubleValue == 0.5)
            #expect((scores["manual_entries"] as? [[String: Any]])?.first?["evidence"] as? String == "Công văn 12/BDT")
        }
    }

    @Test("Prometheus text at /metrics: requests, latencies, pool use and worker lag; /ready shows the worker")
    func prometheusAndReadiness() async throws {
        let fixture = try await Fixture.make("api-prometheus")
        defer { Task { await fixture.db.client.shutdown() } }
        // One event the worker has not consumed yet: lag 1.
        _ = try await CaseLogImporter(database: fixture.database).importText(
            [
                ScoringLog.event(
                    "\(ScoringLog.bdtIdentifier)-210302-0001",
                    "component_digitized",
                    "2021-03-10",
                    #","component":"TP1","reused":false"#
                )
            ].joined(separator: "\n") + "\n"
        )
        try await fixture.application().test(.router) { client in
            _ = try await fixture.get(client, "/api/v1/metrics?agency=BDT&period=2021", as: "leader")
            let ready = try await fixture.get(client, "/ready", as: nil)
            #expect(ready.0 == .ok)
            let worker = try #require(Self.json(ready.1)["worker"] as? [String: Any])
            #expect(worker["lag_events"] as? Int == 1)
            #expect(worker["lag_seconds"] != nil)
            let scrape = try await fixture.get(client, "/metrics", as: nil)
            #expect(scrape.0 == .ok)
            #expect(scrape.2[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = scrape.1
            #expect(text.contains("tthc_worker_lag_events 1.0\n"))
            #expect(text.contains("tthc_worker_lag_seconds"))
            #expect(text.contains(#"tthc_db_pool_connections{state="open"}"#))
            #expect(text.contains("tthc_db_pool_max_connections"))
            #expect(text.contains("hb_requests"))
            #expect(text.contains("http_server_request_duration"))
        }
        _ = try await MetricsWorker(database: fixture.database).processAvailable()
        #expect(try await MetricsProjectionStore(database: fixture.database).status().lagEvents == 0)
    }
}
