public import Foundation

/// What the metrics need to know about one dossier (CASE-LOG.md §2, "Derived per dossier"), computed purely from its
/// events, the procedure version it was received under and the agency's calendar.
///
/// Every fact keeps its time, so that ``known(at:)`` and ``known(before:)`` can give the facts as they stood at any
/// moment: a report computed at `as_of` sees only events up to `as_of`.
public struct DossierFacts: Sendable, Codable, Equatable {
    /// How the dossier ended: the first `result_ready`, `refused`, `stopped` or `withdrawn` event, or `returned` if
    /// it has no `result_ready`.
    public struct End: Sendable, Codable, Equatable, Hashable {
        public var type: CaseEventType
        public var at: Date

        public init(type: CaseEventType, at: Date) {
            self.type = type
            self.at = at
        }
    }

    /// A supplement request and the moment the clock started again: its `supplement_received`, or the dossier's end
    /// if it ended (withdrawn, stopped) while waiting; nil while still waiting.
    public struct Pause: Sendable, Codable, Equatable, Hashable {
        public var requestedAt: Date
        public var resumedAt: Date?

        public init(requestedAt: Date, resumedAt: Date? = nil) {
            self.requestedAt = requestedAt
            self.resumedAt = resumedAt
        }
    }

    public struct Return: Sendable, Codable, Equatable, Hashable {
        public var at: Date
        public var channel: Channel

        public init(at: Date, channel: Channel) {
            self.at = at
            self.channel = channel
        }
    }

    public var dossier: DossierCode
    public var agency: String
    public var procedure: String
    public var channel: Channel
    public var receivedAt: Date
    /// The `due` given at receipt, else computed from the procedure's time limit and the calendar.
    public var due: Date
    /// Whether `due` came from the `received` event.
    public var dueGiven: Bool
    /// The procedure version's fields that the metrics use.
    public var timeLimit: TimeLimit
    public var online: OnlineService
    public var writtenResultRequired: Bool
    /// The `fee` of the `received` event, else the procedure version's fee (VND).
    public var fee: Int
    public var end: End?
    public var pauses: [Pause]
    public var apologizedAt: Date?
    public var apologyNewDue: Date?
    public var resultReadyAt: Date?
    /// The `electronic` flag of `result_ready`.
    public var resultElectronicAtReady: Bool
    /// The first `result_digitized` event.
    public var resultDigitizedAt: Date?
    /// The number of components listed at receipt.
    public var componentCount: Int
    /// When the last of the listed components became digitized: the receipt if all were digitized then (or none
    /// were listed), else the `component_digitized` event that completed them; nil while one is missing.
    public var componentsDigitizedAt: Date?
    /// When a component was first reused from digitized data: the receipt, or a `component_digitized` with
    /// `reused: true`.
    public var reusedAt: Date?
    /// The first `fee_paid` with `online: true`.
    public var paidOnlineAt: Date?
    public var returns: [Return]

    public init(
        dossier: DossierCode,
        agency: String,
        procedure: String,
        channel: Channel,
        receivedAt: Date,
        due: Date,
        dueGiven: Bool,
        timeLimit: TimeLimit,
        online: OnlineService,
        writtenResultRequired: Bool,
        fee: Int,
        end: End? = nil,
        pauses: [Pause] = [],
        apologizedAt: Date? = nil,
        apologyNewDue: Date? = nil,
        resultReadyAt: Date? = nil,
        resultElectronicAtReady: Bool = false,
        resultDigitizedAt: Date? = nil,
        componentCount: Int = 0,
        componentsDigitizedAt: Date? = nil,
        reusedAt: Date? = nil,
        paidOnlineAt: Date? = nil,
        returns: [Return] = []
    ) {
        self.dossier = dossier
        self.agency = agency
        self.procedure = procedure
        self.channel = channel
        self.receivedAt = receivedAt
        self.due = due
        self.dueGiven = dueGiven
        self.timeLimit = timeLimit
        self.online = online
        self.writtenResultRequired = writtenResultRequired
        self.fee = fee
        self.end = end
        self.pauses = pauses
        self.apologizedAt = apologizedAt
        self.apologyNewDue = apologyNewDue
        self.resultReadyAt = resultReadyAt
        self.resultElectronicAtReady = resultElectronicAtReady
        self.resultDigitizedAt = resultDigitizedAt
        self.componentCount = componentCount
        self.componentsDigitizedAt = componentsDigitizedAt
        self.reusedAt = reusedAt
        self.paidOnlineAt = paidOnlineAt
        self.returns = returns
    }

    /// The facts of one dossier from its events, oldest first, the first being `received`.
    ///
    /// The events are not re-validated (the case log only holds events the state machine accepted); facts stay
    /// well defined for any order of them after the receipt.
    public init(
        events: some Sequence<CaseEvent>,
        procedure version: ProcedureRecord,
        calendar: BusinessCalendar
    ) throws(DossierFactsError) {
        var iterator = events.makeIterator()
        guard let first = iterator.next() else { throw .noEvents }
        guard case .received(let receipt) = first.kind else { throw .firstEventNotReceived(first.eventType) }
        self.init(
            dossier: first.dossier,
            agency: receipt.agency,
            procedure: receipt.procedure,
            channel: receipt.channel,
            receivedAt: first.at,
            due: receipt.due ?? calendar.due(receivedAt: first.at, limit: version.timeLimit),
            dueGiven: receipt.due != nil,
            timeLimit: version.timeLimit,
            online: version.online,
            writtenResultRequired: version.writtenResult,
            fee: receipt.fee ?? version.fee,
            componentCount: receipt.components.count
        )
        var missingComponents = Set(receipt.components.filter { !$0.digitized }.map(\.code))
        if missingComponents.isEmpty { componentsDigitizedAt = first.at }
        if receipt.components.contains(where: \.reused) { reusedAt = first.at }
        var resultReadySeen = false
        while let event = iterator.next() {
            guard event.dossier == dossier else { throw .mixedDossiers(dossier, event.dossier) }
            switch event.kind {
            case .received:
                throw .receivedTwice(dossier)
            case .supplementRequested:
                pauses.append(Pause(requestedAt: event.at))
            case .supplementReceived:
                resumeOpenPause(at: event.at)
            case .feePaid(_, let online):
                if online, paidOnlineAt == nil { paidOnlineAt = event.at }
            case .componentDigitized(let component, let reused):
                if reused, reusedAt == nil { reusedAt = event.at }
                if missingComponents.remove(component) != nil, missingComponents.isEmpty { componentsDigitizedAt = event.at }
            case .apologized(_, let newDue):
                if apologizedAt == nil {
                    apologizedAt = event.at
                    apologyNewDue = newDue
                }
            case .resultReady(let electronic, _, _):
                if !resultReadySeen {
                    resultReadySeen = true
                    resultReadyAt = event.at
                    resultElectronicAtReady = electronic
                }
                endIfOpen(.resultReady, at: event.at)
            case .resultDigitized:
                if resultDigitizedAt == nil { resultDigitizedAt = event.at }
            case .returned(let channel, _):
                returns.append(Return(at: event.at, channel: channel))
                if !resultReadySeen { endIfOpen(.returned, at: event.at) }
            case .refused, .stopped, .withdrawn:
                endIfOpen(event.eventType, at: event.at)
            case .processingStarted, .handedOver, .feeRequested:
                break
            }
        }
    }

    /// The facts of a dossier's events with the procedure version in force on its receipt day (Vietnam time).
    public init(
        events: [CaseEvent],
        catalog: ProcedureCatalog,
        calendar: BusinessCalendar
    ) throws(DossierFactsError) {
        guard let first = events.first else { throw .noEvents }
        guard case .received(let receipt) = first.kind else { throw .firstEventNotReceived(first.eventType) }
        let key = ProcedureKey(agency: receipt.agency, code: receipt.procedure)
        let day = VietnamTime.localDate(of: first.at)
        guard let version = catalog.version(of: key, on: day) else { throw .noProcedureVersion(key, day: day) }
        try self.init(events: events, procedure: version, calendar: calendar)
    }

    private mutating func resumeOpenPause(at moment: Date) {
        if let last = pauses.indices.last, pauses[last].resumedAt == nil { pauses[last].resumedAt = moment }
    }

    private mutating func endIfOpen(_ type: CaseEventType, at moment: Date) {
        guard end == nil else { return }
        end = End(type: type, at: moment)
        // A dossier that ends while waiting for a supplement waits no longer.
        resumeOpenPause(at: moment)
    }

    // MARK: - the facts at a moment

    /// The facts as they stood at `moment`, counting events at `moment` itself (a report's `as_of`); nil if the
    /// dossier was received later.
    public func known(at moment: Date) -> DossierFacts? {
        keeping { $0 <= moment }
    }

    /// The facts as they stood just before `moment` (the state at the end of a period `[start, moment)`); nil if the
    /// dossier was received at or after it.
    public func known(before moment: Date) -> DossierFacts? {
        keeping { $0 < moment }
    }

    private func keeping(_ isKnown: (Date) -> Bool) -> DossierFacts? {
        guard isKnown(receivedAt) else { return nil }
        func kept(_ date: Date?) -> Date? { date.flatMap { isKnown($0) ? $0 : nil } }
        var facts = self
        facts.end = end.flatMap { isKnown($0.at) ? $0 : nil }
        facts.pauses = pauses.filter { isKnown($0.requestedAt) }.map { Pause(requestedAt: $0.requestedAt, resumedAt: kept($0.resumedAt)) }
        facts.apologizedAt = kept(apologizedAt)
        facts.apologyNewDue = facts.apologizedAt == nil ? nil : apologyNewDue
        facts.resultReadyAt = kept(resultReadyAt)
        facts.resultElectronicAtReady = facts.resultReadyAt == nil ? false : resultElectronicAtReady
        facts.resultDigitizedAt = facts.resultReadyAt == nil ? nil : kept(resultDigitizedAt)
        facts.componentsDigitizedAt = kept(componentsDigitizedAt)
        facts.reusedAt = kept(reusedAt)
        facts.paidOnlineAt = kept(paidOnlineAt)
        facts.returns = returns.filter { isKnown($0.at) }
        return facts
    }

    // MARK: - derived facts (of the facts as given; take `known(at:)` first for a report)

    /// The number of `supplement_requested` events; more than one makes an ended dossier late.
    public var supplementRequests: Int { pauses.count }

    public var hasResult: Bool { resultReadyAt != nil }

    /// The result is electronic: at `result_ready`, or by a later `result_digitized`.
    public var resultIsElectronic: Bool {
        resultReadyAt != nil && (resultElectronicAtReady || resultDigitizedAt != nil)
    }

    /// Every component listed at receipt is digitized (vacuously true without components).
    public var componentsDigitized: Bool { componentsDigitizedAt != nil }

    public var anyComponentReused: Bool { reusedAt != nil }

    public var isFeeBearing: Bool { fee > 0 }

    public var paidOnline: Bool { paidOnlineAt != nil }

    /// The numerator condition of `digitization.dossiers`: components digitized, and the result electronic when a
    /// written result is required and there is a result.
    public var isDigitized: Bool {
        componentsDigitized && (!writtenResultRequired || !hasResult || resultIsElectronic)
    }

    /// `paused(d)`: the office time between each supplement request and the moment the clock started again, with a
    /// request still open counted until `cutoff`; every interval is clipped to `cutoff`.
    public func pausedWorkingTime(cutoff: Date, calendar: BusinessCalendar) -> WorkingTime {
        pauses.reduce(.zero) { total, pause in
            total + calendar.workingTime(from: pause.requestedAt, to: min(pause.resumedAt ?? cutoff, cutoff))
        }
    }

    /// `effective_due(d)`: `due` moved later by the paused office time. An apology does not move it.
    public func effectiveDue(cutoff: Date, calendar: BusinessCalendar) -> Date {
        calendar.adding(pausedWorkingTime(cutoff: cutoff, calendar: calendar), to: due)
    }

    /// `late(d)`. Ended: it ended after its effective due moment, or had more than one supplement request.
    /// Open: its effective due moment is before `cutoff`.
    public func isLate(cutoff: Date, calendar: BusinessCalendar) -> Bool {
        let effectiveDue = effectiveDue(cutoff: cutoff, calendar: calendar)
        if let end { return end.at > effectiveDue || supplementRequests > 1 }
        return effectiveDue < cutoff
    }

    /// The dossier had an apology strictly before its effective due moment.
    public func apologizedInTime(cutoff: Date, calendar: BusinessCalendar) -> Bool {
        guard let apologizedAt else { return false }
        return apologizedAt < effectiveDue(cutoff: cutoff, calendar: calendar)
    }
}

/// Why facts could not be computed from a list of events.
public enum DossierFactsError: Error, Sendable, Equatable {
    case noEvents
    case firstEventNotReceived(CaseEventType)
    case receivedTwice(DossierCode)
    case mixedDossiers(DossierCode, DossierCode)
    case noProcedureVersion(ProcedureKey, day: LocalDate)
}
