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
        var valid_from: String
        var time_limit: TimeLimitJSON
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
        var portal_code: Int
        var label: String
        var label_en: String
    }

    struct Clock: Encodable {
        var original_due: Date
        var paused_since: Date?
        var paused_working_seconds: Int64
        var supplement_requests: Int
        var overdue: Bool
    }

    struct Result: Encodable {
        var ready_at: Date?
        var electronic: Bool?
        var code: String?
        var returned_at: Date?
        var return_channel: String?
    }

    struct Apology: Encodable {
        var at: Date
        var new_due: Date?
    }

    var code: String
    var agency: Reference
    var procedure: ProcedureRef
    var channel: String
    var online_full: Bool
    var status: StatusJSON
    var applicant: ApplicantJSON
    var components: [ComponentJSON]
    var fee: Int
    var postal_tracking: String?
    var received_at: Date
    var effective_receipt_day: String?
    var due: Date
    var clock: Clock
    var apology: Apology?
    var result: Result
    var allowed_events: [String]
    var links: [String: String]
    var timeline: [TimelineJSON]?

    init(_ record: DossierRecord, now: Date, timeline: [TimelineEntry]? = nil) {
        code = record.code
        agency = Reference(code: record.agency, name: record.agencyName)
        procedure = ProcedureRef(
            code: record.procedure, name: record.procedureName, valid_from: record.procedureValidFrom.description,
            time_limit: TimeLimitJSON(value: record.timeLimit.value, unit: record.timeLimit.unit.rawValue))
        channel = record.channel.rawValue
        online_full = record.onlineFull
        status = StatusJSON(record.status)
        let a = record.applicant
        applicant = ApplicantJSON(
            name: a.name, kind: a.kind.rawValue, id: a.id, locality: a.locality, phone: a.phone, email: a.email, address: a.address)
        components = record.components.map { ComponentJSON(code: $0.code, digitized: $0.digitized, reused: $0.reused) }
        fee = record.fee
        postal_tracking = record.postalTracking
        received_at = record.receivedAt
        effective_receipt_day = record.effectiveReceiptDay?.description
        due = record.due
        clock = Clock(
            original_due: record.originalDue, paused_since: record.pausedSince, paused_working_seconds: record.pausedWorkingSeconds,
            supplement_requests: record.supplementRequests, overdue: record.isOverdue(at: now))
        apology = record.apologizedAt.map { Apology(at: $0, new_due: record.apologyNewDue) }
        result = Result(
            ready_at: record.resultReadyAt, electronic: record.resultElectronic, code: record.resultCode, returned_at: record.returnedAt,
            return_channel: record.returnChannel?.rawValue)
        allowed_events = record.allowedEvents.map(\.rawValue)
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
        self.init(code: status.rawValue, portal_code: status.portalCode, label: status.vietnameseLabel, label_en: status.englishLabel)
    }
}

/// One event of a timeline: its sequence, type, moment, actor, the status change and the event's own fields as in
/// the case-log line.
struct TimelineJSON: Encodable {
    var sequence: Int
    var type: String
    var at: Date
    var actor: String?
    var from_status: String?
    var to_status: String
    var label: String
    var recorded_at: Date
    var fields: JSONFragment

    init(_ entry: TimelineEntry) {
        sequence = entry.sequence
        type = entry.event.type
        at = entry.event.at
        actor = entry.event.actor
        from_status = entry.fromStatus?.rawValue
        to_status = entry.toStatus.rawValue
        label = entry.event.eventType.vietnameseAction
        recorded_at = entry.recordedAt
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
    var received_at: Date
    var due: Date
    var status: DossierJSON.StatusJSON
    var applicant: String
    var result_ready: Bool
    var returned: Bool
    var returned_at: Date?
    var apology_new_due: Date?
    var paused_for_supplement: Bool

    init(_ dossier: PublicDossier) {
        code = dossier.code
        procedure = dossier.procedureName
        agency = dossier.agencyName
        received_at = dossier.receivedAt
        due = dossier.due
        status = DossierJSON.StatusJSON(dossier.status)
        applicant = dossier.applicantMaskedName
        result_ready = dossier.resultReady
        returned = dossier.returned
        returned_at = dossier.returnedAt
        apology_new_due = dossier.apologyNewDue
        paused_for_supplement = dossier.paused
    }
}
