public import CaseDomain
public import CaseStore
public import Foundation
import Logging
import Postgres
import Synchronization

/// Where the metrics worker stands, for `/ready`, Prometheus and `tthc worker`.
public struct MetricsWorkerStatus: Sendable, Equatable, Codable {
    /// The id of the last case-log event consumed (0 before the first batch).
    public var lastEventID: Int
    /// Events committed but not consumed yet, counted up to 100,000 (`/ready` asks for it often: a bigger lag reads as
    /// 100,000 and costs no more).
    public var lagEvents: Int
    /// Seconds since the first event not consumed yet, in log order, was recorded; 0 when caught up.
    public var lagSeconds: Double
    /// Events consumed since the last rebuild.
    public var eventsTotal: Int
    public var batchesTotal: Int
    /// When the checkpoint last moved (or a rebuild finished).
    public var updatedAt: Date
    /// The last full recomputation, if any.
    public var lastRebuildAt: Date?

    enum CodingKeys: String, CodingKey {
        case lastEventID = "last_event_id"
        case lagEvents = "lag_events"
        case lagSeconds = "lag_seconds"
        case eventsTotal = "events_total"
        case batchesTotal = "batches_total"
        case updatedAt = "updated_at"
        case lastRebuildAt = "last_rebuild_at"
    }
}

/// What one batch did.
public struct MetricsBatchOutcome: Sendable, Equatable {
    /// Events consumed (after a change of reference data: every event below the horizon, all recomputed).
    public var events: Int
    /// Dossiers whose facts were recomputed.
    public var dossiers: Int
    /// The reference data had changed, so every dossier was recomputed first.
    public var rebuilt: Bool
    /// Fewer events than the batch size were available below the transaction horizon.
    public var caughtUp: Bool
    /// Caught up, but committed events wait above the horizon (an older transaction, in any database of the
    /// cluster, is still open): no notification will come for them, so look again soon.
    public var heldBack: Bool = false
}

/// What a full recomputation did.
public struct MetricsRebuildSummary: Sendable, Equatable, Codable {
    public var dossiers: Int
    public var events: Int
    public var seconds: Double
}

/// The metrics projection in the database: reads the case log past the checkpoint with the transaction-horizon
/// cursor (DESIGN.md), recomputes the facts of the dossiers the events touch, and applies the change of their
/// contributions to the monthly aggregates — all with the new checkpoint in one transaction.
///
/// Facts are recomputed from a dossier's events, not accumulated from the new ones, so applying an event twice
/// changes nothing: the checkpoint guarantees each event is consumed once, and even a second worker or a rebuild
/// racing a batch could not double-count.
public struct MetricsProjectionStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    let cache: ReferenceSnapshotCache

    public init(database: Database) {
        self.client = database.client
        self.logger = database.logger
        self.cache = ReferenceSnapshotCache()
    }

    // MARK: - Batches

    /// Consumes up to `limit` events committed below the transaction horizon, in (tx, id) order.
    ///
    /// - Parameter commitDelay: a pause inside the transaction after every write and before COMMIT; only for tests
    ///   that kill the worker mid-batch.
    public func processBatch(limit: Int = 1000, commitDelay: Duration? = nil) async throws -> MetricsBatchOutcome {
        try await client.withRetryingTransaction { session in
            let checkpoint = try await session.query(
                "SELECT last_tx::text, last_id, reference_hash FROM metric_checkpoint WHERE id = 1 FOR UPDATE"
            ).one()
            let (lastTx, lastID, storedHash) = try checkpoint.decode((String, Int, String).self)
            let events = try await session.query(
                """
                SELECT e.id, e.tx::text AS tx_text, e.dossier_id FROM case_event e
                WHERE (e.tx, e.id) > (\(lastTx)::xid8, \(lastID)) AND e.tx < pg_snapshot_xmin(pg_current_snapshot())
                ORDER BY e.tx, e.id
                LIMIT \(max(1, limit))
                """
            ).decode((Int, String, Int).self)
            let references = try await self.references(session)
            if references.hash != storedHash {
                // Facts depend on the calendar, office hours and procedure versions: recompute them all, up to a
                // horizon at least as new as this batch's.
                logger.notice("reference data changed: recomputing every dossier", metadata: ["pending_events": "\(events.count)"])
                let result = try await recomputeEverything(session, references: references)
                try await session.query("UPDATE metric_checkpoint SET reference_hash = \(references.hash) WHERE id = 1")
                return MetricsBatchOutcome(events: result.events, dossiers: result.dossiers, rebuilt: true, caughtUp: false)
            }
            guard let last = events.last else {
                let waiting = try await session.query(
                    "SELECT EXISTS (SELECT 1 FROM case_event e WHERE (e.tx, e.id) > (\(lastTx)::xid8, \(lastID)))"
                ).one().decode(Bool.self, column: 0)
                return MetricsBatchOutcome(events: 0, dossiers: 0, rebuilt: false, caughtUp: true, heldBack: waiting)
            }
            var dossiers = Set<Int>()
            for event in events { dossiers.insert(event.2) }
            do {
                try await apply(dossiers: Array(dossiers).sorted(), session: session, references: references)
            } catch let error as UnreadableFacts {
                // Facts stored by another version of the program: start over from the log (same transaction).
                logger.warning("stored facts cannot be read; recomputing every dossier", metadata: ["dossier_id": "\(error.dossierID)"])
                let result = try await recomputeEverything(session, references: references)
                return MetricsBatchOutcome(events: result.events, dossiers: result.dossiers, rebuilt: true, caughtUp: false)
            }
            try await session.query(
                """
                UPDATE metric_checkpoint SET last_tx = \(last.1)::xid8, last_id = \(last.0), events_total = events_total + \(events.count),
                    batches_total = batches_total + 1, updated_at = now()
                WHERE id = 1
                """
            )
            if let commitDelay { try await Task.sleep(for: commitDelay) }
            return MetricsBatchOutcome(events: events.count, dossiers: dossiers.count, rebuilt: false, caughtUp: events.count < limit)
        }
    }

    /// The newest event visible now, as (tx, id); nil for an empty log.
    public func newestCommittedEvent() async throws -> (tx: String, id: Int)? {
        // Ordered by the xid8 column, not by its text (an output column named `tx` would win in ORDER BY).
        let rows = try await client.query("SELECT e.tx::text AS tx_text, e.id FROM case_event e ORDER BY e.tx DESC, e.id DESC LIMIT 1")
        guard let row = rows.first else { return nil }
        let (tx, id) = try row.decode((String, Int).self)
        return (tx, id)
    }

    /// Whether the checkpoint has reached `event` (an event seen by ``newestCommittedEvent()``).
    public func hasConsumed(_ event: (tx: String, id: Int)) async throws -> Bool {
        try await client.query(
            "SELECT (last_tx, last_id) >= (\(event.tx)::xid8, \(event.id)) FROM metric_checkpoint WHERE id = 1"
        ).one().decode(Bool.self, column: 0)
    }

    // MARK: - Rebuild

    /// Recomputes every metric from the whole case log in one transaction, and records it in `metric_rebuild`.
    /// Batches of a running worker wait for it (they lock the checkpoint row) and then carry on from its checkpoint.
    @discardableResult
    public func rebuild(reason: String) async throws -> MetricsRebuildSummary {
        let started = Date()
        let clock = ContinuousClock()
        let begin = clock.now
        let summary = try await client.withRetryingTransaction(isolation: .repeatableRead) { session in
            // Lock before the first snapshot is taken, so the snapshot sees the last batch that ran before us.
            try await session.query("LOCK TABLE metric_checkpoint IN EXCLUSIVE MODE")
            let references = try await self.references(session)
            let result = try await recomputeEverything(session, references: references)
            try await session.query(
                """
                INSERT INTO metric_rebuild (reason, started_at, dossiers, events, last_tx, last_id)
                SELECT \(reason), \(started), \(result.dossiers), \(result.events), last_tx, last_id FROM metric_checkpoint WHERE id = 1
                """
            )
            try await session.query("UPDATE metric_checkpoint SET reference_hash = \(references.hash) WHERE id = 1")
            return result
        }
        let elapsed = clock.now - begin
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        logger.notice(
            "metrics rebuilt",
            metadata: ["reason": "\(reason)", "dossiers": "\(summary.dossiers)", "events": "\(summary.events)", "seconds": "\(seconds)"]
        )
        return MetricsRebuildSummary(dossiers: summary.dossiers, events: summary.events, seconds: seconds)
    }

    /// Empties the projection, recomputes every dossier with an event below the horizon, and moves the checkpoint
    /// to the newest of those events.
    private func recomputeEverything(_ session: PostgresSession, references: ProjectionReferences) async throws -> (dossiers: Int, events: Int) {
        try await session.query("DELETE FROM metric_month")
        try await session.query("DELETE FROM metric_dossier")
        let horizon = try await session.query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text").one().decode(String.self, column: 0)
        let newest = try await session.query(
            """
            SELECT e.tx::text AS tx_text, e.id, (SELECT count(*) FROM case_event c WHERE c.tx < \(horizon)::xid8)
            FROM case_event e WHERE e.tx < \(horizon)::xid8 ORDER BY e.tx DESC, e.id DESC LIMIT 1
            """
        )
        guard let row = newest.first else {
            try await session.query(
                "UPDATE metric_checkpoint SET last_tx = '0', last_id = 0, events_total = 0, batches_total = 0, updated_at = now() WHERE id = 1"
            )
            return (0, 0)
        }
        let (lastTx, lastID, events) = try row.decode((String, Int, Int).self)
        // The dossiers in chunks, by keyset: memory stays that of one chunk whatever the size of the log.
        var dossiers = 0
        var after = 0
        var totals: [MetricsProjection.Key: MetricsProjection.Count] = [:]
        while true {
            let chunk = try await session.query(
                """
                SELECT DISTINCT dossier_id FROM case_event WHERE tx < \(horizon)::xid8 AND dossier_id > \(after)
                ORDER BY dossier_id LIMIT 500
                """
            ).decode(Int.self)
            guard let last = chunk.last else { break }
            let delta = try await apply(dossiers: chunk, session: session, references: references, fresh: true, writingAggregates: false)
            for (key, count) in delta { totals[key, default: .init()] = totals[key, default: .init()] + count }
            dossiers += chunk.count
            after = last
        }
        try await write(deltas: totals, session: session)
        try await session.query(
            """
            UPDATE metric_checkpoint SET last_tx = \(lastTx)::xid8, last_id = \(lastID), events_total = \(events), batches_total = 0,
                updated_at = now()
            WHERE id = 1
            """
        )
        return (dossiers, events)
    }

    // MARK: - Applying dossiers

    /// Recomputes the facts of `dossiers` from all their events and applies the change of their contributions.
    /// `fresh`: the projection holds nothing of them (a rebuild), so there is nothing old to read or subtract.
    /// Returns the change of the monthly aggregates; with `writingAggregates: false` it is only returned (a rebuild
    /// sums the changes of all its chunks and writes them once, at its end).
    @discardableResult
    private func apply(
        dossiers: [Int],
        session: PostgresSession,
        references: ProjectionReferences,
        fresh: Bool = false,
        writingAggregates: Bool = true
    ) async throws -> [MetricsProjection.Key: MetricsProjection.Count] {
        guard !dossiers.isEmpty else { return [:] }
        var old: [Int: DossierFacts] = [:]
        if !fresh {
            for row in try await session.query("SELECT dossier_id, facts::text FROM metric_dossier WHERE dossier_id = ANY(\(dossiers))") {
                let (id, json) = try row.decode((Int, String).self)
                do {
                    old[id] = try MetricsProjection.decodeFacts(json)
                } catch {
                    throw UnreadableFacts(dossierID: id)
                }
            }
        }
        let events = try await factEvents(of: dossiers, session: session)

        var rows: [MetricsProjection.Row] = []
        var deltas: [MetricsProjection.Key: MetricsProjection.Count] = [:]
        for id in dossiers {
            guard let list = events[id], let lastEvent = list.last else { continue }
            let facts: DossierFacts
            do {
                facts = try DossierFacts(events: list, catalog: references.catalog, calendar: references.calendar(forReceiptOf: list))
            } catch {
                // Only an inconsistent log gets here (the state machine admitted every event); skipping one dossier
                // keeps every other metric current, and the error says which one to look at.
                logger.error(
                    "cannot compute the facts of a dossier; it is left out of the metrics",
                    metadata: ["dossier_id": "\(id)", "error": "\(error)"]
                )
                continue
            }
            let calendar = references.calendar(agency: facts.agency)
            var delta = MetricsProjection.contribution(of: facts, calendar: calendar)
            if let previous = old[id] {
                delta = MetricsProjection.delta(
                    from: MetricsProjection.contribution(of: previous, calendar: references.calendar(agency: previous.agency)),
                    to: delta
                )
            }
            for (key, count) in delta { deltas[key, default: .init()] = deltas[key, default: .init()] + count }
            rows.append(MetricsProjection.Row(dossierID: id, facts: facts, lastEventAt: lastEvent.at, calendar: calendar))
        }
        if !rows.isEmpty {
            let json = ProjectionJSONWriter.rows(rows)
            try await session.query(
                """
                INSERT INTO metric_dossier (dossier_id, code, agency_code, procedure_code, channel, received_at, due_at, end_at, end_late,
                    end_apologized_in_time, last_event_at, written_result, fee, components_digitized_at, reused_at, paid_online_at,
                    result_ready_at, result_electronic_at, return_at, return_channel, facts, updated_at)
                SELECT r.dossier_id, r.code, r.agency_code, r.procedure_code, r.channel, r.received_at, r.due_at, r.end_at, r.end_late,
                    r.end_apologized_in_time, r.last_event_at, r.written_result, r.fee, r.components_digitized_at, r.reused_at,
                    r.paid_online_at, r.result_ready_at, r.result_electronic_at, r.return_at, r.return_channel, r.facts, now()
                FROM json_to_recordset(\(json)::json) AS r(dossier_id bigint, code text, agency_code text, procedure_code text,
                    channel text, received_at timestamptz, due_at timestamptz, end_at timestamptz, end_late boolean,
                    end_apologized_in_time boolean, last_event_at timestamptz, written_result boolean, fee bigint,
                    components_digitized_at timestamptz, reused_at timestamptz, paid_online_at timestamptz, result_ready_at timestamptz,
                    result_electronic_at timestamptz, return_at timestamptz[], return_channel text[], facts json)
                ON CONFLICT (dossier_id) DO UPDATE SET code = EXCLUDED.code, agency_code = EXCLUDED.agency_code,
                    procedure_code = EXCLUDED.procedure_code, channel = EXCLUDED.channel, received_at = EXCLUDED.received_at,
                    due_at = EXCLUDED.due_at, end_at = EXCLUDED.end_at, end_late = EXCLUDED.end_late,
                    end_apologized_in_time = EXCLUDED.end_apologized_in_time, last_event_at = EXCLUDED.last_event_at,
                    written_result = EXCLUDED.written_result, fee = EXCLUDED.fee, components_digitized_at = EXCLUDED.components_digitized_at,
                    reused_at = EXCLUDED.reused_at, paid_online_at = EXCLUDED.paid_online_at, result_ready_at = EXCLUDED.result_ready_at,
                    result_electronic_at = EXCLUDED.result_electronic_at, return_at = EXCLUDED.return_at,
                    return_channel = EXCLUDED.return_channel, facts = EXCLUDED.facts, updated_at = EXCLUDED.updated_at
                """
            )
        }
        if writingAggregates { try await write(deltas: deltas, session: session) }
        return deltas
    }

    /// The events of `dossiers` (oldest first), with the fields the facts use, read by PostgreSQL from the stored
    /// payloads. The log holds only events that were decoded, validated and accepted by the state machine when they
    /// were written, so they are not decoded and validated again here: parsing every payload in full was most of the
    /// time of a rebuild (bench/README.md). Timestamps are taken from the payloads' own texts, as integers of
    /// microseconds, so that they are bit-identical to what ``CaseLogDecoder`` gives for the same text. Fields the
    /// facts do not use (applicant, reasons, actors, amounts) are left out.
    func factEvents(of dossiers: [Int], session: PostgresSession) async throws -> [Int: [CaseEvent]] {
        let rows = try await session.query(
            """
            SELECT e.dossier_id, e.type, (extract(epoch FROM (e.payload->>'at')::timestamptz) * 1000000)::int8,
                CASE WHEN e.type = 'received' THEN e.payload->>'dossier' END,
                e.payload->>'agency', e.payload->>'procedure', e.payload->>'channel', (e.payload->>'fee')::int8,
                (extract(epoch FROM (e.payload->>'due')::timestamptz) * 1000000)::int8,
                coalesce((e.payload->>'online')::boolean, false), e.payload->>'component',
                coalesce((e.payload->>'reused')::boolean, false),
                (extract(epoch FROM (e.payload->>'new_due')::timestamptz) * 1000000)::int8,
                coalesce((e.payload->>'electronic')::boolean, false),
                CASE WHEN e.type = 'received' THEN
                    ARRAY(SELECT c->>'code' FROM jsonb_array_elements(e.payload->'components') c) END,
                CASE WHEN e.type = 'received' THEN
                    ARRAY(SELECT (c->>'digitized')::boolean::int FROM jsonb_array_elements(e.payload->'components') c) END,
                CASE WHEN e.type = 'received' THEN
                    ARRAY(SELECT (c->>'reused')::boolean::int FROM jsonb_array_elements(e.payload->'components') c) END
            FROM case_event e WHERE e.dossier_id = ANY(\(dossiers)) ORDER BY e.dossier_id, e.dossier_seq
            """
        )
        var result: [Int: [CaseEvent]] = [:]
        var currentID = -1
        var currentCode: DossierCode?
        for row in rows {
            let id = try row.decode(Int.self, column: 0)
            let type = try row.decode(String.self, column: 1)
            let at = try row.decode(Int64.self, column: 2)
            let codeText = try row.decode(String?.self, column: 3)
            let agency = try row.decode(String?.self, column: 4)
            let procedure = try row.decode(String?.self, column: 5)
            let channel = try row.decode(String?.self, column: 6)
            let fee = try row.decode(Int64?.self, column: 7)
            let due = try row.decode(Int64?.self, column: 8)
            let online = try row.decode(Bool.self, column: 9)
            let component = try row.decode(String?.self, column: 10)
            let reused = try row.decode(Bool.self, column: 11)
            let newDue = try row.decode(Int64?.self, column: 12)
            let electronic = try row.decode(Bool.self, column: 13)
            if id != currentID {
                currentID = id
                currentCode = codeText.flatMap { try? DossierCode.parse($0) }
                if currentCode == nil {
                    // Only an inconsistent log gets here; the dossier is left out, as in `apply`.
                    logger.error(
                        "the first event of a dossier is not a readable receipt; it is left out of the metrics",
                        metadata: ["dossier_id": "\(id)"]
                    )
                }
            }
            guard let code = currentCode, let eventType = CaseEventType(rawValue: type) else { continue }
            let moment = CaseLogTimestamp.date(unixMicroseconds: at)
            let kind: CaseEventKind
            switch eventType {
            case .received:
                let codes = try row.decode([String].self, column: 14)
                let digitized = try row.decode([Int].self, column: 15)
                let reusedFlags = try row.decode([Int].self, column: 16)
                let components = codes.indices.map { ComponentRecord(code: codes[$0], digitized: digitized[$0] != 0, reused: reusedFlags[$0] != 0) }
                kind = .received(
                    Receipt(
                        agency: agency ?? "",
                        procedure: procedure ?? "",
                        channel: Channel(rawValue: channel ?? "") ?? .direct,
                        applicant: Self.unusedApplicant,
                        components: components,
                        fee: fee.map { Int($0) },
                        due: due.map(CaseLogTimestamp.date(unixMicroseconds:))
                    )
                )
            case .processingStarted: kind = .processingStarted
            case .handedOver: kind = .handedOver(from: "", to: "")
            case .supplementRequested: kind = .supplementRequested(reason: "")
            case .supplementReceived: kind = .supplementReceived
            case .feeRequested: kind = .feeRequested(amount: 0)
            case .feePaid: kind = .feePaid(amount: 0, online: online)
            case .componentDigitized: kind = .componentDigitized(component: component ?? "", reused: reused)
            case .apologized:
                kind = .apologized(reason: "", newDue: newDue.map(CaseLogTimestamp.date(unixMicroseconds:)) ?? moment)
            case .resultReady: kind = .resultReady(electronic: electronic, resultCode: nil, sha256: nil)
            case .resultDigitized: kind = .resultDigitized(sha256: nil)
            case .returned: kind = .returned(channel: Channel(rawValue: channel ?? "") ?? .direct, tracking: nil)
            case .refused: kind = .refused(reason: "")
            case .withdrawn: kind = .withdrawn(reason: nil)
            case .stopped: kind = .stopped(reason: "")
            }
            result[id, default: []].append(CaseEvent(dossier: code, at: moment, kind: kind))
        }
        return result
    }

    /// The facts never read the applicant.
    private static let unusedApplicant = try! Applicant(name: "-", kind: .person)

    /// Adds `deltas` to `metric_month`.
    private func write(deltas: [MetricsProjection.Key: MetricsProjection.Count], session: PostgresSession) async throws {
        guard !deltas.isEmpty else { return }
        let changes = deltas.sorted { $0.key < $1.key }.map { MetricsProjection.MonthDelta($0.key, $0.value) }
        let json = String(decoding: try MetricsProjection.factsEncoder.encode(changes), as: UTF8.self)
        // Existing rows take the delta; missing rows are inserted whole. (Not INSERT … ON CONFLICT: PostgreSQL checks
        // the proposed row against the CHECK constraints before it finds the conflict, and a delta such as +1/0 is
        // not a valid row on its own.) Batches never run concurrently: they hold the checkpoint row lock.
        try await session.query(
            """
            WITH d AS (
                SELECT r.agency_code, r.procedure_code, r.month, r.metric, r.numerator, r.denominator
                FROM jsonb_to_recordset(\(json)::jsonb) AS r(agency_code text, procedure_code text, month date, metric text,
                    numerator bigint, denominator bigint)
            ), updated AS (
                UPDATE metric_month m SET numerator = m.numerator + d.numerator, denominator = m.denominator + d.denominator
                FROM d
                WHERE m.agency_code = d.agency_code AND m.month = d.month AND m.procedure_code = d.procedure_code AND m.metric = d.metric
                RETURNING m.agency_code, m.procedure_code, m.month, m.metric
            )
            INSERT INTO metric_month (agency_code, procedure_code, month, metric, numerator, denominator)
            SELECT d.agency_code, d.procedure_code, d.month, d.metric, d.numerator, d.denominator FROM d
            WHERE NOT EXISTS (
                SELECT 1 FROM updated u
                WHERE u.agency_code = d.agency_code AND u.month = d.month AND u.procedure_code = d.procedure_code AND u.metric = d.metric)
            """
        )
        // Rows that came back to 0/0 go, so that a rebuild and the batches leave identical tables.
        try await session.query(
            """
            DELETE FROM metric_month m USING jsonb_to_recordset(\(json)::jsonb) AS r(agency_code text, procedure_code text, month date,
                metric text)
            WHERE m.numerator = 0 AND m.denominator = 0 AND m.agency_code = r.agency_code AND m.month = r.month
                AND m.procedure_code = r.procedure_code AND m.metric = r.metric
            """
        )
    }

    // MARK: - Reference data

    func references(_ session: PostgresSession) async throws -> ProjectionReferences {
        try await cache.snapshot(session)
    }

    // MARK: - Status

    /// The checkpoint and the lag behind the case log.
    public func status(now: Date = Date()) async throws -> MetricsWorkerStatus {
        let row = try await client.query(
            """
            SELECT c.last_id, c.events_total, c.batches_total, c.updated_at,
                (SELECT count(*) FROM (SELECT 1 FROM case_event e WHERE (e.tx, e.id) > (c.last_tx, c.last_id) LIMIT 100000) AS pending),
                (SELECT e.recorded_at FROM case_event e WHERE (e.tx, e.id) > (c.last_tx, c.last_id) ORDER BY e.tx, e.id LIMIT 1),
                (SELECT max(r.finished_at) FROM metric_rebuild r)
            FROM metric_checkpoint c WHERE c.id = 1
            """
        ).one()
        let (lastID, events, batches, updatedAt, lagEvents, oldest, rebuiltAt) = try row.decode((Int, Int, Int, Date, Int, Date?, Date?).self)
        return MetricsWorkerStatus(
            lastEventID: lastID,
            lagEvents: lagEvents,
            lagSeconds: oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0,
            eventsTotal: events,
            batchesTotal: batches,
            updatedAt: updatedAt,
            lastRebuildAt: rebuiltAt
        )
    }
}

/// `metric_dossier.facts` in a shape this program cannot read (written by another version of it).
struct UnreadableFacts: Error {
    let dossierID: Int
}

typealias ProjectionReferences = ReferenceSnapshot
