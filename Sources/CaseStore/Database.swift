public import Logging
public import Postgres

/// The service's database: the connection pool plus the schema this binary expects.
public struct Database: Sendable {
    public let client: PostgresClient
    public let logger: Logger
    /// Where migrations connect, when not through `client`: the schema owner, while `client` is the service's
    /// unprivileged role (`tthc_app`, see `sql/0004_app_role.sql`).
    public let migrationConninfo: String?

    public init(client: PostgresClient, logger: Logger = Logger(label: "tthc.store"), migrationConninfo: String? = nil) {
        self.client = client
        self.logger = logger
        self.migrationConninfo = migrationConninfo
    }

    /// The migrations of `sql/`, carried inside the binary.
    public static var migrations: [Migration] {
        EmbeddedMigrations.files.map { Migration(name: $0.name, sql: $0.text) }
    }

    public var migrator: Migrator { Migrator(client: client, migrations: Self.migrations, logger: logger) }

    /// Applies pending migrations as the schema owner; returns their names.
    @discardableResult
    public func migrate() async throws -> [String] {
        guard let migrationConninfo else { return try await migrator.migrate() }
        let owner = PostgresClient(configuration: PostgresConfiguration(conninfo: migrationConninfo, maximumConnections: 1), logger: logger)
        do {
            let applied = try await Migrator(client: owner, migrations: Self.migrations, logger: logger).migrate()
            await owner.shutdown()
            return applied
        } catch {
            await owner.shutdown()
            throw error
        }
    }

    /// The newest migration version this binary knows.
    public static var schemaVersion: String { migrations.last?.version ?? "0000" }
}
