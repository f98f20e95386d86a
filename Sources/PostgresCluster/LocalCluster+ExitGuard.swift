import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The fallback that stops a server we started when this process ends without stopping it.

extension LocalCluster {
    /// Mutable state behind an `NSLock`. `@unchecked Sendable` is sound because every access to `value` goes
    /// through `withLock`.
    final class Protected<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Value

        init(_ value: Value) { self.value = value }

        func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
            lock.lock()
            defer { lock.unlock() }
            return try body(&value)
        }
    }

    /// Stops armed servers (`pg_ctl stop -m fast`) at process exit.
    ///
    /// Two mechanisms, since neither covers every way a process ends:
    /// - an `atexit` handler stops them synchronously on a normal exit or `exit()` (an error thrown out of `main`);
    /// - for each server a watcher (`sh`, in its own session through `setsid`, so a terminal's Ctrl-C does not reach
    ///   it) waits on one end of a socket pair whose other end only this process holds. A trap or `SIGKILL` of this
    ///   process closes that end, the watcher reads end-of-file and stops the server. An orderly stop (or the
    ///   `atexit` handler) first sends "disarm", and the watcher exits without doing anything.
    enum ExitGuard {
        private struct Entry: Sendable {
            let stopCommand: [String]
            let environment: [String: String]
            /// This process's end of the watcher's socket pair; nil when no watcher could be started.
            let watcher: Int32?
        }

        private struct State {
            var entries: [String: Entry] = [:]
            var atexitInstalled = false
        }

        private static let state = Protected(State())

        static func arm(pgdata: String, stopCommand: [String], environment: [String: String], logger: Logger) {
            state.withLock { state in
                guard state.entries[pgdata] == nil else { return }
                if !state.atexitInstalled {
                    atexit { LocalCluster.ExitGuard.stopAllAtExit() }
                    state.atexitInstalled = true
                }
                let watcher = startWatcher(stopCommand: stopCommand, environment: environment, logger: logger)
                state.entries[pgdata] = Entry(stopCommand: stopCommand, environment: environment, watcher: watcher)
            }
        }

        static func disarm(pgdata: String) {
            let entry = state.withLock { $0.entries.removeValue(forKey: pgdata) }
            if let watcher = entry?.watcher {
                release(watcher)
            }
        }

        /// Whether a server is armed; for tests.
        static func isArmed(pgdata: String) -> Bool {
            state.withLock { $0.entries[pgdata] != nil }
        }

        /// Closes this process's end of the watcher's socket pair without disarming it, as this process's death
        /// would; returns whether there was a watcher. For tests.
        static func abandonWatcherForTesting(pgdata: String) -> Bool {
            guard let entry = state.withLock({ $0.entries.removeValue(forKey: pgdata) }), let watcher = entry.watcher else {
                return false
            }
            close(watcher)
            return true
        }

        private static func stopAllAtExit() {
            let entries = state.withLock { state in
                defer { state.entries.removeAll() }
                return Array(state.entries.values)
            }
            for entry in entries {
                runAtExit(entry.stopCommand, environment: entry.environment)
                if let watcher = entry.watcher {
                    release(watcher)
                }
            }
        }

        private static func release(_ watcher: Int32) {
            let message = Array("disarm\n".utf8)
            #if os(Linux)
            _ = send(watcher, message, message.count, Int32(MSG_NOSIGNAL))
            #else
            _ = write(watcher, message, message.count)
            #endif
            close(watcher)
        }

        private static func startWatcher(stopCommand: [String], environment: [String: String], logger: Logger) -> Int32? {
            #if os(Linux)
            var ends: [Int32] = [-1, -1]
            #if canImport(Glibc)
            let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
            #else
            let type = SOCK_STREAM | SOCK_CLOEXEC
            #endif
            guard socketpair(AF_UNIX, type, 0, &ends) == 0 else {
                logger.warning("Could not create the exit watcher's socket pair", metadata: ["errno": "\(errno)"])
                return nil
            }
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setsid") else {
                close(ends[0])
                close(ends[1])
                logger.debug("No setsid: no exit watcher; the atexit handler remains")
                return nil
            }
            // `setsid -f` forks: the watcher runs in a session of its own, and the setsid child exits at once.
            let script = "IFS= read -r line; [ \"$line\" = disarm ] && exit 0; exec \"$@\""
            let arguments = ["/usr/bin/setsid", "-f", "/bin/sh", "-c", script, "tthc-pg-exit-watch"] + stopCommand
            do {
                let nullDevice = try Runner.nullDevice(writable: true)
                let pid = try Runner.spawn(
                    arguments,
                    environment: environment,
                    standardInput: ends[1],
                    standardOutput: nullDevice.fileDescriptor,
                    standardError: nullDevice.fileDescriptor
                )
                _ = Runner.waitForExit(pid)
            } catch {
                close(ends[0])
                close(ends[1])
                logger.warning("Could not start the exit watcher", metadata: ["error": "\(error)"])
                return nil
            }
            // Only the watcher may hold its end, or it would never see end-of-file.
            close(ends[1])
            return ends[0]
            #else
            return nil
            #endif
        }

        /// Runs a command to its end from an `atexit` handler, with `posix_spawn` and `waitpid` (never `Process`,
        /// whose machinery is not meant to run while the process exits).
        private static func runAtExit(_ command: [String], environment: [String: String]) {
            #if os(Linux)
            guard let input = try? Runner.nullDevice(), let output = try? Runner.nullDevice(writable: true),
                let pid = try? Runner.spawn(
                    command,
                    environment: environment,
                    standardInput: input.fileDescriptor,
                    standardOutput: output.fileDescriptor,
                    standardError: output.fileDescriptor
                )
            else { return }
            _ = Runner.waitForExit(pid)
            #else
            _ = try? Runner.run(command, environment: environment)
            #endif
        }
    }
}
