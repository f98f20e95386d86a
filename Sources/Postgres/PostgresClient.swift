public import Logging
import NIOCore
import NIOPosix
public import ServiceLifecycle
import Synchronization

/// How to reach the database and how many connections to keep.
public struct PostgresConfiguration: Sendable {
    /// A libpq connection string, keyword/value (`host=/run/pg dbname=tthc`) or URI (`postgresql://…`), including
    /// multi-host URIs with `target_session_attrs`. Empty means libpq's defaults and the `PG*` environment variables.
    public var conninfo: String
    /// The most connections open at once.
    public var maximumConnections: Int
    /// How long a caller waits for a free connection before failing with ``PostgresError/Kind/poolTimeout``.
    public var acquireTimeout: Duration
    /// Prepared statements kept per connection.
    public var statementCacheCapacity: Int

    public init(conninfo: String = "", maximumConnections: Int = 10, acquireTimeout: Duration = .seconds(10), statementCacheCapacity: Int = 256) {
        self.conninfo = conninfo
        self.maximumConnections = max(1, maximumConnections)
        self.acquireTimeout = acquireTimeout
        self.statementCacheCapacity = statementCacheCapacity
    }
}

public enum PostgresIsolationLevel: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

/// A point-in-time view of the pool, for `/ready` and metrics.
public struct PostgresPoolStatistics: Sendable, Equatable {
    public var open: Int
    public var idle: Int
    public var leased: Int
    public var waiting: Int
    public var maximum: Int
}

/// A bounded pool of libpq connections, and the way the rest of the program talks to PostgreSQL.
///
/// libpq blocks, so every call runs on a dedicated ``NIOThreadPool`` with one thread per connection: the cooperative
/// pool and the event loops never wait for the database. A leased connection is checked without a round trip
/// (see `PostgresConnection.isHealthy()`); one that the server dropped is replaced before the caller sees it.
/// As a `Service` the pool closes every connection on graceful shutdown.
public final class PostgresClient: Service, Sendable {
    public let configuration: PostgresConfiguration
    let logger: Logger
    let threadPool: NIOThreadPool
    private let state: Mutex<PoolState>

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<PostgresConnection?, any Error>
    }

    private struct PoolState {
        var idle: [PostgresConnection] = []
        var open = 0
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        var nextConnectionID = 0
        var closed = false
    }

    private enum Acquisition {
        case connection(PostgresConnection)
        case create(id: Int)
        case wait
    }

    public init(configuration: PostgresConfiguration, logger: Logger = Logger(label: "tthc.postgres")) {
        self.configuration = configuration
        self.logger = logger
        self.threadPool = NIOThreadPool(numberOfThreads: configuration.maximumConnections)
        self.threadPool.start()
        self.state = Mutex(PoolState())
    }

    deinit {
        threadPool.shutdownGracefully { _ in }
    }

    public var statistics: PostgresPoolStatistics {
        state.withLock { state in
            PostgresPoolStatistics(
                open: state.open,
                idle: state.idle.count,
                leased: state.open - state.idle.count,
                waiting: state.waiters.count,
                maximum: configuration.maximumConnections
            )
        }
    }

    // MARK: Service

    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Closes idle connections now and leased ones when they are returned; later leases fail.
    public func shutdown() async {
        let (idle, waiters) = state.withLock { state in
            state.closed = true
            defer {
                state.open -= state.idle.count
                state.idle.removeAll()
                state.waiters.removeAll()
            }
            return (state.idle, state.waiters)
        }
        for waiter in waiters {
            waiter.continuation.resume(throwing: PostgresError(kind: .poolClosed, message: "the connection pool was shut down"))
        }
        if !idle.isEmpty {
            _ = try? await threadPool.runIfActive {
                for connection in idle { connection.close() }
            }
        }
        try? await threadPool.shutdownGracefully()
    }

    // MARK: Leasing

    /// Runs `body` with a connection of its own; the connection returns to the pool afterwards.
    @discardableResult
    public func withConnection<Result>(_ body: (PostgresSession) async throws -> Result) async throws -> Result {
        let connection = try await lease()
        let session = PostgresSession(connection: connection, threadPool: threadPool, logger: logger)
        do {
            let result = try await body(session)
            release(connection)
            return result
        } catch {
            release(connection)
            throw error
        }
    }

    /// One statement in its own implicit transaction.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        try await withConnection { try await $0.query(query) }
    }

    /// Runs `body` inside BEGIN … COMMIT; any error thrown by `body` rolls back and is rethrown unchanged.
    /// A failing BEGIN, COMMIT or ROLLBACK throws ``PostgresTransactionError`` naming that phase.
    @discardableResult
    public func withTransaction<Result>(
        isolation: PostgresIsolationLevel = .readCommitted,
        readOnly: Bool = false,
        _ body: (PostgresSession) async throws -> Result
    ) async throws -> Result {
        try await withConnection { session in
            try await session.transaction(isolation: isolation, readOnly: readOnly, body)
        }
    }

    /// ``withTransaction(isolation:readOnly:_:)``, run again from the start when PostgreSQL reports a
    /// serialization failure (40001) or a deadlock (40P01), with a short randomised back-off.
    @discardableResult
    public func withRetryingTransaction<Result>(
        isolation: PostgresIsolationLevel = .readCommitted,
        maximumAttempts: Int = 5,
        _ body: (PostgresSession) async throws -> Result
    ) async throws -> Result {
        var attempt = 1
        while true {
            do {
                return try await withTransaction(isolation: isolation, body)
            } catch  where attempt < maximumAttempts && Self.isRetryable(error) {
                logger.debug("retrying transaction", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
                let base = 5 * (1 << min(attempt, 6))
                try await Task.sleep(for: .milliseconds(Int.random(in: base / 2...base)))
                attempt += 1
            }
        }
    }

    static func isRetryable(_ error: any Error) -> Bool {
        if let error = error as? PostgresError { return error.sqlState?.isRetryableTransactionFailure ?? false }
        if let error = error as? PostgresTransactionError { return error.sqlState?.isRetryableTransactionFailure ?? false }
        return false
    }

    private func lease() async throws -> PostgresConnection {
        while true {
            let acquisition: Acquisition = try state.withLock { state in
                if state.closed { throw PostgresError(kind: .poolClosed, message: "the connection pool was shut down") }
                if let connection = state.idle.popLast() { return .connection(connection) }
                if state.open < configuration.maximumConnections {
                    state.open += 1
                    state.nextConnectionID += 1
                    return .create(id: state.nextConnectionID)
                }
                return .wait
            }
            switch acquisition {
            case .connection(let connection):
                if connection.isHealthy() { return connection }
                logger.info("replacing a connection the server closed", metadata: ["connection": "\(connection.id)"])
                return try await replace(connection)
            case .create(let id):
                return try await open(id: id)
            case .wait:
                if let connection = try await waitForConnection() {
                    if connection.isHealthy() { return connection }
                    return try await replace(connection)
                }
                // A slot was freed for us: open a connection in it.
                let id = state.withLock { state in
                    state.nextConnectionID += 1
                    return state.nextConnectionID
                }
                return try await open(id: id)
            }
        }
    }

    /// Opens a connection in a slot already counted in `open`; gives the slot back on failure.
    private func open(id: Int) async throws -> PostgresConnection {
        let conninfo = configuration.conninfo
        let capacity = configuration.statementCacheCapacity
        do {
            return try await threadPool.runIfActive {
                try PostgresConnection.connect(conninfo: conninfo, id: id, statementCacheCapacity: capacity)
            }
        } catch {
            releaseSlot()
            throw error
        }
    }

    private func replace(_ connection: PostgresConnection) async throws -> PostgresConnection {
        let id = connection.id
        _ = try? await threadPool.runIfActive { connection.close() }
        return try await open(id: id)
    }

    private func waitForConnection() async throws -> PostgresConnection? {
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let timeout = configuration.acquireTimeout
        let maximum = configuration.maximumConnections
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<PostgresConnection?, any Error>) in
                let enqueued = state.withLock { state -> Bool in
                    if state.closed { return false }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return true
                }
                guard enqueued else {
                    continuation.resume(throwing: PostgresError(kind: .poolClosed, message: "the connection pool was shut down"))
                    return
                }
                Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    self?.failWaiter(
                        id,
                        with: PostgresError(
                            kind: .poolTimeout,
                            message: "no database connection became free within \(timeout) (all \(maximum) in use)"
                        )
                    )
                }
            }
        } onCancel: {
            failWaiter(id, with: CancellationError())
        }
    }

    private func failWaiter(_ id: UInt64, with error: any Error) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(throwing: error)
    }

    private func release(_ connection: PostgresConnection) {
        if connection.isClosed {
            releaseSlot()
            return
        }
        let (waiter, closeIt) = state.withLock { state -> (Waiter?, Bool) in
            if state.closed {
                state.open -= 1
                return (nil, true)
            }
            if !state.waiters.isEmpty { return (state.waiters.removeFirst(), false) }
            state.idle.append(connection)
            return (nil, false)
        }
        if closeIt {
            threadPool.submit { _ in connection.close() }
        }
        waiter?.continuation.resume(returning: connection)
    }

    /// A connection was lost or could not be opened: free its slot, or hand the slot to a waiter.
    private func releaseSlot() {
        let waiter = state.withLock { state -> Waiter? in
            if !state.closed, !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.open -= 1
            return nil
        }
        waiter?.continuation.resume(returning: nil)
    }
}

/// A leased connection. Valid only inside the `withConnection`/`withTransaction` closure that provided it.
///
/// Every statement is logged at `trace` level with its SQL text (never its values), so that `LOG_LEVEL=trace` shows
/// exactly what the service sends.
public struct PostgresSession: Sendable {
    let connection: PostgresConnection
    let threadPool: NIOThreadPool
    let logger: Logger

    /// Runs one statement; its SQL is prepared once per connection and reused.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        let connection = self.connection
        logger.trace("statement", metadata: ["sql": "\(query.sql)", "mode": "prepared", "connection": "\(connection.id)"])
        return try await threadPool.runIfActive { try connection.execute(query, prepare: true) }
    }

    /// Runs one statement without preparing it (for SQL that will not repeat).
    @discardableResult
    public func queryOnce(_ query: PostgresQuery) async throws -> PostgresRows {
        let connection = self.connection
        logger.trace("statement", metadata: ["sql": "\(query.sql)", "mode": "unprepared", "connection": "\(connection.id)"])
        return try await threadPool.runIfActive { try connection.execute(query, prepare: false) }
    }

    /// Runs SQL text holding one or more statements and no parameters (the simple query protocol).
    @discardableResult
    public func executeScript(_ sql: String) async throws -> PostgresRows {
        let connection = self.connection
        logger.trace("statement", metadata: ["sql": "\(sql)", "mode": "script", "connection": "\(connection.id)"])
        return try await threadPool.runIfActive { try connection.executeScript(sql) }
    }

    /// The server process id serving this session.
    public var backendPID: Int32 { connection.backendPID }

    /// A transaction on this session (see ``PostgresClient/withTransaction(isolation:readOnly:_:)``).
    public func transaction<Result>(
        isolation: PostgresIsolationLevel = .readCommitted,
        readOnly: Bool = false,
        _ body: (PostgresSession) async throws -> Result
    ) async throws -> Result {
        let begin = "BEGIN ISOLATION LEVEL \(isolation.rawValue)\(readOnly ? " READ ONLY" : "")"
        do {
            try await executeScript(begin)
        } catch let error as PostgresError {
            throw PostgresTransactionError(phase: .begin, underlying: error)
        }
        let result: Result
        do {
            result = try await body(self)
        } catch {
            do {
                try await executeScript("ROLLBACK")
            } catch let rollbackError as PostgresError {
                throw PostgresTransactionError(phase: .rollback, underlying: rollbackError, bodyError: error)
            }
            throw error
        }
        let commit: PostgresRows
        do {
            commit = try await executeScript("COMMIT")
        } catch let error as PostgresError {
            throw PostgresTransactionError(phase: .commit, underlying: error)
        }
        // COMMIT of a transaction in which a statement failed (and the error was swallowed) rolls back.
        if commit.commandTag == "ROLLBACK" {
            throw PostgresTransactionError(
                phase: .commit,
                underlying: PostgresError(
                    kind: .client,
                    sqlState: SQLState("25P02"),
                    message: "the transaction was rolled back because a statement in it failed"
                )
            )
        }
        return result
    }
}
