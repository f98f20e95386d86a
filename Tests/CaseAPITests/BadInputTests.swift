import CaseAPI
import CaseDomain
import CaseStore
import CaseTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Postgres
import Testing

/// Hostile and broken input against the live application and a real database, table-driven: every row is a request
/// that must be refused with a 4xx problem document carrying a Vietnamese and an English message, and must leave every
/// table a request can change exactly as it was. Strings that are valid but look dangerous (SQL, HTML, script) are
/// stored verbatim and read back verbatim.
@Suite("Bad input: refused with a clear bilingual 4xx, nothing written")
struct BadInputTests {
    /// Every table a request of the API can add rows to.
    static let tables = ["dossier", "dossier_counter", "case_event", "idempotency_key", "agency", "procedure_version", "locality"]

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var method: HTTPRequest.Method = .post
        var path: String = "/api/v1/dossiers"
        var user: String = "clerk"
        var body: [UInt8]
        var contentType: String = "application/json"
        var idempotencyKey: String?
        /// The status expected; `nil`: any 4xx.
        var status: HTTPResponse.Status?
        var description: String { name }

        init(
            _ name: String,
            _ body: String,
            status: HTTPResponse.Status? = .badRequest,
            method: HTTPRequest.Method = .post,
            path: String = "/api/v1/dossiers",
            user: String = "clerk",
            contentType: String = "application/json",
            key: String? = nil
        ) {
            self.name = name
            self.body = Array(body.utf8)
            self.status = status
            self.method = method
            self.path = path
            self.user = user
            self.contentType = contentType
            self.idempotencyKey = key
        }

        init(_ name: String, bytes: [UInt8], status: HTTPResponse.Status? = .badRequest, path: String = "/api/v1/dossiers", user: String = "clerk") {
            self.name = name
            self.body = bytes
            self.status = status
            self.path = path
            self.user = user
        }
    }

    struct Reply: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var text: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    }

    static func send(_ client: any TestClientProtocol, _ fixture: APIFixture, _ item: Case) async throws -> Reply {
        var headers: HTTPFields = [:]
        if let token = fixture.tokens[item.user] { headers[.authorization] = "Bearer \(token)" }
        headers[.contentType] = item.contentType
        if let key = item.idempotencyKey { headers[HTTPField.Name("Idempotency-Key")!] = key }
        let response = try await client.executeRequest(
            uri: item.path,
            method: item.method,
            headers: headers,
            body: ByteBuffer(bytes: item.body)
        )
        return Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    static func counts(_ fixture: APIFixture) async throws -> [String: Int] {
        var result: [String: Int] = [:]
        for table in tables {
            result[table] = try await fixture.db.client.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)")).one()
                .decode(Int.self, column: 0)
        }
        return result
    }

    /// Sends every case and checks the refusal and that no table changed.
    static func expectRefused(_ cases: [Case], _ client: any TestClientProtocol, _ fixture: APIFixture) async throws {
        for item in cases {
            let before = try await counts(fixture)
            let reply = try await send(client, fixture, item)
            if let status = item.status {
                #expect(reply.status == status, "\(item.name): \(reply.status) \(reply.text.prefix(300))")
            }
            #expect((400..<500).contains(reply.status.code), "\(item.name): \(reply.status) \(reply.text.prefix(300))")
            #expect(reply.headers[.contentType]?.hasPrefix("application/problem+json") == true, "\(item.name): content type")
            let message = reply.json["message"] as? [String: Any]
            let vietnamese = message?["vi"] as? String ?? ""
            let english = message?["en"] as? String ?? ""
            #expect(!vietnamese.isEmpty && !english.isEmpty && vietnamese != english, "\(item.name): no bilingual message: \(reply.text.prefix(300))")
            #expect(reply.text.utf8.count < 4096, "\(item.name): the problem echoes the body (\(reply.text.utf8.count) bytes)")
            let after = try await counts(fixture)
            #expect(after == before, "\(item.name): rows written: \(before) → \(after)")
        }
    }

    func withApp(_ label: String, _ body: @Sendable (any TestClientProtocol, APIFixture) async throws -> Void) async throws {
        let fixture = try await APIFixture.make(label)
        defer { Task { await fixture.shutdown() } }
        try await fixture.application().test(.live) { client in
            try await body(client, fixture)
        }
    }

    static let applicant = #""applicant":{"name":"Nguyễn Văn An","kind":"person","locality":"X1"}"#
    static let components = #""components":[{"code":"TP1","digitized":true,"reused":false}]"#

    static func registration(_ fields: String) -> String {
        #"{"procedure":"1.012222","channel":"direct",\#(applicant),\#(components)\#(fields)}"#
    }

    static func registration(name: String) -> String {
        #"{"procedure":"1.012222","channel":"direct","applicant":{"name":"\#(name)","kind":"person"},\#(components)}"#
    }

    @Test("registration bodies: malformed, wrong types, unknown enums and fields, bad text, bad timestamps, bad sizes")
    func registrationBodies() async throws {
        let oneMegabyte = String(repeating: "x", count: 1_000_000)
        let cases: [Case] = [
            Case("empty body", ""),
            Case("truncated JSON", #"{"procedure":"1.012222","channel":"#),
            Case("trailing garbage", Self.registration("") + "}"),
            Case("two documents", Self.registration("") + Self.registration("")),
            Case("an array", "[]"),
            Case("null", "null"),
            Case("a string", #""hello""#),
            Case("single quotes", "{'procedure':'1.012222'}"),
            Case("comment", "/* x */" + Self.registration("")),
            Case("procedure is a number", #"{"procedure":1012222,"channel":"direct",\#(Self.applicant),\#(Self.components)}"#),
            Case("components is a string", #"{"procedure":"1.012222","channel":"direct",\#(Self.applicant),"components":"TP1"}"#),
            Case(
                "digitized is a string",
                #"{"procedure":"1.012222","channel":"direct",\#(Self.applicant),"components":[{"code":"TP1","digitized":"yes","reused":false}]}"#
            ),
            Case("name is a number", #"{"procedure":"1.012222","channel":"direct","applicant":{"name":5,"kind":"person"},\#(Self.components)}"#),
            Case("fee is a float", Self.registration(#","fee":1.5"#)),
            Case("fee is huge", Self.registration(#","fee":1e400"#)),
            Case("duplicate key", #"{"procedure":"1.012222","procedure":"2.000001","channel":"direct",\#(Self.applicant),\#(Self.components)}"#),
            Case("unknown channel", #"{"procedure":"1.012222","channel":"fax",\#(Self.applicant),\#(Self.components)}"#),
            Case(
                "unknown applicant kind",
                #"{"procedure":"1.012222","channel":"direct","applicant":{"name":"A","kind":"robot"},\#(Self.components)}"#
            ),
            Case("unknown top-level field", Self.registration(#","priority":"high""#)),
            Case(
                "unknown nested field",
                #"{"procedure":"1.012222","channel":"direct","applicant":{"name":"A","kind":"person","nam":"x"},\#(Self.components)}"#
            ),
            Case(
                "unknown component field",
                #"{"procedure":"1.012222","channel":"direct",\#(Self.applicant),"components":[{"code":"TP1","digitized":true,"reused":false,"pages":3}]}"#
            ),
            Case("missing procedure", #"{"channel":"direct",\#(Self.applicant),\#(Self.components)}"#),
            Case("empty name", Self.registration(name: "")),
            Case("blank name", Self.registration(name: "   ")),
            Case("escaped control character in name", Self.registration(name: #"An\u0007"#)),
            Case("escaped NUL in name", Self.registration(name: #"An\u0000"#)),
            Case("raw control character in a string", Self.registration(name: "An\u{1}")),
            Case("raw newline in a string", Self.registration(name: "An\nB")),
            Case("lone surrogate escape", Self.registration(name: #"An\ud800"#)),
            Case("1 MB name", Self.registration(name: oneMegabyte)),
            Case("timestamp without offset", Self.registration(#","received_at":"2026-03-02T09:00:00""#)),
            Case("date only", Self.registration(#","received_at":"2026-03-02""#)),
            Case("impossible date", Self.registration(#","received_at":"2026-02-30T09:00:00+07:00""#)),
            Case("hour 25", Self.registration(#","received_at":"2026-03-02T25:00:00+07:00""#)),
            Case("offset out of range", Self.registration(#","received_at":"2026-03-02T09:00:00+25:00""#)),
            Case("year 10000", Self.registration(#","received_at":"10000-01-01T00:00:00+07:00""#)),
            Case("year 0", Self.registration(#","received_at":"0000-01-01T00:00:00+07:00""#), status: nil),
            Case("far past", Self.registration(#","received_at":"1900-01-01T00:00:00+07:00""#), status: nil),
            Case("far future", Self.registration(#","received_at":"2999-01-01T00:00:00+07:00""#), status: nil),
            Case("not JSON content type", Self.registration(""), status: .unsupportedMediaType, contentType: "text/plain"),
            Case("form content type", "procedure=1.012222", status: .unsupportedMediaType, contentType: "application/x-www-form-urlencoded"),
            Case("over 1 MiB", Self.registration(name: String(repeating: "a", count: 1_100_000)), status: .contentTooLarge),
            Case(
                "invalid UTF-8 in a string",
                bytes: Array(#"{"procedure":"1.012222","channel":"direct","applicant":{"name":"A"#.utf8) + [0xC3, 0x28, 0xFF]
                    + Array(#"","kind":"person"},"components":[]}"#.utf8)
            ),
            Case(
                "overlong UTF-8 encoding",
                bytes: Array(#"{"procedure":"1.012222","channel":"direct","applicant":{"name":""#.utf8) + [0xC0, 0xAF]
                    + Array(#"","kind":"person"},"components":[]}"#.utf8)
            ),
            Case("UTF-16 body", bytes: [0xFF, 0xFE] + Array(Self.registration("").utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
            Case("bad Idempotency-Key (too long)", Self.registration(""), key: String(repeating: "k", count: 256)),
            Case("bad Idempotency-Key (non-ASCII)", Self.registration(""), key: "khóa-1"),
            Case("unknown procedure", Self.registration("").replacingOccurrences(of: "1.012222", with: "9.999999"), status: .unprocessableContent),
            Case("SQL in the procedure code", Self.registration("").replacingOccurrences(of: "1.012222", with: "1' OR '1'='1"), status: nil),
            Case("leader may not register", Self.registration(""), status: .forbidden, user: "leader"),
            Case("anonymous may not register", Self.registration(""), status: .unauthorized, user: "nobody"),
        ]
        try await withApp("badinput-register") { client, fixture in
            try await Self.expectRefused(cases, client, fixture)
        }
    }

    @Test("transitions: unknown types, impossible transitions, wrong fields, unknown dossiers → 4xx, nothing written")
    func transitions() async throws {
        try await withApp("badinput-events") { client, fixture in
            let created = try await Self.send(client, fixture, Case("register", Self.registration(""), status: .created))
            #expect(created.status == .created, "\(created.text)")
            let code = try #require(created.json["code"] as? String)
            let events = "/api/v1/dossiers/\(code)/events"
            let cases: [Case] = [
                Case("unknown event type", #"{"type":"teleported"}"#, path: events, user: "officer"),
                Case("event type is a number", #"{"type":3}"#, path: events, user: "officer"),
                Case(
                    "returned before processing",
                    #"{"type":"returned","channel":"postal","tracking":"EB123456789VN"}"#,
                    status: .conflict,
                    path: events,
                    user: "officer"
                ),
                Case("result before processing", #"{"type":"result_ready","electronic":true}"#, status: .conflict, path: events, user: "officer"),
                Case("a second received", #"{"type":"received"}"#, status: nil, path: events, user: "officer"),
                Case("unknown field on an event", #"{"type":"processing_started","urgent":true}"#, path: events, user: "officer"),
                Case("event timestamp without offset", #"{"type":"processing_started","at":"2026-03-02T10:00:00"}"#, path: events, user: "officer"),
                Case("malformed event", #"{"type":"processing_started""#, path: events, user: "officer"),
                Case(
                    "event on an unknown dossier",
                    #"{"type":"processing_started"}"#,
                    status: .notFound,
                    path: "/api/v1/dossiers/\(APIFixture.bdtIdentifier)-260302-9999/events",
                    user: "officer"
                ),
                Case("event on another agency's dossier", #"{"type":"processing_started"}"#, status: .notFound, path: events, user: "officer_snv"),
                Case("locality may not record events", #"{"type":"processing_started"}"#, status: .forbidden, path: events, user: "x1"),
                Case(
                    "SQL in the dossier code",
                    #"{"type":"processing_started"}"#,
                    status: .notFound,
                    path: "/api/v1/dossiers/x'%20OR%20'1'='1/events",
                    user: "officer"
                ),
            ]
            try await Self.expectRefused(cases, client, fixture)
        }
    }

    @Test("an Idempotency-Key replayed with another body is a 422 that writes nothing; the same body replays")
    func idempotencyReplay() async throws {
        try await withApp("badinput-idempotency") { client, fixture in
            let first = try await Self.send(client, fixture, Case("first", Self.registration(""), status: .created, key: "bad-input-1"))
            #expect(first.status == .created)
            let again = try await Self.send(client, fixture, Case("again", Self.registration(""), status: .created, key: "bad-input-1"))
            #expect(again.status == .created)
            #expect(again.json["code"] as? String == first.json["code"] as? String)
            try await Self.expectRefused(
                [
                    Case("same key, another name", Self.registration(name: "Trần Thị Bình"), status: .unprocessableContent, key: "bad-input-1"),
                    Case(
                        "same key, another channel",
                        Self.registration("").replacingOccurrences(of: "direct", with: "online"),
                        status: .unprocessableContent,
                        key: "bad-input-1"
                    ),
                ],
                client,
                fixture
            )
        }
    }

    @Test("a case-log import with a broken line in the middle is refused as a whole, naming the line")
    func brokenImport() async throws {
        let good = [
            #"{"v":1,"type":"agency","code":"NEW","name":"Cơ quan mới","identifier":"000.00.99.H56"}"#,
            #"{"v":1,"type":"procedure","code":"9.000002","name":"Thủ tục khác","agency":"NEW","valid_from":"2024-01-01","time_limit":{"value":3,"unit":"working_days"},"online":"none","postal":false,"written_result":false,"fee":0,"components":[]}"#,
            #"{"v":1,"type":"received","dossier":"000.00.99.H56-260302-0001","at":"2026-03-02T09:00:00+07:00","actor":"clerk","agency":"NEW","procedure":"9.000002","channel":"direct","applicant":{"name":"Nguyễn Văn Nhập","kind":"person"},"components":[]}"#,
        ]
        let procedure =
            #"{"v":1,"type":"procedure","code":"9.000001","name":"Thủ tục mới","agency":"NEW","valid_from":"2024-01-01","time_limit":{"value":5,"unit":"working_days"},"online":"full","postal":true,"written_result":true,"fee":0,"components":[]}"#
        func log(_ broken: String) -> String { (good + [broken, procedure]).joined(separator: "\n") + "\n" }
        let cases: [Case] = [
            Case(
                "truncated JSON line",
                log(#"{"v":1,"type":"agency","code":"NE"#),
                status: nil,
                path: "/api/v1/import",
                user: "admin",
                contentType: "application/x-ndjson"
            ),
            Case(
                "unknown record type",
                log(#"{"v":1,"type":"spaceship","code":"X"}"#),
                status: nil,
                path: "/api/v1/import",
                user: "admin",
                contentType: "application/x-ndjson"
            ),
            Case(
                "unknown format version",
                log(#"{"v":99,"type":"agency","code":"OLD","name":"Cũ","identifier":"000.00.98.H56"}"#),
                status: nil,
                path: "/api/v1/import",
                user: "admin",
                contentType: "application/x-ndjson"
            ),
            Case(
                "unknown field",
                log(#"{"v":1,"type":"agency","code":"OLD","name":"Cũ","identifier":"000.00.98.H56","colour":"red"}"#),
                status: nil,
                path: "/api/v1/import",
                user: "admin",
                contentType: "application/x-ndjson"
            ),
            Case(
                "control character",
                log(#"{"v":1,"type":"agency","code":"OLD","name":"C\u0000","identifier":"000.00.98.H56"}"#),
                status: nil,
                path: "/api/v1/import",
                user: "admin",
                contentType: "application/x-ndjson"
            ),
            Case(
                "event of an unknown dossier",
                log(#"{"v":1,"type":"processing_started","dossier":"000.00.99.H56-260302-0009","at":"2026-03-02T10:00:00+07:00"}"#),
                status: nil,
                path: "/api/v1/import",
                user: "admin",
                contentType: "application/x-ndjson"
            ),
            Case(
                "event without offset",
                log(#"{"v":1,"type":"processing_started","dossier":"000.00.99.H56-260302-0001","at":"2026-03-02T10:00:00"}"#),
                status: nil,
                path: "/api/v1/import",
                user: "admin",
                contentType: "application/x-ndjson"
            ),
            Case(
                "impossible transition",
                log(#"{"v":1,"type":"returned","dossier":"000.00.99.H56-260302-0001","at":"2026-03-02T10:00:00+07:00","channel":"direct"}"#),
                status: nil,
                path: "/api/v1/import",
                user: "admin",
                contentType: "application/x-ndjson"
            ),
            Case(
                "invalid UTF-8 line",
                bytes: Array((good.joined(separator: "\n") + "\n" + #"{"v":1,"type":"agency","code":"OLD","name":"C"#).utf8) + [0xFF, 0xFE]
                    + Array((#"","identifier":"000.00.98.H56"}"# + "\n" + procedure + "\n").utf8),
                status: nil,
                path: "/api/v1/import",
                user: "admin"
            ),
            Case("import as a clerk", log(#"{}"#), status: .forbidden, path: "/api/v1/import", user: "clerk", contentType: "application/x-ndjson"),
        ]
        try await withApp("badinput-import") { client, fixture in
            try await Self.expectRefused(cases, client, fixture)
            // The problem names the broken line (4: three good lines come first).
            let reply = try await Self.send(client, fixture, cases[0])
            #expect(reply.json["field"] as? String == "line 4", "\(reply.text)")
            // The same file without the broken line imports.
            let fine = try await Self.send(
                client,
                fixture,
                Case(
                    "good",
                    (good + [procedure]).joined(separator: "\n") + "\n",
                    status: .ok,
                    path: "/api/v1/import",
                    user: "admin",
                    contentType: "application/x-ndjson"
                )
            )
            #expect(fine.status == .ok, "\(fine.text)")
        }
    }

    @Test("SQL-injection and HTML/script strings are stored verbatim and read back verbatim")
    func hostileButValidStrings() async throws {
        let strings = [
            #"Robert'); DROP TABLE dossier;--"#,
            #"x' OR '1'='1"#,
            #"1; DELETE FROM case_event WHERE true; --"#,
            #"<script>alert("xss")</script>"#,
            #"<img src=x onerror=alert(1)>"#,
            #"&lt;b&gt; &amp; \"quoted\" 'single' `back`"#,
            "Nguyễn Thị Ánh Tuyết — ½ ∑ 🙂 \u{200B}zero width",
            #"${jndi:ldap://127.0.0.1/a} {{7*7}} %s%n"#,
        ]
        try await withApp("badinput-verbatim") { client, fixture in
            for text in strings {
                let escaped = String(data: try JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed]), encoding: .utf8)!
                    .dropFirst(2).dropLast(2)
                let created = try await Self.send(client, fixture, Case("store", Self.registration(name: String(escaped)), status: .created))
                #expect(created.status == .created, "\(text): \(created.text)")
                let code = try #require(created.json["code"] as? String)
                let read = try await Self.send(
                    client,
                    fixture,
                    Case("read", "", status: .ok, method: .get, path: "/api/v1/dossiers/\(code)", contentType: "application/json")
                )
                #expect(read.status == .ok)
                let applicant = read.json["applicant"] as? [String: Any]
                #expect(
                    applicant?["name"] as? String == text.trimmingCharacters(in: .whitespacesAndNewlines),
                    "\(text) came back as \(applicant?["name"] ?? "nil")"
                )
                let stored = try await fixture.db.client.query("SELECT applicant_name FROM dossier WHERE code = \(code)").one()
                    .decode(String.self, column: 0)
                #expect(stored == text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            #expect(try await fixture.db.client.query("SELECT count(*) FROM dossier").one().decode(Int.self, column: 0) == strings.count)
        }
    }
}
