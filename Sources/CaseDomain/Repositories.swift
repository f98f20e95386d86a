public import Foundation

// The repositories the API, the web interface and the commands depend on. CaseStore implements them over
// PostgreSQL; tests of handlers use in-memory doubles (Tests/CaseTestSupport) whose unexpected calls fail loudly.
// Every method throws ``StoreError`` for what a caller can act on (not found, conflict, invalid, unavailable);
// anything else is a fault.

/// Dossiers: registration, transitions, reads within a scope, and the public look-up.
public protocol DossierRepository: Sendable {
    /// The business calendar of an agency (holidays, swapped working days, office hours).
    func calendar(agency: String) async throws -> BusinessCalendar
    /// Registers a dossier: the next code of the agency's day, the due moment, the `received` event, the idempotency
    /// record — all or nothing.
    func register(_ new: NewDossier, idempotency: IdempotencyRequest?) async throws -> RegistrationOutcome
    /// Appends one event to a dossier within `scope`, validated by the state machine.
    func append(
        code: String,
        kind: CaseEventKind,
        at moment: Date,
        actor: String,
        scope: DossierScope,
        idempotency: IdempotencyRequest?
    ) async throws -> AppendOutcome
    func dossier(code: String, scope: DossierScope) async throws -> DossierRecord?
    func timeline(code: String, scope: DossierScope) async throws -> [TimelineEntry]
    /// The masked view anyone may see by the dossier's code.
    func publicLookup(code: String) async throws -> PublicDossier?
    func list(_ filter: DossierFilter, scope: DossierScope, now: Date) async throws -> DossierPage
    /// Forgets cached agencies, procedures and calendars after the catalogue changed.
    func invalidateReferenceData()
}

extension DossierRepository {
    public func register(_ new: NewDossier) async throws -> RegistrationOutcome {
        try await register(new, idempotency: nil)
    }

    public func append(code: String, kind: CaseEventKind, at moment: Date, actor: String, scope: DossierScope) async throws -> AppendOutcome {
        try await append(code: code, kind: kind, at: moment, actor: actor, scope: scope, idempotency: nil)
    }
}

/// The catalogue: agencies, administrative units, procedures, and the holiday table.
public protocol ReferenceRepository: Sendable {
    func agencies() async throws -> [Agency]
    func agency(code: String) async throws -> Agency?
    @discardableResult func upsert(_ agency: Agency) async throws -> Agency
    func localities() async throws -> [Locality]
    func locality(code: String) async throws -> Locality?
    @discardableResult func upsert(_ locality: Locality) async throws -> Locality
    func procedures(agency: String?) async throws -> [ProcedureRecord]
    func procedure(agency: String, code: String, on day: LocalDate) async throws -> ProcedureRecord?
    @discardableResult func upsert(_ procedure: ProcedureRecord) async throws -> ProcedureRecord
    func storedCalendarDays() async throws -> [CalendarDay]
    func calendarYears() async throws -> [CalendarYear]
    func workingDays() async throws -> WorkingDays
    func setCalendarDay(_ day: CalendarDay) async throws
    func removeCalendarDay(_ date: LocalDate) async throws -> Bool
}

/// A year of the holiday table and where its days come from.
public struct CalendarYear: Sendable, Equatable {
    public var year: Int
    public var status: String
    public var reference: String

    public init(year: Int, status: String, reference: String) {
        self.year = year
        self.status = status
        self.reference = reference
    }
}

/// Users, their API tokens and their web passwords.
public protocol UserRepository: Sendable {
    /// Creates a user; returns the account and a new API token (shown once).
    func addUser(name: String, role: Role, agency: String?, locality: String?, passwordHash: String?) async throws -> (UserAccount, token: String)
    func issueToken(userName: String) async throws -> String
    @discardableResult func revoke(userName: String) async throws -> Bool
    func users() async throws -> [UserAccount]
    /// The principal a bearer token belongs to, or nil for an unknown or revoked token.
    func principal(forToken token: String) async throws -> Principal?
    func setPassword(userName: String, hash: String?, signOutEverywhere: Bool) async throws
    func passwordCredentials(userName: String) async throws -> PasswordCredentials?
}

extension UserRepository {
    public func addUser(name: String, role: Role, agency: String?, locality: String?) async throws -> (UserAccount, token: String) {
        try await addUser(name: name, role: role, agency: agency, locality: locality, passwordHash: nil)
    }

    public func setPassword(userName: String, hash: String?) async throws {
        try await setPassword(userName: userName, hash: hash, signOutEverywhere: true)
    }
}

/// Browser sessions of the web interface.
public protocol WebSessionRepository: Sendable {
    func create(for principal: Principal, now: Date, lifetime: TimeInterval) async throws -> (cookie: String, session: WebSession)
    func session(cookie: String, now: Date) async throws -> WebSession?
    @discardableResult func delete(cookie: String) async throws -> Bool
    @discardableResult func deleteExpired(before moment: Date) async throws -> Int
}

/// The case log as a whole: import (all or nothing) and export of an agency's period.
public protocol CaseLogRepository: Sendable {
    func importText(_ text: String) async throws -> ImportSummary
    /// Writes the agency's reference data and every event of its dossiers received in [from, to) as JSON lines;
    /// returns the number of lines.
    func export(agency code: String, from: Date, to: Date, write: (String) throws -> Void) async throws -> Int
}
