public import CaseStore
import Postgres

/// What `/ready` and `/metrics` report about the database: the pool of this process, whether the schema is the one
/// this binary expects, and the metrics worker's checkpoint (whichever process runs the worker).
public struct ServiceHealth: Sendable {
    /// The connections of this process's pool by state.
    public struct Pool: Sendable, Equatable, Codable {
        public var open: Int
        public var idle: Int
        public var leased: Int
        public var waiting: Int
        public var maximum: Int

        public init(open: Int, idle: Int, leased: Int, waiting: Int, maximum: Int) {
            self.open = open
            self.idle = idle
            self.leased = leased
            self.waiting = waiting
            self.maximum = maximum
        }
    }

    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public var pool: Pool {
        let statistics = database.client.statistics
        return Pool(
            open: statistics.open,
            idle: statistics.idle,
            leased: statistics.leased,
            waiting: statistics.waiting,
            maximum: statistics.maximum
        )
    }

    /// The newest migration this binary knows.
    public var schemaVersion: String { Database.schemaVersion }

    /// Whether every migration of this binary is applied (a newer schema counts as current).
    public func schemaIsCurrent() async throws -> Bool {
        try await database.migrator.isCurrent()
    }

    public func workerStatus() async throws -> MetricsWorkerStatus {
        try await MetricsProjectionStore(database: database).status()
    }
}
