import CLibPQ
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One libpq connection (`PGconn`).
///
/// Blocking: every method waits for the server. `@unchecked Sendable` is sound because libpq allows a `PGconn` to be
/// used from any thread as long as only one thread uses it at a time, and this type is only reachable through a
/// lease of ``PostgresClient`` (or the single loop of a ``PostgresListener``), which hands it to one task at a time;
/// that task runs each call on the client's dedicated thread pool, one call after the other.
final class PostgresConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    let conninfo: String
    let id: Int
    private var preparedStatements: [String: String] = [:]
    private var nextStatementNumber = 0
    private let statementCacheCapacity: Int

    private init(handle: OpaquePointer, conninfo: String, id: Int, statementCacheCapacity: Int) {
        self.handle = handle
        self.conninfo = conninfo
        self.id = id
        self.statementCacheCapacity = statementCacheCapacity
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Opens a connection. An empty `conninfo` means libpq's defaults and `PG*` environment variables.
    static func connect(conninfo: String, id: Int, statementCacheCapacity: Int = 256) throws -> PostgresConnection {
        guard let handle = PQconnectdb(conninfo) else {
            throw PostgresError(kind: .connection, message: "out of memory while connecting")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.errorMessage(handle)
            PQfinish(handle)
            throw PostgresError(kind: .connection, sqlState: .connectionFailure, message: message)
        }
        PQsetClientEncoding(handle, "UTF8")
        // Server notices (e.g. "relation already exists, skipping") are not errors; keep them off stderr.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        return PostgresConnection(handle: handle, conninfo: conninfo, id: id, statementCacheCapacity: statementCacheCapacity)
    }

    static func errorMessage(_ handle: OpaquePointer?) -> String {
        guard let handle, let message = PQerrorMessage(handle) else { return "unknown libpq error" }
        return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var isClosed: Bool { handle == nil }

    func close() {
        if let handle { PQfinish(handle) }
        handle = nil
        preparedStatements.removeAll()
    }

    /// The server process id of this connection (for `pg_terminate_backend` and diagnostics).
    var backendPID: Int32 { handle.map { PQbackendPID($0) } ?? 0 }

    /// Whether the server is a hot standby or the primary, as last reported (libpq ≥ 14).
    var serverVersion: Int { handle.map { Int(PQserverVersion($0)) } ?? 0 }

    /// Whether the connection is usable now, found without a round trip: a connection whose server went away
    /// (restart, failover, `pg_terminate_backend`) has an end-of-file or an error waiting on its socket.
    func isHealthy() -> Bool {
        guard let handle, PQstatus(handle) == CONNECTION_OK else { return false }
        guard PQtransactionStatus(handle) == PQTRANS_IDLE else { return false }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, 0)
        // An idle pool connection is never sent anything it should keep (it does not LISTEN): data waiting on the
        // socket is the server's goodbye (FATAL "terminating connection …", then end of file) or a notice of a
        // coming shutdown. Either way the connection is not to be trusted with the next statement.
        return ready == 0
    }

    /// Runs one statement with its parameters, binary in both directions.
    /// - Parameter prepare: prepare the statement once per connection and reuse it (for SQL that repeats).
    func execute(_ query: PostgresQuery, prepare: Bool = true) throws -> PostgresRows {
        guard let handle else { throw PostgresError(kind: .connection, message: "connection closed", query: query.sql) }
        let encoded: [[UInt8]?]
        do {
            encoded = try query.bindings.encoded()
        } catch {
            throw PostgresError(kind: .encoding, message: "cannot encode \(error.reason)", query: query.sql)
        }
        let types = query.bindings.types.map { Oid($0.rawValue) }
        let count = Int32(encoded.count)

        // All values live in one buffer, so every parameter pointer stays valid for the whole call.
        var storage: [UInt8] = []
        var offsets: [Int] = []
        var lengths: [Int32] = []
        storage.reserveCapacity(encoded.reduce(0) { $0 + ($1?.count ?? 0) })
        for value in encoded {
            offsets.append(storage.count)
            lengths.append(Int32(value?.count ?? 0))
            if let value { storage.append(contentsOf: value) }
        }
        let formats = [Int32](repeating: 1, count: encoded.count)

        var statementName: String?
        if prepare {
            statementName = try preparedName(for: query.sql, types: types, handle: handle)
        }

        let result: OpaquePointer? = storage.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(bitPattern: 1)
            let pointers: [UnsafePointer<CChar>?] = encoded.indices.map { index in
                guard encoded[index] != nil, let base else { return nil }
                return (base + offsets[index]).assumingMemoryBound(to: CChar.self)
            }
            if let statementName {
                return PQexecPrepared(handle, statementName, count, pointers, lengths, formats, 1)
            }
            return PQexecParams(handle, query.sql, count, types, pointers, lengths, formats, 1)
        }
        return try check(result, query: query.sql)
    }

    /// Runs SQL text that may hold several statements, with no parameters (migrations, session set-up).
    @discardableResult
    func executeScript(_ sql: String) throws -> PostgresRows {
        guard let handle else { throw PostgresError(kind: .connection, message: "connection closed", query: sql) }
        return try check(PQexec(handle, sql), query: sql)
    }

    private func preparedName(for sql: String, types: [Oid], handle: OpaquePointer) throws -> String {
        if let name = preparedStatements[sql] { return name }
        if preparedStatements.count >= statementCacheCapacity {
            _ = try check(PQexec(handle, "DEALLOCATE ALL"), query: "DEALLOCATE ALL")
            preparedStatements.removeAll()
        }
        nextStatementNumber += 1
        let name = "tthc_s\(nextStatementNumber)"
        _ = try check(PQprepare(handle, name, sql, Int32(types.count), types), query: sql)
        preparedStatements[sql] = name
        return name
    }

    /// Turns a `PGresult` into rows or a thrown error. Marks the connection closed when it was lost.
    private func check(_ result: OpaquePointer?, query: String) throws -> PostgresRows {
        guard let result else {
            let message = Self.errorMessage(handle)
            if let handle, PQstatus(handle) != CONNECTION_OK { close() }
            throw PostgresError(kind: .connection, sqlState: .connectionFailure, message: message, query: query)
        }
        let handleBox = ResultHandle(result)
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_SINGLE_TUPLE:
            return PostgresRows(handle: handleBox, query: query)
        default:
            func field(_ code: Character) -> String? {
                guard let ascii = code.asciiValue, let value = PQresultErrorField(result, Int32(ascii)) else { return nil }
                return String(cString: value)
            }
            let connectionLost = handle.map { PQstatus($0) != CONNECTION_OK } ?? true
            let sqlState = field("C").map(SQLState.init(rawValue:))
            let message = field("M") ?? Self.errorMessage(handle)
            let error = PostgresError(
                kind: connectionLost && sqlState == nil ? .connection : .server,
                sqlState: sqlState ?? (connectionLost ? .connectionFailure : nil),
                message: message,
                detail: field("D"),
                hint: field("H"),
                constraint: field("n"),
                table: field("t"),
                column: field("c"),
                query: query
            )
            if connectionLost { close() }
            throw error
        }
    }

    // MARK: LISTEN/NOTIFY support

    /// Waits up to `timeout` seconds for input and returns the notifications that arrived.
    func waitForNotifications(timeout: Double) throws -> [PostgresNotification] {
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError(kind: .connection, message: "listener connection lost")
        }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(timeout * 1000))
        if ready < 0 && errno != EINTR {
            throw PostgresError(kind: .connection, message: "poll failed: errno \(errno)")
        }
        if ready > 0 {
            guard PQconsumeInput(handle) != 0 else {
                let message = Self.errorMessage(handle)
                close()
                throw PostgresError(kind: .connection, message: message)
            }
        }
        var notifications: [PostgresNotification] = []
        while let pointer = PQnotifies(handle) {
            let notify = pointer.pointee
            notifications.append(
                PostgresNotification(
                    channel: String(cString: notify.relname),
                    payload: String(cString: notify.extra),
                    backendPID: notify.be_pid
                )
            )
            PQfreemem(pointer)
        }
        if PQstatus(handle) != CONNECTION_OK {
            close()
            throw PostgresError(kind: .connection, message: "listener connection lost")
        }
        return notifications
    }
}

/// A notification delivered by `NOTIFY channel, 'payload'`.
public struct PostgresNotification: Sendable, Hashable {
    public var channel: String
    public var payload: String
    /// The server process that sent it.
    public var backendPID: Int32
}
