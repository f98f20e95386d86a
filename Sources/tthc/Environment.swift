import CaseAPI
import CaseStore
import Foundation
import Logging
import Postgres

/// What every command that touches the database shares: configuration, logging, and the database itself — the
/// one named by `DATABASE_URL` (or libpq's `PGHOST`/`PGSERVICE`), else the embedded cluster in `TTHC_DATA_DIR`.
struct CommandEnvironment {
    let configuration: AppConfiguration
    let logger: Logger

    init(logLevel: Logger.Level? = nil) throws {
        let configuration = try AppConfiguration.fromEnvironment()
        Self.bootstrapLogging(level: logLevel ?? configuration.logLevel)
        self.configuration = configuration
        var logger = Logger(label: "tthc")
        logger.logLevel = logLevel ?? configuration.logLevel
        self.logger = logger
    }

    nonisolated(unsafe) private static var bootstrapped = false

    static func bootstrapLogging(level: Logger.Level) {
        guard !bootstrapped else { return }
        bootstrapped = true
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// Whether libpq should find the server by itself (`DATABASE_URL`, or its own environment variables).
    var usesExternalDatabase: Bool {
        let environment = ProcessInfo.processInfo.environment
        return configuration.databaseURL != nil || environment["PGHOST"] != nil || environment["PGSERVICE"] != nil
    }

    /// Runs `body` with a database pool; starts (and afterwards stops) the embedded cluster when no external
    /// database is configured.
    func withDatabase<Result>(poolSize: Int? = nil, _ body: (Database, RunningCluster?) async throws -> Result) async throws -> Result {
        var cluster: RunningCluster?
        let conninfo: String
        var migrationConninfo = ProcessInfo.processInfo.environment["TTHC_MIGRATION_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if usesExternalDatabase {
            conninfo = configuration.databaseURL ?? ""
        } else {
            let directory = URL(fileURLWithPath: configuration.dataDirectory, isDirectory: true).standardizedFileURL
            logger.info("starting the embedded PostgreSQL cluster", metadata: ["data_dir": "\(directory.path)"])
            let running = try await LocalCluster(
                configuration: .init(dataDirectory: directory, databaseName: "tthc", logger: logger)
            ).start()
            cluster = running
            // The service works as the unprivileged role `tthc_app` (created by migration 0004); migrations and the
            // other owner's work run as the cluster's superuser.
            migrationConninfo = running.connectionString
            conninfo = running.connectionString + " user=tthc_app"
        }
        let client = PostgresClient(
            configuration: PostgresConfiguration(
                conninfo: conninfo,
                maximumConnections: poolSize ?? configuration.databasePoolSize,
                acquireTimeout: .milliseconds(Int(configuration.databaseAcquireTimeout * 1000))
            ),
            logger: logger
        )
        let database = Database(client: client, logger: logger, migrationConninfo: migrationConninfo)
        do {
            let result = try await body(database, cluster)
            await client.shutdown()
            try await cluster?.stop()
            return result
        } catch {
            await client.shutdown()
            try? await cluster?.stop()
            throw error
        }
    }
}
