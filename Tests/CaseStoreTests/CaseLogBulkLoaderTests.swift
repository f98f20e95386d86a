import CaseDomain
import CaseStore
import CaseTestSupport
import Foundation
import Logging
import Postgres
import Testing

/// The bulk loader (the benchmark's generator writes through it) leaves exactly the rows the case-log importer
/// leaves for the same events, and refuses what the state machine refuses, writing nothing.
@Suite("Bulk loading whole dossiers against a real database")
struct CaseLogBulkLoaderTests {
    static let log = try! String(
        contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/case-log-2025.jsonl"),
        encoding: .utf8
    )

    /// Reference lines and the events of each dossier, in file order.
    static func split() throws -> (references: String, dossiers: [[CaseEvent]]) {
        var references: [String] = []
        var dossiers: [DossierCode: [CaseEvent]] = [:]
        var order: [DossierCode] = []
        for (index, line) in log.split(separator: "\n").enumerated() {
            switch try CaseLogDecoder.decode(line: line, lineNumber: index + 1) {
            case .agency, .procedure: references.append(String(line))
            case .event(let event):
                if dossiers[event.dossier] == nil { order.append(event.dossier) }
                dossiers[event.dossier, default: []].append(event)
            }
        }
        return (references.joined(separator: "\n"), order.map { dossiers[$0]! })
    }

    func database(_ label: String) async throws -> (TestDatabaseHandle, Database) {
        let db = try await TestDatabase.make(label, migrations: Database.migrations)
        return (db, Database(client: db.client, logger: Logger(label: "test")))
    }

    /// Every column the two paths write, except generated ids, transaction ids and write times.
    func rows(_ db: TestDatabaseHandle) async throws -> [String] {
        let dossiers = try await db.client.query(
            """
            SELECT row_to_json(x)::text FROM (
                SELECT code, agency_code, procedure_code, procedure_valid_from, channel, online_full, status, applicant_name,
                    applicant_kind, applicant_id, applicant_locality, applicant_phone, applicant_email, applicant_address, components,
                    fee, postal_tracking, received_at, original_due_at, due_at, paused_seconds, paused_since, supplement_count,
                    apologized_at, apology_new_due, ended_at, result_ready_at, result_electronic, result_code, returned_at,
                    return_channel, event_count, state, created_by
                FROM dossier ORDER BY code) x
            """
        ).decode(String.self)
        let events = try await db.client.query(
            """
            SELECT row_to_json(x)::text FROM (
                SELECT d.code, e.dossier_seq, e.type, e.at, e.actor, e.from_status, e.to_status, e.payload
                FROM case_event e JOIN dossier d ON d.id = e.dossier_id ORDER BY d.code, e.dossier_seq) x
            """
        ).decode(String.self)
        return dossiers + events
    }

    @Test("the example log bulk-loaded gives the importer's rows, column for column")
    func sameRowsAsTheImporter() async throws {
        let (imported, importedDatabase) = try await database("bulk_import")
        let (loaded, loadedDatabase) = try await database("bulk_load")
        defer {
            Task {
                await imported.client.shutdown()
                await loaded.client.shutdown()
            }
        }
        try await CaseLogImporter(database: importedDatabase).importText(Self.log)

        let (references, dossiers) = try Self.split()
        #expect(dossiers.count == 400)
        try await CaseLogImporter(database: loadedDatabase).importText(references)
        let loader = CaseLogBulkLoader(database: loadedDatabase)
        let written = try await loader.load(dossiers, references: try await loader.references())
        #expect(written == dossiers.reduce(0) { $0 + $1.count })

        let expected = try await rows(imported)
        let actual = try await rows(loaded)
        #expect(actual.count == expected.count)
        #expect(actual == expected)
    }

    @Test("an illegal transition fails the batch and writes nothing")
    func illegalTransitionWritesNothing() async throws {
        let (db, database) = try await database("bulk_illegal")
        defer { Task { await db.client.shutdown() } }
        let (references, dossiers) = try Self.split()
        try await CaseLogImporter(database: database).importText(references)
        var broken = Array(dossiers.prefix(5))
        let first = try #require(broken[2].first)
        broken[2].append(CaseEvent(dossier: first.dossier, at: first.at.addingTimeInterval(60), kind: .supplementReceived))
        let loader = CaseLogBulkLoader(database: database)
        await #expect(throws: StoreError.self) { try await loader.load(broken, references: try await loader.references()) }
        #expect(try await db.client.query("SELECT count(*) FROM dossier").one().decode(Int.self, column: 0) == 0)
        #expect(try await db.client.query("SELECT count(*) FROM case_event").one().decode(Int.self, column: 0) == 0)
    }
}
