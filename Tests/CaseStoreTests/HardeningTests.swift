import CaseStore
import CaseTestSupport
import Foundation
import Logging
import Postgres
import Testing

@Suite("Database hardening: the service's role and the append-only case log")
struct HardeningTests {
    func appendOneEvent(_ client: PostgresClient) async throws -> Int {
        try await client.query(
            """
            INSERT INTO agency (code, name, identifier) VALUES ('A', 'Cơ quan A', 'A1');
            """
        )
        try await client.query(
            """
            INSERT INTO procedure_version (code, valid_from, name, agency_code, time_limit_value, time_limit_unit, online, postal, written_result)
            VALUES ('P', '2020-01-01', 'Thủ tục P', 'A', 5, 'working_days', 'none', false, false)
            """
        )
        let id = try await client.query(
            """
            INSERT INTO dossier (code, agency_code, procedure_code, procedure_valid_from, channel, status, applicant_name, applicant_kind,
                received_at, original_due_at, due_at, state)
            VALUES ('A1-260302-0001', 'A', 'P', '2020-01-01', 'direct', 'received', 'Nguyễn Văn An', 'person', now(), now(), now(), '{}')
            RETURNING id
            """
        ).one().decode(Int.self, column: 0)
        try await client.query(
            "INSERT INTO case_event (dossier_id, dossier_seq, type, at, to_status) VALUES (\(id), \(1), 'received', now(), 'received')"
        )
        return id
    }

    @Test("the service role is no superuser, owns nothing, and can only append to and read the case log")
    func appRole() async throws {
        let db = try await TestDatabase.make("hardening", migrations: Database.migrations)
        defer { Task { await db.client.shutdown() } }
        let app = PostgresClient(configuration: PostgresConfiguration(conninfo: db.connectionString + " user=tthc_app", maximumConnections: 1))
        defer { Task { await app.shutdown() } }
        let (superuser, owned) = try await app.query(
            """
            SELECT r.rolsuper, (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid)::int8
            FROM pg_roles r WHERE r.rolname = current_user
            """
        ).one().decode((Bool, Int).self)
        #expect(superuser == false)
        #expect(owned == 0)
        // The service can do its work…
        _ = try await appendOneEvent(app)
        #expect(try await app.query("SELECT count(*) FROM case_event").one().decode(Int.self, column: 0) == 1)
        // …but not rewrite history.
        for statement in ["UPDATE case_event SET actor = 'x'", "DELETE FROM case_event", "TRUNCATE case_event"] {
            let error = await #expect(throws: PostgresError.self) { try await app.query(PostgresQuery(unsafeSQL: statement)) }
            #expect(error?.sqlState == .insufficientPrivilege, "\(statement)")
        }
        let migrations = await #expect(throws: PostgresError.self) { try await app.query("DELETE FROM schema_migrations") }
        #expect(migrations?.sqlState == .insufficientPrivilege)
        let ddl = await #expect(throws: PostgresError.self) { try await app.query("DROP TABLE dossier") }
        #expect(ddl?.sqlState != nil)
        #expect(try await app.query("SELECT count(*) FROM case_event").one().decode(Int.self, column: 0) == 1)
    }

    @Test("even the schema owner cannot update or delete case-log rows: the trigger refuses")
    func ownerIsRefusedToo() async throws {
        let db = try await TestDatabase.make("hardening-owner", migrations: Database.migrations)
        defer { Task { await db.client.shutdown() } }
        _ = try await appendOneEvent(db.client)
        for statement in ["UPDATE case_event SET actor = 'x'", "DELETE FROM case_event", "TRUNCATE case_event CASCADE"] {
            let error = await #expect(throws: PostgresError.self) { try await db.client.query(PostgresQuery(unsafeSQL: statement)) }
            #expect(error?.sqlState == .insufficientPrivilege, "\(statement)")
            #expect(error?.message.contains("append-only") == true)
        }
    }
}
