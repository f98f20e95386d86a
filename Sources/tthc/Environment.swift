import CaseMetrics
import CaseStore
import Foundation
import Logging
import Postgres
import PostgresCluster

/// What every command that touches the database shares: the configuration, logging, and the database — the one
/// named by `DATABASE_URL` (or libpq's `PGHOST`/`PGSERVICE`), else the embedded cluster in `TTHC_DATA_DIR`.
struct CommandEnvironment {
    let configuration: Configuration
    let logger: Logger

    init(flags: Configuration.Flags = .init(), logLevel: Logger.Level? = nil) throws {
        let configuration: Configuration
        do {
            configuration = try Configuration.read(flags: flags)
        } catch let error as Configuration.InvalidSetting {
            throw CommandFailure(error.description)
        }
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

    /// What a command does about the schema before it starts.
    enum Schema {
        /// Migrate the embedded cluster (its database is private); for an external database, refuse to run when
        /// the schema is behind this binary, naming the command that fixes it.
        case migrateEmbeddedOnly
        /// Migrate whichever database it is (`tthc migrate`, `tthc serve --migrate`).
        case migrate
        /// Touch nothing (`tthc migrate --status`).
        case leave
    }

    /// Runs `body` with a database pool; starts (and afterwards stops) the embedded cluster when no external
    /// database is configured.
    func withDatabase<Result>(
        poolSize: Int? = nil,
        schema: Schema = .migrateEmbeddedOnly,
        _ body: (Database, RunningCluster?) async throws -> Result
    ) async throws -> Result {
        var cluster: RunningCluster?
        let conninfo: String
        var migrationConninfo = configuration.migrationDatabaseURL
        if configuration.usesExternalDatabase {
            conninfo = configuration.databaseURL ?? ""
        } else {
            let directory = URL(fileURLWithPath: configuration.dataDirectory, isDirectory: true).standardizedFileURL
            logger.info("starting the embedded PostgreSQL cluster", metadata: ["data_dir": "\(directory.path)"])
            let running = try await LocalCluster(
                configuration: .init(
                    dataDirectory: directory,
                    databaseName: "tthc",
                    binDirectory: configuration.pgBinDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) },
                    environment: ProcessInfo.processInfo.environment,
                    logger: logger
                )
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
            try await prepare(database, schema: schema, embedded: cluster != nil)
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

    /// The one start-up of every command: migrates, or checks that the schema is current, as `schema` says; then
    /// loads the embedded rubrics (an upsert: a newer binary brings its rubric versions).
    private func prepare(_ database: Database, schema: Schema, embedded: Bool) async throws {
        switch schema {
        case .leave:
            return
        case .migrate:
            break
        case .migrateEmbeddedOnly where !embedded:
            let pending = try await database.migrator.status().filter { $0.state == .pending }.map(\.name)
            guard pending.isEmpty else {
                throw CommandFailure(
                    "The database schema is behind this binary (pending: \(pending.joined(separator: ", "))): run `tthc migrate` "
                        + "(or `tthc serve --migrate`) first.\nLược đồ cơ sở dữ liệu cũ hơn phiên bản này (chưa áp dụng: "
                        + "\(pending.joined(separator: ", "))): hãy chạy `tthc migrate` (hoặc `tthc serve --migrate`) trước."
                )
            }
            try await RubricStore(database: database).loadEmbedded()
            return
        case .migrateEmbeddedOnly:
            break
        }
        let applied = try await database.migrate()
        if !applied.isEmpty { logger.info("database migrated", metadata: ["applied": "\(applied.joined(separator: ", "))"]) }
        try await RubricStore(database: database).loadEmbedded()
    }
}
