import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// Where the local cluster's files are, the lock that serializes its start, and what runs on its data directory.

extension LocalCluster {
    struct Layout: Sendable {
        /// The configured data directory (real path).
        let projectDirectory: URL
        /// The directory holding `pgdata/`, `run/` and `log/`: the project directory, or the relocated directory.
        let clusterRoot: URL
        let relocated: Bool
        let socketDirectory: String
        /// The configured port (names the socket file).
        let port: Int

        var pgdata: URL { clusterRoot.appendingPathComponent("pgdata", isDirectory: true) }
        var runDirectory: URL { clusterRoot.appendingPathComponent("run", isDirectory: true) }
        var logDirectory: URL { clusterRoot.appendingPathComponent("log", isDirectory: true) }
        var logFile: URL { logDirectory.appendingPathComponent("postgres.log") }
        var lockFile: URL { projectDirectory.appendingPathComponent("cluster.lock") }
        var locationFile: URL { projectDirectory.appendingPathComponent("cluster-location") }

        /// `sizeof(sockaddr_un.sun_path)` is 108 on Linux, including the terminating NUL.
        static let maximumSocketPathLength = 107

        /// Works out (and, when `creating`, makes) the directories; see ``LocalCluster`` for the rules.
        static func resolve(for cluster: LocalCluster, creating: Bool) throws -> Layout {
            let configuration = cluster.configuration
            let fileManager = FileManager.default
            var project = configuration.dataDirectory.standardizedFileURL
            if creating {
                try fileManager.createDirectory(at: project, withIntermediateDirectories: true)
            }
            project = URL(fileURLWithPath: realPath(project.path) ?? project.path, isDirectory: true)
            let locationFile = project.appendingPathComponent("cluster-location")

            var root = project
            var relocated = false
            if let recorded = try? String(contentsOf: locationFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
                recorded.hasPrefix("/")
            {
                root = URL(fileURLWithPath: recorded, isDirectory: true)
                relocated = true
            } else if creating, let user = cluster.account.serviceUser,
                !fileManager.fileExists(atPath: project.appendingPathComponent("pgdata/PG_VERSION").path),
                !cluster.account.canReach(project.path, environment: cluster.childEnvironment)
            {
                let home = user.home
                let homeIsUsable =
                    home.hasPrefix("/") && home != "/" && isDirectory(home)
                    && cluster.account.canReach(home, environment: cluster.childEnvironment)
                let base = homeIsUsable ? home : "/var/tmp"
                root = URL(fileURLWithPath: base, isDirectory: true).appendingPathComponent("tthc-" + stableHash(project.path))
                relocated = true
                try (root.path + "\n").write(to: locationFile, atomically: true, encoding: .utf8)
                configuration.logger.notice(
                    "The postgres user cannot reach the data directory: keeping the cluster elsewhere",
                    metadata: ["dataDirectory": "\(project.path)", "cluster": "\(root.path)", "recordedIn": "\(locationFile.path)"]
                )
            }

            let preferredSocketDirectory = root.appendingPathComponent("run").path
            let socketDirectory =
                (preferredSocketDirectory + "/.s.PGSQL.\(configuration.port)").utf8.count <= maximumSocketPathLength
                ? preferredSocketDirectory
                : "/tmp/tthc-" + stableHash(root.path).prefix(12)

            let layout = Layout(
                projectDirectory: project,
                clusterRoot: root,
                relocated: relocated,
                socketDirectory: socketDirectory,
                port: configuration.port
            )
            if creating {
                try layout.createDirectories(owner: cluster.account.serviceUser)
            }
            return layout
        }

        private func createDirectories(owner: Account.ServiceUser?) throws {
            if relocated {
                try Self.makeDirectory(clusterRoot.path, mode: 0o755, owner: owner)
            }
            try Self.makeDirectory(pgdata.path, mode: 0o700, owner: owner, adoptIfEmpty: true)
            try Self.makeDirectory(runDirectory.path, mode: 0o755, owner: owner)
            try Self.makeDirectory(logDirectory.path, mode: 0o755, owner: owner)
            if socketDirectory != runDirectory.path {
                // In /tmp anyone could have made it first: use it only if it is ours.
                try Self.makeDirectory(socketDirectory, mode: 0o755, owner: owner, requireOwner: true)
            }
        }

        /// The last lines of the server log, for error messages.
        func logTail(lines: Int = 40) -> String {
            guard let handle = try? FileHandle(forReadingFrom: logFile) else { return "" }
            defer { try? handle.close() }
            let size = (try? handle.seekToEnd()) ?? 0
            try? handle.seek(toOffset: size > 16_384 ? size - 16_384 : 0)
            let text = String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
            return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
        }

        /// Makes a directory with exactly `mode` and, when running as root, owned by the service user (what
        /// `install -d -o postgres -g postgres -m <mode>` does), or checks the existing one.
        private static func makeDirectory(
            _ path: String,
            mode: mode_t,
            owner: Account.ServiceUser?,
            adoptIfEmpty: Bool = false,
            requireOwner: Bool = false
        ) throws {
            let expectedUID = owner?.uid ?? UInt32(geteuid())
            var created = false
            if mkdir(path, mode) == 0 {
                created = true
            } else if errno != EEXIST {
                throw LocalClusterError(.invalidDataDirectory, "could not create \(path): \(String(cString: strerror(errno)))")
            }
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & 0o170000 == 0o040000 else {
                throw LocalClusterError(.invalidDataDirectory, "\(path) exists but is not a directory")
            }
            let isEmpty = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [""]).isEmpty
            if created || (adoptIfEmpty && isEmpty && UInt32(info.st_uid) != expectedUID) {
                if let owner, chown(path, uid_t(owner.uid), gid_t(owner.gid)) != 0 {
                    throw LocalClusterError(
                        .invalidDataDirectory,
                        "could not give \(path) to \(owner.name): \(String(cString: strerror(errno)))"
                    )
                }
                // mkdir applies the umask; the mode must be exact (PostgreSQL insists on 700 or 750 for pgdata).
                guard chmod(path, mode) == 0 else {
                    throw LocalClusterError(.invalidDataDirectory, "could not chmod \(path): \(String(cString: strerror(errno)))")
                }
            } else if requireOwner, UInt32(info.st_uid) != expectedUID {
                throw LocalClusterError(
                    .invalidDataDirectory,
                    "\(path) exists but belongs to uid \(info.st_uid), not \(expectedUID): remove it, or use a shorter data directory path"
                )
            }
        }

        private static func isDirectory(_ path: String) -> Bool {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    /// 64-bit FNV-1a in hex: stable across runs and machines, unlike `Hasher`, which is seeded per process.
    static func stableHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// An exclusive `flock(2)` on a file, held while initializing or starting the cluster. Two opens of the file
    /// conflict even inside one process, so concurrent ``LocalCluster/start()`` calls are serialized too.
    final class FileLock: Sendable {
        private let descriptor: Int32

        private init(descriptor: Int32) { self.descriptor = descriptor }

        static func acquire(_ file: URL, timeout: Duration, logger: Logger) async throws -> FileLock {
            let descriptor = open(file.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw LocalClusterError(.invalidDataDirectory, "could not open \(file.path): \(String(cString: strerror(errno)))")
            }
            let deadline = ContinuousClock.now + timeout
            var announced = false
            while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else {
                    let reason = errno == EWOULDBLOCK ? "another process still holds it after \(timeout)" : String(cString: strerror(errno))
                    close(descriptor)
                    throw LocalClusterError(.lockTimeout, "could not lock \(file.path): \(reason)")
                }
                if !announced {
                    logger.info("Waiting for another process starting the same cluster", metadata: ["lock": "\(file.path)"])
                    announced = true
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return FileLock(descriptor: descriptor)
        }

        func release() {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }

    /// What runs on a data directory, read from `postmaster.pid` and `/proc`.
    enum ServerProcess {
        struct PidFile: Sendable {
            let pid: Int32
            let port: Int?
            let socketDirectory: String?
            /// "starting", "stopping", "ready" or "standby" (PostgreSQL 10 and later).
            let status: String?
        }

        static func readPidFile(pgdata: URL) -> PidFile? {
            guard let text = try? String(contentsOf: pgdata.appendingPathComponent("postmaster.pid"), encoding: .utf8) else { return nil }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = lines.first, let pid = Int32(first), pid > 0 else { return nil }
            func line(_ number: Int) -> String? { lines.count >= number && !lines[number - 1].isEmpty ? lines[number - 1] : nil }
            return PidFile(pid: pid, port: line(4).flatMap { Int($0) }, socketDirectory: line(5), status: line(8))
        }

        /// Whether `pid` names a process that `kill(pid, 0)` (and so PostgreSQL's own lock file check) sees:
        /// a live process or a zombie.
        static func pidExists(_ pid: Int32) -> Bool {
            pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
        }

        /// Whether `pid` is a running process (not a zombie; a killed server's processes may stay zombies when
        /// nobody reaps them).
        static func isAlive(_ pid: Int32) -> Bool {
            guard pidExists(pid) else { return false }
            #if os(Linux)
            guard let stat = readProcFile("/proc/\(pid)/stat"), let end = stat.lastIndex(of: ")") else { return true }
            let state = stat[stat.index(after: end)...].drop(while: { $0 == " " }).first
            return state != "Z" && state != "X" && state != "x"
            #else
            return true
            #endif
        }

        /// Whether `pid` is a live PostgreSQL server process (its executable is `postgres`).
        static func isPostgres(_ pid: Int32) -> Bool {
            guard isAlive(pid) else { return false }
            #if os(Linux)
            guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe") else {
                return !FileManager.default.fileExists(atPath: "/proc/self/exe")
            }
            let name = (executable as NSString).lastPathComponent
            return name.hasPrefix("postgres") || name.hasPrefix("postmaster")
            #else
            return true
            #endif
        }

        /// Whether `pid` is the live postmaster of `pgdata`: a `postgres` process whose working directory is
        /// `pgdata` (the postmaster changes into its data directory). A pid reused by another program is not.
        static func isPostmaster(pid: Int32, pgdata: URL) -> Bool {
            guard isPostgres(pid) else { return false }
            #if os(Linux)
            guard FileManager.default.fileExists(atPath: "/proc/self/cwd") else { return true }
            return workingDirectory(of: pid) == (realPath(pgdata.path) ?? pgdata.path)
            #else
            return true
            #endif
        }

        /// Live processes whose working directory is `pgdata`: the postmaster and its children, including children
        /// orphaned by a killed postmaster. Empty where `/proc` is missing.
        static func processes(in pgdata: URL) -> [Int32] {
            #if os(Linux)
            let target = realPath(pgdata.path) ?? pgdata.path
            let me = getpid()
            let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
            return pids.filter { $0 != me && workingDirectory(of: $0) == target && isAlive($0) }
            #else
            return []
            #endif
        }

        /// Prepares the start of a server whose predecessor died: waits until no process of the old server is left
        /// (orphaned backends keep its shared memory; starting beside them risks the data), then removes lock
        /// files whose pid exists but is not a server (a zombie, or a pid reused by another program), which
        /// PostgreSQL would otherwise take for a running server. Lock files naming vanished pids PostgreSQL
        /// handles itself, so they stay.
        static func clearStaleLockFiles(layout: Layout, timeout: Duration, logger: Logger) async throws {
            let pgdata = layout.pgdata
            let pidFile = readPidFile(pgdata: pgdata)
            let deadline = ContinuousClock.now + timeout
            var leftovers = processes(in: pgdata)
            while !leftovers.isEmpty {
                guard ContinuousClock.now < deadline else {
                    throw LocalClusterError(
                        .startFailed,
                        "processes of a previous server on \(pgdata.path) still run (pids \(leftovers.map(String.init).joined(separator: ", "))); "
                            + "stop them before starting a new server"
                    )
                }
                try await Task.sleep(for: .milliseconds(100))
                leftovers = processes(in: pgdata)
            }
            if let pidFile, pidExists(pidFile.pid) {
                logger.notice(
                    "Removing a stale postmaster.pid",
                    metadata: ["pgdata": "\(pgdata.path)", "pid": "\(pidFile.pid)"]
                )
                try? FileManager.default.removeItem(at: pgdata.appendingPathComponent("postmaster.pid"))
            }
            var sockets = [(layout.socketDirectory, layout.port)]
            if let pidFile, let directory = pidFile.socketDirectory, let port = pidFile.port {
                sockets.append((directory, port))
            }
            for (directory, port) in sockets {
                let socket = "\(directory)/.s.PGSQL.\(port)"
                guard let text = try? String(contentsOfFile: socket + ".lock", encoding: .utf8),
                    let pid = text.split(separator: "\n").first.flatMap({ Int32($0.trimmingCharacters(in: .whitespaces)) }),
                    pidExists(pid), !isPostgres(pid)
                else { continue }
                logger.notice("Removing a stale socket lock file", metadata: ["lock": "\(socket).lock", "pid": "\(pid)"])
                try? FileManager.default.removeItem(atPath: socket + ".lock")
                try? FileManager.default.removeItem(atPath: socket)
            }
        }

        /// Sends `SIGKILL` to the postmaster and waits until it and its children are gone (the children exit when
        /// they notice the postmaster's death; any left after 10 s are killed too).
        static func killServer(postmaster: Int32, pgdata: URL) {
            guard isPostmaster(pid: postmaster, pgdata: pgdata) else { return }
            kill(postmaster, SIGKILL)
            _ = waitUntil(seconds: 10) { !isAlive(postmaster) }
            if !waitUntil(seconds: 10, { processes(in: pgdata).isEmpty }) {
                for pid in processes(in: pgdata) {
                    kill(pid, SIGKILL)
                }
                _ = waitUntil(seconds: 5) { processes(in: pgdata).isEmpty }
            }
        }

        /// Waits (up to `seconds`) until no process of the server on `pgdata` is left: `pg_ctl stop -w` returns once
        /// `postmaster.pid` is gone, a moment before the postmaster and its logger have exited.
        @discardableResult
        static func waitUntilGone(pgdata: URL, timeout: Duration) async -> Bool {
            let deadline = ContinuousClock.now + timeout
            while !processes(in: pgdata).isEmpty {
                guard ContinuousClock.now < deadline else { return false }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return true
        }

        private static func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while !condition() {
                guard Date() < deadline else { return false }
                usleep(20_000)
            }
            return true
        }

        private static func workingDirectory(of pid: Int32) -> String? {
            try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")
        }

        /// Reads a `/proc` file (their size reads as 0, so read until the end).
        private static func readProcFile(_ path: String) -> String? {
            guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
            defer { try? handle.close() }
            do {
                return String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
            } catch {
                return nil
            }
        }
    }
}
