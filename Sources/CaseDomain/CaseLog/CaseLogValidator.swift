/// Checks a case log line by line, as an import reads it: each line is decoded strictly, references are resolved
/// (agencies, procedures in force on the receipt day, dossiers) and each event goes through the dossier's state
/// machine. The first problem is thrown with its line number; an import is all-or-nothing, so the caller stops there.
///
/// Memory stays constant per line: the validator keeps only the reference data it has seen and one
/// ``DossierState`` per dossier that the stream touches. Data already in the database is reached through the
/// closures, which the caller backs with whatever it has preloaded.
///
/// Re-importing: an event for which `isRecorded` answers true is accepted as `.unchanged` without being applied
/// (the dossier's stored state already includes it), and reference lines identical to earlier ones are `.unchanged`;
/// so importing the same file twice changes nothing the second time.
public struct CaseLogValidator: Sendable {
    /// Whether the database already has the agency with this code.
    public typealias AgencyLookup = @Sendable (_ code: String) -> Bool
    /// Whether the database has a version of the procedure in force on the given day.
    public typealias ProcedureLookup = @Sendable (_ procedure: ProcedureKey, _ day: LocalDate) -> Bool
    /// The state of a dossier already in the database, nil if there is none.
    public typealias DossierLookup = @Sendable (_ code: DossierCode) -> DossierState?
    /// Whether exactly this event is already stored.
    public typealias RecordedLookup = @Sendable (_ event: CaseEvent) -> Bool

    public enum Disposition: Sendable, Equatable, Hashable {
        /// Something to store.
        case new
        /// Already known, identical: nothing to store.
        case unchanged
    }

    /// A line that passed, with the dossier's state after it for events.
    public struct Accepted: Sendable, Equatable {
        public let lineNumber: Int
        public let line: CaseLogLine
        public let disposition: Disposition
        public let state: DossierState?
    }

    /// Counts of a validated text.
    public struct Summary: Sendable, Equatable {
        public var lines = 0
        public var agencies = 0
        public var procedures = 0
        public var events = 0
        public var unchanged = 0
        public var dossiers = 0

        public init(lines: Int = 0, agencies: Int = 0, procedures: Int = 0, events: Int = 0, unchanged: Int = 0, dossiers: Int = 0) {
            self.lines = lines
            self.agencies = agencies
            self.procedures = procedures
            self.events = events
            self.unchanged = unchanged
            self.dossiers = dossiers
        }
    }

    private let knownAgency: AgencyLookup
    private let knownProcedure: ProcedureLookup
    private let existingDossierState: DossierLookup
    private let isRecorded: RecordedLookup

    /// Agencies defined by the stream so far.
    public private(set) var agencies: [String: AgencyRecord] = [:]
    /// Procedure versions defined by the stream so far.
    public private(set) var catalog = ProcedureCatalog()
    /// The state of every dossier the stream has touched, after its latest accepted event.
    public private(set) var dossiers: [DossierCode: DossierState] = [:]

    /// With the default closures the validator knows nothing beyond the stream: the case of an empty database.
    public init(
        knownAgency: @escaping AgencyLookup = { _ in false },
        knownProcedure: @escaping ProcedureLookup = { _, _ in false },
        existingDossierState: @escaping DossierLookup = { _ in nil },
        isRecorded: @escaping RecordedLookup = { _ in false }
    ) {
        self.knownAgency = knownAgency
        self.knownProcedure = knownProcedure
        self.existingDossierState = existingDossierState
        self.isRecorded = isRecorded
    }

    /// Decodes and checks one line (its 1-based number in the file). On error nothing changes.
    public mutating func consume(line: some StringProtocol, lineNumber: Int) throws(CaseLogError) -> Accepted {
        try consume(CaseLogDecoder.decode(line: line, lineNumber: lineNumber), lineNumber: lineNumber)
    }

    /// Checks one already decoded line.
    public mutating func consume(_ line: CaseLogLine, lineNumber: Int) throws(CaseLogError) -> Accepted {
        func fail(_ problem: CaseLogError.Problem) -> CaseLogError {
            CaseLogError(lineNumber: lineNumber, problem: problem)
        }
        switch line {
        case .agency(let agency):
            if let existing = agencies[agency.code] {
                guard existing == agency else { throw fail(.conflictingDefinition(type: "agency", key: agency.code)) }
                return Accepted(lineNumber: lineNumber, line: line, disposition: .unchanged, state: nil)
            }
            agencies[agency.code] = agency
            return Accepted(lineNumber: lineNumber, line: line, disposition: .new, state: nil)

        case .procedure(let procedure):
            guard isKnownAgency(procedure.agency) else { throw fail(.unknownAgency(procedure.agency)) }
            var updated = catalog
            switch updated.insert(procedure) {
            case .added:
                catalog = updated
                return Accepted(lineNumber: lineNumber, line: line, disposition: .new, state: nil)
            case .unchanged:
                return Accepted(lineNumber: lineNumber, line: line, disposition: .unchanged, state: nil)
            case .conflicts:
                throw fail(.conflictingDefinition(type: "procedure", key: "\(procedure.key)@\(procedure.validFrom)"))
            }

        case .event(let event):
            if isRecorded(event) {
                return Accepted(
                    lineNumber: lineNumber,
                    line: line,
                    disposition: .unchanged,
                    state: dossiers[event.dossier] ?? existingDossierState(event.dossier)
                )
            }
            let current: DossierState
            if let known = dossiers[event.dossier] ?? existingDossierState(event.dossier) {
                current = known
            } else if case .received = event.kind {
                current = .initial
            } else {
                throw fail(.unknownDossier(event.dossier))
            }
            if case .received(let receipt) = event.kind, current.status == .new {
                guard isKnownAgency(receipt.agency) else { throw fail(.unknownAgency(receipt.agency)) }
                let key = ProcedureKey(agency: receipt.agency, code: receipt.procedure)
                let day = VietnamTime.localDate(of: event.at)
                if catalog.version(of: key, on: day) == nil, !knownProcedure(key, day) {
                    throw fail(catalog.contains(key) ? .procedureNotInForce(key, day: day) : .unknownProcedure(key))
                }
            }
            let next: DossierState
            do {
                next = try current.applying(event)
            } catch {
                throw fail(.transition(error))
            }
            dossiers[event.dossier] = next
            return Accepted(lineNumber: lineNumber, line: line, disposition: .new, state: next)
        }
    }

    /// Checks a whole text, numbering its lines from 1. Lines end with `\n` (a `\r` before it is ignored); the
    /// empty string after a final newline is not a line, any other blank line is an error.
    public mutating func consume(contentsOf text: String) throws(CaseLogError) -> Summary {
        var summary = Summary()
        // "\r\n" is a single Character in Swift, so both endings are separators.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        if lines.last?.isEmpty == true { lines.removeLast() }
        for (index, line) in lines.enumerated() {
            let accepted = try consume(line: line, lineNumber: index + 1)
            summary.lines += 1
            if accepted.disposition == .unchanged { summary.unchanged += 1 }
            switch accepted.line {
            case .agency: summary.agencies += 1
            case .procedure: summary.procedures += 1
            case .event: summary.events += 1
            }
        }
        summary.dossiers = dossiers.count
        return summary
    }

    private func isKnownAgency(_ code: String) -> Bool {
        agencies[code] != nil || knownAgency(code)
    }
}
