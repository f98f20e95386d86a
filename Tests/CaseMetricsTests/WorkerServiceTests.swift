import CaseDomain
import CaseMetrics
import CaseStore
import CaseTestSupport
import Foundation
import Logging
import Postgres
import ServiceLifecycle
import Testing

/// The worker as a `Service` in a `ServiceGroup`: woken by NOTIFY, and a graceful shutdown lets the batch in hand
/// commit.
@Suite("The worker as a service")
struct WorkerServiceTests {
    static let start = moment("2026-01-05T07:45:00+07:00")

    func seeded(_ label: String) async throws -> WorkerDatabase {
        let db = try await WorkerDatabase.make(label)
        try await db.importLog(LogGenerator.referenceLines(agency: "AG1", identifier: "000.00.31.H56"))
        _ = try await db.store.processBatch()
        return db
    }

    func quietLogger() -> Logger {
        var logger = Logger(label: "tthc.worker")
        logger.logLevel = .warning
        return logger
    }

    @Test("a NOTIFY from the case log wakes the worker long before its timer would")
    func wokenByNotify() async throws {
        let db = try await seeded("service-notify")
        defer { Task { await db.shutdown() } }
        // A timer of ten minutes: within this test only a notification can wake the worker.
        let worker = MetricsWorker(
            database: db.database,
            configuration: MetricsWorkerConfiguration(pollInterval: .seconds(600)),
            logger: quietLogger()
        )
        let group = ServiceGroup(services: [worker], logger: quietLogger())
        let running = Task { try await group.run() }
        let active = try await eventually("the worker to take its lock") {
            try await db.count(
                """
                SELECT count(*) FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """
            ) == 1
        }
        try #require(active)
        // Let the worker reach its wait (the first drain found nothing).
        let idle = try await eventually("the worker to listen") {
            try await db.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'") == 1
        }
        try #require(idle)
        try await db.importLog(
            try LogGenerator.lines(LogGenerator.scripts(seed: 21, agency: "AG1", count: 10, start: Self.start), identifier: "000.00.31.H56")
        )
        let consumed = try await eventually("the new events to be consumed", limit: .seconds(60)) {
            let status = try await db.store.status()
            return status.lagEvents == 0 && status.lastEventID > 0
        }
        #expect(consumed)
        await group.triggerGracefulShutdown()
        try await running.value
    }

    @Test("graceful shutdown lets the batch in hand commit, then the worker stops")
    func gracefulShutdownFinishesTheBatch() async throws {
        let db = try await seeded("service-graceful")
        defer { Task { await db.shutdown() } }
        try await db.importLog(
            try LogGenerator.lines(LogGenerator.scripts(seed: 22, agency: "AG1", count: 30, start: Self.start), identifier: "000.00.31.H56")
        )
        let newest = try #require(try await db.store.newestCommittedEvent())
        let worker = MetricsWorker(
            database: db.database,
            configuration: MetricsWorkerConfiguration(batchSize: 10_000, commitDelay: .milliseconds(800)),
            logger: quietLogger()
        )
        let group = ServiceGroup(services: [worker], logger: quietLogger())
        let running = Task { try await group.run() }
        // A batch has written its changes and waits before COMMIT (a transaction older than 300 ms: an empty batch
        // takes milliseconds)…
        let inBatch = try await eventually("a batch to be in its transaction") {
            try await db.count(
                """
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND state = 'idle in transaction' AND backend_xid IS NOT NULL
                    AND clock_timestamp() - xact_start > interval '300 milliseconds'
                """
            ) == 1
        }
        try #require(inBatch)
        let before = try await db.count("SELECT last_id FROM metric_checkpoint")
        #expect(try await db.store.hasConsumed(newest) == false)
        // …when the shutdown comes: the batch in hand still commits, and run() returns.
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(try await db.count("SELECT last_id FROM metric_checkpoint") > before)
        #expect(
            try await db.count(
                """
                SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'
                """
            ) == 0
        )
        let released = try await eventually("the lock to be released") {
            try await db.count(
                """
                SELECT count(*) FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """
            ) == 0
        }
        #expect(released)
    }
}
