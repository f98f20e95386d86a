public import CaseDomain
import Foundation
import Logging
import Postgres

/// Loads whole dossiers — each a complete, ordered list of events, the first being `received` — many at a time:
/// one statement per batch writes the dossier rows and every event, where ``CaseLogImporter`` sends one statement
/// per event. For large historical logs and the benchmark's generated province (`bench/`); the reference data
/// (agencies, procedures) must already be there.
///
/// Every event passes the same state machine as a live transition, and the dossier row gets the same columns the
/// importer gives it (``ClockChange``; a test compares them column for column); the dossiers must be new (a code already stored fails the
/// batch, which then writes nothing).
public struct CaseLogBulkLoader: Sendable {
    let database: Database
    var client: PostgresClient { database.client }

    public init(database: Database) {
        self.database = database
    }

    /// What the loader needs to know: procedure versions, the working calendar and office hours. Read once.
    public struct References: Sendable {
        var catalog: ProcedureCatalog
        var workingDays: WorkingDays
        var hours: [String: OfficeHours]

        func calendar(agency: String) -> BusinessCalendar {
            BusinessCalendar(days: workingDays, hours: hours[agency] ?? .standard)
        }
    }

    public func references() async throws -> References {
        try await client.withConnection { session in
            let snapshot = try await ReferenceSnapshotCache().snapshot(session)
            return References(catalog: snapshot.catalog, workingDays: snapshot.workingDays, hours: snapshot.hours)
        }
    }

    /// Writes `dossiers` in one transaction; returns the number of events written.
    @discardableResult
    public func load(_ dossiers: [[CaseEvent]], references: References) async throws -> Int {
        var rows: [DossierRow] = []
        var events: [EventRow] = []
        rows.reserveCapacity(dossiers.count)
        for (index, list) in dossiers.enumerated() {
            let (row, eventRows) = try Self.rows(for: list, order: index, references: references)
            rows.append(row)
            events.append(contentsOf: eventRows)
        }
        // Interleave the events of the batch by time, as a live service would have written them.
        events.sort { ($0.at, $0.ord) < ($1.at, $1.ord) }
        let encoder = StoredJSON.encoder
        let dossierJSON = String(decoding: try encoder.encode(rows), as: UTF8.self)
        let eventJSON = String(decoding: try encoder.encode(events), as: UTF8.self)
        try await client.withTransaction { session in
            try await session.query(
                """
                WITH d AS (
                    INSERT INTO dossier (code, agency_code, procedure_code, procedure_valid_from, channel, online_full, status,
                        applicant_name, applicant_kind, applicant_id, applicant_locality, applicant_phone, applicant_email, applicant_address,
                        components, fee, postal_tracking, received_at, original_due_at, due_at, paused_seconds, paused_since,
                        supplement_count, apologized_at, apology_new_due, ended_at, result_ready_at, result_electronic, result_code,
                        returned_at, return_channel, event_count, state, created_by)
                    SELECT r.code, r.agency_code, r.procedure_code, r.procedure_valid_from, r.channel, r.online_full, r.status,
                        r.applicant_name, r.applicant_kind, r.applicant_id,
                        -- as the importer: a locality the database does not know is not kept
                        (SELECT l.code FROM locality l WHERE l.code = r.applicant_locality), r.applicant_phone, r.applicant_email,
                        r.applicant_address, r.components, r.fee, r.postal_tracking, r.received_at, r.original_due_at, r.due_at,
                        r.paused_seconds, r.paused_since, r.supplement_count, r.apologized_at, r.apology_new_due, r.ended_at,
                        r.result_ready_at, r.result_electronic, r.result_code, r.returned_at, r.return_channel, r.event_count, r.state::jsonb,
                        r.created_by
                    FROM jsonb_to_recordset(\(dossierJSON)::jsonb) AS r(ord int, code text, agency_code text, procedure_code text,
                        procedure_valid_from date, channel text, online_full boolean, status text, applicant_name text,
                        applicant_kind text, applicant_id text, applicant_locality text, applicant_phone text, applicant_email text,
                        applicant_address text, components jsonb, fee bigint, postal_tracking text, received_at timestamptz,
                        original_due_at timestamptz, due_at timestamptz, paused_seconds bigint, paused_since timestamptz,
                        supplement_count int, apologized_at timestamptz, apology_new_due timestamptz, ended_at timestamptz,
                        result_ready_at timestamptz, result_electronic boolean, result_code text, returned_at timestamptz,
                        return_channel text, event_count int, state text, created_by text)
                    ORDER BY r.ord
                    RETURNING id, code
                )
                INSERT INTO case_event (dossier_id, dossier_seq, type, at, actor, from_status, to_status, payload)
                SELECT d.id, e.seq, e.type, e.at, e.actor, e.from_status, e.to_status, e.payload::jsonb
                FROM jsonb_to_recordset(\(eventJSON)::jsonb) AS e(ord int, code text, seq int, type text, at timestamptz, actor text,
                    from_status text, to_status text, payload text)
                JOIN d ON d.code = e.code
                ORDER BY e.at, e.ord
                """
            )
        }
        return events.count
    }

    struct DossierRow: Encodable {
        var ord: Int
        var code: String
        var agencyCode: String
        var procedureCode: String
        var procedureValidFrom: String
        var channel: String
        var onlineFull: Bool
        var status: String
        var applicantName: String
        var applicantKind: String
        var applicantID: String?
        var applicantLocality: String?
        var applicantPhone: String?
        var applicantEmail: String?
        var applicantAddress: String?
        var components: [ComponentRecord]
        var fee: Int
        var postalTracking: String?
        var receivedAt: Date
        var originalDueAt: Date
        var dueAt: Date
        var pausedSeconds: Int64
        var pausedSince: Date?
        var supplementCount: Int
        var apologizedAt: Date?
        var apologyNewDue: Date?
        var endedAt: Date?
        var resultReadyAt: Date?
        var resultElectronic: Bool?
        var resultCode: String?
        var returnedAt: Date?
        var returnChannel: String?
        var eventCount: Int
        /// As ``PostgresJSON`` writes it (the live path's encoding), not as the case-log timestamps of the other columns.
        var state: String
        var createdBy: String?

        enum CodingKeys: String, CodingKey {
            case ord, code
            case agencyCode = "agency_code"
            case procedureCode = "procedure_code"
            case procedureValidFrom = "procedure_valid_from"
            case channel
            case onlineFull = "online_full"
            case status
            case applicantName = "applicant_name"
            case applicantKind = "applicant_kind"
            case applicantID = "applicant_id"
            case applicantLocality = "applicant_locality"
            case applicantPhone = "applicant_phone"
            case applicantEmail = "applicant_email"
            case applicantAddress = "applicant_address"
            case components, fee
            case postalTracking = "postal_tracking"
            case receivedAt = "received_at"
            case originalDueAt = "original_due_at"
            case dueAt = "due_at"
            case pausedSeconds = "paused_seconds"
            case pausedSince = "paused_since"
            case supplementCount = "supplement_count"
            case apologizedAt = "apologized_at"
            case apologyNewDue = "apology_new_due"
            case endedAt = "ended_at"
            case resultReadyAt = "result_ready_at"
            case resultElectronic = "result_electronic"
            case resultCode = "result_code"
            case returnedAt = "returned_at"
            case returnChannel = "return_channel"
            case eventCount = "event_count"
            case state
            case createdBy = "created_by"
        }
    }

    struct EventRow: Encodable {
        var ord: Int
        var code: String
        var seq: Int
        var type: String
        var at: Date
        var actor: String?
        /// NULL for the receipt, as the live path and the importer write it.
        var fromStatus: String?
        var toStatus: String
        var payload: String

        enum CodingKeys: String, CodingKey {
            case ord, code, seq, type, at, actor
            case fromStatus = "from_status"
            case toStatus = "to_status"
            case payload
        }
    }

    /// The dossier row and event rows of one dossier, through the state machine and the clock rules.
    static func rows(for events: [CaseEvent], order: Int, references: References) throws -> (DossierRow, [EventRow]) {
        guard let first = events.first, case .received(let receipt) = first.kind else {
            throw StoreError.invalid("events", "Hồ sơ phải bắt đầu bằng sự kiện tiếp nhận.", "A dossier starts with its received event.")
        }
        let code = first.dossier
        let day = VietnamTime.localDate(of: first.at)
        guard let procedure = references.catalog.version(agency: receipt.agency, procedure: receipt.procedure, on: day) else {
            throw StoreError.invalid(
                "procedure",
                "Không có thủ tục \(receipt.procedure) có hiệu lực ngày \(day).",
                "No procedure \(receipt.procedure) in force on \(day)."
            )
        }
        let calendar = references.calendar(agency: receipt.agency)
        let originalDue = receipt.due ?? calendar.due(receivedAt: first.at, limit: procedure.timeLimit)

        var state = DossierState.initial
        var eventRows: [EventRow] = []
        var pausedSeconds: Int64 = 0
        var due = originalDue
        var apologizedAt: Date?
        var endedAt: Date?
        var resultReadyAt: Date?
        var resultCode: String?
        var returnedAt: Date?
        for (index, event) in events.enumerated() {
            guard event.dossier == code else {
                throw StoreError.invalid(
                    "events",
                    "Sự kiện của hồ sơ khác lẫn vào hồ sơ \(code).",
                    "An event of another dossier is mixed into \(code)."
                )
            }
            let next: DossierState
            do {
                next = try state.applying(event)
            } catch {
                throw StoreError.conflict(error.message, code: "illegal_transition")
            }
            if index > 0 {
                var change = ClockChange(pausedSeconds: pausedSeconds)
                change.apply(event, before: state, calendar: calendar, originalDue: originalDue, endedAt: endedAt, resultReadyAt: resultReadyAt)
                pausedSeconds = change.pausedSeconds
                if let newDue = change.newDue { due = newDue }
                if change.apologized { apologizedAt = event.at }
                endedAt = endedAt ?? change.endedAt
                resultReadyAt = resultReadyAt ?? change.resultReadyAt
                resultCode = change.resultCode ?? resultCode
                returnedAt = returnedAt ?? change.returnedAt
            }
            eventRows.append(
                EventRow(
                    ord: order * 1000 + index,
                    code: code.description,
                    seq: index + 1,
                    type: event.type,
                    at: event.at,
                    actor: event.actor,
                    fromStatus: index == 0 ? nil : state.status.rawValue,
                    toStatus: next.status.rawValue,
                    payload: CaseLogEncoder.encode(event)
                )
            )
            state = next
        }
        let applicant = receipt.applicant
        let row = DossierRow(
            ord: order,
            code: code.description,
            agencyCode: receipt.agency,
            procedureCode: procedure.code,
            procedureValidFrom: procedure.validFrom.description,
            channel: receipt.channel.rawValue,
            onlineFull: receipt.channel == .online && procedure.online == .full,
            status: state.status.rawValue,
            applicantName: applicant.name,
            applicantKind: applicant.kind.rawValue,
            applicantID: applicant.id,
            applicantLocality: applicant.locality,
            applicantPhone: applicant.phone,
            applicantEmail: applicant.email,
            applicantAddress: applicant.address,
            components: receipt.components,
            fee: receipt.fee ?? procedure.fee,
            postalTracking: nil,
            receivedAt: first.at,
            originalDueAt: originalDue,
            dueAt: due,
            pausedSeconds: pausedSeconds,
            pausedSince: state.pausedSince,
            supplementCount: state.supplementRequests,
            apologizedAt: apologizedAt,
            apologyNewDue: state.apologyNewDue,
            endedAt: endedAt,
            resultReadyAt: resultReadyAt,
            resultElectronic: state.hasResult ? state.resultElectronic : nil,
            resultCode: resultCode,
            returnedAt: returnedAt,
            returnChannel: state.returnChannel?.rawValue,
            eventCount: events.count,
            state: try PostgresJSON(state).jsonText(),
            createdBy: first.actor
        )
        return (row, eventRows)
    }
}
