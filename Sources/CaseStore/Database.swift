public import Logging
public import Postgres

/// The service's database: the connection pool plus the schema this binary expects.
public struct Database: Sendable {
    public let client: PostgresClient
    public let logger: Logger

    public init(client: PostgresClient, logger: Logger = Logger(label: "tthc.store")) {
        self.client = client
        self.logger = logger
    }

    /// The migrations of `sql/`, carried inside the binary.
    public static var migrations: [Migration] {
        EmbeddedMigrations.files.map { Migration(name: $0.name, sql: $0.text) }
    }

    public var migrator: Migrator { Migrator(client: client, migrations: Self.migrations, logger: logger) }

    /// Applies pending migrations; returns their names.
    @discardableResult
    public func migrate() async throws -> [String] {
        try await migrator.migrate()
    }

    /// The newest migration version this binary knows.
    public static var schemaVersion: String { migrations.last?.version ?? "0000" }
}
