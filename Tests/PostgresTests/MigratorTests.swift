import CaseTestSupport
import Foundation
import Postgres
import Testing

@Suite("Migrations")
struct MigratorTests {
    let first = Migration(name: "0001_first.sql", sql: "CREATE TABLE a (id int PRIMARY KEY);")
    let second = Migration(name: "0002_second.sql", sql: "CREATE TABLE b (id int PRIMARY KEY); INSERT INTO b VALUES (1);")

    @Test("migrations apply in order once, and a second run applies nothing")
    func idempotent() async throws {
        let db = try await TestDatabase.make("migrate", migrations: [])
        defer { Task { await db.client.shutdown() } }
        let migrator = Migrator(client: db.client, migrations: [second, first])
        #expect(try await migrator.status().map(\.state) == [.pending, .pending])
        #expect(try await migrator.isCurrent() == false)
        #expect(try await migrator.migrate() == ["0001_first.sql", "0002_second.sql"])
        #expect(try await migrator.migrate() == [])
        #expect(try await migrator.isCurrent())
        #expect(try await db.client.query("SELECT count(*) FROM b").one().decode(Int.self, column: 0) == 1)
    }

    @Test("concurrent migrators apply each file exactly once")
    func concurrent() async throws {
        let db = try await TestDatabase.make("migrateconc", migrations: [])
        defer { Task { await db.client.shutdown() } }
        let applied = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<4 {
                group.addTask { try await Migrator(client: db.client, migrations: [first, second]).migrate() }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(applied.sorted() == ["0001_first.sql", "0002_second.sql"])
    }

    @Test("an applied file whose text changed is refused")
    func checksumGuard() async throws {
        let db = try await TestDatabase.make("migratesum", migrations: [])
        defer { Task { await db.client.shutdown() } }
        try await Migrator(client: db.client, migrations: [first]).migrate()
        let edited = Migration(name: first.name, sql: first.sql + " -- edited")
        let migrator = Migrator(client: db.client, migrations: [edited, second])
        await #expect(throws: MigrationError.self) { try await migrator.migrate() }
        #expect(try await migrator.status().map(\.state) == [.changed, .pending])
        // Nothing of the second file was applied.
        #expect(try await db.client.query("SELECT to_regclass('b') IS NULL").one().decode(Bool.self, column: 0))
    }

    @Test("a failing migration leaves nothing behind and names the file")
    func failingMigration() async throws {
        let db = try await TestDatabase.make("migratefail", migrations: [])
        defer { Task { await db.client.shutdown() } }
        let broken = Migration(name: "0002_broken.sql", sql: "CREATE TABLE c (id int); SELECT * FROM missing_table;")
        let error = await #expect(throws: MigrationError.self) {
            try await Migrator(client: db.client, migrations: [first, broken]).migrate()
        }
        #expect(error.map { String(describing: $0) }?.contains("0002_broken.sql") == true)
        #expect(try await db.client.query("SELECT to_regclass('c') IS NULL").one().decode(Bool.self, column: 0))
        #expect(try await db.client.query("SELECT count(*) FROM schema_migrations").one().decode(Int.self, column: 0) == 1)
    }

    @Test("an older binary keeps working on a database a newer one migrated further, and reports the unknown migration")
    func unknownMigration() async throws {
        let db = try await TestDatabase.make("migratenewer", migrations: [])
        defer { Task { await db.client.shutdown() } }
        try await Migrator(client: db.client, migrations: [first, second]).migrate()
        let older = Migrator(client: db.client, migrations: [first])
        #expect(try await older.migrate() == [])
        #expect(try await older.isCurrent())
        #expect(try await older.status().map(\.state) == [.applied, .unknown])
        // A database missing one of the binary's migrations is not current.
        #expect(
            try await Migrator(client: db.client, migrations: [first, second, Migration(name: "0003_third.sql", sql: "SELECT 1;")]).isCurrent()
                == false
        )
    }

    @Test("a role without CREATE rights can check that nothing is pending")
    func unprivilegedCheck() async throws {
        let db = try await TestDatabase.make("migraterole", migrations: [])
        defer { Task { await db.client.shutdown() } }
        try await Migrator(client: db.client, migrations: [first]).migrate()
        try await db.client.query("DROP ROLE IF EXISTS tthc_migrator_probe")
        try await db.client.query("CREATE ROLE tthc_migrator_probe LOGIN")
        try await db.client.query("GRANT SELECT ON schema_migrations TO tthc_migrator_probe")
        try await db.client.query("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        let probe = PostgresClient(
            configuration: PostgresConfiguration(conninfo: db.connectionString + " user=tthc_migrator_probe", maximumConnections: 1)
        )
        defer { Task { await probe.shutdown() } }
        #expect(try await Migrator(client: probe, migrations: [first]).migrate() == [])
        #expect(try await Migrator(client: probe, migrations: [first]).isCurrent())
    }
}
