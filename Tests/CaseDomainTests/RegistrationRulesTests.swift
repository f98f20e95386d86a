import CaseDomain
import Foundation
import Testing

/// The rules a registration obeys before anything is written, and the clock changes of the case log — pure
/// functions, tested without a database.
@Suite("Registration rules and clock changes")
struct RegistrationRulesTests {
    static func procedure(online: OnlineService = .full, postal: Bool = true, components: [String] = ["TP1", "TP2"]) -> ProcedureRecord {
        ProcedureRecord(
            code: "1.012222",
            name: "Công nhận người có uy tín trong đồng bào dân tộc thiểu số",
            agency: "BDT",
            validFrom: LocalDate(year: 2024, month: 1, day: 1)!,
            timeLimit: .workingDays(25),
            online: online,
            postal: postal,
            writtenResult: true,
            fee: 0,
            components: components.map { ProcedureComponent(code: $0, name: "Thành phần \($0)") }
        )
    }

    static func dossier(channel: Channel, components: [String] = ["TP1"], postalTracking: String? = nil) throws -> NewDossier {
        NewDossier(
            agency: "BDT",
            procedure: "1.012222",
            channel: channel,
            applicant: try Applicant(name: "UBND xã Tân Lập", kind: .organisation),
            components: components.map { ComponentRecord(code: $0, digitized: true, reused: false) },
            postalTracking: postalTracking,
            receivedAt: Date(timeIntervalSince1970: 1_767_225_600),
            actor: "clerk"
        )
    }

    static func field(of error: StoreError?) -> String? {
        guard case .invalid(_, let field)? = error else { return nil }
        return field
    }

    @Test("a dossier through a channel the procedure offers, with its own components, passes", arguments: Channel.allCases)
    func validDossierPasses(channel: Channel) throws {
        let tracking = channel == .postal ? "EB123456789VN" : nil
        try RegistrationRules.check(try Self.dossier(channel: channel, postalTracking: tracking), procedure: Self.procedure())
    }

    @Test("online only where the procedure is offered online; partly online counts")
    func onlineNeedsAnOnlineProcedure() throws {
        let error = #expect(throws: StoreError.self) {
            try RegistrationRules.check(try Self.dossier(channel: .online), procedure: Self.procedure(online: .none))
        }
        #expect(Self.field(of: error) == "channel")
        #expect(error?.description.contains("not offered online") == true)
        try RegistrationRules.check(try Self.dossier(channel: .online), procedure: Self.procedure(online: .partial))
    }

    @Test("by post only where the procedure accepts the public postal service")
    func postNeedsAPostalProcedure() throws {
        let error = #expect(throws: StoreError.self) {
            try RegistrationRules.check(
                try Self.dossier(channel: .postal, postalTracking: "EB123456789VN"),
                procedure: Self.procedure(postal: false)
            )
        }
        #expect(Self.field(of: error) == "channel")
    }

    @Test("a postal tracking number belongs to a dossier received by post", arguments: [Channel.direct, .online])
    func trackingOnlyForPost(channel: Channel) throws {
        let error = #expect(throws: StoreError.self) {
            try RegistrationRules.check(try Self.dossier(channel: channel, postalTracking: "EB123456789VN"), procedure: Self.procedure())
        }
        #expect(Self.field(of: error) == "postal_tracking")
    }

    @Test("each component once, and only the procedure's components")
    func components() throws {
        let twice = #expect(throws: StoreError.self) {
            try RegistrationRules.checkComponents(
                [ComponentRecord(code: "TP1", digitized: true, reused: false), ComponentRecord(code: "TP1", digitized: false, reused: false)],
                procedure: Self.procedure()
            )
        }
        #expect(twice?.description.contains("TP1 is listed twice") == true)
        let unknown = #expect(throws: StoreError.self) {
            try RegistrationRules.checkComponents([ComponentRecord(code: "TP9", digitized: true, reused: false)], procedure: Self.procedure())
        }
        #expect(unknown?.description.contains("has no component TP9") == true)
        // A procedure that lists no components (an imported historical one) accepts any, still once each.
        try RegistrationRules.checkComponents(
            [ComponentRecord(code: "TP9", digitized: true, reused: false)],
            procedure: Self.procedure(components: [])
        )
    }

    @Test("a supplement pause moves the due moment by the working time the dossier waited")
    func supplementPauseMovesTheDue() throws {
        let calendar = BusinessCalendar(days: WorkingDays(overrides: []))
        let code = try DossierCode(agencyIdentifier: "000.00.13.H56", year: 2026, month: 3, day: 2, sequence: 1)
        let originalDue = try #require(VietnamTime.parseRFC3339("2026-03-09T17:00:00+07:00"))
        let pausedAt = try #require(VietnamTime.parseRFC3339("2026-03-03T09:00:00+07:00"))
        let resumedAt = try #require(VietnamTime.parseRFC3339("2026-03-04T09:00:00+07:00"))
        var state = DossierState(status: .supplementRequested)
        state.pausedSince = pausedAt
        var change = ClockChange(pausedSeconds: 0)
        change.apply(
            CaseEvent(dossier: code, at: resumedAt, actor: "clerk", kind: .supplementReceived),
            before: state,
            calendar: calendar,
            originalDue: originalDue,
            endedAt: nil,
            resultReadyAt: nil
        )
        // One working day passed between the request and the supplement: 7.5 office hours (07:30–11:30, 13:30–17:00).
        #expect(change.pausedSeconds == 27_000)
        #expect(change.newDue == VietnamTime.parseRFC3339("2026-03-10T17:00:00+07:00"))
        #expect(change.endedAt == nil)
    }

    @Test("the first end of a dossier is kept: a refusal ends it, a later return does not move the end")
    func endIsTheFirstEnd() throws {
        let calendar = BusinessCalendar(days: WorkingDays(overrides: []))
        let code = try DossierCode(agencyIdentifier: "000.00.13.H56", year: 2026, month: 3, day: 2, sequence: 1)
        let moment = try #require(VietnamTime.parseRFC3339("2026-03-05T10:00:00+07:00"))
        var change = ClockChange(pausedSeconds: 0)
        change.apply(
            CaseEvent(dossier: code, at: moment, actor: "clerk", kind: .returned(channel: .direct, tracking: nil)),
            before: DossierState(status: .resultReady),
            calendar: calendar,
            originalDue: moment,
            endedAt: moment.addingTimeInterval(-3600),
            resultReadyAt: moment.addingTimeInterval(-3600)
        )
        #expect(change.returnedAt == moment)
        #expect(change.endedAt == nil)
    }
}

@Suite("Access: roles, scopes and accounts")
struct AccessTests {
    @Test("each role sees the dossiers of its scope, and a role without its unit sees none")
    func scopes() {
        #expect(DossierScope(nil) == DossierScope.none)
        #expect(DossierScope(Principal(userID: 1, name: "a", role: .admin)) == .all)
        #expect(DossierScope(Principal(userID: 2, name: "c", role: .clerk, agency: "BDT")) == .agency("BDT"))
        #expect(DossierScope(Principal(userID: 3, name: "o", role: .officer, agency: "SNV")) == .agency("SNV"))
        #expect(DossierScope(Principal(userID: 4, name: "x", role: .locality, locality: "20329")) == .locality("20329"))
        #expect(DossierScope(Principal(userID: 5, name: "c2", role: .clerk)) == DossierScope.none)
        #expect(DossierScope(Principal(userID: 6, name: "l", role: .leader, agency: "BDT")) == DossierScope.none)
    }

    @Test("an account needs an ASCII login name, an agency for clerks and officers, a locality for localities")
    func accountRules() throws {
        try UserAccount.validate(name: "can.bo_1@bdt", role: .clerk, agency: "BDT", locality: nil)
        try UserAccount.validate(name: "lanhdao", role: .leader, agency: nil, locality: nil)
        for (name, role, agency, locality, field) in [
            ("cán bộ", Role.admin, nil, nil, "name"), ("", .admin, nil, nil, "name"), (String(repeating: "a", count: 65), .admin, nil, nil, "name"),
            ("clerk", .clerk, nil, nil, "agency"), ("officer", .officer, nil, nil, "agency"), ("xa", .locality, nil, nil, "locality"),
        ] as [(String, Role, String?, String?, String)] {
            let error = #expect(throws: StoreError.self) { try UserAccount.validate(name: name, role: role, agency: agency, locality: locality) }
            guard case .invalid(_, let got)? = error else {
                Issue.record("expected invalid \(field) for \(name)")
                continue
            }
            #expect(got == field)
        }
    }

    @Test("random tokens are 43 base64url characters and do not repeat")
    func randomTokens() {
        let tokens = (0..<100).map { _ in RandomToken.make() }
        #expect(Set(tokens).count == 100)
        for token in tokens {
            #expect(token.count == 43)
            #expect(token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        }
    }
}
