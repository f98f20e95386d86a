import CaseAPI
import CaseMetrics
import CaseTestSupport
import CaseWeb
import Foundation
import Logging
import Testing

@testable import tthc

/// One configuration, read once: every setting's default, its parsing, and one failure policy — a value that cannot
/// be understood stops the start with the setting's name and the accepted values.
@Suite("Configuration")
struct ConfigurationTests {
    @Test("nothing set: the development defaults, and the embedded database")
    func defaults() throws {
        let configuration = try Configuration.read(environment: [:])
        #expect(configuration == Configuration())
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.dataDirectory == ".tthc")
        #expect(configuration.databasePoolSize == 16)
        #expect(configuration.databaseAcquireTimeout == 5)
        #expect(configuration.logLevel == .info)
        #expect(configuration.api.publicLookupsPerMinute == 60)
        #expect(configuration.web == WebConfiguration(secureCookies: false, sessionLifetime: 10 * 3600))
        #expect(configuration.worker == MetricsWorkerConfiguration())
        #expect(configuration.demoData)
        #expect(!configuration.usesExternalDatabase)
    }

    @Test("every setting is read from its environment variable")
    func everySettingIsRead() throws {
        let configuration = try Configuration.read(environment: [
            "DATABASE_URL": "postgresql://tthc_app@db1,db2/tthc?target_session_attrs=read-write",
            "TTHC_MIGRATION_DATABASE_URL": "postgresql://tthc@db1/tthc", "TTHC_DATA_DIR": "/var/lib/tthc",
            "TTHC_PG_BINDIR": "/usr/lib/postgresql/15/bin", "TTHC_DEMO_DATA": "0", "TTHC_HOST": "0.0.0.0", "TTHC_PORT": "9090",
            "TTHC_DB_POOL_SIZE": "32", "TTHC_DB_ACQUIRE_TIMEOUT": "2.5", "TTHC_LOG_LEVEL": "DEBUG", "TTHC_PUBLIC_LOOKUP_LIMIT": "120",
            "TTHC_SECURE_COOKIES": "1", "TTHC_SESSION_HOURS": "8", "TTHC_WORKER_BATCH_SIZE": "500", "TTHC_WORKER_POLL_SECONDS": "0.5",
            "TTHC_WORKER_STANDBY_SECONDS": "3", "TTHC_WORKER_COMMIT_DELAY_MS": "250",
        ])
        #expect(configuration.databaseURL == "postgresql://tthc_app@db1,db2/tthc?target_session_attrs=read-write")
        #expect(configuration.migrationDatabaseURL == "postgresql://tthc@db1/tthc")
        #expect(configuration.usesExternalDatabase)
        #expect(configuration.dataDirectory == "/var/lib/tthc")
        #expect(configuration.pgBinDirectory == "/usr/lib/postgresql/15/bin")
        #expect(!configuration.demoData)
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9090)
        #expect(configuration.databasePoolSize == 32)
        #expect(configuration.databaseAcquireTimeout == 2.5)
        #expect(configuration.logLevel == .debug)
        #expect(configuration.api.publicLookupsPerMinute == 120)
        #expect(configuration.web == WebConfiguration(secureCookies: true, sessionLifetime: 8 * 3600))
        #expect(
            configuration.worker
                == MetricsWorkerConfiguration(
                    batchSize: 500,
                    pollInterval: .milliseconds(500),
                    standbyInterval: .seconds(3),
                    commitDelay: .milliseconds(250)
                )
        )
    }

    @Test("libpq's own variables select an external database too")
    func libpqEnvironment() throws {
        #expect(try Configuration.read(environment: ["PGHOST": "/run/postgresql"]).usesExternalDatabase)
        #expect(try Configuration.read(environment: ["PGSERVICE": "tthc"]).usesExternalDatabase)
        #expect(try !Configuration.read(environment: ["PGHOST": "  "]).usesExternalDatabase)
    }

    @Test("the --host and --port flags win over TTHC_HOST and TTHC_PORT")
    func flagsWin() throws {
        let environment = ["TTHC_HOST": "0.0.0.0", "TTHC_PORT": "9090"]
        let configuration = try Configuration.read(flags: .init(host: "::1", port: 0), environment: environment)
        #expect(configuration.host == "::1")
        #expect(configuration.port == 0)
        #expect(try Configuration.read(flags: .init(host: nil, port: 7000), environment: environment).host == "0.0.0.0")
    }

    @Test("an empty or blank value is the default")
    func blankIsDefault() throws {
        #expect(try Configuration.read(environment: ["TTHC_PORT": "", "TTHC_LOG_LEVEL": "   ", "DATABASE_URL": ""]) == Configuration())
    }

    static let invalid: [(name: String, value: String, expected: String)] = [
        ("TTHC_PORT", "80a", "an integer from 0 to 65535"),
        ("TTHC_PORT", "65536", "an integer from 0 to 65535"),
        ("TTHC_DB_POOL_SIZE", "0", "an integer from 1 to 1000"),
        ("TTHC_DB_ACQUIRE_TIMEOUT", "-1", "seconds, more than 0 and at most 600"),
        ("TTHC_DB_ACQUIRE_TIMEOUT", "nan", "seconds, more than 0 and at most 600"),
        ("TTHC_LOG_LEVEL", "loud", "trace, debug, info, notice, warning, error or critical"),
        ("TTHC_PUBLIC_LOOKUP_LIMIT", "many", "an integer from 1 to 1000000"),
        ("TTHC_SECURE_COOKIES", "maybe", "1 or 0 (true or false)"),
        ("TTHC_SESSION_HOURS", "0", "hours, more than 0 and at most 720"),
        ("TTHC_SESSION_HOURS", "1000", "hours, more than 0 and at most 720"),
        ("TTHC_DEMO_DATA", "sometimes", "1 or 0 (true or false)"),
        ("TTHC_WORKER_BATCH_SIZE", "1.5", "an integer from 1 to 100000"),
        ("TTHC_WORKER_POLL_SECONDS", "never", "seconds, more than 0 and at most 3600"),
        ("TTHC_WORKER_STANDBY_SECONDS", "0", "seconds, more than 0 and at most 3600"),
        ("TTHC_WORKER_COMMIT_DELAY_MS", "-5", "an integer from 0 to 600000"),
    ]

    @Test("a value that cannot be understood stops the start with its name and the accepted values", arguments: invalid)
    func invalidValue(_ setting: (name: String, value: String, expected: String)) throws {
        let error = #expect(throws: Configuration.InvalidSetting.self) {
            try Configuration.read(environment: [setting.name: setting.value])
        }
        #expect(error == Configuration.InvalidSetting(name: setting.name, value: setting.value, expected: setting.expected))
        #expect(error?.description.contains("\(setting.name)=\"\(setting.value)\"") == true)
        #expect(error?.description.contains("không hợp lệ") == true)
    }

    @Test("every setting with a format is covered by the invalid-value table")
    func everyFormattedSettingIsCovered() {
        let covered = Set(Self.invalid.map(\.name))
        let formatted: Set<String> = [
            "TTHC_PORT", "TTHC_DB_POOL_SIZE", "TTHC_DB_ACQUIRE_TIMEOUT", "TTHC_LOG_LEVEL", "TTHC_PUBLIC_LOOKUP_LIMIT", "TTHC_SECURE_COOKIES",
            "TTHC_SESSION_HOURS", "TTHC_DEMO_DATA", "TTHC_WORKER_BATCH_SIZE", "TTHC_WORKER_POLL_SECONDS", "TTHC_WORKER_STANDBY_SECONDS",
            "TTHC_WORKER_COMMIT_DELAY_MS",
        ]
        #expect(covered == formatted)
    }

    @Test("the binary refuses to start on a bad setting, naming it, for serve and for the other commands")
    func binaryRefusesBadSetting() async throws {
        for arguments in [["serve"], ["user", "list"], ["worker", "--once"], ["report", "--agency", "BDT", "--period", "2025"]] {
            let run = try await ChildProcess.run(arguments, environment: ["TTHC_PORT": "eighty", "TTHC_DATA_DIR": "/nonexistent/tthc-never"])
            #expect(run.status != 0, "\(arguments)")
            #expect(run.errors.contains("TTHC_PORT=\"eighty\""), "\(arguments): \(run.errors)")
            #expect(run.errors.contains("an integer from 0 to 65535"), "\(arguments): \(run.errors)")
        }
        // Nothing was started: the data directory of the embedded cluster was never created.
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent/tthc-never"))
    }
}
