import CaseDomain
import Foundation
import Hummingbird

/// The JSON shapes of dossiers in the API (snake_case, timestamps RFC 3339 in +07:00).
struct DossierJSON: ResponseEncodable {
    struct Reference: Encodable {
        var code: String
        var name: String
    }

    struct ProcedureRef: Encodable {
        var code: String
        var name: String
        var validFrom: String
        var timeLimit: TimeLimitJSON

        enum CodingKeys: String, CodingKey {
            case code, name
            case validFrom = "valid_from"
            case timeLimit = "time_limit"
        }
    }

    struct TimeLimitJSON: Encodable {
        var value: Int
        var unit: String
    }

    struct ApplicantJSON: Encodable {
        var name: String
        var kind: String
        var id: String?
        var locality: String?
        var phone: String?
        var email: String?
        var address: String?
    }

    struct ComponentJSON: Encodable {
        var code: String
        var digitized: Bool
        var reused: Bool
    }

    struct StatusJSON: Encodable {
        var code: String
        var portalCode: Int
        var label: String
        var labelEn: String

        enum CodingKeys: String, CodingKey {
            case code
            case portalCode = "portal_code"
            case label
            case labelEn = "label_en"
        }
    }

    struct Clock: Encodable {
        var originalDue: Date
        var pausedSince: Date?
        var pausedWorkingSeconds: Int64
        var supplementRequests: Int
        var overdue: Bool

        enum CodingKeys: String, CodingKey {
            case originalDue = "original_due"
            case pausedSince = "paused_since"
            case pausedWorkingSeconds = "paused_working_seconds"
            case supplementRequests = "supplement_requests"
            case overdue
        }
    }

    struct Result: Encodable {
        var readyAt: Date?
        var electronic: Bool?
        var code: String?
        var returnedAt: Date?
        var returnChannel: String?

        enum CodingKeys: String, CodingKey {
            case readyAt = "ready_at"
            case electronic, code
            case returnedAt = "returned_at"
            case returnChannel = "return_channel"
        }
    }

    struct Apology: Encodable {
        var at: Date
        var newDue: Date?

        enum CodingKeys: String, CodingKey {
            case at
            case newDue = "new_due"
        }
    }

    var code: String
    var agency: Reference
    var procedure: ProcedureRef
    var channel: String
    var onlineFull: Bool
    var status: StatusJSON
    var applicant: ApplicantJSON
    var components: [ComponentJSON]
    var fee: Int
    var postalTracking: String?
    var receivedAt: Date
    var effectiveReceiptDay: String?
    var due: Date
    var clock: Clock
    var apology: Apology?
    var result: Result
    var allowedEvents: [String]
    var links: [String: String]
    var timeline: [TimelineJSON]?

    enum CodingKeys: String, CodingKey {
        case code, agency, procedure, channel
        case onlineFull = "online_full"
        case status, applicant, components, fee
        case postalTracking = "postal_tracking"
        case receivedAt = "received_at"
        case effectiveReceiptDay = "effective_receipt_day"
        case due, clock, apology, result
        case allowedEvents = "allowed_events"
        case links, timeline
    }

    init(_ record: DossierRecord, now: Date, timeline: [TimelineEntry]? = nil) {
        code = record.code
        agency = Reference(code: record.agency, name: record.agencyName)
        procedure = ProcedureRef(
            code: record.procedure,
            name: record.procedureName,
            validFrom: record.procedureValidFrom.description,
            timeLimit: TimeLimitJSON(value: record.timeLimit.value, unit: record.timeLimit.unit.rawValue)
        )
        channel = record.channel.rawValue
        onlineFull = record.onlineFull
        status = StatusJSON(record.status)
        let a = record.applicant
        applicant = ApplicantJSON(
            name: a.name,
            kind: a.kind.rawValue,
            id: a.id,
            locality: a.locality,
            phone: a.phone,
            email: a.email,
            address: a.address
        )
        components = record.components.map { ComponentJSON(code: $0.code, digitized: $0.digitized, reused: $0.reused) }
        fee = record.fee
        postalTracking = record.postalTracking
        receivedAt = record.receivedAt
        effectiveReceiptDay = record.effectiveReceiptDay?.description
        due = record.due
        clock = Clock(
            originalDue: record.originalDue,
            pausedSince: record.pausedSince,
            pausedWorkingSeconds: record.pausedWorkingSeconds,
            supplementRequests: record.supplementRequests,
            overdue: record.isOverdue(at: now)
        )
        apology = record.apologizedAt.map { Apology(at: $0, newDue: record.apologyNewDue) }
        result = Result(
            readyAt: record.resultReadyAt,
            electronic: record.resultElectronic,
            code: record.resultCode,
            returnedAt: record.returnedAt,
            returnChannel: record.returnChannel?.rawValue
        )
        allowedEvents = record.allowedEvents.map(\.rawValue)
        links = [
            "self": "/api/v1/dossiers/\(record.code)",
            "events": "/api/v1/dossiers/\(record.code)/events",
            "public": "/api/v1/public/dossiers/\(record.code)",
        ]
        self.timeline = timeline?.map(TimelineJSON.init)
    }
}

extension DossierJSON.StatusJSON {
    init(_ status: DossierStatus) {
        self.init(code: status.rawValue, portalCode: status.portalCode, label: status.vietnameseLabel, labelEn: status.englishLabel)
    }
}

/// One event of a timeline: its sequence, type, moment, actor, the status change and the event's own fields as in
/// the case-log line.
struct TimelineJSON: Encodable {
    var sequence: Int
    var type: String
    var at: Date
    var actor: String?
    var fromStatus: String?
    var toStatus: String
    var label: String
    var recordedAt: Date
    var fields: JSONFragment

    enum CodingKeys: String, CodingKey {
        case sequence, type, at, actor
        case fromStatus = "from_status"
        case toStatus = "to_status"
        case label
        case recordedAt = "recorded_at"
        case fields
    }

    init(_ entry: TimelineEntry) {
        sequence = entry.sequence
        type = entry.event.type
        at = entry.event.at
        actor = entry.event.actor
        fromStatus = entry.fromStatus?.rawValue
        toStatus = entry.toStatus.rawValue
        label = entry.event.eventType.vietnameseAction
        recordedAt = entry.recordedAt
        fields = JSONFragment(eventFieldsOf: entry.event)
    }
}

/// The event-specific members of a case-log line (without v, type, dossier, at, actor).
struct JSONFragment: Encodable {
    let object: [String: JSONValue]

    init(eventFieldsOf event: CaseEvent) {
        let line = CaseLogEncoder.encode(event)
        let parsed = (try? JSONDecoder().decode([String: JSONValue].self, from: Data(line.utf8))) ?? [:]
        object = parsed.filter { !["v", "type", "dossier", "at", "actor"].contains($0.key) }
    }

    func encode(to encoder: any Encoder) throws {
        try object.encode(to: encoder)
    }
}

/// Any JSON value, decoded and encoded as it was (booleans stay booleans, integers stay integers).
enum JSONValue: Codable, Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

/// The masked public view (issue: public lookup).
struct PublicDossierJSON: ResponseEncodable {
    var code: String
    var procedure: String
    var agency: String
    var receivedAt: Date
    var due: Date
    var status: DossierJSON.StatusJSON
    var applicant: String
    var resultReady: Bool
    var returned: Bool
    var returnedAt: Date?
    var apologyNewDue: Date?
    var pausedForSupplement: Bool

    enum CodingKeys: String, CodingKey {
        case code, procedure, agency
        case receivedAt = "received_at"
        case due, status, applicant
        case resultReady = "result_ready"
        case returned
        case returnedAt = "returned_at"
        case apologyNewDue = "apology_new_due"
        case pausedForSupplement = "paused_for_supplement"
    }

    init(_ dossier: PublicDossier) {
        code = dossier.code
        procedure = dossier.procedureName
        agency = dossier.agencyName
        receivedAt = dossier.receivedAt
        due = dossier.due
        status = DossierJSON.StatusJSON(dossier.status)
        applicant = dossier.applicantMaskedName
        resultReady = dossier.resultReady
        returned = dossier.returned
        returnedAt = dossier.returnedAt
        apologyNewDue = dossier.apologyNewDue
        pausedForSupplement = dossier.paused
    }
}
