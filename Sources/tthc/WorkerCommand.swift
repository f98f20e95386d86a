import ArgumentParser
import CaseMetrics
import CaseStore
import Foundation
import Logging
import Postgres
import ServiceLifecycle
import UnixSignals

/// `tthc worker`: the metrics worker alone (for deployments that run API replicas with `serve --no-worker`).
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Keep the metrics up to date with the case log (until SIGINT or SIGTERM), or catch up once, or rebuild.",
        discussion: """
            Without options the worker runs until stopped; one worker per database is active, others stand by and \
            take over when it dies. Settings: TTHC_WORKER_BATCH_SIZE, TTHC_WORKER_POLL_SECONDS, TTHC_WORKER_STANDBY_SECONDS.
            """
    )

    @Flag(help: "Process every event committed so far, then exit.")
    var once = false

    @Flag(help: "Recompute every metric from the whole case log (recorded in metric_rebuild), then exit.")
    var rebuild = false

    func validate() throws {
        if once && rebuild { throw ValidationError("--once and --rebuild are separate runs; give one of them") }
    }

    func run() async throws {
        let environment = try CommandEnvironment()
        let logger = environment.logger
        let workerConfiguration = environment.configuration.worker
        try await environment.withDatabase(poolSize: 2) { database, _ in
            var workerLogger = logger
            workerLogger[metadataKey: "service"] = "worker"
            let worker = MetricsWorker(database: database, configuration: workerConfiguration, logger: workerLogger)
            if rebuild {
                let summary = try await worker.rebuild(reason: "tthc worker --rebuild")
                print(
                    "Đã tính lại toàn bộ chỉ số: \(summary.dossiers) hồ sơ, \(summary.events) sự kiện, "
                        + String(format: "%.2f s (%.0f sự kiện/s).", summary.seconds, Double(summary.events) / max(summary.seconds, 0.001))
                )
            } else if once {
                let result = try await worker.processAvailable()
                let status = try await MetricsProjectionStore(database: database).status()
                print("Đã xử lý \(result.events) sự kiện trong \(result.batches) lô; còn chờ \(status.lagEvents) sự kiện.")
            } else {
                let group = ServiceGroup(
                    configuration: .init(
                        services: [.init(service: database.client), .init(service: worker)],
                        gracefulShutdownSignals: [.sigterm, .sigint],
                        logger: logger
                    )
                )
                try await group.run()
            }
        }
    }
}
