public import CaseDomain
public import Foundation
import Synchronization
import Testing

// In-memory repositories for handler tests: the API's controllers run against them without a database. Each keeps
// the few rules a handler test relies on (scopes, the registration rules of CaseDomain, gap-free codes) and records
// every call; a call a test did not expect to happen fails that test loudly (`Issue.record`) and throws.
//
// The SQL itself is never tested this way: every PostgreSQL repository has its suites against a real server.

/// Thrown by a double for a call the test did not set it up for.
public struct UnexpectedCall: Error, CustomStringConvertible {
    public var description: String
}

func unexpected(_ call: String, sourceLocation: SourceLocation = #_sourceLocation) -> UnexpectedCall {
    Issue.record("unexpected repository call: \(call)", sourceLocation: sourceLocation)
    return UnexpectedCall(description: "unexpected repository call: \(call)")
}

/// Dossiers in memory: registration applies ``RegistrationRules`` and the calendar's due moment; reads respect
/// ``DossierScope``. Transitions and the list are not implemented (handler tests of those use PostgreSQL).
public final class InMemoryDossiers: DossierRepository {
    public struct State: Sendable {
        public var records: [String: DossierRecord] = [:]
        public var timelines: [String: [TimelineEntry]] = [:]
        public var calls: [String] = []
        var sequences: [String: Int] = [:]
    }

    let agencies: [String: Agency]
    let procedures: [ProcedureRecord]
    let calendar: BusinessCalendar
    private let state = Mutex(State())

    public init(agencies: [Agency], procedures: [ProcedureRecord], calendar: BusinessCalendar = BusinessCalendar()) {
        self.agencies = Dictionary(uniqueKeysWithValues: agencies.map { ($0.code, $0) })
        self.procedures = procedures
        self.calendar = calendar
    }

    /// Every call so far, by name.
    public var calls: [String] { state.withLock { $0.calls } }
    public var records: [String: DossierRecord] { state.withLock { $0.records } }

    private func note(_ call: String) {
        state.withLock { $0.calls.append(call) }
    }

    public func calendar(agency: String) async throws -> BusinessCalendar {
        note("calendar")
        return calendar
    }

    public func register(_ new: NewDossier, idempotency: IdempotencyRequest?) async throws -> RegistrationOutcome {
        note("register")
        guard idempotency == nil else { throw unexpected("register with an Idempotency-Key") }
        guard let agency = agencies[new.agency] else {
            throw StoreError.invalid("agency", "Không có cơ quan mã \(new.agency).", "No agency with code \(new.agency).")
        }
        let day = VietnamTime.localDate(of: new.receivedAt)
        guard
            let procedure = procedures.filter({ $0.agency == agency.code && $0.code == new.procedure && $0.validFrom <= day })
                .max(by: { $0.validFrom < $1.validFrom })
        else {
            throw StoreError.invalid("procedure", "Không có thủ tục \(new.procedure).", "No procedure \(new.procedure) in force on \(day).")
        }
        try RegistrationRules.check(new, procedure: procedure)
        let due = calendar.due(receivedAt: new.receivedAt, limit: procedure.timeLimit)
        return try state.withLock { state in
            let prefix = "\(agency.identifier)-\(day.year)\(day.month)\(day.day)"
            let sequence = (state.sequences[prefix] ?? 0) + 1
            state.sequences[prefix] = sequence
            let code = try DossierCode(agencyIdentifier: agency.identifier, year: day.year, month: day.month, day: day.day, sequence: sequence)
            let event = CaseEvent(
                dossier: code,
                at: new.receivedAt,
                actor: new.actor,
                kind: .received(
                    Receipt(
                        agency: agency.code,
                        procedure: procedure.code,
                        channel: new.channel,
                        applicant: new.applicant,
                        components: new.components,
                        fee: new.fee
                    )
                )
            )
            let record = DossierRecord(
                code: code.description,
                agency: agency.code,
                agencyName: agency.name,
                procedure: procedure.code,
                procedureName: procedure.name,
                procedureValidFrom: procedure.validFrom,
                timeLimit: procedure.timeLimit,
                channel: new.channel,
                onlineFull: procedure.online == .full,
                status: .received,
                applicant: new.applicant,
                components: new.components,
                fee: new.fee ?? procedure.fee,
                postalTracking: new.postalTracking,
                receivedAt: new.receivedAt,
                originalDue: due,
                due: due,
                pausedWorkingSeconds: 0,
                supplementRequests: 0,
                eventCount: 1,
                state: DossierState(status: .received, lastEventAt: new.receivedAt, eventCount: 1),
                createdBy: new.actor
            )
            state.records[record.code] = record
            state.timelines[record.code] = [
                TimelineEntry(sequence: 1, event: event, toStatus: .received, recordedAt: new.receivedAt)
            ]
            return .created(record)
        }
    }

    public func append(
        code: String,
        kind: CaseEventKind,
        at moment: Date,
        actor: String,
        scope: DossierScope,
        idempotency: IdempotencyRequest?
    ) async throws -> AppendOutcome {
        note("append")
        throw unexpected("append(\(code))")
    }

    static func visible(_ record: DossierRecord, in scope: DossierScope) -> Bool {
        switch scope {
        case .all: true
        case .agency(let agency): record.agency == agency
        case .locality(let locality): record.applicant.locality == locality
        case .none: false
        }
    }

    public func dossier(code: String, scope: DossierScope) async throws -> DossierRecord? {
        note("dossier")
        return state.withLock { $0.records[code] }.flatMap { Self.visible($0, in: scope) ? $0 : nil }
    }

    public func timeline(code: String, scope: DossierScope) async throws -> [TimelineEntry] {
        note("timeline")
        return try await dossier(code: code, scope: scope) == nil ? [] : state.withLock { $0.timelines[code] ?? [] }
    }

    public func publicLookup(code: String) async throws -> PublicDossier? {
        note("publicLookup")
        guard let record = state.withLock({ $0.records[code] }) else { return nil }
        return PublicDossier(
            code: record.code,
            procedureName: record.procedureName,
            agencyName: record.agencyName,
            receivedAt: record.receivedAt,
            due: record.due,
            status: record.status,
            applicantMaskedName: record.applicant.maskedName,
            resultReady: record.resultReadyAt != nil,
            returned: record.returnedAt != nil,
            returnedAt: record.returnedAt,
            apologyNewDue: record.apologyNewDue,
            paused: record.pausedSince != nil
        )
    }

    public func list(_ filter: DossierFilter, scope: DossierScope, now: Date) async throws -> DossierPage {
        note("list")
        throw unexpected("list")
    }

    public func invalidateReferenceData() {
        note("invalidateReferenceData")
    }
}

/// Users by token. Only the look-up of a bearer token is implemented; anything else is unexpected.
public final class InMemoryUsers: UserRepository {
    let principals: [String: Principal]

    /// `tokens`: token → principal.
    public init(tokens: [String: Principal]) {
        self.principals = tokens
    }

    public func principal(forToken token: String) async throws -> Principal? {
        principals[token]
    }

    public func addUser(
        name: String,
        role: Role,
        agency: String?,
        locality: String?,
        passwordHash: String?
    ) async throws -> (
        UserAccount, token: String
    ) {
        throw unexpected("addUser(\(name))")
    }

    public func issueToken(userName: String) async throws -> String { throw unexpected("issueToken(\(userName))") }
    public func revoke(userName: String) async throws -> Bool { throw unexpected("revoke(\(userName))") }
    public func users() async throws -> [UserAccount] { throw unexpected("users()") }
    public func setPassword(userName: String, hash: String?, signOutEverywhere: Bool) async throws { throw unexpected("setPassword") }
    public func passwordCredentials(userName: String) async throws -> PasswordCredentials? { throw unexpected("passwordCredentials") }
}
