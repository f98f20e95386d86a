import CaseDomain
import CaseStore
import CaseTestSupport
import Foundation
import Logging
import Postgres
import Testing

@Suite("Case-log import and export against a real database")
struct CaseLogImportTests {
    static let reference = """
        {"v":1,"type":"agency","code":"BDT","name":"Ban Dân tộc tỉnh","identifier":"000.00.13.H56"}
        {"v":1,"type":"procedure","code":"1.012222","name":"Công nhận người có uy tín trong đồng bào dân tộc thiểu số","agency":"BDT","valid_from":"2018-01-01","time_limit":{"value":15,"unit":"working_days"},"online":"full","postal":true,"written_result":true,"fee":0}
        {"v":1,"type":"procedure","code":"1.012222","name":"Công nhận người có uy tín trong đồng bào dân tộc thiểu số","agency":"BDT","valid_from":"2024-01-01","time_limit":{"value":25,"unit":"working_days"},"online":"full","postal":true,"written_result":true,"fee":0}
        """

    static let events = """
        {"v":1,"type":"received","dossier":"000.00.13.H56-230303-0001","at":"2023-03-03T08:15:00+07:00","actor":"clerk","agency":"BDT","procedure":"1.012222","channel":"direct","applicant":{"name":"UBND xã Tân Lập","kind":"organisation"},"components":[{"code":"TP1","digitized":true,"reused":false}]}
        {"v":1,"type":"received","dossier":"000.00.13.H56-250303-0001","at":"2025-03-03T08:15:00+07:00","agency":"BDT","procedure":"1.012222","channel":"online","applicant":{"name":"Nguyễn Văn An","kind":"person","phone":"0912345678"},"components":[{"code":"TP1","digitized":true,"reused":true}]}
        {"v":1,"type":"processing_started","dossier":"000.00.13.H56-230303-0001","at":"2023-03-03T09:00:00+07:00"}
        {"v":1,"type":"supplement_requested","dossier":"000.00.13.H56-230303-0001","at":"2023-03-06T09:00:00+07:00","reason":"Thiếu biên bản"}
        {"v":1,"type":"supplement_received","dossier":"000.00.13.H56-230303-0001","at":"2023-03-07T09:00:00+07:00"}
        {"v":1,"type":"result_ready","dossier":"000.00.13.H56-230303-0001","at":"2023-03-20T10:00:00+07:00","electronic":false}
        {"v":1,"type":"returned","dossier":"000.00.13.H56-230303-0001","at":"2023-03-21T10:00:00+07:00","channel":"postal","tracking":"EB1VN"}
        {"v":1,"type":"processing_started","dossier":"000.00.13.H56-250303-0001","at":"2025-03-03T10:00:00+07:00"}
        """

    func database(_ label: String) async throws -> (TestDatabaseHandle, Database) {
        let db = try await TestDatabase.make(label, migrations: Database.migrations)
        return (db, Database(client: db.client, logger: Logger(label: "test")))
    }

    func count(_ db: TestDatabaseHandle, _ sql: PostgresQuery) async throws -> Int {
        try await db.client.query(sql).one().decode(Int.self, column: 0)
    }

    @Test("an import stores reference data, dossiers and events; importing it again changes nothing")
    func importTwice() async throws {
        let (db, database) = try await database("importtwice")
        defer { Task { await db.client.shutdown() } }
        let importer = CaseLogImporter(database: database)
        let first = try await importer.importText(Self.reference + "\n" + Self.events + "\n")
        #expect(first.agencies == 1)
        #expect(first.procedures == 2)
        #expect(first.dossiers == 2)
        #expect(first.events == 8)
        #expect(first.unchanged == 0)
        let second = try await importer.importText(Self.reference + "\n" + Self.events + "\n")
        #expect(second.events == 0)
        #expect(second.unchanged == 11)
        #expect(try await count(db, "SELECT count(*) FROM case_event") == 8)
        // The dossier received in 2023 used the 15-working-day version; the pause moved its due by one working day.
        let row = try await db.client.query(
            "SELECT procedure_valid_from, status, paused_seconds, original_due_at, due_at, return_channel FROM dossier WHERE code = '000.00.13.H56-230303-0001'"
        ).one()
        let (version, status, paused, original, due, channel) = try row.decode((LocalDate, String, Int64, Date, Date, String?).self)
        #expect(version.description == "2018-01-01")
        #expect(status == "returned")
        #expect(paused == 7 * 3600 + 1800)
        #expect(VietnamTime.rfc3339(original) == "2023-03-24T17:00:00+07:00")
        #expect(VietnamTime.rfc3339(due) == "2023-03-27T17:00:00+07:00")
        #expect(channel == "postal")
    }

    @Test(
        "a broken line anywhere fails the whole import with its line number and writes nothing",
        arguments: [
            (5, #"{"v":1,"type":"processing_started","dossier":"000.00.13.H56-230303-0001","at":"2023-03-03T09:00:00"}"#),
            (5, #"{"v":1,"type":"teleported","dossier":"000.00.13.H56-230303-0001","at":"2023-03-03T09:00:00+07:00"}"#),
            (5, #"{"v":1,"type":"returned","dossier":"000.00.13.H56-230303-0001","at":"2023-03-03T09:00:00+07:00","channel":"direct"}"#),
            (5, #"{"v":1,"type":"processing_started","dossier":"000.00.13.H56-230303-0009","at":"2023-03-03T09:00:00+07:00"}"#),
            (5, #"{"v":1,"type":"processing_started","dossier":"000.00.13.H56-230303-0001","at":"2023-03-03T09:00:00+07:00","colour":"red"}"#),
            (5, "{not json"),
        ]
    )
    func brokenLine(_ lineNumber: Int, _ broken: String) async throws {
        let (db, database) = try await database("importbroken")
        defer { Task { await db.client.shutdown() } }
        let lines = (Self.reference + "\n" + Self.events).split(separator: "\n").map(String.init)
        var text = lines[0..<4].joined(separator: "\n") + "\n" + broken + "\n" + lines[4...].joined(separator: "\n")
        text += "\n"
        let error = await #expect(throws: ImportError.self) { try await CaseLogImporter(database: database).importText(text) }
        #expect(error?.lineNumber == lineNumber)
        #expect(error?.message.vietnamese.contains("Dòng \(lineNumber)") == true)
        #expect(try await count(db, "SELECT count(*) FROM agency") == 0)
        #expect(try await count(db, "SELECT count(*) FROM dossier") == 0)
        #expect(try await count(db, "SELECT count(*) FROM case_event") == 0)
    }

    @Test("export then import into an empty database reproduces the same dossiers and events, line for line")
    func roundTrip() async throws {
        let (source, sourceDatabase) = try await database("exportsrc")
        defer { Task { await source.client.shutdown() } }
        try await CaseLogImporter(database: sourceDatabase).importText(Self.reference + "\n" + Self.events + "\n")
        let from = VietnamTime.parseRFC3339("2020-01-01T00:00:00+07:00")!
        let to = VietnamTime.parseRFC3339("2030-01-01T00:00:00+07:00")!
        var exported = ""
        let lines = try await CaseLogExporter(database: sourceDatabase).export(agency: "BDT", from: from, to: to) { exported += $0 }
        #expect(lines == 11)

        let (target, targetDatabase) = try await database("exporttgt")
        defer { Task { await target.client.shutdown() } }
        let summary = try await CaseLogImporter(database: targetDatabase).importText(exported)
        #expect(summary.events == 8)
        var again = ""
        try await CaseLogExporter(database: targetDatabase).export(agency: "BDT", from: from, to: to) { again += $0 }
        #expect(again == exported)
        let columns: PostgresQuery = """
            SELECT string_agg(concat_ws('|', code, status, channel, received_at, original_due_at, due_at, paused_seconds, ended_at,
                result_ready_at, returned_at, return_channel, event_count, state::text), E'\\n' ORDER BY code) FROM dossier
            """
        let a = try await source.client.query(columns).one().decode(String.self, column: 0)
        let b = try await target.client.query(columns).one().decode(String.self, column: 0)
        #expect(a == b)
    }

    @Test("an export is limited to one agency and the receipt interval")
    func exportInterval() async throws {
        let (db, database) = try await database("exportinterval")
        defer { Task { await db.client.shutdown() } }
        try await CaseLogImporter(database: database).importText(Self.reference + "\n" + Self.events + "\n")
        var exported = ""
        try await CaseLogExporter(database: database).export(
            agency: "BDT",
            from: VietnamTime.parseRFC3339("2025-01-01T00:00:00+07:00")!,
            to: VietnamTime.parseRFC3339("2026-01-01T00:00:00+07:00")!
        ) { exported += $0 }
        #expect(exported.split(separator: "\n").count == 5)
        #expect(!exported.contains("230303"))
        await #expect(throws: StoreError.self) {
            try await CaseLogExporter(database: database).export(agency: "NOPE", from: Date(), to: Date()) { _ in }
        }
    }
}
