public import Foundation

/// A registration as the store receives it: validated by the API, complete but for the code and the due moment.
public struct NewDossier: Sendable, Equatable {
    public var agency: String
    public var procedure: String
    public var channel: Channel
    public var applicant: Applicant
    public var components: [ComponentRecord]
    /// The fee in VND; nil means the procedure's fee.
    public var fee: Int?
    /// The postal tracking number, for dossiers received by post.
    public var postalTracking: String?
    public var receivedAt: Date
    public var actor: String

    public init(
        agency: String,
        procedure: String,
        channel: Channel,
        applicant: Applicant,
        components: [ComponentRecord],
        fee: Int? = nil,
        postalTracking: String? = nil,
        receivedAt: Date,
        actor: String
    ) {
        self.agency = agency
        self.procedure = procedure
        self.channel = channel
        self.applicant = applicant
        self.components = components
        self.fee = fee
        self.postalTracking = postalTracking
        self.receivedAt = receivedAt
        self.actor = actor
    }
}

/// An idempotency key with the digest of the request it came with.
public struct IdempotencyRequest: Sendable, Equatable {
    public var scope: String
    public var key: String
    public var requestHash: String

    public init(scope: String, key: String, requestHash: String) {
        self.scope = scope
        self.key = key
        self.requestHash = requestHash
    }
}

/// A dossier as read back: its registration data and current state.
public struct DossierRecord: Sendable, Equatable {
    public var code: String
    public var agency: String
    public var agencyName: String
    public var procedure: String
    public var procedureName: String
    public var procedureValidFrom: LocalDate
    public var timeLimit: TimeLimit
    public var channel: Channel
    public var onlineFull: Bool
    public var status: DossierStatus
    public var applicant: Applicant
    public var components: [ComponentRecord]
    public var fee: Int
    public var postalTracking: String?
    public var receivedAt: Date
    public var effectiveReceiptDay: LocalDate?
    public var originalDue: Date
    /// The due moment moved later by every finished supplement pause.
    public var due: Date
    public var pausedSince: Date?
    public var pausedWorkingSeconds: Int64
    public var supplementRequests: Int
    public var apologizedAt: Date?
    public var apologyNewDue: Date?
    public var endedAt: Date?
    public var resultReadyAt: Date?
    public var resultElectronic: Bool?
    public var resultCode: String?
    public var returnedAt: Date?
    public var returnChannel: Channel?
    public var eventCount: Int
    public var state: DossierState
    public var createdBy: String?

    /// Whether the dossier is past its due moment at `moment` (never stored: derived, DOMAIN.md "Overdue").
    /// While the clock is paused a dossier only counts as overdue if it already was when the pause began.
    public func isOverdue(at moment: Date) -> Bool {
        let end = endedAt ?? moment
        if let pausedSince, endedAt == nil { return due < pausedSince }
        return end > due
    }

    public var allowedEvents: [CaseEventType] { state.allowedEventTypes }

    public init(
        code: String,
        agency: String,
        agencyName: String,
        procedure: String,
        procedureName: String,
        procedureValidFrom: LocalDate,
        timeLimit: TimeLimit,
        channel: Channel,
        onlineFull: Bool,
        status: DossierStatus,
        applicant: Applicant,
        components: [ComponentRecord],
        fee: Int,
        postalTracking: String? = nil,
        receivedAt: Date,
        effectiveReceiptDay: LocalDate? = nil,
        originalDue: Date,
        due: Date,
        pausedSince: Date? = nil,
        pausedWorkingSeconds: Int64,
        supplementRequests: Int,
        apologizedAt: Date? = nil,
        apologyNewDue: Date? = nil,
        endedAt: Date? = nil,
        resultReadyAt: Date? = nil,
        resultElectronic: Bool? = nil,
        resultCode: String? = nil,
        returnedAt: Date? = nil,
        returnChannel: Channel? = nil,
        eventCount: Int,
        state: DossierState,
        createdBy: String? = nil
    ) {
        self.code = code
        self.agency = agency
        self.agencyName = agencyName
        self.procedure = procedure
        self.procedureName = procedureName
        self.procedureValidFrom = procedureValidFrom
        self.timeLimit = timeLimit
        self.channel = channel
        self.onlineFull = onlineFull
        self.status = status
        self.applicant = applicant
        self.components = components
        self.fee = fee
        self.postalTracking = postalTracking
        self.receivedAt = receivedAt
        self.effectiveReceiptDay = effectiveReceiptDay
        self.originalDue = originalDue
        self.due = due
        self.pausedSince = pausedSince
        self.pausedWorkingSeconds = pausedWorkingSeconds
        self.supplementRequests = supplementRequests
        self.apologizedAt = apologizedAt
        self.apologyNewDue = apologyNewDue
        self.endedAt = endedAt
        self.resultReadyAt = resultReadyAt
        self.resultElectronic = resultElectronic
        self.resultCode = resultCode
        self.returnedAt = returnedAt
        self.returnChannel = returnChannel
        self.eventCount = eventCount
        self.state = state
        self.createdBy = createdBy
    }
}

/// One entry of a dossier's timeline (its case-log events, oldest first).
public struct TimelineEntry: Sendable, Equatable {
    public var sequence: Int
    public var event: CaseEvent
    public var fromStatus: DossierStatus?
    public var toStatus: DossierStatus
    public var recordedAt: Date

    public init(sequence: Int, event: CaseEvent, fromStatus: DossierStatus? = nil, toStatus: DossierStatus, recordedAt: Date) {
        self.sequence = sequence
        self.event = event
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.recordedAt = recordedAt
    }
}

/// What the public may see of a dossier (issue: public lookup): no personal data but a masked name.
public struct PublicDossier: Sendable, Equatable {
    public var code: String
    public var procedureName: String
    public var agencyName: String
    public var receivedAt: Date
    public var due: Date
    public var status: DossierStatus
    public var applicantMaskedName: String
    public var resultReady: Bool
    public var returned: Bool
    public var returnedAt: Date?
    public var apologyNewDue: Date?
    public var paused: Bool

    public init(
        code: String,
        procedureName: String,
        agencyName: String,
        receivedAt: Date,
        due: Date,
        status: DossierStatus,
        applicantMaskedName: String,
        resultReady: Bool,
        returned: Bool,
        returnedAt: Date? = nil,
        apologyNewDue: Date? = nil,
        paused: Bool
    ) {
        self.code = code
        self.procedureName = procedureName
        self.agencyName = agencyName
        self.receivedAt = receivedAt
        self.due = due
        self.status = status
        self.applicantMaskedName = applicantMaskedName
        self.resultReady = resultReady
        self.returned = returned
        self.returnedAt = returnedAt
        self.apologyNewDue = apologyNewDue
        self.paused = paused
    }
}

/// The outcome of a registration.
public enum RegistrationOutcome: Sendable, Equatable {
    case created(DossierRecord)
    /// The same idempotency key and request were seen before: the dossier registered then.
    case replayed(DossierRecord)

    public var record: DossierRecord {
        switch self {
        case .created(let record), .replayed(let record): record
        }
    }
}

/// The outcome of appending an event.
public struct AppendOutcome: Sendable, Equatable {
    public var entry: TimelineEntry
    public var replayed: Bool

    public init(entry: TimelineEntry, replayed: Bool) {
        self.entry = entry
        self.replayed = replayed
    }
}

/// Filters of the dossier list; every one is optional.
public struct DossierFilter: Sendable, Equatable {
    public enum Sort: String, Sendable, CaseIterable {
        /// Newest first.
        case received
        /// Soonest due first.
        case due
    }

    public var agency: String?
    public var procedure: String?
    public var status: DossierStatus?
    public var channel: Channel?
    public var locality: String?
    public var receivedFrom: Date?
    public var receivedBefore: Date?
    /// Only open dossiers past their due moment now.
    public var overdue: Bool = false
    /// Only open dossiers due within this many working days from now.
    public var dueWithinWorkingDays: Int?
    public var sort: Sort = .received
    public var limit: Int = 50
    public var cursor: String?

    public init() {}
}

public struct DossierPage: Sendable, Equatable {
    public var items: [DossierRecord]
    /// Pass as `cursor` to get the next page; nil on the last page.
    public var nextCursor: String?

    public init(items: [DossierRecord], nextCursor: String? = nil) {
        self.items = items
        self.nextCursor = nextCursor
    }
}
