import CaseDomain
import CaseMetrics
import CaseStore
import CaseTestSupport
import Foundation
import Postgres
import Testing

/// The `tthc worker` executable against a test database: killed with SIGKILL in the middle of a batch and restarted,
/// and two of them as active and standby.
@Suite("The worker process: crash in mid-batch, restart, standby takeover")
struct WorkerProcessTests {
    static let start = moment("2026-01-05T07:45:00+07:00")

    func seeded(_ label: String, dossiers: Int) async throws -> WorkerDatabase {
        let db = try await WorkerDatabase.make(label)
        try await db.importLog(LogGenerator.referenceLines(agency: "AG1", identifier: "000.00.31.H56"))
        // Record the reference data's fingerprint now, so the worker starts with incremental batches instead of
        // recomputing everything in its first transaction.
        _ = try await db.store.processBatch()
        try await db.importLog(
            try LogGenerator.lines(LogGenerator.scripts(seed: 7, agency: "AG1", count: dossiers, start: Self.start), identifier: "000.00.31.H56")
        )
        return db
    }

    /// Sessions of `name` inside a transaction that has written (it has a transaction id) and has lasted longer than an
    /// empty batch would: a batch waiting before its COMMIT.
    func writingSessions(_ db: WorkerDatabase, _ name: String) async throws -> Int {
        try await db.count(
            """
            SELECT count(*) FROM pg_stat_activity
            WHERE application_name = \(name) AND state = 'idle in transaction' AND backend_xid IS NOT NULL
                AND clock_timestamp() - xact_start > interval '300 milliseconds'
            """
        )
    }

    /// The application name of the session holding the active worker's advisory lock, if any.
    func lockHolder(_ db: WorkerDatabase) async throws -> String? {
        let key = MetricsWorker.lockKey
        let rows = try await db.db.client.query(
            """
            SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND l.classid = \(Int(key >> 32))::oid AND l.objid = \(Int(key & 0xffff_ffff))::oid
            """
        )
        return try rows.first?.decode(String.self, column: 0)
    }

    func checkpoint(_ db: WorkerDatabase) async throws -> Int {
        try await db.count("SELECT last_id FROM metric_checkpoint WHERE id = 1")
    }

    @Test("SIGKILL in the middle of a batch loses nothing and counts nothing twice once the worker restarts")
    func killedMidBatch() async throws {
        let db = try await seeded("kill", dossiers: 150)
        defer { Task { await db.shutdown() } }
        let events = try await db.count("SELECT count(*) FROM case_event")
        let environment = [
            "DATABASE_URL": conninfo(db.db.connectionString, applicationName: "tthc-killed"),
            "TTHC_WORKER_BATCH_SIZE": "60",
            "TTHC_WORKER_COMMIT_DELAY_MS": "1500",
        ]
        let child = try ChildProcess(["worker"], environment: environment)
        // Wait for one committed batch, then for the next batch to be in its transaction with its writes done.
        let firstBatch = try await eventually("a first batch") { try await checkpoint(db) > 0 }
        try #require(firstBatch, "\(child.errors)")
        let inBatch = try await eventually("a batch in progress") { try await writingSessions(db, "tthc-killed") > 0 }
        try #require(inBatch)
        let before = try await checkpoint(db)
        child.signal(SIGKILL)
        let status = await child.waitForExit()
        #expect(status == SIGKILL)
        // The server rolls the open batch back when the connection drops.
        let gone = try await eventually("the killed sessions to end") {
            try await db.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'tthc-killed'") == 0
        }
        try #require(gone)
        #expect(try await checkpoint(db) == before)
        #expect(before < (try await db.count("SELECT max(id) FROM case_event")))

        // More events arrive while no worker runs; then the worker catches up once.
        let more = try LogGenerator.lines(
            LogGenerator.scripts(seed: 8, agency: "AG1", count: 20, start: moment("2026-09-01T07:45:00+07:00")),
            identifier: "000.00.31.H56"
        )
        try await db.importLog(more)
        let rerun = try await ChildProcess.run(["worker", "--once"], environment: ["DATABASE_URL": db.db.connectionString])
        #expect(rerun.status == 0, "\(rerun.errors)")
        #expect(rerun.output.contains("còn chờ 0 sự kiện"), "\(rerun.output)")
        #expect(try await db.store.status().lagEvents == 0)
        #expect(try await db.count("SELECT events_total FROM metric_checkpoint") > events - 1)

        let incremental = try await db.projectionSnapshot()
        let oracle = try await Oracle.load(db.database)
        var problems: [String] = []
        for period in [
            ReportPeriod.year(2026), .quarter(2026, 1), .quarter(2026, 3), .month(2026, 1), .month(2026, 2), .month(2026, 3), .month(2026, 9),
        ] {
            let asOf = moment("2026-12-31T00:00:00+07:00")
            let metrics = try await db.reader.metrics(agency: "AG1", period: period, asOf: asOf, evidenceLimit: 3)
            problems += differences(metrics, oracle.counts(agency: "AG1", period: period, asOf: asOf), failingLimit: 3)
        }
        #expect(problems == [])
        try await db.worker().rebuild(reason: "compare")
        #expect(try await db.projectionSnapshot() == incremental)
    }

    @Test("one active worker per database; the standby takes over when the active one is killed; SIGTERM stops gracefully")
    func standbyTakesOver() async throws {
        let db = try await seeded("standby", dossiers: 40)
        defer { Task { await db.shutdown() } }
        let common = ["TTHC_WORKER_POLL_SECONDS": "0.2", "TTHC_WORKER_STANDBY_SECONDS": "0.2", "TTHC_WORKER_BATCH_SIZE": "25"]
        let a = try ChildProcess(
            ["worker"],
            environment: common.merging(["DATABASE_URL": conninfo(db.db.connectionString, applicationName: "tthc-a")]) { $1 }
        )
        let aActive = try await eventually("worker A to be active") { try await lockHolder(db) == "tthc-a" }
        try #require(aActive, "\(a.errors)")
        let b = try ChildProcess(
            ["worker"],
            environment: common.merging(["DATABASE_URL": conninfo(db.db.connectionString, applicationName: "tthc-b")]) { $1 }
        )
        let bConnected = try await eventually("worker B to connect") {
            try await db.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'tthc-b'") > 0
        }
        try #require(bConnected)
        let caughtUp = try await eventually("A to consume the log") { try await db.store.status().lagEvents == 0 }
        try #require(caughtUp)
        #expect(try await lockHolder(db) == "tthc-a")

        a.signal(SIGKILL)
        _ = await a.waitForExit()
        let bActive = try await eventually("B to take over") { try await lockHolder(db) == "tthc-b" }
        try #require(bActive, "\(b.errors)")

        // New events are consumed by B (woken by NOTIFY or its timer).
        let more = try LogGenerator.lines(
            LogGenerator.scripts(seed: 9, agency: "AG1", count: 15, start: moment("2026-03-02T07:45:00+07:00")),
            identifier: "000.00.31.H56"
        )
        try await db.importLog(more)
        let consumed = try await eventually("B to consume the new events") { try await db.store.status().lagEvents == 0 }
        #expect(consumed)

        b.signal(SIGTERM)
        #expect(await b.waitForExit() == 0, "\(b.errors)")
        #expect(b.errors.contains("metrics worker stopped"), "\(b.errors)")
        // The lock goes with B's session (unlocked, and closed as the process ends).
        let released = try await eventually("the lock to be released") { try await lockHolder(db) == nil }
        #expect(released, "\(b.errors)")

        let incremental = try await db.projectionSnapshot()
        try await db.worker().rebuild(reason: "compare")
        #expect(try await db.projectionSnapshot() == incremental)
    }
}
