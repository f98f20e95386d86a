import CaseAPI
import CaseStore
import CaseTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Postgres
import Synchronization
import Testing

@testable import tthc

/// The benchmark compares the service with pgbench running "exactly the SQL the service sends" (bench/README.md).
/// These tests keep the pgbench scripts true: they capture the statements the service really sends for one request
/// (the client logs every statement at trace level) and compare them, text for text, with the scripts' statements
/// as pgbench sends them in prepared mode (each `:variable` becomes the next `$n`).
@Suite struct BenchScriptTests {
    @Test func registrationScriptIsWhatTheServiceSends() async throws {
        let statements = try await capture { api in
            let reply = try await api.register(key: "warm-up")  // fills the reference caches
            #expect(reply.status == .created)
        } measured: { api in
            let reply = try await api.register(key: "measured")
            #expect(reply.status == .created)
        }
        let script = try Self.script("register.pgbench")
        #expect(statements == script)
    }

    @Test func lookupScriptIsWhatTheServiceSends() async throws {
        let statements = try await capture { api in
            let code = try #require(try await api.register(key: "warm-up").string("code"))
            let reply = try await api.request(.get, "/api/v1/public/dossiers/\(code)")
            #expect(reply.status == .ok)
        } measured: { api in
            let reply = try await api.request(.get, "/api/v1/public/dossiers/\(APIFixture.bdtIdentifier)-260302-0001")
            #expect(reply.status == .ok)
        }
        let script = try Self.script("lookup.pgbench")
        #expect(statements == script)
    }

    @Test func scriptsAreParsedAsPgbenchDoes() {
        let parsed = Self.statements(
            in: """
                -- a comment
                \\set n random(1, 10)
                SELECT a FROM t
                WHERE b = :first AND c = :second::text AND e = :first;
                SELECT 1;
                """
        )
        #expect(parsed == ["SELECT a FROM t\nWHERE b = $1 AND c = $2::text AND e = $3", "SELECT 1"])
    }

    // MARK: - helpers

    /// Runs `warmUp`, then records every statement the service sends while `measured` runs.
    private func capture(
        warmUp: @Sendable (API) async throws -> Void,
        measured: @Sendable (API) async throws -> Void
    ) async throws -> [String] {
        let fixture = try await APIFixture.make("bench_scripts")
        let recorder = StatementRecorder()
        var logger = Logger(label: "statements") { _ in recorder }
        logger.logLevel = .trace
        let client = PostgresClient(
            configuration: PostgresConfiguration(conninfo: fixture.db.connectionString, maximumConnections: 4),
            logger: logger
        )
        let database = Database(client: client, logger: Logger(label: "test"))
        var configuration = Configuration()
        configuration.port = 0
        configuration.api.publicLookupsPerMinute = 1000
        let clock = fixture.clock
        let app = buildApplication(configuration: configuration, database: database, logger: Logger(label: "test"), now: { clock.now })
        let tokens = fixture.tokens
        try await app.test(.live) { client in
            let api = API(client: client, tokens: tokens)
            try await warmUp(api)
            recorder.start()
            try await measured(api)
        }
        let statements = recorder.stop()
        await client.shutdown()
        await fixture.shutdown()
        return statements
    }

    static func script(_ name: String) throws -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return statements(in: try String(contentsOf: root.appendingPathComponent("bench/\(name)"), encoding: .utf8))
    }

    /// The statements of a pgbench script as pgbench sends them with `-M prepared`: meta-commands (`\set`) and
    /// comment lines dropped, statements end with `;` at the end of a line, every `:name` becomes the next `$n` (as in
    /// pgbench, even a repeated name, and quotes are not looked into; `::type` casts stay).
    static func statements(in script: String) -> [String] {
        var result: [String] = []
        var current: [Substring] = []
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current.isEmpty && (trimmed.isEmpty || trimmed.hasPrefix("--") || trimmed.hasPrefix("\\")) { continue }
            if trimmed.hasSuffix(";") {
                current.append(line[..<line.lastIndex(of: ";")!])
                result.append(numbered(current.joined(separator: "\n")))
                current = []
            } else {
                current.append(line)
            }
        }
        return result
    }

    private static func numbered(_ sql: String) -> String {
        var output = ""
        var count = 0
        var index = sql.startIndex
        while index < sql.endIndex {
            let character = sql[index]
            if character == ":", sql.index(after: index) < sql.endIndex, sql[sql.index(after: index)] != ":",
                index == sql.startIndex || sql[sql.index(before: index)] != ":",
                let first = sql[sql.index(after: index)...].first, first.isLetter || first == "_"
            {
                var end = sql.index(after: index)
                while end < sql.endIndex, sql[end].isLetter || sql[end].isNumber || sql[end] == "_" { end = sql.index(after: end) }
                count += 1
                output += "$\(count)"
                index = end
                continue
            }
            output.append(character)
            index = sql.index(after: index)
        }
        return output
    }
}

/// Keeps the SQL of the `statement` trace messages while recording.
final class StatementRecorder: LogHandler, @unchecked Sendable {
    private let state = Mutex<(recording: Bool, statements: [String])>((false, []))
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func start() { state.withLock { $0 = (true, []) } }

    func stop() -> [String] {
        state.withLock { state in
            state.recording = false
            return state.statements
        }
    }

    func log(event: LogEvent) {
        guard event.message == "statement", case .string(let sql)? = event.metadata?["sql"] else { return }
        state.withLock { state in
            if state.recording { state.statements.append(sql) }
        }
    }
}
