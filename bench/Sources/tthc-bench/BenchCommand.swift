import ArgumentParser
import CaseDomain
import CaseStore
import Foundation
import Logging
import Postgres
import PostgresCluster

@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tthc-bench",
        abstract: "The benchmark's tools: a private PostgreSQL cluster and the seeded generator of a province's case log (bench/README.md).",
        subcommands: [ClusterCommand.self, GenerateCommand.self]
    )
}

/// The settings the benchmark's cluster runs with (recorded in bench/results.md). Durability as in production:
/// fsync and synchronous_commit stay on.
let benchServerSettings: [String: String] = [
    "shared_buffers": "2GB",
    "max_connections": "200",
    "max_wal_size": "2GB",
    "checkpoint_timeout": "15min",
    "work_mem": "64MB",
    "maintenance_work_mem": "512MB",
    "effective_cache_size": "8GB",
    "random_page_cost": "1.1",
]

struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Start or stop the benchmark's private PostgreSQL cluster (left running between commands).",
        subcommands: [Start.self, Stop.self]
    )

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the cluster; print shell assignments PGHOST, PGPORT, PGUSER for it."
        )

        @Option(help: "Where the cluster keeps its data.")
        var dataDir = "bench/.data"

        func run() async throws {
            let cluster = try await LocalCluster(configuration: clusterConfiguration(dataDir)).start()
            print("PGHOST='\(cluster.socketDirectory)'")
            print("PGPORT=\(cluster.port)")
            print("PGUSER='\(cluster.superuser)'")
            print("BENCH_PG_BINDIR='\(cluster.binDirectory.path)'")
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the cluster.")

        @Option(help: "Where the cluster keeps its data.")
        var dataDir = "bench/.data"

        func run() async throws {
            let cluster = try await LocalCluster(configuration: clusterConfiguration(dataDir)).start()
            try await cluster.stop(force: true)
        }
    }
}

func clusterConfiguration(_ directory: String) -> LocalCluster.Configuration {
    var logger = Logger(label: "tthc-bench")
    logger.logLevel = .warning
    return LocalCluster.Configuration(
        dataDirectory: URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL,
        databaseName: "postgres",
        serverSettings: benchServerSettings,
        stopsOnExit: false,
        binDirectory: ProcessInfo.processInfo.environment["TTHC_PG_BINDIR"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) },
        environment: ProcessInfo.processInfo.environment,
        logger: logger
    )
}

struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a province's case log (seeded, deterministic) into a migrated database.",
        discussion: """
            Writes 20 agencies, their procedures and communes, then the dossiers with all their events, through the \
            same state machine and clock rules as the service (CaseLogBulkLoader), one transaction per batch. \
            The mixes are documented in bench/README.md. The database is DATABASE_URL (a role that may write every table).
            """
    )

    @Option(help: "Number of dossiers.")
    var dossiers = 1_000_000

    @Option(help: "Seed of the pseudo-random generator: the same seed and options give the same log.")
    var seed: UInt64 = 20_261_129

    @Option(help: "First receipt day (YYYY-MM-DD).")
    var from = "2024-10-01"

    @Option(help: "Day after the last receipt day; no event is later than its midnight (YYYY-MM-DD).")
    var until = "2026-10-01"

    @Option(help: "Dossiers per transaction.")
    var batch = 2_000

    @Flag(help: "Only the reference data (agencies, procedures, communes).")
    var referencesOnly = false

    func run() async throws {
        guard let start = LocalDate(iso: from), let end = LocalDate(iso: until), start < end else {
            throw ValidationError("--from and --until must be days YYYY-MM-DD with --from before --until")
        }
        guard dossiers >= 0, batch > 0 else { throw ValidationError("--dossiers must be ≥ 0 and --batch > 0") }
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw ValidationError("DATABASE_URL must name the benchmark database")
        }
        var logger = Logger(label: "tthc-bench")
        logger.logLevel = .warning
        let client = PostgresClient(configuration: PostgresConfiguration(conninfo: url, maximumConnections: 2), logger: logger)
        let database = Database(client: client, logger: logger)
        defer { Task { await client.shutdown() } }

        let province = Province()
        try await province.install(database)
        if referencesOnly { return }
        let loader = CaseLogBulkLoader(database: database)
        let references = try await loader.references()
        var generator = ProvinceLog(province: province, seed: seed, from: start, until: end, dossiers: dossiers)
        let clock = ContinuousClock()
        let began = clock.now
        var written = (dossiers: 0, events: 0)
        var pending: [[CaseEvent]] = []
        pending.reserveCapacity(batch)
        while let dossier = generator.next() {
            pending.append(dossier)
            if pending.count == batch {
                written.events += try await loader.load(pending, references: references)
                written.dossiers += pending.count
                pending.removeAll(keepingCapacity: true)
                if written.dossiers % 100_000 == 0 {
                    FileHandle.standardError.write(Data("  \(written.dossiers) dossiers, \(written.events) events\n".utf8))
                }
            }
        }
        if !pending.isEmpty {
            written.events += try await loader.load(pending, references: references)
            written.dossiers += pending.count
        }
        // Later registrations continue the numbering of the generated days.
        try await client.query(
            """
            INSERT INTO dossier_counter (agency_code, day, last_seq)
            SELECT agency_code, (received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, max(right(code, 4)::int)
            FROM dossier GROUP BY 1, 2
            ON CONFLICT (agency_code, day) DO UPDATE SET last_seq = greatest(dossier_counter.last_seq, EXCLUDED.last_seq)
            """
        )
        try await client.query("ANALYZE")
        let elapsed = clock.now - began
        print(
            "generated \(written.dossiers) dossiers, \(written.events) events in \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))"
        )
    }
}
