import CaseDomain
import CaseMetrics
import CaseStore
import CaseTestSupport
import Foundation
import Logging
import Postgres
import Testing

/// The worker runs while concurrent transactions append thousands of events, one of them holding its transaction
/// open so that events with lower ids commit after events with higher ids; at the end the incremental projection
/// equals a full rebuild and the oracle.
@Suite("The worker under concurrent writers")
struct ConcurrencyTests {
    static let agencies = [("AG1", "000.00.31.H56"), ("AG2", "000.00.32.H56"), ("IMP", "000.00.33.H56"), ("IMQ", "000.00.34.H56")]
    static let start = moment("2026-01-05T07:45:00+07:00")

    @Test("late commits are not skipped, nothing is counted twice, and incremental equals rebuild and oracle")
    func concurrentWriters() async throws {
        let db = try await WorkerDatabase.make("concurrency", poolSize: 10)
        defer { Task { await db.shutdown() } }
        try await db.importLog(Self.agencies.flatMap { LogGenerator.referenceLines(agency: $0.0, identifier: $0.1) })

        var logger = Logger(label: "tthc.worker")
        logger.logLevel = .warning
        let worker = MetricsWorker(
            database: db.database,
            configuration: MetricsWorkerConfiguration(batchSize: 40, pollInterval: .milliseconds(200), standbyInterval: .milliseconds(200)),
            logger: logger
        )
        let running = Task { try await worker.run() }

        let store = DossierStore(database: db.database)
        // Some events commit before the long transaction starts.
        let early = LogGenerator.scripts(seed: 1, agency: "AG1", count: 30, start: Self.start)
        var written = try await LogGenerator.apply(early, store: store)

        // The long transaction: an import that writes its first batch of 500 lines, then waits at the gate.
        let gate = Gate()
        let gatedLines = try LogGenerator.lines(
            LogGenerator.scripts(seed: 2, agency: "IMP", count: 110, start: Self.start),
            identifier: "000.00.33.H56"
        )
        #expect(gatedLines.count > 520)
        let importer = CaseLogImporter(database: db.database, batchSize: 500)
        let longImport = Task { try await importer.importLines(GatedLines(lines: gatedLines, gateAt: 520, gate: gate)) }
        await gate.waitForArrival()

        // Meanwhile, other transactions append and commit: four writers through the dossier store, one more import.
        do {
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        let agency = writer % 2 == 0 ? "AG1" : "AG2"
                        let scripts = LogGenerator.scripts(
                            seed: UInt64(10 + writer),
                            agency: agency,
                            count: 45,
                            start: Self.start.addingTimeInterval(Double(writer) * 86_400)
                        )
                        return try await LogGenerator.apply(scripts, store: store)
                    }
                }
                group.addTask {
                    let lines = try LogGenerator.lines(
                        LogGenerator.scripts(seed: 3, agency: "IMQ", count: 60, start: Self.start),
                        identifier: "000.00.34.H56"
                    )
                    return try await CaseLogImporter(database: db.database, batchSize: 100).importLines(
                        GatedLines(lines: lines, gateAt: -1, gate: Gate())
                    )
                    .events
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            written += counts.reduce(0, +)

            // While the import is open the worker may consume only what lies below its transaction: drain what it can…
            while try await !db.store.processBatch(limit: 100).caughtUp {}
            // …and it has not gone past the open transaction although events with higher ids are committed.
            let visibleMax = try await db.count("SELECT max(id) FROM case_event")
            let checkpointID = try await db.count("SELECT last_id FROM metric_checkpoint")
            #expect(visibleMax > checkpointID)
            let pending = try await db.count(
                "SELECT count(*) FROM case_event e, metric_checkpoint c WHERE (e.tx, e.id) > (c.last_tx, c.last_id)"
            )
            #expect(pending > 0)
            await gate.release()
            let imported = try await longImport.value
            written += imported.events
            // The long import's events have lower ids than events committed before it: commits out of id order.
            let importMinID = try await db.count(
                "SELECT min(e.id) FROM case_event e JOIN dossier d ON d.id = e.dossier_id WHERE d.agency_code = 'IMP'"
            )
            #expect(importMinID < visibleMax)
        } catch {
            await gate.release()
            _ = try? await longImport.value
            running.cancel()
            throw error
        }

        #expect(written == (try await db.count("SELECT count(*) FROM case_event")))
        #expect(written > 2000)
        try await db.catchUp()
        running.cancel()
        try await running.value
        #expect(try await db.store.status().lagEvents == 0)

        let incremental = try await db.projectionSnapshot()
        let oracle = try await Oracle.load(db.database)
        var problems: [String] = []
        for asOf in [moment("2026-02-10T10:00:00+07:00"), moment("2026-04-01T00:00:00+07:00"), moment("2027-01-01T00:00:00+07:00")] {
            let ranges: [ReportPeriod] = [
                .year(2026), .quarter(2026, 1), .quarter(2026, 2), .month(2026, 1), .month(2026, 2), .month(2026, 3), .month(2026, 4),
            ]
            for period in ranges {
                for (agency, _) in Self.agencies {
                    let metrics = try await db.reader.metrics(agency: agency, period: period, asOf: asOf, evidenceLimit: 4)
                    problems += differences(metrics, oracle.counts(agency: agency, period: period, asOf: asOf), failingLimit: 4)
                }
            }
        }
        #expect(problems == [])

        try await db.worker().rebuild(reason: "compare")
        #expect(try await db.projectionSnapshot() == incremental)
    }
}
