public import CaseStore
import Foundation
public import Logging
import Metrics
import Postgres
public import ServiceLifecycle

/// How the worker runs (read by `tthc`'s configuration from `TTHC_WORKER_*`).
public struct MetricsWorkerConfiguration: Sendable, Equatable {
    /// `TTHC_WORKER_BATCH_SIZE`: events per batch (default 1000).
    public var batchSize: Int
    /// `TTHC_WORKER_POLL_SECONDS`: the timer that wakes the worker when no notification came (default 10 s).
    public var pollInterval: Duration
    /// `TTHC_WORKER_STANDBY_SECONDS`: how often a standby tries to become the active worker (default 2 s).
    public var standbyInterval: Duration
    /// `TTHC_WORKER_COMMIT_DELAY_MS`: a pause inside each batch's transaction before COMMIT. Only for crash tests
    /// that kill the worker mid-batch; never set it in production.
    public var commitDelay: Duration?

    public init(
        batchSize: Int = 1000,
        pollInterval: Duration = .seconds(10),
        standbyInterval: Duration = .seconds(2),
        commitDelay: Duration? = nil
    ) {
        self.batchSize = max(1, batchSize)
        self.pollInterval = pollInterval
        self.standbyInterval = standbyInterval
        self.commitDelay = commitDelay
    }
}

/// The metrics worker (docs/metrics.md): keeps the metrics projection up to date with the case log.
///
/// As a `Service` it runs until graceful shutdown (or cancellation), which lets the batch in hand finish. One worker
/// per database is active: it holds a PostgreSQL advisory lock on a session of its own; the others are standbys that
/// try to take the lock every `standbyInterval` and so take over when the active one dies (its session ends and
/// the server releases the lock). The active worker is woken by `NOTIFY case_event` and by a timer. Correctness does
/// not rest on the lock: every batch locks the checkpoint row, so two workers could only take turns.
public final class MetricsWorker: Service, Sendable {
    /// The advisory lock key of the active worker ("tthcwork").
    public static let lockKey: Int64 = 0x7474_6863_776f_726b

    let database: Database
    let store: MetricsProjectionStore
    let configuration: MetricsWorkerConfiguration
    let logger: Logger

    public init(database: Database, configuration: MetricsWorkerConfiguration = MetricsWorkerConfiguration(), logger: Logger? = nil) {
        self.database = database
        self.store = MetricsProjectionStore(database: database)
        self.configuration = configuration
        self.logger = logger ?? Logger(label: "tthc.worker")
    }

    // MARK: - One-shot modes

    /// Processes every event committed before the call and returns (`tthc worker --once`). When an older transaction
    /// is still open the horizon holds the newest events back; the call waits for it.
    @discardableResult
    public func processAvailable() async throws -> (events: Int, batches: Int) {
        var events = 0
        var batches = 0
        let target = try await store.newestCommittedEvent()
        // At least one batch, even on an empty log: it also notices (and records) changed reference data.
        var outcome = try await runBatch()
        var waited = false
        while true {
            events += outcome.events
            if outcome.events > 0 { batches += 1 }
            guard let target, try await !store.hasConsumed(target) else { break }
            if outcome.events == 0 && !outcome.rebuilt {
                if !waited {
                    logger.notice("waiting for an older open transaction to finish before the newest events can be read")
                    waited = true
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            outcome = try await runBatch()
        }
        return (events, batches)
    }

    /// Recomputes every metric from the whole case log and records it (`tthc worker --rebuild`).
    @discardableResult
    public func rebuild(reason: String = "requested") async throws -> MetricsRebuildSummary {
        let summary = try await store.rebuild(reason: reason)
        Counter(label: "tthc_worker_rebuilds_total").increment()
        return summary
    }

    // MARK: - Service

    public func run() async throws {
        let doorbell = Doorbell()
        await withTaskCancellationOrGracefulShutdownHandler {
            await runUntilStopped(doorbell)
        } onCancelOrGracefulShutdown: {
            doorbell.stop()
        }
        logger.info("metrics worker stopped")
    }

    private func runUntilStopped(_ doorbell: Doorbell) async {
        // A session of its own for the lock: a pooled connection could be replaced under us, releasing the lock.
        let lockClient = PostgresClient(
            configuration: PostgresConfiguration(conninfo: database.client.configuration.conninfo, maximumConnections: 1),
            logger: logger
        )
        var announcedStandby = false
        while !doorbell.isStopped {
            var acquired = false
            do {
                try await lockClient.withConnection { session in
                    acquired = try await session.query("SELECT pg_try_advisory_lock(\(Self.lockKey))").one().decode(Bool.self, column: 0)
                    guard acquired else { return }
                    logger.notice("metrics worker is active", metadata: ["lock_session_pid": "\(session.backendPID)"])
                    announcedStandby = false
                    Gauge(label: "tthc_worker_active").record(1)
                    defer { Gauge(label: "tthc_worker_active").record(0) }
                    await work(lockSession: session, doorbell: doorbell)
                    _ = try? await session.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
                }
            } catch {
                logger.warning("metrics worker lost its lock session; standing by", metadata: ["error": "\(error)"])
            }
            if !acquired, !announcedStandby {
                logger.notice("another metrics worker is active; standing by")
                announcedStandby = true
            }
            if !doorbell.isStopped { await doorbell.wait(timeout: configuration.standbyInterval, wakeOnRing: false) }
        }
        await lockClient.shutdown()
    }

    /// The active worker's loop: drain, then wait for a notification or the timer. Returns when stopped or when the
    /// lock session fails (the lock may be gone).
    private func work(lockSession: PostgresSession, doorbell: Doorbell) async {
        let client = database.client
        let listener = Task {
            for await _ in client.listen(to: ["case_event"]) { doorbell.ring() }
        }
        defer { listener.cancel() }
        var failures = 0
        while !doorbell.isStopped {
            do {
                try await lockSession.query("SELECT 1")
            } catch {
                logger.warning("the lock session failed", metadata: ["error": "\(error)"])
                return
            }
            do {
                var heldBack = false
                while !doorbell.isStopped {
                    let outcome = try await runBatch()
                    heldBack = outcome.heldBack
                    if outcome.caughtUp { break }
                }
                failures = 0
                // Events held back by an open transaction come with no further notification: look again soon.
                await doorbell.wait(
                    timeout: heldBack ? min(configuration.pollInterval, .milliseconds(250)) : configuration.pollInterval,
                    wakeOnRing: true
                )
            } catch {
                if doorbell.isStopped || Task.isCancelled { return }
                failures += 1
                let delay = Duration.milliseconds(min(30_000, 250 * (1 << min(failures, 7))))
                logger.error("metrics batch failed; retrying", metadata: ["error": "\(String(reflecting: error))", "retry_in": "\(delay)"])
                Counter(label: "tthc_worker_batch_failures_total").increment()
                await doorbell.wait(timeout: delay, wakeOnRing: false)
            }
        }
    }

    private func runBatch() async throws -> MetricsBatchOutcome {
        let start = ContinuousClock.now
        let outcome = try await store.processBatch(limit: configuration.batchSize, commitDelay: configuration.commitDelay)
        let elapsed = ContinuousClock.now - start
        Timer(label: "tthc_worker_batch_duration_seconds").recordNanoseconds(
            elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        )
        if outcome.events > 0 {
            Counter(label: "tthc_worker_events_total").increment(by: outcome.events)
            Counter(label: "tthc_worker_batches_total").increment()
            logger.debug("metrics batch", metadata: ["events": "\(outcome.events)", "dossiers": "\(outcome.dossiers)"])
        }
        if outcome.rebuilt {
            Counter(label: "tthc_worker_rebuilds_total").increment()
            logger.notice("metrics recomputed after a change of reference data", metadata: ["dossiers": "\(outcome.dossiers)"])
        }
        return outcome
    }
}
