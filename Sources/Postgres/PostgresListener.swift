import Foundation
import Logging
import NIOPosix

/// What a ``PostgresClient/listen(to:)`` sequence delivers.
public enum PostgresListenerEvent: Sendable, Hashable {
    /// `LISTEN` is in force (first time, or again after the connection was lost and re-established). Notifications
    /// sent while disconnected are lost, so a consumer should look for work it may have missed.
    case subscribed
    case notification(PostgresNotification)
}

extension PostgresClient {
    /// Listens on `channels` on a dedicated connection (not taken from the pool) and delivers notifications until
    /// the consuming task ends or is cancelled. A lost connection is re-established with back-off, and
    /// ``PostgresListenerEvent/subscribed`` is delivered again once `LISTEN` is back in force.
    public func listen(to channels: [String]) -> AsyncStream<PostgresListenerEvent> {
        let conninfo = configuration.conninfo
        let logger = self.logger
        let statements = channels.map { "LISTEN " + Self.quoteIdentifier($0) }.joined(separator: "; ")
        return AsyncStream(bufferingPolicy: .bufferingNewest(1024)) { continuation in
            let thread = NIOThreadPool(numberOfThreads: 1)
            thread.start()
            let task = Task {
                var connection: PostgresConnection?
                var delay: Duration = .milliseconds(100)
                while !Task.isCancelled {
                    do {
                        let current: PostgresConnection
                        if let connection, !connection.isClosed {
                            current = connection
                        } else {
                            current = try await thread.runIfActive {
                                let fresh = try PostgresConnection.connect(conninfo: conninfo, id: 0)
                                try fresh.executeScript(statements)
                                return fresh
                            }
                            connection = current
                            continuation.yield(.subscribed)
                        }
                        let notifications = try await thread.runIfActive { try current.waitForNotifications(timeout: 0.5) }
                        for notification in notifications { continuation.yield(.notification(notification)) }
                        delay = .milliseconds(100)
                    } catch {
                        if Task.isCancelled { break }
                        logger.warning("listener connection failed; retrying", metadata: ["error": "\(error)", "retry_in": "\(delay)"])
                        if let stale = connection { _ = try? await thread.runIfActive { stale.close() } }
                        connection = nil
                        try? await Task.sleep(for: delay)
                        delay = min(delay * 2, .seconds(5))
                    }
                }
                if let last = connection { _ = try? await thread.runIfActive { last.close() } }
                try? await thread.shutdownGracefully()
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Sends a notification (`pg_notify(channel, payload)`), delivered when the current transaction commits.
    public func notify(_ channel: String, payload: String = "") async throws {
        try await query("SELECT pg_notify(\(channel), \(payload))")
    }

    /// Quotes an SQL identifier (double quotes, inner quotes doubled).
    public static func quoteIdentifier(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
