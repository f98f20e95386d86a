import Foundation
import Logging
public import Postgres
import PostgresCluster

/// Real PostgreSQL databases for tests.
///
/// One cluster per test process: the one named by `TEST_DATABASE_URL` (a role allowed to create databases), or a
/// private cluster started with ``LocalCluster`` in a temporary directory and stopped when the process exits. Each
/// migration set is applied once to a template database; every suite then gets its own database cloned from that
/// template (`CREATE DATABASE … TEMPLATE …`, a file copy), so suites run in parallel without seeing each other.
public enum TestDatabase {
    /// A fresh database with `migrations` applied, and a pool connected to it.
    public static func make(
        _ label: String,
        migrations: [Migration],
        poolSize: Int = 8,
        acquireTimeout: Duration = .seconds(10)
    ) async throws -> TestDatabaseHandle {
        try await registry.make(label: label, migrations: migrations, poolSize: poolSize, acquireTimeout: acquireTimeout)
    }

    /// The connection string of the server's maintenance database (for tests that need a second, independent client).
    public static func adminConnectionString() async throws -> String {
        try await registry.server().connectionString(database: "postgres")
    }

    static let registry = Registry()
}

public struct TestDatabaseHandle: Sendable {
    public let name: String
    public let connectionString: String
    public let client: PostgresClient

    /// The single integer a query returns (a count).
    public func count(_ sql: PostgresQuery) async throws -> Int {
        try await client.query(sql).one().decode(Int.self, column: 0)
    }

    /// A second, independent pool on the same database.
    public func makeClient(poolSize: Int = 4, acquireTimeout: Duration = .seconds(10)) -> PostgresClient {
        PostgresClient(
            configuration: PostgresConfiguration(conninfo: connectionString, maximumConnections: poolSize, acquireTimeout: acquireTimeout),
            logger: testLogger
        )
    }
}

let testLogger: Logger = {
    var logger = Logger(label: "tthc.tests")
    logger.logLevel = ProcessInfo.processInfo.environment["TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    return logger
}()

/// Where the test server is and how to name databases on it.
struct TestServer: Sendable {
    /// Returns a connection string for `database` on the server.
    let connectionString: @Sendable (String) -> String
    func connectionString(database: String) -> String { connectionString(database) }
}

actor Registry {
    private var serverTask: Task<TestServer, any Error>?
    private var templates: [String: Task<String, any Error>] = [:]
    private var counter = 0
    /// Keeps the embedded cluster alive (and stopped at exit) for the whole test process.
    private var cluster: RunningCluster?

    func server() async throws -> TestServer {
        if let serverTask { return try await serverTask.value }
        let task = Task<TestServer, any Error> {
            if let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty {
                return TestServer { database in Self.replacingDatabase(in: url, with: database) }
            }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tthc-tests-\(getpid())-\(UUID().uuidString.prefix(8))")
            let cluster = try await LocalCluster(
                configuration: .init(
                    dataDirectory: directory,
                    databaseName: "postgres",
                    // Suites run in parallel, each with its own pools and live servers.
                    serverSettings: ["max_connections": "400", "shared_buffers": "64MB", "fsync": "off"],
                    initdbNoSync: true,
                    binDirectory: pgBinDirectory,
                    environment: ProcessInfo.processInfo.environment,
                    logger: testLogger
                )
            ).start()
            self.keep(cluster)
            return TestServer { database in cluster.connectionString(database: database) }
        }
        serverTask = task
        return try await task.value
    }

    private func keep(_ cluster: RunningCluster) {
        self.cluster = cluster
    }

    func make(label: String, migrations: [Migration], poolSize: Int, acquireTimeout: Duration) async throws -> TestDatabaseHandle {
        let server = try await server()
        let template = try await template(for: migrations, on: server)
        counter += 1
        let name = "t_\(label.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(30))_\(counter)_\(getpid())"
        try await withAdmin(server) { admin in
            try await admin.executeScript("DROP DATABASE IF EXISTS \(PostgresClient.quoteIdentifier(name))")
            try await admin.executeScript(
                "CREATE DATABASE \(PostgresClient.quoteIdentifier(name)) TEMPLATE \(PostgresClient.quoteIdentifier(template))"
            )
        }
        let conninfo = server.connectionString(database: name)
        let client = PostgresClient(
            configuration: PostgresConfiguration(conninfo: conninfo, maximumConnections: poolSize, acquireTimeout: acquireTimeout),
            logger: testLogger
        )
        return TestDatabaseHandle(name: name, connectionString: conninfo, client: client)
    }

    private func template(for migrations: [Migration], on server: TestServer) async throws -> String {
        var hasher = FNV1a()
        for migration in migrations {
            hasher.add(migration.name)
            hasher.add(migration.sql)
        }
        let key = String(hasher.value, radix: 16)
        if let existing = templates[key] { return try await existing.value }
        let task = Task<String, any Error> {
            let name = "template_\(key)_\(getpid())"
            try await Self.withAdmin(server) { admin in
                try await admin.executeScript("DROP DATABASE IF EXISTS \(PostgresClient.quoteIdentifier(name))")
                try await admin.executeScript("CREATE DATABASE \(PostgresClient.quoteIdentifier(name))")
            }
            let client = PostgresClient(
                configuration: PostgresConfiguration(conninfo: server.connectionString(database: name), maximumConnections: 1),
                logger: testLogger
            )
            do {
                try await Migrator(client: client, migrations: migrations, logger: testLogger).migrate()
            } catch {
                await client.shutdown()
                throw error
            }
            // A template must have no open connections while it is copied.
            await client.shutdown()
            return name
        }
        templates[key] = task
        return try await task.value
    }

    private func withAdmin(_ server: TestServer, _ body: @Sendable (PostgresSession) async throws -> Void) async throws {
        try await Self.withAdmin(server, body)
    }

    private static func withAdmin(_ server: TestServer, _ body: @Sendable (PostgresSession) async throws -> Void) async throws {
        let admin = PostgresClient(
            configuration: PostgresConfiguration(conninfo: server.connectionString(database: "postgres"), maximumConnections: 1),
            logger: testLogger
        )
        do {
            try await admin.withConnection(body)
        } catch {
            await admin.shutdown()
            throw error
        }
        await admin.shutdown()
    }

    /// Replaces the database of a URI or keyword/value connection string.
    static func replacingDatabase(in conninfo: String, with database: String) -> String {
        if conninfo.hasPrefix("postgres://") || conninfo.hasPrefix("postgresql://"),
            var components = URLComponents(string: conninfo)
        {
            components.path = "/" + database
            return components.string ?? conninfo
        }
        let parts = conninfo.split(separator: " ").filter { !$0.hasPrefix("dbname=") }
        return (parts + ["dbname=\(database)"]).joined(separator: " ")
    }
}

/// A stable, dependency-free hash for naming template databases.
struct FNV1a {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        value ^= 0xff
    }
}

/// `TTHC_PG_BINDIR`, as the service reads it: where the test cluster's server binaries are, when not found by themselves.
let pgBinDirectory = ProcessInfo.processInfo.environment["TTHC_PG_BINDIR"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
