public import Logging

public import struct Foundation.Date

/// One numbered migration file (`NNNN_name.sql`).
public struct Migration: Sendable, Hashable {
    /// The file name, e.g. `0001_init.sql`; the part before the first `_` is its version.
    public var name: String
    public var sql: String

    public init(name: String, sql: String) {
        self.name = name
        self.sql = sql
    }

    public var version: String { String(name.prefix { $0 != "_" }) }
}

/// The state of one migration in a database.
public struct MigrationStatus: Sendable, Hashable {
    public enum State: String, Sendable {
        case applied
        case pending
        /// Applied, but the file's text changed since.
        case changed
        /// Recorded in the database, unknown to this binary (the database is newer).
        case unknown
    }

    public var name: String
    public var state: State
    public var appliedAt: Date?
}

public enum MigrationError: Error, CustomStringConvertible, Sendable {
    case checksumMismatch(name: String, applied: String, current: String)
    case failed(name: String, underlying: PostgresError)

    public var description: String {
        switch self {
        case .checksumMismatch(let name, let applied, let current):
            "migration \(name) was changed after it was applied (checksum \(applied.prefix(12))… in the database, "
                + "\(current.prefix(12))… in this binary); add a new migration instead of editing an applied one"
        case .failed(let name, let underlying):
            "migration \(name) failed: \(underlying.debugDescription)"
        }
    }
}

/// Applies numbered SQL migrations in order, each in its own transaction, under an advisory lock so that several
/// processes starting at once apply each file exactly once. Applied files are recorded with a SHA-256 checksum
/// (computed by the server) in `schema_migrations`; an applied file whose text changed is an error.
public struct Migrator: Sendable {
    public let client: PostgresClient
    public let migrations: [Migration]
    let logger: Logger

    /// An arbitrary constant: the advisory lock key that serialises migrations.
    static let lockKey: Int64 = 0x7474_6863_6d69_6772

    public init(client: PostgresClient, migrations: [Migration], logger: Logger = Logger(label: "tthc.migrations")) {
        self.client = client
        self.migrations = migrations.sorted { $0.name < $1.name }
        self.logger = logger
    }

    /// Applies every pending migration; returns the names applied.
    @discardableResult
    public func migrate() async throws -> [String] {
        try await client.withConnection { session in
            try await session.query("SELECT pg_advisory_lock(\(Self.lockKey))")
            do {
                let applied = try await apply(session)
                try await session.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
                return applied
            } catch {
                _ = try? await session.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
                throw error
            }
        }
    }

    private func apply(_ session: PostgresSession) async throws -> [String] {
        // Only the owner creates the table; the service's own role (which may run this to check that nothing is
        // pending) has no CREATE right, not even for `IF NOT EXISTS`.
        let exists = try await session.query("SELECT to_regclass('schema_migrations') IS NOT NULL").one().decode(Bool.self, column: 0)
        if !exists {
            try await session.executeScript(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version text PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """
            )
        }
        let recorded = try await recordedMigrations(session)
        try verify(recorded: recorded, checksums: try await checksums(session))
        var applied: [String] = []
        for migration in migrations where recorded[migration.version] == nil {
            logger.info("applying migration", metadata: ["migration": "\(migration.name)"])
            do {
                try await session.transaction { session in
                    try await session.executeScript(migration.sql)
                    try await session.query(
                        """
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), encode(sha256(convert_to(\(migration.sql), 'UTF8')), 'hex'))
                        """
                    )
                }
            } catch let error as PostgresError {
                throw MigrationError.failed(name: migration.name, underlying: error)
            } catch let error as PostgresTransactionError {
                throw MigrationError.failed(name: migration.name, underlying: error.underlying)
            }
            applied.append(migration.name)
        }
        return applied
    }

    /// The state of every migration known to the binary or the database.
    public func status() async throws -> [MigrationStatus] {
        try await client.withConnection { session in
            let exists = try await session.query("SELECT to_regclass('schema_migrations') IS NOT NULL").one().decode(Bool.self, column: 0)
            let recorded = exists ? try await recordedMigrations(session) : [:]
            let checksums = try await checksums(session)
            var result: [MigrationStatus] = migrations.map { migration in
                guard let record = recorded[migration.version] else {
                    return MigrationStatus(name: migration.name, state: .pending, appliedAt: nil)
                }
                let state: MigrationStatus.State = record.checksum == checksums[migration.version] ? .applied : .changed
                return MigrationStatus(name: migration.name, state: state, appliedAt: record.appliedAt)
            }
            let known = Set(migrations.map(\.version))
            for (version, record) in recorded where !known.contains(version) {
                result.append(MigrationStatus(name: record.name, state: .unknown, appliedAt: record.appliedAt))
            }
            return result.sorted { $0.name < $1.name }
        }
    }

    /// Whether every migration of the binary is recorded — a cheap check for a readiness probe. A database that a
    /// newer binary has already migrated further is current for this one too (rolling upgrades: migrations only
    /// add). Edited files are caught by ``migrate()`` and ``status()``, which compare checksums.
    public func isCurrent() async throws -> Bool {
        try await client.withConnection { session in
            guard try await session.query("SELECT to_regclass('schema_migrations') IS NOT NULL").one().decode(Bool.self, column: 0) else {
                return false
            }
            let recorded = try await session.query(
                "SELECT coalesce(array_agg(version ORDER BY version), ARRAY[]::text[]) FROM schema_migrations"
            ).one().decode([String].self, column: 0)
            return Set(migrations.map(\.version)).isSubset(of: recorded)
        }
    }

    private struct Record {
        var name: String
        var checksum: String
        var appliedAt: Date
    }

    private func recordedMigrations(_ session: PostgresSession) async throws -> [String: Record] {
        let rows = try await session.query("SELECT version, name, checksum, applied_at FROM schema_migrations")
        var records: [String: Record] = [:]
        for row in rows {
            let (version, name, checksum, appliedAt) = try row.decode((String, String, String, Date).self)
            records[version] = Record(name: name, checksum: checksum, appliedAt: appliedAt)
        }
        return records
    }

    /// The server computes the checksums, so the binary needs no hashing code of its own for this.
    private func checksums(_ session: PostgresSession) async throws -> [String: String] {
        guard !migrations.isEmpty else { return [:] }
        let versions = migrations.map(\.version)
        let texts = migrations.map(\.sql)
        let rows = try await session.query(
            """
            SELECT v, encode(sha256(convert_to(t, 'UTF8')), 'hex')
            FROM unnest(\(versions)::text[], \(texts)::text[]) AS m(v, t)
            """
        )
        var result: [String: String] = [:]
        for row in rows {
            let (version, checksum) = try row.decode((String, String).self)
            result[version] = checksum
        }
        return result
    }

    private func verify(recorded: [String: Record], checksums: [String: String]) throws {
        for migration in migrations {
            if let record = recorded[migration.version], let current = checksums[migration.version], record.checksum != current {
                throw MigrationError.checksumMismatch(name: migration.name, applied: record.checksum, current: current)
            }
        }
        let known = Set(migrations.map(\.version))
        let unknown = recorded.filter { !known.contains($0.key) }.map(\.value.name).sorted()
        if !unknown.isEmpty {
            // A newer binary migrated this database (a rolling upgrade): migrations only add, so an older instance
            // keeps working; it says so, and `status()` lists them as unknown.
            logger.warning("the database has migrations this binary does not know; it is newer", metadata: ["migrations": "\(unknown)"])
        }
    }
}
