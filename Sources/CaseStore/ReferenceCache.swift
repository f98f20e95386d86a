public import CaseDomain
import Foundation
import Synchronization

/// Reference data kept in memory for the registration path, so that registering costs one round trip.
///
/// Entries live for `timeToLive` (default 5 s): an admin's change to a procedure, an agency or the calendar made
/// through this process is visible at once (the store invalidates), one made through another replica within that time.
final class ReferenceCache: Sendable {
    private struct Entry<Value> {
        var value: Value
        var expires: ContinuousClock.Instant
    }

    private struct State {
        var agencies: [String: Entry<Agency>] = [:]
        var procedures: [String: Entry<[ProcedureRecord]>] = [:]
        var workingDays: Entry<WorkingDays>?
    }

    private let state = Mutex(State())
    let timeToLive: Duration
    let store: ReferenceStore

    init(store: ReferenceStore, timeToLive: Duration = .seconds(5)) {
        self.store = store
        self.timeToLive = timeToLive
    }

    func invalidate() {
        state.withLock { $0 = State() }
    }

    func agency(_ code: String) async throws -> Agency? {
        let now = ContinuousClock.now
        if let hit = state.withLock({ $0.agencies[code] }), hit.expires > now { return hit.value }
        guard let agency = try await store.agency(code: code) else { return nil }
        state.withLock { $0.agencies[code] = Entry(value: agency, expires: now + timeToLive) }
        return agency
    }

    /// All versions of a procedure of an agency, newest first.
    func procedureVersions(agency: String, code: String) async throws -> [ProcedureRecord] {
        let key = agency + "\u{1}" + code
        let now = ContinuousClock.now
        if let hit = state.withLock({ $0.procedures[key] }), hit.expires > now { return hit.value }
        let versions = try await store.procedures(agency: agency).filter { $0.code == code }
        state.withLock { $0.procedures[key] = Entry(value: versions, expires: now + timeToLive) }
        return versions
    }

    func procedure(agency: String, code: String, on day: LocalDate) async throws -> ProcedureRecord? {
        try await procedureVersions(agency: agency, code: code).first { $0.validFrom <= day }
    }

    func workingDays() async throws -> WorkingDays {
        let now = ContinuousClock.now
        if let hit = state.withLock({ $0.workingDays }), hit.expires > now { return hit.value }
        let days = try await store.workingDays()
        state.withLock { $0.workingDays = Entry(value: days, expires: now + timeToLive) }
        return days
    }

    func calendar(for agency: Agency) async throws -> BusinessCalendar {
        BusinessCalendar(days: try await workingDays(), hours: agency.officeHours)
    }
}
