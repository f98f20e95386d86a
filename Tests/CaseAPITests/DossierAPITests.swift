import CaseAPI
import CaseDomain
import CaseStore
import CaseTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("Dossier API over HTTP against a real database")
struct DossierAPITests {
    func withAPI(_ label: String, now: String = "2026-03-02T09:00:00+07:00", _ body: @Sendable (API, APIFixture) async throws -> Void) async throws {
        let fixture = try await APIFixture.make(label, now: now)
        defer { Task { await fixture.shutdown() } }
        try await fixture.application().test(.live) { client in
            try await body(API.checked(client: client, tokens: fixture.tokens), fixture)
        }
    }

    func count(_ fixture: APIFixture, _ sql: PostgresQuery) async throws -> Int {
        try await fixture.db.client.query(sql).one().decode(Int.self, column: 0)
    }

    @Test("a clerk registers a dossier: gap-free code, due moment in working days, received event in the log")
    func register() async throws {
        try await withAPI("register") { api, fixture in
            let reply = try await api.register()
            #expect(reply.status == .created)
            let code = try #require(reply.string("code"))
            #expect(code == "\(APIFixture.bdtIdentifier)-260302-0001")
            #expect(reply.headers[.location] == "/api/v1/dossiers/\(code)")
            // 25 working days after Monday 2 March 2026 (procedure version of 2024): Monday 6 April 2026, 17:00.
            #expect(reply.string("due") == "2026-04-06T17:00:00+07:00")
            #expect(reply.string("received_at") == "2026-03-02T09:00:00+07:00")
            #expect((reply.json["procedure"] as? [String: Any])?["valid_from"] as? String == "2024-01-01")
            #expect((reply.json["status"] as? [String: Any])?["code"] as? String == "received")
            let second = try await api.register()
            #expect(second.string("code") == "\(APIFixture.bdtIdentifier)-260302-0002")
            #expect(try await count(fixture, "SELECT count(*) FROM case_event WHERE type = 'received'") == 2)
        }
    }

    @Test("a dossier received before 2024 keeps the 15-working-day version of the procedure")
    func procedureVersion() async throws {
        try await withAPI("version", now: "2026-03-02T09:00:00+07:00") { api, _ in
            // A back-dated receipt is limited to the last 31 days; the version rule is tested in CaseStore with old dates.
            let reply = try await api.register(APIFixture.registration(extra: #","received_at":"2026-02-13T10:00:00+07:00""#))
            #expect(reply.status == .created)
            // 25 working days from Friday 13 Feb 2026 across Tết (16–20 Feb).
            #expect(reply.string("due") == "2026-03-27T17:00:00+07:00")
            #expect(reply.string("code")?.contains("-260213-0001") == true)
        }
    }

    @Test("walking a dossier to returned records every step in its timeline")
    func walkToReturned() async throws {
        try await withAPI("walk") { api, _ in
            let code = try #require(try await api.register().string("code"))
            let steps: [(String, String)] = [
                (#"{"type":"processing_started"}"#, "in_progress"),
                (#"{"type":"handed_over","from":"officer","to":"officer2"}"#, "in_progress"),
                (#"{"type":"supplement_requested","reason":"Thiếu biên bản họp thôn"}"#, "supplement_requested"),
                (#"{"type":"supplement_received"}"#, "in_progress"),
                (#"{"type":"result_ready","electronic":true,"result_code":"KQ1"}"#, "result_ready"),
                (#"{"type":"returned","channel":"postal","tracking":"EB123456789VN"}"#, "returned"),
            ]
            for (body, status) in steps {
                let reply = try await api.event(code, body)
                #expect(reply.status == .created, "\(body): \(reply.text)")
                #expect((reply.json["status"] as? [String: Any])?["code"] as? String == status)
            }
            let detail = try await api.request(.get, "/api/v1/dossiers/\(code)", as: "clerk")
            #expect(detail.status == .ok)
            let timeline = try #require(detail.json["timeline"] as? [[String: Any]])
            #expect(
                timeline.map { $0["type"] as? String } == [
                    "received", "processing_started", "handed_over", "supplement_requested", "supplement_received", "result_ready", "returned",
                ]
            )
            #expect(timeline.map { $0["sequence"] as? Int } == Array(1...7))
            #expect((detail.json["status"] as? [String: Any])?["code"] as? String == "returned")
            #expect((detail.json["result"] as? [String: Any])?["return_channel"] as? String == "postal")
            // After the return only digitization may still be recorded (CASE-LOG.md: "after result").
            #expect((detail.json["allowed_events"] as? [String]) == ["component_digitized", "result_digitized"])
        }
    }

    /// Paths of events that bring a received dossier to each status.
    static let paths: [DossierStatus: [String]] = [
        .received: [],
        .inProgress: [#"{"type":"processing_started"}"#],
        .supplementRequested: [#"{"type":"processing_started"}"#, #"{"type":"supplement_requested","reason":"r"}"#],
        .feeRequested: [#"{"type":"processing_started"}"#, #"{"type":"fee_requested","amount":10000}"#],
        .resultReady: [#"{"type":"processing_started"}"#, #"{"type":"result_ready","electronic":false}"#],
        .returned: [#"{"type":"processing_started"}"#, #"{"type":"result_ready","electronic":false}"#, #"{"type":"returned","channel":"direct"}"#],
        .refused: [#"{"type":"refused","reason":"r"}"#],
        .withdrawn: [#"{"type":"withdrawn"}"#],
        .stopped: [#"{"type":"processing_started"}"#, #"{"type":"stopped","reason":"r"}"#],
    ]

    static let eventBodies: [CaseEventType: String] = [
        .processingStarted: #"{"type":"processing_started"}"#,
        .handedOver: #"{"type":"handed_over","from":"a","to":"b"}"#,
        .supplementRequested: #"{"type":"supplement_requested","reason":"r"}"#,
        .supplementReceived: #"{"type":"supplement_received"}"#,
        .feeRequested: #"{"type":"fee_requested","amount":10000}"#,
        .feePaid: #"{"type":"fee_paid","amount":10000,"online":true}"#,
        .componentDigitized: #"{"type":"component_digitized","component":"TP2","reused":false}"#,
        .apologized: #"{"type":"apologized","reason":"r","new_due":"2026-05-01T17:00:00+07:00"}"#,
        .resultReady: #"{"type":"result_ready","electronic":true}"#,
        .resultDigitized: #"{"type":"result_digitized"}"#,
        .returned: #"{"type":"returned","channel":"online"}"#,
        .refused: #"{"type":"refused","reason":"r"}"#,
        .withdrawn: #"{"type":"withdrawn","reason":"r"}"#,
        .stopped: #"{"type":"stopped","reason":"r"}"#,
    ]

    @Test("every event in every status: legal ones are recorded, illegal ones are a 409 that writes nothing")
    func transitionMatrix() async throws {
        try await withAPI("matrix") { api, fixture in
            var checked = 0
            for (status, path) in Self.paths.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                for (type, body) in Self.eventBodies.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    let code = try #require(try await api.register().string("code"))
                    for step in path {
                        let reply = try await api.event(code, step)
                        try #require(reply.status == .created, "setting up \(status): \(step) → \(reply.text)")
                    }
                    let state = try await fixture.db.client.query("SELECT state FROM dossier WHERE code = \(code)").one()
                        .decode(PostgresJSON<DossierState>.self, column: 0).value
                    #expect(state.status == status)
                    let before = try await count(fixture, "SELECT count(*) FROM case_event")
                    let reply = try await api.event(code, body)
                    let after = try await count(fixture, "SELECT count(*) FROM case_event")
                    if state.allows(type) {
                        #expect(reply.status == .created, "\(type) in \(status) should be allowed: \(reply.text)")
                        #expect(after == before + 1)
                    } else {
                        #expect(reply.status == .conflict, "\(type) in \(status) should be refused: \(reply.text)")
                        #expect(reply.problemCode == "illegal_transition")
                        #expect(((reply.json["message"] as? [String: Any])?["vi"] as? String)?.isEmpty == false)
                        #expect(after == before)
                        let unchanged = try await fixture.db.client.query("SELECT status FROM dossier WHERE code = \(code)").one()
                            .decode(String.self, column: 0)
                        #expect(unchanged == status.rawValue)
                    }
                    checked += 1
                }
            }
            #expect(checked == Self.paths.count * Self.eventBodies.count)
        }
    }

    @Test("a supplement request pauses the clock over a holiday, and the due moment moves by the paused working time")
    func supplementPause() async throws {
        try await withAPI("pause", now: "2026-04-24T09:00:00+07:00") { api, fixture in
            let created = try await api.register()
            let code = try #require(created.string("code"))
            let originalDue = try #require(created.string("due"))
            fixture.clock.set("2026-04-24T17:30:00+07:00")
            _ = try await api.event(code, #"{"type":"processing_started","at":"2026-04-24T10:00:00+07:00"}"#)
            // Paused Friday 24 April 16:00 until Tuesday 28 April 08:30: 27 April is the substitute day off for
            // Giỗ Tổ (26 April, a Sunday), so the paused office time is 1 h (Friday) + 1 h (Tuesday morning) = 2 h.
            _ = try await api.event(code, #"{"type":"supplement_requested","reason":"Thiếu tờ trình","at":"2026-04-24T16:00:00+07:00"}"#)
            fixture.clock.set("2026-04-28T09:00:00+07:00")
            let resumed = try await api.event(code, #"{"type":"supplement_received","at":"2026-04-28T08:30:00+07:00"}"#)
            #expect(resumed.status == .created, "\(resumed.text)")
            let row = try await fixture.db.client.query(
                "SELECT paused_seconds, original_due_at, due_at FROM dossier WHERE code = \(code)"
            ).one()
            let (paused, original, due) = try row.decode((Int64, Date, Date).self)
            #expect(paused == 2 * 3600)
            #expect(VietnamTime.rfc3339(original) == originalDue)
            let calendar = BusinessCalendar()
            #expect(due == calendar.adding(.hours(2), to: original))
            #expect(due > original)
        }
    }

    @Test("an apology is accepted once per dossier")
    func singleApology() async throws {
        try await withAPI("apology") { api, _ in
            let code = try #require(try await api.register().string("code"))
            _ = try await api.event(code, #"{"type":"processing_started"}"#)
            let first = try await api.event(code, #"{"type":"apologized","reason":"Cần xác minh thêm","new_due":"2026-05-15T17:00:00+07:00"}"#)
            #expect(first.status == .created)
            let second = try await api.event(code, #"{"type":"apologized","reason":"Lần nữa","new_due":"2026-05-20T17:00:00+07:00"}"#)
            #expect(second.status == .conflict)
            let lookup = try await api.request(.get, "/api/v1/public/dossiers/\(code)")
            #expect(lookup.string("apology_new_due") == "2026-05-15T17:00:00+07:00")
        }
    }

    @Test("200 concurrent registrations for one agency and day get codes 0001–0200 with no gap or duplicate")
    func concurrentRegistrations() async throws {
        let fixture = try await APIFixture.make("concurrent", poolSize: 16)
        defer { Task { await fixture.shutdown() } }
        try await fixture.application().test(.live) { client in
            let port = try #require(client.port)
            let token = try #require(fixture.tokens["clerk"])
            let codes = try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let status = try await RawHTTP.post(
                            port: port,
                            path: "/api/v1/dossiers",
                            token: token,
                            body: APIFixture.registration(name: "Người nộp \(index)")
                        )
                        return status.status == 201 ? status.code : nil
                    }
                }
                var codes: [String] = []
                for try await code in group { if let code { codes.append(code) } }
                return codes
            }
            #expect(codes.count == 200)
            let sequences = codes.compactMap { Int($0.suffix(4)) }.sorted()
            #expect(sequences == Array(1...200))
            #expect(Set(codes).count == 200)
            let stored = try await fixture.db.client.query("SELECT last_seq FROM dossier_counter WHERE agency_code = 'BDT'").one()
                .decode(Int.self, column: 0)
            #expect(stored == 200)
        }
    }

    @Test("a retried registration with the same Idempotency-Key returns the same dossier; another body with it is a 422")
    func idempotency() async throws {
        try await withAPI("idempotency") { api, fixture in
            let first = try await api.register(key: "retry-1")
            let again = try await api.register(key: "retry-1")
            #expect(first.status == .created)
            #expect(again.status == .created)
            #expect(again.string("code") == first.string("code"))
            #expect(again.string("due") == first.string("due"))
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try await count(fixture, "SELECT count(*) FROM dossier") == 1)
            let other = try await api.register(APIFixture.registration(name: "Trần Thị Bình"), key: "retry-1")
            #expect(other.status == .unprocessableContent)
            #expect(other.problemCode == "idempotency_key_reused")
            #expect(try await count(fixture, "SELECT count(*) FROM dossier") == 1)
            // The number of the replayed request was not burnt.
            #expect(try await api.register().string("code")?.hasSuffix("-0002") == true)

            // Transitions too.
            let code = try #require(first.string("code"))
            let started = try await api.event(code, #"{"type":"processing_started"}"#, key: "start-1")
            let startedAgain = try await api.event(code, #"{"type":"processing_started"}"#, key: "start-1")
            #expect(started.status == .created)
            #expect(startedAgain.status == .created)
            #expect((startedAgain.json["event"] as? [String: Any])?["sequence"] as? Int == 2)
            #expect(try await count(fixture, "SELECT count(*) FROM case_event WHERE type = 'processing_started'") == 1)
        }
    }

    @Test("the public look-up shows the masked name and no personal data, to anyone, within a rate limit")
    func publicLookup() async throws {
        let fixture = try await APIFixture.make("public")
        defer { Task { await fixture.shutdown() } }
        try await fixture.application(publicLookupsPerMinute: 2).test(.live) { client in
            let api = API.checked(client: client, tokens: fixture.tokens)
            let code = try #require(try await api.register().string("code"))
            let reply = try await api.request(.get, "/api/v1/public/dossiers/\(code)")
            #expect(reply.status == .ok)
            #expect(reply.string("applicant") == "Nguyễn V. A.")
            #expect(reply.string("procedure") == "Công nhận người có uy tín trong đồng bào dân tộc thiểu số")
            for secret in ["001234567890", "0912345678", "an@example.vn", "Thôn 3", "Nguyễn Văn An"] {
                #expect(!reply.text.contains(secret), "public look-up leaks \(secret)")
            }
            let missing = try await api.request(.get, "/api/v1/public/dossiers/\(APIFixture.bdtIdentifier)-260302-9999")
            #expect(missing.status == .notFound)
            let limited = try await api.request(.get, "/api/v1/public/dossiers/\(code)")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] == "60")
        }
    }

    @Test(
        "bad bodies are a 400 with a clear message and write nothing",
        arguments: [
            ("{", "invalid_body"),
            ("[]", "invalid_body"),
            (#"{"procedure":"1.012222","channel":"fax","applicant":{"name":"A","kind":"person"},"components":[]}"#, "invalid_body"),
            (#"{"procedure":"1.012222","channel":"direct","applicant":{"name":"A","kind":"person","nam":"x"},"components":[]}"#, "invalid_body"),
            (#"{"procedure":"1.012222","channel":"direct","applicant":{"name":"A","kind":"person"},"components":[],"extra":1}"#, "invalid_body"),
            (#"{"procedure":"1.012222","channel":"direct","applicant":{"name":"","kind":"person"},"components":[]}"#, "invalid_body"),
            (
                #"{"procedure":"1.012222","channel":"direct","applicant":{"name":"A","kind":"person"},"components":[],"received_at":"2026-03-02T09:00:00"}"#,
                "invalid_body"
            ),
            (#"{"procedure":"1.012222","channel":"direct","applicant":{"name":"A","kind":"person"},"components":[],"fee":-1}"#, "invalid_body"),
        ]
    )
    func badBodies(_ body: String, _ code: String) async throws {
        try await withAPI("badbody") { api, fixture in
            let reply = try await api.register(body)
            #expect(reply.status == .badRequest, "\(reply.text)")
            #expect(reply.problemCode == code)
            #expect(reply.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(try await count(fixture, "SELECT count(*) FROM dossier") == 0)
            #expect(try await count(fixture, "SELECT count(*) FROM dossier_counter") == 0)
        }
    }

    @Test("domain refusals are 422: unknown procedure, a channel the procedure does not offer, an unknown component")
    func domainRefusals() async throws {
        try await withAPI("refusals") { api, fixture in
            let unknown = try await api.register(APIFixture.registration(procedure: "9.999999"))
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.json["field"] as? String == "procedure")
            let offline = try await api.register(
                #"{"procedure":"2.000001","channel":"online","applicant":{"name":"A","kind":"person"},"components":[]}"#
            )
            #expect(offline.status == .unprocessableContent)
            #expect(offline.json["field"] as? String == "channel")
            let component = try await api.register(
                #"{"procedure":"1.012222","channel":"direct","applicant":{"name":"A","kind":"person"},"components":[{"code":"TP9","digitized":true,"reused":false}]}"#
            )
            #expect(component.status == .unprocessableContent)
            #expect(try await count(fixture, "SELECT count(*) FROM dossier") == 0)
        }
    }

    @Test("bodies over 1 MiB are refused with 413")
    func oversized() async throws {
        try await withAPI("oversized") { api, fixture in
            let huge = APIFixture.registration(name: String(repeating: "a", count: 1_100_000))
            let reply = try await api.register(huge)
            #expect(reply.status == .contentTooLarge)
            #expect(try await count(fixture, "SELECT count(*) FROM dossier") == 0)
        }
    }

    @Test("the dossier list filters, sorts and pages with a cursor")
    func listing() async throws {
        try await withAPI("listing") { api, _ in
            for index in 0..<5 {
                _ = try await api.register(APIFixture.registration(channel: index % 2 == 0 ? "direct" : "online", name: "Người \(index)"))
            }
            let online = try await api.request(.get, "/api/v1/dossiers?channel=online", as: "clerk")
            #expect((online.json["items"] as? [Any])?.count == 2)
            var seen: [String] = []
            var cursor: String?
            repeat {
                let path = "/api/v1/dossiers?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await api.request(.get, path, as: "clerk")
                #expect(page.status == .ok)
                let items = page.json["items"] as? [[String: Any]] ?? []
                seen += items.compactMap { $0["code"] as? String }
                cursor = page.json["next_cursor"] as? String
            } while cursor != nil
            #expect(seen.count == 5)
            #expect(Set(seen).count == 5)
            #expect(seen == seen.sorted(by: >))
            let bad = try await api.request(.get, "/api/v1/dossiers?status=lost", as: "clerk")
            #expect(bad.status == .badRequest)
            let unknown = try await api.request(.get, "/api/v1/dossiers?colour=red", as: "clerk")
            #expect(unknown.status == .badRequest)
        }
    }
}

/// A minimal HTTP/1.1 client over a socket, so that many requests can run concurrently against the live server.
enum RawHTTP {
    struct Result: Sendable {
        var status: Int
        var code: String?
    }

    static func post(port: Int, path: String, token: String, body: String) async throws -> Result {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        return Result(status: status, code: json?["code"] as? String)
    }
}
