import CaseAPI
import CaseMetrics
import CaseWeb
import Configuration
import Foundation
import Logging

/// Everything `tthc` reads from its environment and its flags, read once at start-up and validated once: a value
/// that cannot be understood stops the command with the setting's name and the accepted values. Each setting is
/// listed in the README's configuration table; every one has a development default, so that `swift run tthc serve`
/// works with nothing set.
struct Configuration: Sendable, Equatable {
    /// `DATABASE_URL`: a libpq connection string or URI. Unset (and no `PGHOST`/`PGSERVICE`): the embedded cluster.
    var databaseURL: String?
    /// `TTHC_MIGRATION_DATABASE_URL`: where migrations connect (the schema owner); unset: `DATABASE_URL`.
    var migrationDatabaseURL: String?
    /// Whether `PGHOST` or `PGSERVICE` is set: libpq then finds the server by itself.
    var libpqEnvironment: Bool
    /// `TTHC_DATA_DIR`: where the embedded cluster keeps its data.
    var dataDirectory: String
    /// `TTHC_PG_BINDIR`: the PostgreSQL server binaries for the embedded cluster (nil: found).
    var pgBinDirectory: String?
    /// `TTHC_DEMO_DATA`: load demo reference data into an empty embedded database.
    var demoData: Bool
    /// `TTHC_HOST` / `TTHC_PORT` (the `--host`/`--port` flags win).
    var host: String
    var port: Int
    /// `TTHC_DB_POOL_SIZE`: the most database connections of one process.
    var databasePoolSize: Int
    /// `TTHC_DB_ACQUIRE_TIMEOUT`: seconds a request waits for a free connection.
    var databaseAcquireTimeout: Double
    /// `TTHC_LOG_LEVEL`.
    var logLevel: Logger.Level
    /// `TTHC_PUBLIC_LOOKUP_LIMIT`.
    var api: APIConfiguration
    /// `TTHC_SECURE_COOKIES`, `TTHC_SESSION_HOURS`.
    var web: WebConfiguration
    /// `TTHC_WORKER_BATCH_SIZE`, `TTHC_WORKER_POLL_SECONDS`, `TTHC_WORKER_STANDBY_SECONDS`, `TTHC_WORKER_COMMIT_DELAY_MS`.
    var worker: MetricsWorkerConfiguration

    init() {
        databaseURL = nil
        migrationDatabaseURL = nil
        libpqEnvironment = false
        dataDirectory = ".tthc"
        pgBinDirectory = nil
        demoData = true
        host = "127.0.0.1"
        port = 8080
        databasePoolSize = 16
        databaseAcquireTimeout = 5
        logLevel = .info
        api = APIConfiguration()
        web = WebConfiguration()
        worker = MetricsWorkerConfiguration()
    }

    /// Whether libpq should find the server by itself rather than the embedded cluster being started.
    var usesExternalDatabase: Bool { databaseURL != nil || libpqEnvironment }

    /// A setting that could not be understood.
    struct InvalidSetting: Error, Equatable, CustomStringConvertible {
        var name: String
        var value: String
        var expected: String

        var description: String {
            "Invalid setting \(name)=\"\(value)\": expected \(expected). / Giá trị \(name)=\"\(value)\" không hợp lệ: cần \(expected)."
        }
    }

    /// The flags a command was given, as configuration keys (they take precedence over the environment).
    struct Flags: Sendable {
        var host: String?
        var port: Int?
    }

    /// Reads the configuration: the flags first, then the environment (`environment` in tests).
    static func read(flags: Flags = Flags(), environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Configuration {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host = flags.host { values["tthc.host"] = ConfigValue(.string(host), isSecret: false) }
        if let port = flags.port { values["tthc.port"] = ConfigValue(.string(String(port)), isSecret: false) }
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "flags", values: values),
            EnvironmentVariablesProvider(
                environmentVariables: environment,
                secretsSpecifier: .specific(["DATABASE_URL", "TTHC_MIGRATION_DATABASE_URL", "PGPASSWORD"])
            ),
        ])
        return try read(from: Settings(reader: reader))
    }

    /// The parsing and validation of every setting, one rule per setting.
    static func read(from settings: Settings) throws -> Configuration {
        var configuration = Configuration()
        configuration.databaseURL = settings.text("database.url", secret: true)
        configuration.migrationDatabaseURL = settings.text("tthc.migration.database.url", secret: true)
        configuration.libpqEnvironment = settings.text("pghost") != nil || settings.text("pgservice") != nil
        configuration.dataDirectory = settings.text("tthc.data.dir") ?? configuration.dataDirectory
        configuration.pgBinDirectory = settings.text("tthc.pg.bindir")
        configuration.demoData = try settings.flag("tthc.demo.data", name: "TTHC_DEMO_DATA") ?? true
        configuration.host = settings.text("tthc.host") ?? configuration.host
        configuration.port = try settings.integer("tthc.port", name: "TTHC_PORT", in: 0...65_535) ?? configuration.port
        configuration.databasePoolSize =
            try settings.integer("tthc.db.pool.size", name: "TTHC_DB_POOL_SIZE", in: 1...1000) ?? configuration.databasePoolSize
        configuration.databaseAcquireTimeout =
            try settings.seconds("tthc.db.acquire.timeout", name: "TTHC_DB_ACQUIRE_TIMEOUT", in: 0.001...600) ?? 5
        if let raw = settings.text("tthc.log.level") {
            guard let level = Logger.Level(rawValue: raw.lowercased()) else {
                throw InvalidSetting(name: "TTHC_LOG_LEVEL", value: raw, expected: "trace, debug, info, notice, warning, error or critical")
            }
            configuration.logLevel = level
        }
        configuration.api.publicLookupsPerMinute =
            try settings.integer("tthc.public.lookup.limit", name: "TTHC_PUBLIC_LOOKUP_LIMIT", in: 1...1_000_000) ?? 60
        configuration.web.secureCookies = try settings.flag("tthc.secure.cookies", name: "TTHC_SECURE_COOKIES") ?? false
        if let hours = try settings.seconds("tthc.session.hours", name: "TTHC_SESSION_HOURS", in: 0.001...720, unit: "hours") {
            configuration.web.sessionLifetime = hours * 3600
        }
        if let size = try settings.integer("tthc.worker.batch.size", name: "TTHC_WORKER_BATCH_SIZE", in: 1...100_000) {
            configuration.worker.batchSize = size
        }
        if let seconds = try settings.seconds("tthc.worker.poll.seconds", name: "TTHC_WORKER_POLL_SECONDS", in: 0.01...3600) {
            configuration.worker.pollInterval = .milliseconds(Int(seconds * 1000))
        }
        if let seconds = try settings.seconds("tthc.worker.standby.seconds", name: "TTHC_WORKER_STANDBY_SECONDS", in: 0.01...3600) {
            configuration.worker.standbyInterval = .milliseconds(Int(seconds * 1000))
        }
        if let milliseconds = try settings.integer("tthc.worker.commit.delay.ms", name: "TTHC_WORKER_COMMIT_DELAY_MS", in: 0...600_000) {
            configuration.worker.commitDelay = .milliseconds(milliseconds)
        }
        return configuration
    }

    /// The values of a `ConfigReader` as text, trimmed, with empty values read as unset, and the parsers every
    /// setting shares, so that each kind of value is refused with the same words.
    struct Settings {
        let reader: ConfigReader

        func text(_ key: ConfigKey, secret: Bool = false) -> String? {
            guard let raw = reader.string(forKey: key, isSecret: secret)?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
                return nil
            }
            return raw
        }

        func integer(_ key: ConfigKey, name: String, in range: ClosedRange<Int>) throws -> Int? {
            guard let raw = text(key) else { return nil }
            guard let number = Int(raw), range.contains(number) else {
                throw InvalidSetting(name: name, value: raw, expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }

        func seconds(_ key: ConfigKey, name: String, in range: ClosedRange<Double>, unit: String = "seconds") throws -> Double? {
            guard let raw = text(key) else { return nil }
            guard let number = Double(raw), number.isFinite, range.contains(number) else {
                throw InvalidSetting(name: name, value: raw, expected: "\(unit), more than 0 and at most \(Self.plain(range.upperBound))")
            }
            return number
        }

        func flag(_ key: ConfigKey, name: String) throws -> Bool? {
            guard let raw = text(key) else { return nil }
            switch raw.lowercased() {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default: throw InvalidSetting(name: name, value: raw, expected: "1 or 0 (true or false)")
            }
        }

        static func plain(_ number: Double) -> String {
            number == number.rounded() ? String(Int(number)) : String(number)
        }
    }
}
