import CaseDomain
import CaseTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import CaseAPI

/// The dossier endpoints' handlers on in-memory repositories: what each handler decides on its own (who may call
/// it, what a well-formed request is, what it answers) without a database. The same endpoints against PostgreSQL are
/// in `DossierAPITests`, `BadInputTests` and `AccessControlTests`.
@Suite("Dossier handlers (in-memory repositories)")
struct DossierHandlerTests {
    static let clerk = Principal(userID: 1, name: "canbo", role: .clerk, agency: "BDT")
    static let otherClerk = Principal(userID: 2, name: "canbo_snv", role: .clerk, agency: "SNV")
    static let officer = Principal(userID: 3, name: "chuyenvien", role: .officer, agency: "BDT")
    static let commune = Principal(userID: 4, name: "xa_tan_lap", role: .locality, locality: "X1")
    static let leader = Principal(userID: 5, name: "lanhdao", role: .leader)
    static let now = VietnamTime.parseRFC3339("2026-03-02T09:00:00+07:00") ?? Date()

    static func dossiers() -> InMemoryDossiers {
        InMemoryDossiers(
            agencies: [
                Agency(code: "BDT", name: "Ban Dân tộc tỉnh", identifier: "000.00.13.H56"),
                Agency(code: "SNV", name: "Sở Nội vụ tỉnh", identifier: "000.00.12.H56"),
            ],
            procedures: [
                ProcedureRecord(
                    code: "1.012222",
                    name: "Công nhận người có uy tín trong đồng bào dân tộc thiểu số",
                    agency: "BDT",
                    validFrom: LocalDate(year: 2024, month: 1, day: 1)!,
                    timeLimit: .workingDays(25),
                    online: .full,
                    postal: true,
                    writtenResult: true,
                    fee: 0,
                    components: [ProcedureComponent(code: "TP1", name: "Biên bản họp thôn")]
                )
            ]
        )
    }

    /// The dossier routes behind the problem and authentication middleware, as `buildAPIRouter` installs them.
    static func withAPI(_ dossiers: InMemoryDossiers, _ body: @Sendable (API) async throws -> Void) async throws {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: ProblemMiddleware(translate: { _ in nil }))
        let api = router.group("api/v1")
        api.add(
            middleware: AuthMiddleware(
                users: InMemoryUsers(tokens: [
                    "t-clerk": clerk, "t-other": otherClerk, "t-officer": officer, "t-commune": commune, "t-leader": leader,
                ])
            )
        )
        api.addRoutes(DossierController(dossiers: dossiers, publicLimiter: RateLimiter(limit: 1000), now: { now }).endpoints)
        let tokens = ["clerk": "t-clerk", "other": "t-other", "officer": "t-officer", "commune": "t-commune", "leader": "t-leader"]
        try await Application(router: router).test(.router) { client in
            try await body(API.checked(client: client, tokens: tokens))
        }
    }

    static let body = #"""
        {"procedure":"1.012222","channel":"direct","applicant":{"name":"UBND xã Tân Lập","kind":"organisation","locality":"X1"},
         "components":[{"code":"TP1","digitized":true,"reused":false}]}
        """#

    @Test("a clerk registers a dossier of their agency: 201, the code, its Location and the due moment")
    func clerkRegisters() async throws {
        let dossiers = Self.dossiers()
        try await Self.withAPI(dossiers) { api in
            let reply = try await api.register(as: "clerk", Self.body)
            #expect(reply.status == .created, "\(reply.text)")
            #expect(reply.string("code") == "000.00.13.H56-260302-0001")
            #expect(reply.headers[.location] == "/api/v1/dossiers/000.00.13.H56-260302-0001")
            #expect(reply.string("due") == "2026-04-06T17:00:00+07:00")
            #expect((reply.json["status"] as? [String: Any])?["code"] as? String == "received")
        }
        #expect(dossiers.calls == ["register"])
    }

    @Test("who may not register is refused before the repository is asked")
    func refusedCallersNeverReachTheRepository() async throws {
        let dossiers = Self.dossiers()
        try await Self.withAPI(dossiers) { api in
            #expect(try await api.request(.post, "/api/v1/dossiers", body: Self.body).status == .unauthorized)
            #expect(try await api.register(as: "officer", Self.body).status == .forbidden)
            #expect(try await api.register(as: "leader", Self.body).status == .forbidden)
            let other = try await api.register(
                as: "other",
                Self.body.replacingOccurrences(of: "\"procedure\"", with: "\"agency\":\"BDT\",\"procedure\"")
            )
            #expect(other.status == .forbidden)
            #expect(other.problemCode == "other_agency")
            let commune = try await api.register(
                as: "commune",
                Self.body.replacingOccurrences(of: "\"X1\"", with: "\"X2\"").replacingOccurrences(
                    of: "{\"procedure\"",
                    with: "{\"agency\":\"BDT\",\"procedure\""
                )
            )
            #expect(commune.status == .forbidden)
            #expect(commune.problemCode == "other_locality")
        }
        #expect(dossiers.calls.isEmpty)
    }

    @Test(
        "a malformed registration is a 400 problem document and nothing is registered",
        arguments: [
            #"{"procedure":"1.012222"}"#,
            #"{"procedure":"1.012222","channel":"fax","applicant":{"name":"A","kind":"person"},"components":[]}"#,
            #"{"procedure":"1.012222","channel":"direct","applicant":{"name":"A","kind":"person"},"components":[],"colour":"blue"}"#,
            "not json",
        ]
    )
    func malformedRegistration(body: String) async throws {
        let dossiers = Self.dossiers()
        try await Self.withAPI(dossiers) { api in
            let reply = try await api.register(as: "clerk", body)
            #expect(reply.status == .badRequest, "\(reply.text)")
            #expect(reply.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect((reply.json["message"] as? [String: String])?["vi"]?.isEmpty == false)
        }
        #expect(dossiers.calls.isEmpty)
        #expect(dossiers.records.isEmpty)
    }

    @Test("a rule of the domain refused by the repository is a 422 with the field")
    func domainRuleRefusal() async throws {
        let dossiers = Self.dossiers()
        try await Self.withAPI(dossiers) { api in
            let reply = try await api.register(
                as: "clerk",
                Self.body.replacingOccurrences(of: "\"direct\"", with: "\"direct\",\"postal_tracking\":\"EB1VN\"")
            )
            #expect(reply.status == .unprocessableContent, "\(reply.text)")
            #expect(reply.json["field"] as? String == "postal_tracking")
        }
        #expect(dossiers.records.isEmpty)
    }

    @Test("a dossier outside the caller's scope does not exist for them; the public look-up masks the applicant")
    func scopesAndPublicLookup() async throws {
        let dossiers = Self.dossiers()
        try await Self.withAPI(dossiers) { api in
            let code = try #require(try await api.register(as: "clerk", Self.body).string("code"))
            #expect(try await api.request(.get, "/api/v1/dossiers/\(code)", as: "officer").status == .ok)
            #expect(try await api.request(.get, "/api/v1/dossiers/\(code)", as: "commune").status == .ok)
            let other = try await api.request(.get, "/api/v1/dossiers/\(code)", as: "other")
            #expect(other.status == .notFound)
            let lookup = try await api.request(.get, "/api/v1/public/dossiers/\(code)")
            #expect(lookup.status == .ok)
            #expect(lookup.headers[.cacheControl] == "no-store")
            #expect(!lookup.text.contains("Tân Lập"), "\(lookup.text)")
        }
    }

    @Test("a bad query or event body is refused before the repository is asked")
    func badListQueryAndEvent() async throws {
        let dossiers = Self.dossiers()
        try await Self.withAPI(dossiers) { api in
            #expect(try await api.request(.get, "/api/v1/dossiers?status=lost", as: "clerk").status == .badRequest)
            #expect(try await api.request(.get, "/api/v1/dossiers?limit=0", as: "clerk").status == .badRequest)
            #expect(try await api.request(.get, "/api/v1/dossiers?colour=blue", as: "clerk").status == .badRequest)
            let event = try await api.event("000.00.13.H56-260302-0001", #"{"type":"teleported"}"#, as: "officer")
            #expect(event.status == .badRequest)
            let key = try await api.register(as: "clerk", Self.body, key: "has space")
            #expect(key.status == .badRequest)
            #expect(key.json["field"] as? String == "Idempotency-Key")
        }
        #expect(dossiers.calls.isEmpty)
    }
}
