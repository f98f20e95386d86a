import CaseDomain
import CaseTestSupport
import Foundation
import Testing

@Suite("Dossier facts: due, pauses, end, lateness")
struct FactsDossierFactsTests {
    static func facts(_ code: String) throws -> DossierFacts {
        let (facts, _) = try FactsFixture.facts()
        return try #require(facts.first { $0.dossier.description == code })
    }

    @Test("a due moment absent at receipt is computed from the time limit: 10 working days after Wed 5 March = Wed 19 March 17:00")
    func computedDue() throws {
        let d03 = try Self.facts(FactsFixture.d03)
        #expect(!d03.dueGiven)
        #expect(d03.due == DossierFixture.at("2025-03-19T17:00:00+07:00"))
        #expect(d03.fee == 50_000)
        #expect(d03.componentsDigitizedAt == DossierFixture.at("2025-03-07T09:00:00+07:00"))
        #expect(d03.paidOnlineAt == DossierFixture.at("2025-03-06T10:00:00+07:00"))
    }

    @Test("a closed pause moves the due moment by the office time paused: 15 h after Fri 14 March 17:00 is Tue 18 March 17:00")
    func closedPause() throws {
        let d02 = try Self.facts(FactsFixture.d02)
        let cutoff = DossierFixture.at("2025-04-01T00:00:00+07:00")
        let pause = DossierFacts.Pause(
            requestedAt: DossierFixture.at("2025-03-05T08:00:00+07:00"),
            resumedAt: DossierFixture.at("2025-03-07T08:00:00+07:00")
        )
        #expect(d02.pauses == [pause])
        #expect(d02.pausedWorkingTime(cutoff: cutoff, calendar: FactsFixture.calendar) == .hours(15))
        #expect(d02.effectiveDue(cutoff: cutoff, calendar: FactsFixture.calendar) == DossierFixture.at("2025-03-18T17:00:00+07:00"))
        #expect(!d02.isLate(cutoff: cutoff, calendar: FactsFixture.calendar))
        #expect(d02.end == DossierFacts.End(type: .resultReady, at: DossierFixture.at("2025-03-18T16:00:00+07:00")))
    }

    @Test("an open pause counts until the cutoff: 59.5 h after Fri 21 March 17:00 is Wed 2 April 16:30")
    func openPause() throws {
        let d06 = try Self.facts(FactsFixture.d06)
        let cutoff = DossierFixture.at("2025-04-01T00:00:00+07:00")
        #expect(d06.pausedWorkingTime(cutoff: cutoff, calendar: FactsFixture.calendar) == .minutes(59 * 60 + 30))
        #expect(d06.effectiveDue(cutoff: cutoff, calendar: FactsFixture.calendar) == DossierFixture.at("2025-04-02T16:30:00+07:00"))
        #expect(!d06.isLate(cutoff: cutoff, calendar: FactsFixture.calendar))
        // At 21 March 17:00 nothing was paused yet beyond 7 h + 7.5 h: still on time at that moment.
        let early = DossierFixture.at("2025-03-21T16:00:00+07:00")
        #expect(d06.effectiveDue(cutoff: early, calendar: FactsFixture.calendar) > early)
    }

    @Test("more than one supplement request makes an ended dossier late, even before its due moment")
    func twoRequests() throws {
        let d04 = try Self.facts(FactsFixture.d04)
        let cutoff = DossierFixture.at("2025-04-01T00:00:00+07:00")
        #expect(d04.supplementRequests == 2)
        #expect(d04.end?.at ?? .distantFuture < d04.effectiveDue(cutoff: cutoff, calendar: FactsFixture.calendar))
        #expect(d04.isLate(cutoff: cutoff, calendar: FactsFixture.calendar))
        #expect(!d04.apologizedInTime(cutoff: cutoff, calendar: FactsFixture.calendar))
    }

    @Test("facts as known at a moment drop later events")
    func knownAt() throws {
        let d05 = try Self.facts(FactsFixture.d05)
        #expect(d05.end?.type == .resultReady)
        let april = try #require(d05.known(before: DossierFixture.at("2025-04-01T00:00:00+07:00")))
        #expect(april.end == nil)
        #expect(april.resultReadyAt == nil)
        #expect(april.returns.isEmpty)
        #expect(april.apologizedAt == DossierFixture.at("2025-03-20T09:00:00+07:00"))
        #expect(d05.known(before: d05.receivedAt) == nil)
        #expect(d05.known(at: d05.receivedAt) != nil)
        let d06 = try Self.facts(FactsFixture.d06)
        #expect(d06.componentsDigitized)
        #expect(d06.known(at: FactsFixture.asOf)?.componentsDigitized == false)
        #expect(d06.known(at: FactsFixture.asOf)?.anyComponentReused == false)
    }

    @Test("a dossier withdrawn while waiting for a supplement stops pausing when it ends")
    func pauseEndsWithDossier() throws {
        let code = DossierFixture.code("000.00.13.H56-250303-0009")
        let events = [
            CaseEvent(
                dossier: code,
                at: DossierFixture.at("2025-03-03T08:00:00+07:00"),
                kind: .received(DossierFixture.receipt(due: DossierFixture.at("2025-03-04T17:00:00+07:00")))
            ),
            CaseEvent(dossier: code, at: DossierFixture.at("2025-03-05T08:00:00+07:00"), kind: .supplementRequested(reason: "Thiếu")),
            CaseEvent(dossier: code, at: DossierFixture.at("2025-03-06T08:00:00+07:00"), kind: .withdrawn(reason: nil)),
        ]
        _ = try DossierState.replaying(events)
        let version = CaseLogProcedureCatalogTests.version("2024-01-01", days: 25)
        let facts = try DossierFacts(events: events, procedure: version, calendar: FactsFixture.calendar)
        #expect(facts.pauses == [DossierFacts.Pause(requestedAt: events[1].at, resumedAt: events[2].at)])
        let cutoff = DossierFixture.at("2025-04-01T00:00:00+07:00")
        // Paused 7.5 h (Wed 08:00 → Thu 08:00); due Tue 4 March 17:00 + 7.5 h = Wed 5 March 17:00 < Thu 08:00: late.
        #expect(facts.effectiveDue(cutoff: cutoff, calendar: FactsFixture.calendar) == DossierFixture.at("2025-03-05T17:00:00+07:00"))
        #expect(facts.isLate(cutoff: cutoff, calendar: FactsFixture.calendar))
    }

    @Test("facts need a receipt first, and one dossier's events only")
    func errors() throws {
        let version = CaseLogProcedureCatalogTests.version("2024-01-01", days: 25)
        let calendar = FactsFixture.calendar
        #expect(throws: DossierFactsError.noEvents) { try DossierFacts(events: [CaseEvent](), procedure: version, calendar: calendar) }
        #expect(throws: DossierFactsError.firstEventNotReceived(.processingStarted)) {
            try DossierFacts(events: DossierFixture.events([.processingStarted]), procedure: version, calendar: calendar)
        }
        let mixed = DossierFixture.events([.received]) + DossierFixture.events([.processingStarted], dossier: DossierFixture.code("BDT-250101-0002"))
        #expect(throws: DossierFactsError.mixedDossiers(DossierFixture.dossier, DossierFixture.code("BDT-250101-0002"))) {
            try DossierFacts(events: mixed, procedure: version, calendar: calendar)
        }
        let missing = DossierFactsError.noProcedureVersion(
            ProcedureKey(agency: "BDT", code: "1.012222"),
            day: LocalDate(year: 2025, month: 3, day: 3)!
        )
        #expect(throws: missing) {
            try DossierFacts(events: DossierFixture.events([.received]), catalog: ProcedureCatalog(), calendar: calendar)
        }
    }

    @Test("facts survive a JSON round trip")
    func codable() throws {
        let (facts, _) = try FactsFixture.facts()
        #expect(try JSONDecoder().decode([DossierFacts].self, from: JSONEncoder().encode(facts)) == facts)
    }
}
