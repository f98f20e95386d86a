public import CaseDomain
import CaseMetrics
public import CaseStore
public import Foundation
public import HTTPTypes
import Hummingbird
public import HummingbirdTesting
import Logging
import NIOCore
import Postgres
import Synchronization

/// A clock the tests set by hand.
public final class ManualClock: Sendable {
    private let moment: Mutex<Date>

    public init(_ text: String) {
        moment = Mutex(VietnamTime.parseRFC3339(text) ?? Date(timeIntervalSince1970: 0))
    }

    public var now: Date { moment.withLock { $0 } }

    public func set(_ text: String) {
        let date = VietnamTime.parseRFC3339(text) ?? Date(timeIntervalSince1970: 0)
        moment.withLock { $0 = date }
    }
}

/// A migrated database with reference data and one user per role, and the application built on it.
public struct APIFixture: Sendable {
    public let db: TestDatabaseHandle
    public let database: Database
    public let clock: ManualClock
    public var tokens: [String: String] = [:]

    public static let bdtIdentifier = "000.00.13.H56"

    public static func make(_ label: String, now: String = "2026-03-02T09:00:00+07:00", poolSize: Int = 8) async throws -> APIFixture {
        let db = try await TestDatabase.make(label, migrations: Database.migrations, poolSize: poolSize)
        let database = Database(client: db.client, logger: Logger(label: "test"))
        var fixture = APIFixture(db: db, database: database, clock: ManualClock(now))
        try await fixture.seed()
        return fixture
    }

    mutating func seed() async throws {
        let references = ReferenceStore(database: database)
        try await references.upsert(Agency(code: "BDT", name: "Ban Dân tộc tỉnh", identifier: Self.bdtIdentifier))
        try await references.upsert(Agency(code: "SNV", name: "Sở Nội vụ tỉnh", identifier: "000.00.12.H56"))
        try await references.upsert(Locality(code: "X1", name: "Xã Tân Lập", level: .commune))
        try await references.upsert(Locality(code: "X2", name: "Xã Hòa Bình", level: .commune))
        let components = [
            ProcedureComponent(code: "TP1", name: "Biên bản họp thôn"), ProcedureComponent(code: "TP2", name: "Tờ trình của UBND xã"),
        ]
        for (agency, from, days) in [("BDT", "2018-01-01", 15), ("BDT", "2024-01-01", 25), ("SNV", "2024-01-01", 10)] {
            try await references.upsert(
                ProcedureRecord(
                    code: "1.012222",
                    name: "Công nhận người có uy tín trong đồng bào dân tộc thiểu số",
                    agency: agency,
                    validFrom: LocalDate(iso: from)!,
                    timeLimit: .workingDays(days),
                    online: .full,
                    postal: true,
                    writtenResult: true,
                    fee: 0,
                    field: "Công tác dân tộc",
                    components: components
                )
            )
        }
        try await references.upsert(
            ProcedureRecord(
                code: "2.000001",
                name: "Thủ tục chỉ nhận trực tiếp",
                agency: "BDT",
                validFrom: LocalDate(iso: "2020-01-01")!,
                timeLimit: .workingDays(5),
                online: .none,
                postal: false,
                writtenResult: false,
                fee: 50_000
            )
        )
        try await RubricStore(database: database).loadEmbedded()
        let users = UserStore(database: database)
        let accounts: [(String, Role, String?, String?)] = [
            ("admin", .admin, nil, nil), ("clerk", .clerk, "BDT", nil), ("officer", .officer, "BDT", nil),
            ("clerk_snv", .clerk, "SNV", nil), ("officer_snv", .officer, "SNV", nil), ("x1", .locality, nil, "X1"),
            ("x2", .locality, nil, "X2"), ("leader", .leader, nil, nil),
        ]
        for (name, role, agency, locality) in accounts {
            tokens[name] = try await users.addUser(name: name, role: role, agency: agency, locality: locality).token
        }
    }

    public func shutdown() async {
        await db.client.shutdown()
    }

    public static func registration(
        procedure: String = "1.012222",
        channel: String = "direct",
        name: String = "Nguyễn Văn An",
        locality: String? = "X1",
        extra: String = ""
    ) -> String {
        let localityField = locality.map { #","locality":"\#($0)""# } ?? ""
        return #"""
            {"procedure":"\#(procedure)","channel":"\#(channel)","applicant":{"name":"\#(name)","kind":"person","id":"001234567890","phone":"0912345678","email":"an@example.vn","address":"Thôn 3"\#(localityField)},"components":[{"code":"TP1","digitized":true,"reused":false},{"code":"TP2","digitized":false,"reused":false}]\#(extra)}
            """#
    }
}

/// Small helpers over the test client.
public struct API: Sendable {
    public let client: any TestClientProtocol
    public let tokens: [String: String]

    /// Called with every reply (the API tests check each one against the contract).
    public let check: (@Sendable (HTTPRequest.Method, String, Reply) -> Void)?

    public init(client: any TestClientProtocol, tokens: [String: String], check: (@Sendable (HTTPRequest.Method, String, Reply) -> Void)? = nil) {
        self.client = client
        self.tokens = tokens
        self.check = check
    }

    public struct Reply: Sendable {
        public var status: HTTPResponse.Status
        public var headers: HTTPFields
        public var text: String
        public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
        public var array: [Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [Any] ?? [] }
        public func string(_ key: String) -> String? { json[key] as? String }
        public var problemCode: String? { (json["type"] as? String)?.replacingOccurrences(of: "urn:tthc:problem:", with: "") }
    }

    public func request(
        _ method: HTTPRequest.Method,
        _ path: String,
        as user: String? = nil,
        body: String? = nil,
        idempotencyKey: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        if let user, let token = tokens[user] { headers[.authorization] = "Bearer \(token)" }
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        if let idempotencyKey { headers[idempotencyKeyHeader] = idempotencyKey }
        let response = try await client.executeRequest(
            uri: path,
            method: method,
            headers: headers,
            body: body.map { ByteBuffer(string: $0) }
        )
        let reply = Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
        check?(method, path, reply)
        return reply
    }

    public func register(as user: String = "clerk", _ body: String = APIFixture.registration(), key: String? = nil) async throws -> Reply {
        try await request(.post, "/api/v1/dossiers", as: user, body: body, idempotencyKey: key)
    }

    public func event(_ code: String, _ body: String, as user: String = "officer", key: String? = nil) async throws -> Reply {
        try await request(.post, "/api/v1/dossiers/\(code)/events", as: user, body: body, idempotencyKey: key)
    }
}

private let idempotencyKeyHeader = HTTPField.Name("Idempotency-Key")!
