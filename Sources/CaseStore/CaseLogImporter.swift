public import CaseDomain
public import Foundation
import Logging
import Postgres
import Synchronization

/// Imports a case log (CASE-LOG.md §1) into the database: all-or-nothing in one transaction, idempotent (an event
/// already stored identically is skipped), reading the input in batches so that memory does not grow with the file
/// (beyond one small state per dossier the file touches).
public struct CaseLogImporter: Sendable {
    let client: PostgresClient
    let logger: Logger
    let batchSize: Int

    public init(database: Database, batchSize: Int = 500) {
        self.client = database.client
        self.logger = database.logger
        self.batchSize = batchSize
    }

    /// Imports from a sequence of lines (numbered from 1 as they come).
    @discardableResult
    public func importLines<Lines: AsyncSequence>(_ lines: Lines) async throws -> ImportSummary where Lines.Element == String {
        try await client.withTransaction { session in
            var run = try await ImportRun(session: session, logger: logger)
            var batch: [(Int, String)] = []
            var number = 0
            for try await line in lines {
                number += 1
                batch.append((number, line))
                if batch.count >= batchSize {
                    try await run.process(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            try await run.process(batch)
            return run.summary
        }
    }

    /// Imports a whole text.
    @discardableResult
    public func importText(_ text: String) async throws -> ImportSummary {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return try await importLines(AsyncLines(lines))
    }

    /// Imports a file, reading it in chunks.
    @discardableResult
    public func importFile(at url: URL) async throws -> ImportSummary {
        try await importLines(FileLines(url: url))
    }
}

/// Lines already in memory as an async sequence.
struct AsyncLines: AsyncSequence, Sendable {
    typealias Element = String
    let lines: [String]
    init(_ lines: [String]) { self.lines = lines }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: IndexingIterator<[String]>
        mutating func next() async -> String? { base.next() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: lines.makeIterator()) }
}

/// The lines of a file, read in 64 KiB chunks (constant memory). `\r\n` and `\n` both end a line; the empty string
/// after a final newline is not a line.
public struct FileLines: AsyncSequence, Sendable {
    public typealias Element = String
    let url: URL

    public init(url: URL) { self.url = url }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle?
        var buffer: [UInt8] = []
        var position = 0
        var finished = false
        var lineNumber = 0

        /// A line that is not valid UTF-8 is an error naming it (never silently replaced by U+FFFD).
        mutating func text(_ bytes: ArraySlice<UInt8>) throws -> String {
            lineNumber += 1
            guard let line = String(validating: bytes, as: UTF8.self) else {
                throw ImportError(
                    lineNumber: lineNumber,
                    message: BilingualMessage(
                        vietnamese: "Dòng \(lineNumber): không phải văn bản UTF-8 hợp lệ.",
                        english: "Line \(lineNumber): not valid UTF-8 text."
                    )
                )
            }
            return line
        }

        public mutating func next() async throws -> String? {
            guard let handle else { return nil }
            while true {
                if let newline = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) {
                    var end = newline
                    if end > position, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                    let line = try text(buffer[position..<end])
                    position = newline + 1
                    return line
                }
                if finished {
                    guard position < buffer.count else { return nil }
                    let line = try text(buffer[position...])
                    position = buffer.count
                    return line
                }
                buffer.removeFirst(position)
                position = 0
                let chunk = try handle.read(upToCount: 65_536) ?? Data()
                if chunk.isEmpty { finished = true } else { buffer.append(contentsOf: chunk) }
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(handle: try? FileHandle(forReadingFrom: url))
    }
}

/// Lookups the validator reads synchronously, refilled from the database before each batch.
final class ImportLookups: Sendable {
    struct State {
        var agencies: Set<String> = []
        var catalog = ProcedureCatalog()
        var dossiers: [DossierCode: DossierState] = [:]
        var recorded: Set<String> = []
    }

    let state = Mutex(State())
}

/// The per-dossier columns an import maintains while it goes (the state machine's state is in the validator).
struct ImportedDossier {
    var id: Int
    var agency: String
    var originalDue: Date
    var pausedSeconds: Int64
    var endedAt: Date?
    var resultReadyAt: Date?
    var eventCount: Int
    var officeHours: OfficeHours
}

struct ImportRun {
    let session: PostgresSession
    let logger: Logger
    let lookups = ImportLookups()
    var validator: CaseLogValidator
    var summary = ImportSummary()
    var touched: [DossierCode: ImportedDossier] = [:]
    var agencyHours: [String: OfficeHours] = [:]
    let workingDays: WorkingDays

    init(session: PostgresSession, logger: Logger) async throws {
        self.session = session
        self.logger = logger
        let lookups = self.lookups
        // Reference data is small: load it whole.
        var agencies: Set<String> = []
        var hours: [String: OfficeHours] = [:]
        for row in try await session.query("SELECT code, office_hours FROM agency") {
            let (code, sessions) = try row.decode((String, PostgresJSON<[OfficeHours.Session]>).self)
            agencies.insert(code)
            hours[code] = (try? OfficeHours(sessions: sessions.value)) ?? .standard
        }
        var catalog = ProcedureCatalog()
        for row in try await session.query("SELECT \(unescaped: ReferenceStore.procedureColumns) FROM procedure_version") {
            _ = catalog.insert(try ReferenceStore.procedure(from: row))
        }
        lookups.state.withLock {
            $0.agencies = agencies
            $0.catalog = catalog
        }
        agencyHours = hours
        validator = CaseLogValidator(
            knownAgency: { code in lookups.state.withLock { $0.agencies.contains(code) } },
            knownProcedure: { key, day in lookups.state.withLock { $0.catalog.version(of: key, on: day) != nil } },
            existingDossierState: { code in lookups.state.withLock { $0.dossiers[code] } },
            isRecorded: { event in lookups.state.withLock { $0.recorded.contains(CaseLogEncoder.encode(event)) } }
        )
        let stored = try await session.query(
            "SELECT d.day, d.name, d.kind, d.source, d.reference FROM calendar_day d JOIN calendar_year y ON y.year = extract(year FROM d.day)::int"
        ).map { row in
            let (day, name, kind, source, reference) = try row.decode((LocalDate, String, String, String, String).self)
            return CalendarDay(
                date: day,
                name: name,
                kind: DayKind(rawValue: kind) ?? .holiday,
                source: CalendarSource(rawValue: source) ?? .official,
                reference: reference
            )
        }
        workingDays = WorkingDays(overrides: stored)
    }

    mutating func process(_ batch: [(Int, String)]) async throws {
        guard !batch.isEmpty else { return }
        // Decode first, to know which stored dossiers the batch touches.
        var decoded: [(Int, CaseLogLine)] = []
        decoded.reserveCapacity(batch.count)
        for (number, text) in batch {
            do {
                decoded.append((number, try CaseLogDecoder.decode(line: text, lineNumber: number)))
            } catch {
                throw ImportError(lineNumber: number, message: error.message)
            }
        }
        let unknownCodes = Set(
            decoded.compactMap { _, line -> String? in
                guard case .event(let event) = line, validator.dossiers[event.dossier] == nil, touched[event.dossier] == nil else { return nil }
                return event.dossier.description
            }
        )
        if !unknownCodes.isEmpty { try await loadStored(Array(unknownCodes)) }

        for (number, line) in decoded {
            let accepted: CaseLogValidator.Accepted
            do {
                accepted = try validator.consume(line, lineNumber: number)
            } catch {
                throw ImportError(lineNumber: number, message: error.message)
            }
            summary.lines += 1
            if accepted.disposition == .unchanged {
                summary.unchanged += 1
                continue
            }
            switch line {
            case .agency(let agency):
                try await store(agency, line: number)
            case .procedure(let procedure):
                try await store(procedure, line: number)
            case .event(let event):
                try await store(event, state: accepted.state ?? .initial, line: number)
            }
        }
    }

    /// Loads the state and the events of stored dossiers that the batch refers to.
    private mutating func loadStored(_ codes: [String]) async throws {
        var states: [DossierCode: DossierState] = [:]
        for row in try await session.query(
            """
            SELECT d.id, d.code, d.agency_code, d.state, d.original_due_at, d.paused_seconds, d.ended_at, d.result_ready_at, d.event_count
            FROM dossier d WHERE d.code = ANY(\(codes))
            """
        ) {
            let (id, code, agency, state, originalDue, paused, ended, result, count) = try row.decode(
                (Int, String, String, PostgresJSON<DossierState>, Date, Int64, Date?, Date?, Int).self
            )
            guard let dossierCode = try? DossierCode.parse(code) else { continue }
            states[dossierCode] = state.value
            touched[dossierCode] = ImportedDossier(
                id: id,
                agency: agency,
                originalDue: originalDue,
                pausedSeconds: paused,
                endedAt: ended,
                resultReadyAt: result,
                eventCount: count,
                officeHours: agencyHours[agency] ?? .standard
            )
        }
        var recorded: Set<String> = []
        for row in try await session.query(
            "SELECT e.payload::text FROM case_event e JOIN dossier d ON d.id = e.dossier_id WHERE d.code = ANY(\(codes))"
        ) {
            let payload = try row.decode(String.self, column: 0)
            if let event = try? CaseLogDecoder.decodeEvent(line: payload, lineNumber: 0) {
                recorded.insert(CaseLogEncoder.encode(event))
            }
        }
        lookups.state.withLock {
            $0.dossiers.merge(states) { $1 }
            $0.recorded.formUnion(recorded)
        }
    }

    private mutating func store(_ agency: AgencyRecord, line: Int) async throws {
        let existing = try await session.query("SELECT name, identifier FROM agency WHERE code = \(agency.code)")
        if let row = existing.first {
            let (name, identifier) = try row.decode((String, String).self)
            guard name == agency.name, identifier == agency.identifier else {
                throw ImportError(
                    lineNumber: line,
                    message: BilingualMessage(
                        vietnamese: "Dòng \(line): cơ quan \(agency.code) đã có trong cơ sở dữ liệu với tên hoặc mã định danh khác.",
                        english: "Line \(line): agency \(agency.code) already exists with another name or identifier."
                    )
                )
            }
            summary.unchanged += 1
            return
        }
        do {
            try await session.query(
                "INSERT INTO agency (code, name, identifier) VALUES (\(agency.code), \(agency.name), \(agency.identifier))"
            )
        } catch let error as PostgresError where error.sqlState?.errorClass == "23" {
            throw ImportError(
                lineNumber: line,
                message: BilingualMessage(
                    vietnamese: "Dòng \(line): cơ quan \(agency.code) không hợp lệ hoặc trùng mã định danh (\(error.constraint ?? "")).",
                    english: "Line \(line): agency \(agency.code) is invalid or its identifier is taken (\(error.constraint ?? ""))."
                )
            )
        }
        agencyHours[agency.code] = .standard
        lookups.state.withLock { _ = $0.agencies.insert(agency.code) }
        summary.agencies += 1
    }

    private mutating func store(_ procedure: ProcedureRecord, line: Int) async throws {
        let existing = try await session.query(
            """
            SELECT \(unescaped: ReferenceStore.procedureColumns) FROM procedure_version
            WHERE agency_code = \(procedure.agency) AND code = \(procedure.code) AND valid_from = \(procedure.validFrom)
            """
        )
        if let row = existing.first {
            let stored = try ReferenceStore.procedure(from: row)
            guard stored == procedure else {
                throw ImportError(
                    lineNumber: line,
                    message: BilingualMessage(
                        vietnamese: "Dòng \(line): thủ tục \(procedure.code) (hiệu lực \(procedure.validFrom)) đã có với nội dung khác.",
                        english: "Line \(line): procedure \(procedure.code) valid from \(procedure.validFrom) already exists with other content."
                    )
                )
            }
            summary.unchanged += 1
            return
        }
        do {
            try await session.query(
                """
                INSERT INTO procedure_version (code, valid_from, name, field, agency_code, time_limit_value, time_limit_unit, fee, online,
                    postal, written_result, components)
                VALUES (\(procedure.code), \(procedure.validFrom), \(procedure.name), \(procedure.field ?? ""), \(procedure.agency),
                    \(procedure.timeLimit.value), \(procedure.timeLimit.unit.rawValue), \(procedure.fee), \(procedure.online.rawValue),
                    \(procedure.postal), \(procedure.writtenResult), \(PostgresJSON(procedure.components)))
                """
            )
        } catch let error as PostgresError where error.sqlState?.errorClass == "23" {
            throw ImportError(
                lineNumber: line,
                message: BilingualMessage(
                    vietnamese: "Dòng \(line): thủ tục \(procedure.code) không hợp lệ (\(error.constraint ?? "")).",
                    english: "Line \(line): procedure \(procedure.code) is invalid (\(error.constraint ?? ""))."
                )
            )
        }
        lookups.state.withLock { _ = $0.catalog.insert(procedure) }
        summary.procedures += 1
    }

    private mutating func store(_ event: CaseEvent, state: DossierState, line: Int) async throws {
        let code = event.dossier.description
        let payload = CaseLogEncoder.encode(event)
        if case .received(let receipt) = event.kind {
            let day = VietnamTime.localDate(of: event.at)
            guard let procedure = lookups.state.withLock({ $0.catalog.version(agency: receipt.agency, procedure: receipt.procedure, on: day) })
            else {
                throw ImportError(
                    lineNumber: line,
                    message: BilingualMessage(
                        vietnamese: "Dòng \(line): không có thủ tục \(receipt.procedure) có hiệu lực ngày \(day).",
                        english: "Line \(line): no procedure \(receipt.procedure) in force on \(day)."
                    )
                )
            }
            let hours = agencyHours[receipt.agency] ?? .standard
            let calendar = BusinessCalendar(days: workingDays, hours: hours)
            let due = receipt.due ?? calendar.due(receivedAt: event.at, limit: procedure.timeLimit)
            let applicant = receipt.applicant
            let onlineFull = receipt.channel == .online && procedure.online == .full
            let rows: PostgresRows
            do {
                rows = try await session.query(
                    """
                    WITH d AS (
                        INSERT INTO dossier (code, agency_code, procedure_code, procedure_valid_from, channel, online_full, status,
                            applicant_name, applicant_kind, applicant_id, applicant_locality, applicant_phone, applicant_email,
                            applicant_address, components, fee, received_at, original_due_at, due_at, event_count, state, created_by)
                        VALUES (\(code), \(receipt.agency), \(procedure.code), \(procedure.validFrom), \(receipt.channel.rawValue), \(onlineFull),
                            \(state.status.rawValue), \(applicant.name), \(applicant.kind.rawValue), \(applicant.id),
                            (SELECT code FROM locality WHERE code = \(applicant.locality)), \(applicant.phone), \(applicant.email),
                            \(applicant.address), \(PostgresJSON(receipt.components)), \(receipt.fee ?? procedure.fee), \(event.at), \(due), \(due),
                            1, \(PostgresJSON(state)), \(event.actor))
                        RETURNING id
                    ), e AS (
                        INSERT INTO case_event (dossier_id, dossier_seq, type, at, actor, from_status, to_status, payload)
                        SELECT d.id, 1, 'received', \(event.at), \(event.actor), NULL, \(state.status.rawValue), \(payload)::jsonb FROM d
                    )
                    SELECT id FROM d
                    """
                )
            } catch let error as PostgresError where error.sqlState == .uniqueViolation {
                throw ImportError(
                    lineNumber: line,
                    message: BilingualMessage(
                        vietnamese: "Dòng \(line): hồ sơ \(code) đã tồn tại với nội dung tiếp nhận khác.",
                        english: "Line \(line): dossier \(code) already exists with a different receipt."
                    )
                )
            }
            let id = try rows.one().decode(Int.self, column: 0)
            touched[event.dossier] = ImportedDossier(
                id: id,
                agency: receipt.agency,
                originalDue: due,
                pausedSeconds: 0,
                endedAt: nil,
                resultReadyAt: nil,
                eventCount: 1,
                officeHours: hours
            )
            previousStates[event.dossier] = state
            summary.dossiers += 1
            summary.events += 1
            return
        }
        guard var dossier = touched[event.dossier] else {
            throw ImportError(
                lineNumber: line,
                message: BilingualMessage(vietnamese: "Dòng \(line): không có hồ sơ \(code).", english: "Line \(line): no dossier \(code).")
            )
        }
        let before = validatorStateBefore(event.dossier, after: state)
        let calendar = BusinessCalendar(days: workingDays, hours: dossier.officeHours)
        var change = ClockChange(pausedSeconds: dossier.pausedSeconds)
        change.apply(
            event,
            before: before,
            calendar: calendar,
            originalDue: dossier.originalDue,
            endedAt: dossier.endedAt,
            resultReadyAt: dossier.resultReadyAt
        )
        let sequence = dossier.eventCount + 1
        try await session.query(
            DossierStore.eventStatement(
                dossierID: dossier.id,
                event: event,
                before: before,
                after: state,
                change: change,
                sequence: sequence,
                idempotency: nil,
                idempotencyResource: nil
            )
        )
        dossier.eventCount = sequence
        dossier.pausedSeconds = change.pausedSeconds
        dossier.endedAt = dossier.endedAt ?? change.endedAt
        dossier.resultReadyAt = dossier.resultReadyAt ?? change.resultReadyAt
        touched[event.dossier] = dossier
        previousStates[event.dossier] = state
        summary.events += 1
    }

    /// The state before the event just validated: kept per dossier as the import goes.
    var previousStates: [DossierCode: DossierState] = [:]

    private mutating func validatorStateBefore(_ code: DossierCode, after state: DossierState) -> DossierState {
        previousStates[code] ?? lookups.state.withLock { $0.dossiers[code] } ?? .initial
    }
}
