import CaseAPI
import CaseStore
import CaseTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Every endpoint × every role × own and other scope. The rows are checked against the routes the server
/// registers: a new endpoint without a row here fails the suite.
@Suite("Access control: every route, every role, own and other scope")
struct AccessControlTests {
    /// Who calls, and whether the target is in their scope.
    enum Caller: String, CaseIterable, Sendable {
        case anonymous, admin, clerk, officer, locality, leader
        /// The fixture user for "own" and for "other" scope.
        var users: (own: String?, other: String?) {
            switch self {
            case .anonymous: (nil, nil)
            case .admin: ("admin", "admin")
            case .clerk: ("clerk", "clerk_snv")
            case .officer: ("officer", "officer_snv")
            case .locality: ("x1", "x2")
            case .leader: ("leader", "leader")
            }
        }
    }

    struct Row: Sendable {
        var method: HTTPRequest.Method
        var path: String
        /// The request to send, given the dossier code to use.
        var request: @Sendable (_ code: String, _ caller: Caller, _ own: Bool) -> (path: String, body: String?)
        /// The expected status for a caller acting on their own scope and on another's.
        var expected: @Sendable (_ caller: Caller, _ own: Bool) -> HTTPResponse.Status
    }

    static func roles(_ allowed: Set<Caller>, ok: HTTPResponse.Status) -> @Sendable (Caller, Bool) -> HTTPResponse.Status {
        { caller, _ in caller == .anonymous ? .unauthorized : (allowed.contains(caller) ? ok : .forbidden) }
    }

    static let everyone: @Sendable (Caller, Bool) -> HTTPResponse.Status = { _, _ in .ok }

    static let rows: [Row] = [
        Row(
            method: .post,
            path: "/api/v1/dossiers",
            // Always for the agency BDT and an applicant of X1: the "own" users are of BDT and X1, the "other" ones not.
            request: { _, _, _ in ("/api/v1/dossiers", APIFixture.registration(extra: #","agency":"BDT""#)) },
            expected: { caller, own in
                switch caller {
                case .anonymous: .unauthorized
                case .admin: .created
                case .clerk, .locality: own ? .created : .forbidden
                case .officer, .leader: .forbidden
                }
            }
        ),
        Row(
            method: .get,
            path: "/api/v1/dossiers",
            request: { _, _, _ in ("/api/v1/dossiers", nil) },
            expected: { caller, _ in caller == .anonymous ? .unauthorized : (caller == .leader ? .forbidden : .ok) }
        ),
        Row(
            method: .get,
            path: "/api/v1/dossiers/{code}",
            request: { code, _, _ in ("/api/v1/dossiers/\(code)", nil) },
            expected: { caller, own in
                switch caller {
                case .anonymous: .unauthorized
                case .leader: .forbidden
                case .admin: .ok
                case .clerk, .officer, .locality: own ? .ok : .notFound
                }
            }
        ),
        Row(
            method: .post,
            path: "/api/v1/dossiers/{code}/events",
            request: { code, _, _ in ("/api/v1/dossiers/\(code)/events", #"{"type":"component_digitized","component":"TP2","reused":false}"#) },
            expected: { caller, own in
                switch caller {
                case .anonymous: .unauthorized
                case .leader, .locality: .forbidden
                case .admin: .created
                case .clerk, .officer: own ? .created : .notFound
                }
            }
        ),
        Row(
            method: .get,
            path: "/api/v1/public/dossiers/{code}",
            request: { code, _, _ in ("/api/v1/public/dossiers/\(code)", nil) },
            expected: everyone
        ),
        Row(method: .get, path: "/api/v1/calendar/{year}", request: { _, _, _ in ("/api/v1/calendar/2026", nil) }, expected: everyone),
        Row(
            method: .put,
            path: "/api/v1/calendar/days/{date}",
            request: { _, _, _ in ("/api/v1/calendar/days/2031-12-31", #"{"name":"Ngày nghỉ thử","kind":"bridge","reference":"Thông báo 1/TB"}"#) },
            expected: roles([.admin], ok: .ok)
        ),
        Row(
            method: .delete,
            path: "/api/v1/calendar/days/{date}",
            request: { _, _, own in ("/api/v1/calendar/days/\(own ? "2031-01-01" : "2031-04-30")", nil) },
            expected: roles([.admin], ok: .noContent)
        ),
        Row(method: .get, path: "/api/v1/agencies", request: { _, _, _ in ("/api/v1/agencies", nil) }, expected: everyone),
        Row(
            method: .put,
            path: "/api/v1/agencies/{code}",
            request: { _, _, _ in ("/api/v1/agencies/STP", #"{"name":"Sở Tư pháp","identifier":"000.00.15.H56"}"#) },
            expected: roles([.admin], ok: .ok)
        ),
        Row(method: .get, path: "/api/v1/localities", request: { _, _, _ in ("/api/v1/localities", nil) }, expected: everyone),
        Row(
            method: .put,
            path: "/api/v1/localities/{code}",
            request: { _, _, _ in ("/api/v1/localities/X3", #"{"name":"Xã Mới","level":"commune"}"#) },
            expected: roles([.admin], ok: .ok)
        ),
        Row(method: .get, path: "/api/v1/procedures", request: { _, _, _ in ("/api/v1/procedures", nil) }, expected: everyone),
        Row(
            method: .put,
            path: "/api/v1/procedures/{agency}/{code}/{validFrom}",
            request: { _, _, _ in
                (
                    "/api/v1/procedures/SNV/9.000001/2025-01-01",
                    #"{"name":"Thủ tục thử","time_limit":{"value":3,"unit":"working_days"},"online":"none","postal":false,"written_result":false,"fee":0}"#
                )
            },
            expected: roles([.admin], ok: .ok)
        ),
        Row(
            method: .post,
            path: "/api/v1/import",
            request: { _, _, _ in ("/api/v1/import", #"{"v":1,"type":"agency","code":"BDT","name":"Ban Dân tộc tỉnh","identifier":"000.00.13.H56"}"#)
            },
            expected: roles([.admin], ok: .ok)
        ),
        Row(
            method: .get,
            path: "/api/v1/export",
            request: { _, _, _ in ("/api/v1/export?agency=BDT&from=2026-01-01&to=2027-01-01", nil) },
            expected: roles([.admin], ok: .ok)
        ),
        Row(method: .get, path: "/api/v1/openapi.json", request: { _, _, _ in ("/api/v1/openapi.json", nil) }, expected: everyone),
        Row(
            method: .get,
            path: "/api/v1/metrics",
            request: { _, _, _ in ("/api/v1/metrics?agency=BDT&period=2026", nil) },
            expected: roles([.admin, .leader], ok: .ok)
        ),
        Row(
            method: .get,
            path: "/api/v1/scores",
            request: { _, _, _ in ("/api/v1/scores?agency=BDT&period=2026-03", nil) },
            expected: roles([.admin, .leader], ok: .ok)
        ),
        Row(
            method: .get,
            path: "/api/v1/rankings",
            request: { _, _, _ in ("/api/v1/rankings?period=2026-Q1", nil) },
            expected: roles([.admin, .leader], ok: .ok)
        ),
        Row(method: .get, path: "/api/v1/rubrics", request: { _, _, _ in ("/api/v1/rubrics", nil) }, expected: roles([.admin, .leader], ok: .ok)),
        Row(
            method: .get,
            path: "/api/v1/manual-scores",
            request: { _, _, _ in ("/api/v1/manual-scores?rubric=766-2022&agency=BDT&period=2026", nil) },
            expected: roles([.admin, .leader], ok: .ok)
        ),
        Row(
            method: .put,
            path: "/api/v1/manual-scores/{rubric}/{agency}/{period}/{criterion}",
            request: { _, _, _ in ("/api/v1/manual-scores/766-2022/BDT/2026/1.1", #"{"points":2,"evidence":"Báo cáo 12/BC-BDT"}"#) },
            expected: roles([.admin], ok: .ok)
        ),
    ]

    @Test("the rows cover exactly the routes the server registers")
    func rowsCoverRoutes() async throws {
        let fixture = try await APIFixture.make("acl-routes")
        defer { Task { await fixture.shutdown() } }
        let registered = registeredAPIRoutes(database: fixture.database)
        let covered = Set(Self.rows.map { "\($0.method.rawValue) \($0.path)" })
        #expect(registered.subtracting(covered).sorted() == [], "routes without an access-control row")
        #expect(covered.subtracting(registered).sorted() == [], "rows for routes that do not exist")
    }

    @Test("each caller gets exactly the expected status, on its own scope and on another's")
    func matrix() async throws {
        let fixture = try await APIFixture.make("acl")
        defer { Task { await fixture.shutdown() } }
        try await fixture.application().test(.live) { client in
            let api = API.checked(client: client, tokens: fixture.tokens)
            var failures: [String] = []
            var checked = 0
            for row in Self.rows {
                for caller in Caller.allCases {
                    for own in [true, false] {
                        // A fresh dossier of BDT (the "own" agency) for every request, so earlier rows change nothing.
                        let code = try #require(try await api.register().string("code"))
                        let user = own ? caller.users.own : caller.users.other
                        let (path, body) = row.request(code, caller, own)
                        let reply = try await api.request(row.method, path, as: user, body: body)
                        let expected = row.expected(caller, own)
                        if reply.status != expected {
                            failures.append(
                                "\(row.method.rawValue) \(row.path) as \(caller.rawValue) (\(own ? "own" : "other")): \(reply.status.code), expected \(expected.code) — \(reply.text.prefix(160))"
                            )
                        }
                        checked += 1
                    }
                }
            }
            #expect(failures == [])
            #expect(checked == Self.rows.count * Caller.allCases.count * 2)
        }
    }

    @Test("a dossier outside the caller's scope never appears in a list")
    func listsAreScoped() async throws {
        let fixture = try await APIFixture.make("acl-list")
        defer { Task { await fixture.shutdown() } }
        try await fixture.application().test(.live) { client in
            let api = API.checked(client: client, tokens: fixture.tokens)
            let own = try #require(try await api.register().string("code"))
            let snv = try await api.register(as: "clerk_snv", APIFixture.registration(locality: "X2"))
            let other = try #require(snv.string("code"))
            for (user, visible, hidden) in [("clerk", own, other), ("clerk_snv", other, own), ("x1", own, other), ("x2", other, own)] {
                let list = try await api.request(.get, "/api/v1/dossiers", as: user)
                let codes = (list.json["items"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
                #expect(codes.contains(visible), "\(user) should see \(visible)")
                #expect(!codes.contains(hidden), "\(user) must not see \(hidden)")
            }
        }
    }

    @Test("a revoked user's token is refused at once")
    func revokedToken() async throws {
        let fixture = try await APIFixture.make("acl-revoke")
        defer { Task { await fixture.shutdown() } }
        try await fixture.application().test(.live) { client in
            let api = API.checked(client: client, tokens: fixture.tokens)
            #expect(try await api.request(.get, "/api/v1/dossiers", as: "clerk").status == .ok)
            try await UserStore(database: fixture.database).revoke(userName: "clerk")
            #expect(try await api.request(.get, "/api/v1/dossiers", as: "clerk").status == .unauthorized)
            let forged = try await api.request(.get, "/api/v1/dossiers", headers: [.authorization: "Bearer tthc_forged"])
            #expect(forged.status == .unauthorized)
            #expect(forged.headers[.wwwAuthenticate] == "Bearer realm=\"tthc\"")
        }
    }
}
