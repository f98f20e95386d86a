public import CaseDomain
public import Foundation
import Logging
import Postgres

/// Dossiers: registration, transitions, reads. Every change appends exactly one event to the case log in the
/// same transaction as the change to the dossier's row.
public struct DossierStore: DossierRepository {
    let client: PostgresClient
    let references: ReferenceCache
    let logger: Logger

    public init(database: Database, referenceTimeToLive: Duration = .seconds(5)) {
        self.client = database.client
        self.references = ReferenceCache(store: ReferenceStore(database: database), timeToLive: referenceTimeToLive)
        self.logger = database.logger
    }

    /// Forgets cached reference data (after an admin changed agencies, procedures or the calendar).
    public func invalidateReferenceData() {
        references.invalidate()
    }

    /// The calendar that counts an agency's deadlines.
    public func calendar(agency: String) async throws -> BusinessCalendar {
        guard let agency = try await references.agency(agency) else {
            return BusinessCalendar(days: try await references.workingDays())
        }
        return try await references.calendar(for: agency)
    }

    // MARK: - Registration

    /// Registers a dossier: takes the next number of the agency and day, stores the dossier, appends its `received`
    /// event and the idempotency record — one statement, so one transaction and one round trip.
    public func register(_ new: NewDossier, idempotency: IdempotencyRequest? = nil) async throws -> RegistrationOutcome {
        guard let agency = try await references.agency(new.agency) else {
            throw StoreError.invalid("agency", "Không có cơ quan mã \(new.agency).", "No agency with code \(new.agency).")
        }
        let receiptDay = VietnamTime.localDate(of: new.receivedAt)
        guard let procedure = try await references.procedure(agency: agency.code, code: new.procedure, on: receiptDay) else {
            throw StoreError.invalid(
                "procedure",
                "Cơ quan \(agency.name) không có thủ tục mã \(new.procedure) có hiệu lực ngày \(receiptDay).",
                "Agency \(agency.code) has no procedure \(new.procedure) in force on \(receiptDay)."
            )
        }
        try RegistrationRules.check(new, procedure: procedure)
        let calendar = try await references.calendar(for: agency)
        let due = calendar.due(receivedAt: new.receivedAt, limit: procedure.timeLimit)
        let fee = new.fee ?? procedure.fee

        // The event and state use a placeholder code: the real one is only known inside the statement.
        let placeholder = try DossierCode(
            agencyIdentifier: agency.identifier,
            year: receiptDay.year,
            month: receiptDay.month,
            day: receiptDay.day,
            sequence: 1
        )
        let receipt = Receipt(
            agency: agency.code,
            procedure: procedure.code,
            channel: new.channel,
            applicant: new.applicant,
            components: new.components,
            fee: new.fee,
            due: nil
        )
        let event = CaseEvent(dossier: placeholder, at: new.receivedAt, actor: new.actor, kind: .received(receipt))
        let state: DossierState
        do {
            state = try DossierState.initial.applying(event)
        } catch {
            throw StoreError.conflict(error.message, code: "illegal_transition")
        }
        let payload = CaseLogEncoder.encode(event)
        let prefix = "\(agency.identifier)-\(Self.yymmdd(receiptDay))-"
        let components = new.components
        let applicant = new.applicant
        let onlineFull = new.channel == .online && procedure.online == .full

        let query: PostgresQuery = """
            WITH seq AS (
                INSERT INTO dossier_counter AS c (agency_code, day, last_seq) VALUES (\(agency.code), \(receiptDay), 1)
                ON CONFLICT (agency_code, day) DO UPDATE SET last_seq = c.last_seq + 1
                RETURNING last_seq
            ), d AS (
                INSERT INTO dossier (code, agency_code, procedure_code, procedure_valid_from, channel, online_full, status,
                    applicant_name, applicant_kind, applicant_id, applicant_locality, applicant_phone, applicant_email, applicant_address,
                    components, fee, postal_tracking, received_at, original_due_at, due_at, event_count, state, created_by)
                SELECT \(prefix) || lpad(seq.last_seq::text, 4, '0'), \(agency.code), \(procedure.code), \(procedure.validFrom),
                    \(new.channel.rawValue), \(onlineFull), 'received',
                    \(applicant.name), \(applicant.kind.rawValue), \(applicant.id), \(applicant.locality), \(applicant.phone),
                    \(applicant.email), \(applicant.address),
                    \(PostgresJSON(components)), \(fee), \(new.postalTracking), \(new.receivedAt), \(due), \(due), 1,
                    \(PostgresJSON(state)), \(new.actor)
                FROM seq
                RETURNING id, code
            ), e AS (
                INSERT INTO case_event (dossier_id, dossier_seq, type, at, actor, from_status, to_status, payload)
                SELECT d.id, 1, 'received', \(new.receivedAt), \(new.actor), NULL, 'received',
                    jsonb_set(\(payload)::jsonb, '{dossier}', to_jsonb(d.code))
                FROM d
            ), i AS (
                INSERT INTO idempotency_key (principal, key, request_hash, response_status, resource)
                SELECT \(idempotency?.scope), \(idempotency?.key), \(idempotency?.requestHash), 201, d.code
                FROM d WHERE \(idempotency?.key)::text IS NOT NULL
            )
            SELECT code FROM d
            """
        let code: String
        do {
            code = try await client.query(query).one().decode(String.self, column: 0)
        } catch let error as PostgresError where error.sqlState == .uniqueViolation && error.constraint == "idempotency_key_pkey" {
            guard let idempotency else { throw error }
            return .replayed(try await replayRegistration(idempotency))
        } catch let error as PostgresError where error.sqlState == .checkViolation && error.constraint == "dossier_counter_last_seq_check" {
            throw StoreError.conflict(
                BilingualMessage(
                    vietnamese: "Cơ quan đã dùng hết 9999 số hồ sơ của ngày \(receiptDay).",
                    english: "The agency has used all 9999 dossier numbers of \(receiptDay)."
                ),
                code: "numbers_exhausted"
            )
        } catch {
            if let mapped = StoreError.from(error) { throw mapped }
            throw error
        }

        let record = DossierRecord(
            code: code,
            agency: agency.code,
            agencyName: agency.name,
            procedure: procedure.code,
            procedureName: procedure.name,
            procedureValidFrom: procedure.validFrom,
            timeLimit: procedure.timeLimit,
            channel: new.channel,
            onlineFull: onlineFull,
            status: .received,
            applicant: applicant,
            components: components,
            fee: fee,
            postalTracking: new.postalTracking,
            receivedAt: new.receivedAt,
            effectiveReceiptDay: calendar.effectiveReceiptDay(for: new.receivedAt),
            originalDue: due,
            due: due,
            pausedSince: nil,
            pausedWorkingSeconds: 0,
            supplementRequests: 0,
            apologizedAt: nil,
            apologyNewDue: nil,
            endedAt: nil,
            resultReadyAt: nil,
            resultElectronic: nil,
            resultCode: nil,
            returnedAt: nil,
            returnChannel: nil,
            eventCount: 1,
            state: state,
            createdBy: new.actor
        )
        return .created(record)
    }

    private func replayRegistration(_ idempotency: IdempotencyRequest) async throws -> DossierRecord {
        let rows = try await client.query(
            "SELECT request_hash, resource FROM idempotency_key WHERE principal = \(idempotency.scope) AND key = \(idempotency.key)"
        )
        guard let row = rows.first else { throw StoreError.idempotencyMismatch }
        let (hash, resource) = try row.decode((String, String?).self)
        guard hash == idempotency.requestHash, let code = resource, !code.contains("#") else { throw StoreError.idempotencyMismatch }
        guard var record = try await dossier(code: code, scope: .all) else { throw StoreError.idempotencyMismatch }
        // The registration response describes the dossier as registered, whatever happened to it since.
        record.status = .received
        return record
    }

    static func yymmdd(_ day: LocalDate) -> String {
        String(format: "%02d%02d%02d", day.year % 100, day.month, day.day)
    }

    // MARK: - Transitions

    /// Appends one event to a dossier within `scope`, validated by the state machine; the dossier's row changes in
    /// the same transaction. An illegal transition throws ``StoreError/conflict(_:code:)`` and writes nothing.
    public func append(
        code: String,
        kind: CaseEventKind,
        at moment: Date,
        actor: String,
        scope: DossierScope,
        idempotency: IdempotencyRequest? = nil
    ) async throws -> AppendOutcome {
        if case .received = kind {
            throw StoreError.invalid("type", "Hồ sơ đã được tiếp nhận.", "A dossier is received only once, by registration.")
        }
        guard let dossierCode = try? DossierCode.parse(code) else {
            throw StoreError.missing("Không tìm thấy hồ sơ \(code).", "No dossier \(code).")
        }
        return try await mappingErrors {
            try await client.withRetryingTransaction { session in
                if let idempotency, let replay = try await replayEvent(idempotency, session: session) {
                    return AppendOutcome(entry: replay, replayed: true)
                }
                let rows = try await session.query(
                    """
                    SELECT d.id, d.agency_code, d.state, d.original_due_at, d.due_at, d.paused_seconds, d.event_count, a.office_hours,
                        d.ended_at, d.result_ready_at
                    FROM dossier d JOIN agency a ON a.code = d.agency_code
                    WHERE d.code = \(code) AND \(scope.condition)
                    FOR UPDATE OF d
                    """
                )
                guard let row = rows.first else { throw StoreError.missing("Không tìm thấy hồ sơ \(code).", "No dossier \(code).") }
                let (id, agencyCode, stateJSON, originalDue, _, pausedSeconds, eventCount, hours, endedAt, resultReadyAt) = try row.decode(
                    (Int, String, PostgresJSON<DossierState>, Date, Date, Int64, Int, PostgresJSON<[OfficeHours.Session]>, Date?, Date?).self
                )
                let state = stateJSON.value
                let event = CaseEvent(dossier: dossierCode, at: moment, actor: actor, kind: kind)
                let next: DossierState
                do {
                    next = try state.applying(event)
                } catch let error as TransitionError {
                    throw StoreError.conflict(error.message, code: "illegal_transition")
                }
                let calendar = BusinessCalendar(
                    days: try await references.workingDays(),
                    hours: (try? OfficeHours(sessions: hours.value)) ?? .standard
                )
                var change = ClockChange(pausedSeconds: pausedSeconds)
                change.apply(event, before: state, calendar: calendar, originalDue: originalDue, endedAt: endedAt, resultReadyAt: resultReadyAt)
                let sequence = eventCount + 1
                let scopeKey: String? = idempotency == nil ? nil : "\(code)#\(sequence)"
                let written = try await session.query(
                    Self.eventStatement(
                        dossierID: id,
                        event: event,
                        before: state,
                        after: next,
                        change: change,
                        sequence: sequence,
                        idempotency: idempotency,
                        idempotencyResource: scopeKey
                    )
                )
                let recordedAt = try written.one().decode(Date.self, column: 0)
                logger.debug("dossier event", metadata: ["dossier": "\(code)", "type": "\(event.type)", "agency": "\(agencyCode)"])
                return AppendOutcome(
                    entry: TimelineEntry(sequence: sequence, event: event, fromStatus: state.status, toStatus: next.status, recordedAt: recordedAt),
                    replayed: false
                )
            }
        }
    }

    private func replayEvent(_ idempotency: IdempotencyRequest, session: PostgresSession) async throws -> TimelineEntry? {
        let rows = try await session.query(
            "SELECT request_hash, resource FROM idempotency_key WHERE principal = \(idempotency.scope) AND key = \(idempotency.key)"
        )
        guard let row = rows.first else { return nil }
        let (hash, resource) = try row.decode((String, String?).self)
        guard hash == idempotency.requestHash, let resource, let separator = resource.lastIndex(of: "#"),
            let sequence = Int(resource[resource.index(after: separator)...])
        else { throw StoreError.idempotencyMismatch }
        let code = String(resource[..<separator])
        let entries = try await timeline(code: code, session: session, sequence: sequence)
        guard let entry = entries.first else { throw StoreError.idempotencyMismatch }
        return entry
    }

    // MARK: - Reads

    static let recordColumns = """
        d.code, d.agency_code, a.name AS agency_name, d.procedure_code, p.name AS procedure_name, d.procedure_valid_from,
        p.time_limit_value, p.time_limit_unit, d.channel, d.online_full, d.status, d.applicant_name, d.applicant_kind, d.applicant_id,
        d.applicant_locality, d.applicant_phone, d.applicant_email, d.applicant_address, d.components, d.fee, d.postal_tracking,
        d.received_at, d.original_due_at, d.due_at, d.paused_since, d.paused_seconds, d.supplement_count, d.apologized_at,
        d.apology_new_due, d.ended_at, d.result_ready_at, d.result_electronic, d.result_code, d.returned_at, d.return_channel,
        d.event_count, d.state, d.created_by, d.id
        """

    static let recordJoins = """
        FROM dossier d
        JOIN agency a ON a.code = d.agency_code
        JOIN procedure_version p ON p.agency_code = d.agency_code AND p.code = d.procedure_code AND p.valid_from = d.procedure_valid_from
        """

    static func record(from row: PostgresRow) throws -> DossierRecord {
        func value<T: PostgresDecodable>(_ name: String, _ type: T.Type = T.self) throws -> T { try row.decode(T.self, named: name) }
        let applicant = try Applicant(
            name: try value("applicant_name"),
            kind: ApplicantKind(rawValue: try value("applicant_kind")) ?? .person,
            id: try value("applicant_id"),
            locality: try value("applicant_locality"),
            phone: try value("applicant_phone"),
            email: try value("applicant_email"),
            address: try value("applicant_address")
        )
        let unit = TimeLimitUnit(rawValue: try value("time_limit_unit")) ?? .workingDays
        return DossierRecord(
            code: try value("code"),
            agency: try value("agency_code"),
            agencyName: try value("agency_name"),
            procedure: try value("procedure_code"),
            procedureName: try value("procedure_name"),
            procedureValidFrom: try value("procedure_valid_from"),
            timeLimit: TimeLimit(value: try value("time_limit_value"), unit: unit),
            channel: Channel(rawValue: try value("channel")) ?? .direct,
            onlineFull: try value("online_full"),
            status: DossierStatus(rawValue: try value("status")) ?? .received,
            applicant: applicant,
            components: try value("components", PostgresJSON<[ComponentRecord]>.self).value,
            fee: try value("fee"),
            postalTracking: try value("postal_tracking"),
            receivedAt: try value("received_at"),
            effectiveReceiptDay: nil,
            originalDue: try value("original_due_at"),
            due: try value("due_at"),
            pausedSince: try value("paused_since"),
            pausedWorkingSeconds: try value("paused_seconds"),
            supplementRequests: try value("supplement_count"),
            apologizedAt: try value("apologized_at"),
            apologyNewDue: try value("apology_new_due"),
            endedAt: try value("ended_at"),
            resultReadyAt: try value("result_ready_at"),
            resultElectronic: try value("result_electronic"),
            resultCode: try value("result_code"),
            returnedAt: try value("returned_at"),
            returnChannel: try value("return_channel", String?.self).flatMap(Channel.init(rawValue:)),
            eventCount: try value("event_count"),
            state: try value("state", PostgresJSON<DossierState>.self).value,
            createdBy: try value("created_by")
        )
    }

    /// A dossier within `scope`, or nil (also when it exists outside the scope).
    public func dossier(code: String, scope: DossierScope) async throws -> DossierRecord? {
        let rows = try await client.query(
            "SELECT \(unescaped: Self.recordColumns) \(unescaped: Self.recordJoins) WHERE d.code = \(code) AND \(scope.condition)"
        )
        guard let row = rows.first else { return nil }
        var record = try Self.record(from: row)
        record.effectiveReceiptDay = try await calendar(agency: record.agency).effectiveReceiptDay(for: record.receivedAt)
        return record
    }

    /// A dossier's events, oldest first (empty when the dossier is outside `scope`).
    public func timeline(code: String, scope: DossierScope) async throws -> [TimelineEntry] {
        try await client.withConnection { session in
            let visible = try await session.query("SELECT 1 FROM dossier d WHERE d.code = \(code) AND \(scope.condition)")
            guard !visible.isEmpty else { return [] }
            return try await timeline(code: code, session: session, sequence: nil)
        }
    }

    private func timeline(code: String, session: PostgresSession, sequence: Int?) async throws -> [TimelineEntry] {
        var query: PostgresQuery = """
            SELECT e.dossier_seq, e.payload::text, e.from_status, e.to_status, e.recorded_at
            FROM case_event e JOIN dossier d ON d.id = e.dossier_id
            WHERE d.code = \(code)
            """
        if let sequence { query.append(" AND e.dossier_seq = \(sequence)") }
        query.append(" ORDER BY e.dossier_seq")
        return try await session.query(query).map { row in
            let (sequence, payload, from, to, recordedAt) = try row.decode((Int, String, String?, String, Date).self)
            let event = try CaseLogDecoder.decodeEvent(line: payload, lineNumber: sequence)
            return TimelineEntry(
                sequence: sequence,
                event: event,
                fromStatus: from.flatMap(DossierStatus.init(rawValue:)),
                toStatus: DossierStatus(rawValue: to) ?? .received,
                recordedAt: recordedAt
            )
        }
    }

    /// What the public lookup shows. Anyone may ask; the caller limits the rate.
    public func publicLookup(code: String) async throws -> PublicDossier? {
        guard (try? DossierCode.parse(code)) != nil else { return nil }
        let rows = try await client.query(
            """
            SELECT d.code, p.name, a.name, d.received_at, d.due_at, d.status, d.applicant_name, d.applicant_kind,
                d.result_ready_at, d.returned_at, d.apology_new_due, d.paused_since
            \(unescaped: Self.recordJoins)
            WHERE d.code = \(code)
            """
        )
        guard let row = rows.first else { return nil }
        let (code, procedure, agency, receivedAt, due, status, name, kind, resultReadyAt, returnedAt, apologyNewDue, pausedSince) =
            try row.decode((String, String, String, Date, Date, String, String, String, Date?, Date?, Date?, Date?).self)
        let applicant = try Applicant(name: name, kind: ApplicantKind(rawValue: kind) ?? .person)
        return PublicDossier(
            code: code,
            procedureName: procedure,
            agencyName: agency,
            receivedAt: receivedAt,
            due: due,
            status: DossierStatus(rawValue: status) ?? .received,
            applicantMaskedName: applicant.maskedName,
            resultReady: resultReadyAt != nil,
            returned: returnedAt != nil,
            returnedAt: returnedAt,
            apologyNewDue: apologyNewDue,
            paused: pausedSince != nil
        )
    }

    /// A page of dossiers within `scope`, filtered and sorted, with keyset pagination (no OFFSET, no total count).
    public func list(_ filter: DossierFilter, scope: DossierScope, now: Date) async throws -> DossierPage {
        let limit = min(max(filter.limit, 1), 200)
        var query: PostgresQuery = "SELECT \(unescaped: Self.recordColumns) \(unescaped: Self.recordJoins) WHERE \(scope.condition)"
        if let agency = filter.agency { query.append(" AND d.agency_code = \(agency)") }
        if let procedure = filter.procedure { query.append(" AND d.procedure_code = \(procedure)") }
        if let status = filter.status { query.append(" AND d.status = \(status.rawValue)") }
        if let channel = filter.channel { query.append(" AND d.channel = \(channel.rawValue)") }
        if let locality = filter.locality { query.append(" AND d.applicant_locality = \(locality)") }
        if let from = filter.receivedFrom { query.append(" AND d.received_at >= \(from)") }
        if let before = filter.receivedBefore { query.append(" AND d.received_at < \(before)") }
        if filter.overdue {
            query.append(
                " AND d.ended_at IS NULL AND ((d.paused_since IS NULL AND d.due_at < \(now)) OR (d.paused_since IS NOT NULL AND d.due_at < d.paused_since))"
            )
        }
        if let days = filter.dueWithinWorkingDays {
            let workingDays = try await references.workingDays()
            let today = VietnamTime.localDate(of: now)
            let lastDay = workingDays.addingWorkingDays(days, to: today)
            let limitMoment = VietnamTime.date(lastDay.adding(days: 1), minutesAfterMidnight: 0)
            query.append(" AND d.ended_at IS NULL AND d.paused_since IS NULL AND d.due_at < \(limitMoment)")
        }
        if let cursor = filter.cursor {
            guard let position = Cursor(cursor), position.sort == filter.sort else {
                throw StoreError.invalid("cursor", "Con trỏ phân trang không hợp lệ.", "Invalid pagination cursor.")
            }
            switch filter.sort {
            case .received: query.append(" AND (d.received_at, d.id) < (\(position.moment), \(position.id))")
            case .due: query.append(" AND (d.due_at, d.id) > (\(position.moment), \(position.id))")
            }
        }
        switch filter.sort {
        case .received: query.append(" ORDER BY d.received_at DESC, d.id DESC")
        case .due: query.append(" ORDER BY d.due_at ASC, d.id ASC")
        }
        query.append(" LIMIT \(limit + 1)")
        let rows = try await client.query(query)
        var items: [DossierRecord] = []
        var last: (Date, Int)?
        for row in rows.prefix(limit) {
            let record = try Self.record(from: row)
            items.append(record)
            last = (filter.sort == .received ? record.receivedAt : record.due, try row.decode(Int.self, named: "id"))
        }
        let next = rows.count > limit ? last.map { Cursor(sort: filter.sort, moment: $0.0, id: $0.1).encoded } : nil
        return DossierPage(items: items, nextCursor: next)
    }

    /// An opaque keyset position: the sort, the sort key's value (microseconds) and the row id.
    struct Cursor {
        var sort: DossierFilter.Sort
        var moment: Date
        var id: Int

        init(sort: DossierFilter.Sort, moment: Date, id: Int) {
            self.sort = sort
            self.moment = moment
            self.id = id
        }

        init?(_ text: String) {
            var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            while base64.count % 4 != 0 { base64 += "=" }
            guard let data = Data(base64Encoded: base64), let plain = String(data: data, encoding: .utf8) else { return nil }
            let parts = plain.split(separator: "|")
            guard parts.count == 3, let sort = DossierFilter.Sort(rawValue: String(parts[0])), let micros = Int64(parts[1]),
                let id = Int(parts[2])
            else { return nil }
            self.init(sort: sort, moment: Date(timeIntervalSince1970: Double(micros) / 1_000_000), id: id)
        }

        var encoded: String {
            let micros = Int64((moment.timeIntervalSince1970 * 1_000_000).rounded())
            return Data("\(sort.rawValue)|\(micros)|\(id)".utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
    }
}

extension DossierStore {
    /// The one statement that records an event: it updates the dossier's row (state, clock, milestones), appends the
    /// event to the case log and, with a key, stores the idempotency record; it returns the event's `recorded_at`.
    /// Shared by live transitions and the case-log import, so both write exactly the same thing.
    static func eventStatement(
        dossierID: Int,
        event: CaseEvent,
        before: DossierState,
        after next: DossierState,
        change: ClockChange,
        sequence: Int,
        idempotency: IdempotencyRequest?,
        idempotencyResource: String?
    ) -> PostgresQuery {
        """
        WITH u AS (
            UPDATE dossier SET status = \(next.status.rawValue), state = \(PostgresJSON(next)), event_count = \(sequence),
                paused_seconds = \(change.pausedSeconds), paused_since = \(next.pausedSince),
                due_at = CASE WHEN \(change.newDue)::timestamptz IS NULL THEN due_at ELSE \(change.newDue) END,
                supplement_count = \(next.supplementRequests),
                apologized_at = CASE WHEN \(change.apologized) THEN \(event.at) ELSE apologized_at END,
                apology_new_due = coalesce(\(next.apologyNewDue), apology_new_due),
                ended_at = coalesce(ended_at, \(change.endedAt)),
                result_ready_at = coalesce(result_ready_at, \(change.resultReadyAt)),
                result_electronic = CASE WHEN \(next.hasResult) THEN \(next.resultElectronic) ELSE result_electronic END,
                result_code = coalesce(\(change.resultCode), result_code),
                returned_at = coalesce(returned_at, \(change.returnedAt)),
                return_channel = coalesce(\(next.returnChannel?.rawValue), return_channel),
                updated_at = now()
            WHERE id = \(dossierID)
            RETURNING id
        ), e AS (
            INSERT INTO case_event (dossier_id, dossier_seq, type, at, actor, from_status, to_status, payload)
            SELECT u.id, \(sequence), \(event.type), \(event.at), \(event.actor), \(before.status.rawValue), \(next.status.rawValue),
                \(CaseLogEncoder.encode(event))::jsonb
            FROM u
            RETURNING recorded_at
        ), i AS (
            INSERT INTO idempotency_key (principal, key, request_hash, response_status, resource)
            SELECT \(idempotency?.scope), \(idempotency?.key), \(idempotency?.requestHash), 201, \(idempotencyResource)
            FROM u WHERE \(idempotency?.key)::text IS NOT NULL
        )
        SELECT recorded_at FROM e
        """
    }
}
