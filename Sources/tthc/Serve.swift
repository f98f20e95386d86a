import ArgumentParser
import CaseAPI
import CaseMetrics
import CaseStore
import Foundation
import Hummingbird
import Logging
import Postgres
import PostgresCluster
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP API (and the metrics worker) until SIGINT or SIGTERM."
    )

    @Option(help: "Address to listen on (default TTHC_HOST or 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (default TTHC_PORT or 8080).")
    var port: Int?

    @Flag(name: .customLong("no-worker"), help: "Serve the API only; run the metrics worker elsewhere (`tthc worker`).")
    var noWorker = false

    @Flag(help: "Apply pending migrations first (the embedded database is always migrated; an external one only with this flag or `tthc migrate`).")
    var migrate = false

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let environment = try CommandEnvironment(flags: .init(host: host, port: port))
        let configuration = environment.configuration
        let logger = environment.logger
        try await environment.withDatabase(schema: migrate ? .migrate : .migrateEmbeddedOnly) { database, cluster in
            if cluster != nil, configuration.demoData, try await DemoData.installIfEmpty(database: database) {
                logger.notice("loaded demo reference data (agencies BDT, SNV, STP; communes 36001–36012); TTHC_DEMO_DATA=0 disables this")
            }
            var services: [any Service] = [database.client]
            if !noWorker {
                var workerLogger = logger
                workerLogger[metadataKey: "service"] = "worker"
                services.append(MetricsWorker(database: database, configuration: configuration.worker, logger: workerLogger))
            }
            let app = buildApplication(
                configuration: configuration,
                database: database,
                services: services,
                logger: logger
            )
            logger.notice(
                "tthc is serving",
                metadata: [
                    "url": "http://\(configuration.host):\(configuration.port)",
                    "database": "\(cluster.map { "embedded cluster in \($0.dataDirectory.path)" } ?? "DATABASE_URL")",
                ]
            )
            try await app.runService()
            logger.notice("tthc stopped")
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending database migrations (or show their state with --status)."
    )

    @Flag(help: "Show each migration's state instead of applying.")
    var status = false

    func run() async throws {
        let environment = try CommandEnvironment(logLevel: .warning)
        try await environment.withDatabase(poolSize: 2, schema: .leave) { database, _ in
            if status {
                let states = try await database.migrator.status()
                for migration in states {
                    let when = migration.appliedAt.map { " \($0.formatted(.iso8601))" } ?? ""
                    print("\(migration.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(migration.name)\(when)")
                }
                if states.contains(where: { $0.state == .changed || $0.state == .unknown }) {
                    throw ExitCode(2)
                }
            } else {
                let applied = try await database.migrate()
                if applied.isEmpty {
                    print("The database schema is up to date (version \(Database.schemaVersion)).")
                } else {
                    for name in applied { print("applied \(name)") }
                }
            }
        }
    }
}
