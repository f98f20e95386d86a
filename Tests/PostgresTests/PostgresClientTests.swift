import CaseTestSupport
import Foundation
import Postgres
import Testing

@Suite("PostgreSQL client against a real server")
struct PostgresClientTests {
    struct Payload: Codable, Sendable, Equatable {
        var name: String
        var count: Int
        var tags: [String]
    }

    @Test("every supported type round-trips through a bound parameter")
    func typesRoundTrip() async throws {
        let db = try await TestDatabase.make("types", migrations: [])
        defer { Task { await db.client.shutdown() } }
        let client = db.client
        let date = Date(timeIntervalSince1970: 1_740_960_900.123456)
        let uuid = UUID()
        let bytes = Data([0, 1, 2, 255, 254, 0x27, 0x5c])
        let text = "Công nhận người có uy tín trong đồng bào dân tộc thiểu số — Nguyễn Văn Ánh 🇻🇳"

        #expect(try await client.query("SELECT \(true)::bool").one().decode(Bool.self, column: 0) == true)
        #expect(try await client.query("SELECT \(Int.max)::int8").one().decode(Int.self, column: 0) == Int.max)
        #expect(try await client.query("SELECT \(Int64.min)::int8").one().decode(Int64.self, column: 0) == Int64.min)
        #expect(try await client.query("SELECT \(Int32(-42))::int4").one().decode(Int32.self, column: 0) == -42)
        #expect(try await client.query("SELECT \(3.25)::float8").one().decode(Double.self, column: 0) == 3.25)
        #expect(try await client.query("SELECT \(text)::text").one().decode(String.self, column: 0) == text)
        #expect(try await client.query("SELECT \(uuid)::uuid").one().decode(UUID.self, column: 0) == uuid)
        #expect(try await client.query("SELECT \(bytes)::bytea").one().decode(Data.self, column: 0) == bytes)
        let decodedDate = try await client.query("SELECT \(date)::timestamptz").one().decode(Date.self, column: 0)
        #expect(abs(decodedDate.timeIntervalSince(date)) < 0.000_001)
        let day = try #require(PostgresDate(year: 2026, month: 2, day: 17))
        #expect(try await client.query("SELECT \(day)::date").one().decode(PostgresDate.self, column: 0) == day)
        #expect(try await client.query("SELECT '2026-02-17'::date").one().decode(PostgresDate.self, column: 0).description == "2026-02-17")
        let payload = Payload(name: "Ban Dân tộc", count: 7, tags: ["a", "b"])
        let json = try await client.query("SELECT \(PostgresJSON(payload))::jsonb").one().decode(PostgresJSON<Payload>.self, column: 0)
        #expect(json.value == payload)
        let jsonText = try await client.query("SELECT '{\"name\":\"x\",\"count\":1,\"tags\":[]}'::json").one()
            .decode(PostgresJSON<Payload>.self, column: 0)
        #expect(jsonText.value == Payload(name: "x", count: 1, tags: []))
        let strings = ["một", "hai", "", "O'Brien", "\"quoted\""]
        #expect(try await client.query("SELECT \(strings)::text[]").one().decode([String].self, column: 0) == strings)
        #expect(try await client.query("SELECT \([1, -2, Int.max])::int8[]").one().decode([Int].self, column: 0) == [1, -2, Int.max])
        #expect(try await client.query("SELECT \([Int32(7), 8])::int4[]").one().decode([Int32].self, column: 0) == [7, 8])
        #expect(try await client.query("SELECT \([String]())::text[]").one().decode([String].self, column: 0) == [])
        #expect(try await client.query("SELECT ARRAY['a', NULL]::text[]").one().decode([String?].self, column: 0) == ["a", nil])
    }

    @Test("NULL decodes to nil for optionals and is an error naming the column otherwise")
    func nulls() async throws {
        let db = try await TestDatabase.make("nulls", migrations: [])
        defer { Task { await db.client.shutdown() } }
        let missing: String? = nil
        let row = try await db.client.query("SELECT \(missing)::text AS nothing, \(Optional(5))::int8 AS five").one()
        let (nothing, five) = try row.decode((String?, Int?).self)
        #expect(nothing == nil)
        #expect(five == 5)
        let error = #expect(throws: PostgresError.self) { try row.decode(String.self, column: 0) }
        #expect(error?.kind == .decoding)
        #expect(error?.column == "nothing")
    }

    @Test("decoding the wrong type throws an error that names the column")
    func wrongType() async throws {
        let db = try await TestDatabase.make("wrongtype", migrations: [])
        defer { Task { await db.client.shutdown() } }
        let row = try await db.client.query("SELECT 'abc'::text AS label").one()
        let error = #expect(throws: PostgresError.self) { try row.decode(Int.self, named: "label") }
        #expect(error?.message.contains("\"label\"") == true)
        #expect(error?.kind == .decoding)
    }

    @Test(
        "SQL-injection strings are stored and read back as data",
        arguments: [
            "'; DROP TABLE note; --",
            "Robert'); DELETE FROM note WHERE ('1'='1",
            "$1 $2 \\x00 E'\\n'",
            "<script>alert('x')</script>",
            "\u{1F600}' OR 1=1 --",
        ]
    )
    func injectionIsData(_ hostile: String) async throws {
        let db = try await TestDatabase.make("inject", migrations: [])
        defer { Task { await db.client.shutdown() } }
        try await db.client.withConnection { session in
            try await session.executeScript("CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL)")
            try await session.query("INSERT INTO note (id, body) VALUES (\(1), \(hostile))")
            let body = try await session.query("SELECT body FROM note WHERE body = \(hostile)").one().decode(String.self, column: 0)
            #expect(body == hostile)
            let count = try await session.query("SELECT count(*) FROM note").one().decode(Int.self, column: 0)
            #expect(count == 1)
        }
    }

    @Test("a NUL character in text is refused before it reaches the server")
    func nulRefused() async throws {
        let db = try await TestDatabase.make("nul", migrations: [])
        defer { Task { await db.client.shutdown() } }
        let error = await #expect(throws: PostgresError.self) { try await db.client.query("SELECT \("a\u{0}b")::text") }
        #expect(error?.kind == .encoding)
    }

    @Test("unique and check violations surface their SQLSTATE and constraint")
    func constraintViolations() async throws {
        let db = try await TestDatabase.make("constraints", migrations: [])
        defer { Task { await db.client.shutdown() } }
        try await db.client.withConnection { session in
            try await session.executeScript(
                "CREATE TABLE item (code text CONSTRAINT item_code_key UNIQUE, qty int CONSTRAINT qty_positive CHECK (qty > 0))"
            )
            try await session.query("INSERT INTO item VALUES (\("A"), \(1))")
            let unique = await #expect(throws: PostgresError.self) { try await session.query("INSERT INTO item VALUES (\("A"), \(2))") }
            #expect(unique?.sqlState == .uniqueViolation)
            #expect(unique?.constraint == "item_code_key")
            #expect(unique?.query?.contains("$1") == true)
            let check = await #expect(throws: PostgresError.self) { try await session.query("INSERT INTO item VALUES (\("B"), \(0))") }
            #expect(check?.sqlState == .checkViolation)
            #expect(check?.constraint == "qty_positive")
            // The error text never contains the bound values.
            #expect(check.map { String(describing: $0) }?.contains("B") == false)
        }
    }

    @Test("a transaction whose body throws rolls back")
    func rollback() async throws {
        let db = try await TestDatabase.make("rollback", migrations: [])
        defer { Task { await db.client.shutdown() } }
        struct Boom: Error {}
        try await db.client.query("CREATE TABLE t (x int)")
        await #expect(throws: Boom.self) {
            try await db.client.withTransaction { session in
                try await session.query("INSERT INTO t VALUES (\(1))")
                throw Boom()
            }
        }
        #expect(try await db.client.query("SELECT count(*) FROM t").one().decode(Int.self, column: 0) == 0)
        try await db.client.withTransaction { session in
            try await session.query("INSERT INTO t VALUES (\(2))")
        }
        #expect(try await db.client.query("SELECT count(*) FROM t").one().decode(Int.self, column: 0) == 1)
    }

    @Test("a failing COMMIT is reported as the commit phase with its SQLSTATE")
    func commitPhase() async throws {
        let db = try await TestDatabase.make("commitphase", migrations: [])
        defer { Task { await db.client.shutdown() } }
        try await db.client.query("CREATE TABLE d (x int UNIQUE DEFERRABLE INITIALLY DEFERRED)")
        let error = await #expect(throws: PostgresTransactionError.self) {
            try await db.client.withTransaction { session in
                try await session.query("INSERT INTO d VALUES (1), (1)")
            }
        }
        #expect(error?.phase == .commit)
        #expect(error?.sqlState == .uniqueViolation)
    }

    @Test("a swallowed statement error makes COMMIT fail instead of silently rolling back")
    func swallowedError() async throws {
        let db = try await TestDatabase.make("swallowed", migrations: [])
        defer { Task { await db.client.shutdown() } }
        let error = await #expect(throws: PostgresTransactionError.self) {
            try await db.client.withTransaction { session in
                _ = try? await session.query("SELECT 1/0")
            }
        }
        #expect(error?.phase == .commit)
    }

    @Test("serialization failures are retried until the transaction succeeds")
    func retries() async throws {
        let db = try await TestDatabase.make("retry", migrations: [])
        defer { Task { await db.client.shutdown() } }
        let attempts = Counter()
        let value = try await db.client.withRetryingTransaction { session in
            if await attempts.increment() < 3 {
                try await session.executeScript("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$")
            }
            return try await session.query("SELECT 42").one().decode(Int.self, column: 0)
        }
        #expect(value == 42)
        #expect(await attempts.value == 3)
        // Other errors are not retried.
        let other = Counter()
        await #expect(throws: PostgresError.self) {
            try await db.client.withRetryingTransaction { session in
                _ = await other.increment()
                try await session.query("SELECT 1/0")
            }
        }
        #expect(await other.value == 1)
    }

    @Test("a real serialization conflict between two transactions is resolved by retrying")
    func realConflict() async throws {
        let db = try await TestDatabase.make("conflict", migrations: [], poolSize: 4)
        defer { Task { await db.client.shutdown() } }
        try await db.client.query("CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)")
        try await db.client.query("INSERT INTO counter VALUES (1, 0)")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await db.client.withRetryingTransaction(isolation: .serializable, maximumAttempts: 50) { session in
                        let n = try await session.query("SELECT n FROM counter WHERE id = 1").one().decode(Int.self, column: 0)
                        try await session.query("UPDATE counter SET n = \(n + 1) WHERE id = 1")
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await db.client.query("SELECT n FROM counter").one().decode(Int.self, column: 0) == 8)
    }

    @Test("when every connection is leased a caller waits, then gets one when it is released")
    func poolWaits() async throws {
        let db = try await TestDatabase.make("poolwait", migrations: [], poolSize: 1, acquireTimeout: .seconds(10))
        defer { Task { await db.client.shutdown() } }
        let client = db.client
        let holder = Task {
            try await client.withConnection { session in
                try await session.query("SELECT pg_sleep(0.3)")
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        let value = try await client.query("SELECT 7").one().decode(Int.self, column: 0)
        #expect(value == 7)
        _ = try await holder.value
        #expect(client.statistics.open == 1)
    }

    @Test("when every connection stays leased a waiter times out with a clear error")
    func poolTimesOut() async throws {
        let db = try await TestDatabase.make("pooltimeout", migrations: [], poolSize: 1, acquireTimeout: .milliseconds(200))
        defer { Task { await db.client.shutdown() } }
        let client = db.client
        let holder = Task {
            try await client.withConnection { session in
                try await session.query("SELECT pg_sleep(1.5)")
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        let error = await #expect(throws: PostgresError.self) { try await client.query("SELECT 1") }
        #expect(error?.kind == .poolTimeout)
        #expect(error?.message.contains("no database connection became free") == true)
        _ = try await holder.value
        #expect(try await client.query("SELECT 1").one().decode(Int.self, column: 0) == 1)
    }

    @Test("a backend killed with pg_terminate_backend is replaced without the caller noticing")
    func terminatedBackendIsReplaced() async throws {
        let db = try await TestDatabase.make("terminate", migrations: [], poolSize: 1)
        defer { Task { await db.client.shutdown() } }
        let client = db.client
        let pid = try await client.query("SELECT pg_backend_pid()").one().decode(Int32.self, column: 0)
        let killer = db.makeClient(poolSize: 1)
        defer { Task { await killer.shutdown() } }
        #expect(try await killer.query("SELECT pg_terminate_backend(\(pid))").one().decode(Bool.self, column: 0))
        // Wait until the backend has really gone.
        for _ in 0..<100 {
            let alive = try await killer.query("SELECT count(*) FROM pg_stat_activity WHERE pid = \(pid)").one().decode(Int.self, column: 0)
            if alive == 0 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let newPID = try await client.query("SELECT pg_backend_pid()").one().decode(Int32.self, column: 0)
        #expect(newPID != pid)
        #expect(client.statistics.open == 1)
    }

    @Test("NOTIFY is delivered to a listener, also after its connection was terminated")
    func notifications() async throws {
        let db = try await TestDatabase.make("notify", migrations: [])
        defer { Task { await db.client.shutdown() } }
        let client = db.client
        var events = client.listen(to: ["case_event", "other channel"]).makeAsyncIterator()
        #expect(await events.next() == .subscribed)
        try await client.notify("case_event", payload: "hello")
        guard case .notification(let first)? = await events.next() else {
            Issue.record("expected a notification")
            return
        }
        #expect(first.channel == "case_event")
        #expect(first.payload == "hello")

        // Kill the listener's backend; it reconnects and subscribes again.
        try await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()")
        #expect(await events.next() == .subscribed)
        try await client.notify("other channel", payload: "again")
        guard case .notification(let second)? = await events.next() else {
            Issue.record("expected a notification after reconnecting")
            return
        }
        #expect(second.channel == "other channel")
        #expect(second.payload == "again")
    }

    @Test("interpolated queries can be appended with their parameters renumbered")
    func appendQueries() async throws {
        let db = try await TestDatabase.make("append", migrations: [])
        defer { Task { await db.client.shutdown() } }
        var query: PostgresQuery = "SELECT \(1)::int8 + \(2)::int8"
        query.append(" + \(10)::int8 + \(20)::int8")
        #expect(query.sql == "SELECT $1::int8 + $2::int8 + $3::int8 + $4::int8")
        #expect(try await db.client.query(query).one().decode(Int.self, column: 0) == 33)
    }
}

actor Counter {
    private(set) var value = 0
    func increment() -> Int {
        value += 1
        return value
    }
}
