import CaseAPI
import CaseDomain
import CaseStore
import CaseTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Postgres
import Synchronization

@testable import CaseWeb

/// The web interface on the API fixture's database: every fixture user gets the password ``WebFixture/password``.
enum WebFixture {
    static let password = "mat-khau-thu-nghiem"

    /// bcrypt is slow on purpose: hash the shared test password once per test process.
    static let passwordHash = Mutex<String?>(nil)

    static func make(_ label: String, now: String = "2026-03-02T09:00:00+07:00") async throws -> APIFixture {
        let fixture = try await APIFixture.make(label, now: now)
        let hash: String
        if let known = passwordHash.withLock({ $0 }) {
            hash = known
        } else {
            hash = try await PasswordHashing.hash(password)
            passwordHash.withLock { $0 = hash }
        }
        let users = UserStore(database: fixture.database)
        for name in fixture.tokens.keys {
            try await users.setPassword(userName: name, hash: hash)
        }
        return fixture
    }

    /// Runs `body` with a live server of the application (the same builder as `tthc serve`).
    static func withBrowser(
        _ label: String,
        now: String = "2026-03-02T09:00:00+07:00",
        publicLookupsPerMinute: Int = 1000,
        _ body: @Sendable (Browser, APIFixture) async throws -> Void
    ) async throws {
        let fixture = try await make(label, now: now)
        defer { Task { await fixture.shutdown() } }
        let app = fixture.application(publicLookupsPerMinute: publicLookupsPerMinute)
        try await app.test(.live) { client in
            try await body(Browser(client: client), fixture)
        }
    }

    static func count(_ fixture: APIFixture, _ sql: PostgresQuery) async throws -> Int {
        try await fixture.db.client.query(sql).one().decode(Int.self, column: 0)
    }
}

/// A reply as a browser sees it.
struct WebReply: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String

    var location: String? { headers[.location] }
    var setCookies: [String] { headers[values: .setCookie] }

    /// The value of the first hidden `_csrf` field of the page.
    var csrf: String? { field("_csrf") }

    /// The value of the first input named `name`.
    func field(_ name: String) -> String? {
        let pattern = "name=\"\(NSRegularExpression.escapedPattern(for: name))\" value=\"([^\"]*)\""
        guard let regex = try? NSRegularExpression(pattern: pattern),
            let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }

    /// Every value of the hidden `type` fields: the transitions a dossier page offers.
    var offeredEventTypes: Set<String> {
        guard let regex = try? NSRegularExpression(pattern: "name=\"type\" value=\"([a-z_]+)\"") else { return [] }
        return Set(
            regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
                Range(match.range(at: 1), in: text).map { String(text[$0]) }
            }
        )
    }
}

/// A small browser over the test client: keeps cookies, follows nothing by itself, posts URL-encoded forms.
final class Browser: Sendable {
    let client: any TestClientProtocol
    private let jar = Mutex<[String: String]>([:])

    init(client: any TestClientProtocol) {
        self.client = client
    }

    var cookies: [String: String] { jar.withLock { $0 } }

    func setCookie(_ name: String, _ value: String) {
        jar.withLock { $0[name] = value }
    }

    func request(_ method: HTTPRequest.Method, _ path: String, body: String? = nil, headers extra: HTTPFields = [:]) async throws -> WebReply {
        var headers = extra
        let cookieHeader = jar.withLock { $0.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        if !cookieHeader.isEmpty { headers[.cookie] = cookieHeader }
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        for line in response.headers[values: .setCookie] {
            let pair = line.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            let name = String(pair[0])
            let value = String(pair[1])
            let expired = line.lowercased().contains("max-age=0")
            jar.withLock { jar in
                if expired || value.isEmpty { jar[name] = nil } else { jar[name] = value }
            }
        }
        return WebReply(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    func get(_ path: String, headers: HTTPFields = [:]) async throws -> WebReply {
        try await request(.get, path, headers: headers)
    }

    func post(_ path: String, _ fields: [(String, String)], headers: HTTPFields = [:]) async throws -> WebReply {
        try await request(.post, path, body: Self.encode(fields), headers: headers)
    }

    /// Signs in through the form; returns the reply to the POST.
    @discardableResult
    func signIn(_ user: String, password: String = WebFixture.password, headers: HTTPFields = [:]) async throws -> WebReply {
        let form = try await get("/dang-nhap")
        return try await post("/dang-nhap", [("_csrf", form.csrf ?? ""), ("ten", user), ("mat-khau", password)], headers: headers)
    }

    static func encode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        allowed.remove(charactersIn: "+&=")
        return fields.map {
            "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }

    /// The form fields of a registration for the fixture's procedure 1.012222 (two components).
    static func registration(
        csrf: String,
        idempotencyKey: String? = nil,
        name: String = "Nguyễn Văn An",
        extra: [(String, String)] = []
    )
        -> [(String, String)]
    {
        var fields: [(String, String)] = [
            ("_csrf", csrf), ("co-quan", "BDT"), ("thu-tuc", "1.012222"), ("kenh", "direct"), ("loai", "person"), ("nguoi-nop", name),
            ("so-giay-to", "001234567890"), ("dia-phuong", "X1"), ("dien-thoai", "0912345678"), ("email", "an@example.vn"),
            ("dia-chi", "Thôn 3"), ("tp-nhan", "TP1"), ("tp-so-hoa", "TP1"), ("tp-nhan", "TP2"), ("phi", "0"),
        ]
        if let idempotencyKey { fields.append(("_idem", idempotencyKey)) }
        return fields + extra
    }
}
