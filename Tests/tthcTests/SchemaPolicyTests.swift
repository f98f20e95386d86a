import CaseStore
import CaseTestSupport
import Foundation
import Postgres
import Testing

/// Only `tthc migrate`, `tthc serve --migrate` and the embedded default change the schema; every other command refuses
/// a database whose schema is behind the binary and says which command fixes it.
@Suite("Who migrates")
struct SchemaPolicyTests {
    /// A database with every migration but the newest one: a deployed database before `tthc migrate`.
    static func behindDatabase(_ label: String) async throws -> TestDatabaseHandle {
        try await TestDatabase.make(label, migrations: Array(Database.migrations.dropLast()), poolSize: 2)
    }

    @Test("tthc user add refuses a schema that is behind, names tthc migrate, and writes nothing")
    func userAddRefusesOldSchema() async throws {
        let db = try await Self.behindDatabase("schema_behind_user")
        defer { Task { await db.client.shutdown() } }
        let environment = ["DATABASE_URL": db.connectionString]
        let newest = try #require(Database.migrations.last?.name)

        let refused = try await ChildProcess.run(["user", "add", "admin1", "--role", "admin"], environment: environment)
        #expect(refused.status != 0)
        #expect(refused.errors.contains("run `tthc migrate`"), "\(refused.errors)")
        #expect(refused.errors.contains("hãy chạy `tthc migrate`"), "\(refused.errors)")
        #expect(refused.errors.contains(newest), "\(refused.errors)")
        #expect(try await db.count("SELECT count(*) FROM app_user") == 0)
        #expect(try await db.count("SELECT count(*) FROM schema_migrations WHERE name = \(newest)") == 0)

        let migrated = try await ChildProcess.run(["migrate"], environment: environment)
        #expect(migrated.status == 0, "\(migrated.errors)")
        #expect(migrated.output.contains("applied \(newest)"), "\(migrated.output)")

        let added = try await ChildProcess.run(["user", "add", "admin1", "--role", "admin"], environment: environment)
        #expect(added.status == 0, "\(added.errors)")
        #expect(try await db.count("SELECT count(*) FROM app_user WHERE name = 'admin1'") == 1)
    }

    @Test("import, worker and report refuse an old schema too; migrate --status changes nothing")
    func otherCommandsRefuseOldSchema() async throws {
        let db = try await Self.behindDatabase("schema_behind_other")
        defer { Task { await db.client.shutdown() } }
        let environment = ["DATABASE_URL": db.connectionString]
        for arguments in [["import", "-"], ["worker", "--once"], ["report", "--agency", "BDT", "--period", "2025"], ["user", "list"]] {
            let run = try await ChildProcess.run(arguments, environment: environment)
            #expect(run.status != 0, "\(arguments)")
            #expect(run.errors.contains("run `tthc migrate`"), "\(arguments): \(run.errors)")
        }
        let status = try await ChildProcess.run(["migrate", "--status"], environment: environment)
        #expect(status.output.contains("pending"), "\(status.output)")
        #expect(try await db.count("SELECT count(*) FROM schema_migrations") == Database.migrations.count - 1)
    }

    @Test("tthc serve on an external database that is behind refuses; with --migrate it migrates and serves")
    func serveMigratesOnlyWhenAsked() async throws {
        let db = try await Self.behindDatabase("schema_behind_serve")
        defer { Task { await db.client.shutdown() } }
        let environment = ["DATABASE_URL": db.connectionString, "TTHC_PORT": "0"]
        let refused = try await ChildProcess.run(["serve", "--no-worker"], environment: environment)
        #expect(refused.status != 0)
        #expect(refused.errors.contains("`tthc serve --migrate`"), "\(refused.errors)")

        let serve = try ChildProcess(["serve", "--no-worker", "--migrate"], environment: environment)
        let served = try await eventually("serve --migrate serving") { serve.errors.contains("tthc is serving") }
        serve.signal(SIGTERM)
        _ = await serve.waitForExit()
        #expect(served, "\(serve.errors)")
        #expect(try await db.count("SELECT count(*) FROM schema_migrations") == Database.migrations.count)
    }
}
