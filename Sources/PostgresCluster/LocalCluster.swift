public import Foundation
public import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A private PostgreSQL cluster that the service starts itself when no `DATABASE_URL` is given (the "embedded default"),
/// and that the tests start the same way.
///
/// ## Layout
/// Under ``Configuration/dataDirectory`` (for example `.tthc/` of the working directory):
/// - `pgdata/`: the PostgreSQL data directory (mode 700), made by `initdb` once;
/// - `run/`: the Unix socket and its lock file (mode 755). The server listens on no TCP address;
/// - `log/postgres.log`: the server log (appended to);
/// - `cluster.lock`: held with `flock(2)` while a process initializes or starts the cluster, so that two processes
///   starting the same directory at once never both run `initdb`;
/// - `cluster-location`: present only when the cluster lives elsewhere (see "Running as root").
///
/// ## Running as root
/// PostgreSQL refuses to run as root. When this process is root, `initdb`, `pg_ctl` (and so the server), and `psql`
/// run as the `postgres` system user (`runuser -u postgres --`, or `su postgres -s /bin/sh -c` where `runuser` is
/// missing), and `pgdata/`, `run/` and `log/` are owned by it. If `postgres` cannot reach the data directory (a
/// checkout under `/root`, mode 700), the cluster is kept in `~postgres/tthc-<hash>/` instead (`/var/tmp/tthc-<hash>/`
/// when `postgres` has no usable home), where the hash is taken of the data directory's real path; that location is
/// written to `cluster-location` in the data directory, which later runs read first, so the cluster is found again
/// even after the checkout moves. The caller's directories are never chmod-ed.
///
/// ## Socket path
/// A Unix socket path is limited to 107 bytes. When `<cluster>/run/.s.PGSQL.<port>` would be longer, the socket
/// directory is `/tmp/tthc-<hash>` instead (the hash of the cluster directory's path).
///
/// ## Lifetime
/// ``start()`` reuses a server that already runs on the same `pgdata` (``RunningCluster/startedByUs`` is then
/// `false`, and ``RunningCluster/stop(mode:force:)`` leaves it running). A server started by us is stopped by an
/// explicit ``RunningCluster/stop(mode:force:)`` (the service's shutdown path); as a fallback (see
/// ``RunningCluster/stopOnExit()``) it is also stopped at `exit()`, or by a small watcher process when this process
/// dies without running `atexit` handlers (a trap, or `SIGKILL`). The server runs in its own session (`pg_ctl` calls
/// `setsid`), so a Ctrl-C sent to the terminal's foreground process group does not reach it before the orderly stop.
public struct LocalCluster: Sendable {
    /// How and where to run the cluster.
    public struct Configuration: Sendable {
        /// The directory the cluster is kept under (created if missing), for example `.tthc/` of the working directory.
        public var dataDirectory: URL
        /// The application database, created on start if missing.
        public var databaseName: String
        /// The port number; it only names the socket file (`.s.PGSQL.<port>`), since no TCP address is listened on.
        public var port: Int
        /// The database superuser role made by `initdb`.
        public var superuser: String
        /// Extra server settings passed as `-c key=value` after the defaults (so they may override them), for
        /// example `["shared_buffers": "256MB"]` for benchmarks. A reused, already running server keeps its settings.
        public var serverSettings: [String: String]
        /// Passes `--no-sync` to `initdb`: faster, but a crash of the machine can corrupt the new cluster. For tests.
        public var initdbNoSync: Bool
        /// Whether ``LocalCluster/start()`` arms ``RunningCluster/stopOnExit()`` for a server it started.
        public var stopsOnExit: Bool
        /// How long to wait for another process's start, for `pg_ctl start -w` (which includes crash recovery) and
        /// for `pg_ctl stop -w`.
        public var startTimeout: Duration
        /// The directory of the PostgreSQL server binaries (`TTHC_PG_BINDIR`); nil: found (see ``LocalCluster/init(configuration:)``).
        public var binDirectory: URL?
        /// The environment of child processes (without its `PG*` variables: every connection parameter is passed
        /// explicitly); its `PATH` is searched for the binaries. The caller passes it: this module reads no variable.
        public var environment: [String: String]
        public var logger: Logger

        public init(
            dataDirectory: URL,
            databaseName: String = "tthc",
            port: Int = 5432,
            superuser: String = "postgres",
            serverSettings: [String: String] = [:],
            initdbNoSync: Bool = false,
            stopsOnExit: Bool = true,
            startTimeout: Duration = .seconds(120),
            binDirectory: URL? = nil,
            environment: [String: String],
            logger: Logger = Logger(label: "tthc.postgres.local-cluster")
        ) {
            self.dataDirectory = dataDirectory
            self.databaseName = databaseName
            self.port = port
            self.superuser = superuser
            self.serverSettings = serverSettings
            self.initdbNoSync = initdbNoSync
            self.stopsOnExit = stopsOnExit
            self.startTimeout = startTimeout
            self.binDirectory = binDirectory
            self.environment = environment
            self.logger = logger
        }
    }

    public let configuration: Configuration
    /// The directory holding `initdb`, `pg_ctl`, `postgres` and `psql`.
    public var binDirectory: URL { binaries.directory }

    let binaries: Binaries
    let account: Account
    let childEnvironment: [String: String]

    /// Validates the configuration and locates the PostgreSQL binaries: ``Configuration/binDirectory`` if set (and
    /// then only there), else `pg_config --bindir`, else the highest version in `/usr/lib/postgresql/*/bin`, else `PATH`.
    public init(configuration: Configuration) throws {
        guard (1...65_535).contains(configuration.port) else {
            throw LocalClusterError(.invalidConfiguration, "port \(configuration.port) is not in 1…65535")
        }
        guard !configuration.databaseName.isEmpty, !configuration.superuser.isEmpty else {
            throw LocalClusterError(.invalidConfiguration, "the database name and the superuser must not be empty")
        }
        let settingName = /[A-Za-z0-9_.]+/
        for key in configuration.serverSettings.keys where key.wholeMatch(of: settingName) == nil {
            throw LocalClusterError(.invalidConfiguration, "\"\(key)\" is not a PostgreSQL setting name")
        }
        self.configuration = configuration
        self.binaries = try Binaries.locate(override: configuration.binDirectory, environment: configuration.environment)
        self.account = try Account.current()
        self.childEnvironment = Runner.childEnvironment(from: configuration.environment)
    }

    /// Initializes the cluster if needed, starts the server unless it already runs, creates the database if missing.
    ///
    /// A stale `postmaster.pid` left by a killed server (naming a dead pid, a zombie, or a pid since reused by
    /// another process) and a stale socket lock file are removed first, once no process of the old server is left.
    public func start() async throws -> RunningCluster {
        let logger = configuration.logger
        let layout = try await Runner.offThePool { [self] in try Layout.resolve(for: self, creating: true) }
        let lock = try await FileLock.acquire(layout.lockFile, timeout: configuration.startTimeout, logger: logger)
        defer { lock.release() }

        try await initializeIfNeeded(layout)

        if let running = try await runningServer(layout) {
            logger.info(
                "Reusing the running PostgreSQL server",
                metadata: ["pgdata": "\(layout.pgdata.path)", "socket": "\(running.socketDirectory)"]
            )
            if !configuration.serverSettings.isEmpty {
                logger.notice("The server was already running: serverSettings were not applied")
            }
            try await Runner.offThePool { try running.createDatabase(configuration.databaseName, ifNotExists: true) }
            return running
        }

        try await ServerProcess.clearStaleLockFiles(layout: layout, timeout: configuration.startTimeout, logger: logger)
        try await startServer(layout)
        let cluster = RunningCluster(
            cluster: self,
            layout: layout,
            socketDirectory: layout.socketDirectory,
            port: configuration.port,
            startedByUs: true
        )
        if configuration.stopsOnExit {
            cluster.stopOnExit()
        }
        do {
            try await Runner.offThePool { try cluster.createDatabase(configuration.databaseName, ifNotExists: true) }
        } catch {
            try? await cluster.stop()
            throw error
        }
        logger.info(
            "Started PostgreSQL",
            metadata: ["pgdata": "\(layout.pgdata.path)", "socket": "\(layout.socketDirectory)", "log": "\(layout.logFile.path)"]
        )
        return cluster
    }

    /// Stops the server of this data directory if it runs (whoever started it) and deletes the cluster: `pgdata/`,
    /// `run/`, `log/`, a `/tmp` socket directory, the relocated cluster directory (once empty) and `cluster-location`.
    /// The data directory itself, `cluster.lock` (which another process may be waiting on) and anything else in the
    /// data directory stay. Irreversible: for tests and resets.
    public func destroy() async throws {
        guard FileManager.default.fileExists(atPath: configuration.dataDirectory.path) else { return }
        let layout = try await Runner.offThePool { [self] in try Layout.resolve(for: self, creating: false) }
        let lock = try await FileLock.acquire(layout.lockFile, timeout: configuration.startTimeout, logger: configuration.logger)
        defer { lock.release() }
        if let pidFile = ServerProcess.readPidFile(pgdata: layout.pgdata),
            ServerProcess.isPostmaster(pid: pidFile.pid, pgdata: layout.pgdata)
        {
            let cluster = RunningCluster(
                cluster: self,
                layout: layout,
                socketDirectory: pidFile.socketDirectory ?? layout.socketDirectory,
                port: pidFile.port ?? configuration.port,
                startedByUs: false
            )
            try await cluster.stop(mode: .fast, force: true)
        }
        ExitGuard.disarm(pgdata: layout.pgdata.path)
        let fileManager = FileManager.default
        var doomed = [layout.pgdata, layout.runDirectory, layout.logDirectory]
        if layout.socketDirectory != layout.runDirectory.path {
            doomed.append(URL(fileURLWithPath: layout.socketDirectory))
        }
        for url in doomed where fileManager.fileExists(atPath: url.path) {
            try fileManager.removeItem(at: url)
        }
        if layout.relocated {
            // Only if empty: the recorded location is read from a file, so never delete a whole tree on its word.
            rmdir(layout.clusterRoot.path)
            try? fileManager.removeItem(at: layout.locationFile)
        }
        configuration.logger.info("Destroyed the local PostgreSQL cluster", metadata: ["pgdata": "\(layout.pgdata.path)"])
    }

    private func initializeIfNeeded(_ layout: Layout) async throws {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: layout.pgdata.appendingPathComponent("PG_VERSION").path) {
            return
        }
        let contents = (try? fileManager.contentsOfDirectory(atPath: layout.pgdata.path)) ?? []
        guard contents.isEmpty else {
            throw LocalClusterError(
                .invalidDataDirectory,
                "\(layout.pgdata.path) is neither empty nor a PostgreSQL cluster (no PG_VERSION); "
                    + "an interrupted initdb leaves this: remove the directory to start afresh"
            )
        }
        configuration.logger.info("Initializing a new PostgreSQL cluster", metadata: ["pgdata": "\(layout.pgdata.path)"])
        var arguments = [
            binaries.path("initdb"), "-D", layout.pgdata.path, "-E", "UTF8", "--locale=C.UTF-8", "-A", "trust",
            "-U", configuration.superuser,
        ]
        if configuration.initdbNoSync {
            arguments.append("--no-sync")
        }
        try await Runner.runOffThePool(account.command(arguments), environment: childEnvironment)
            .check("initdb failed for \(layout.pgdata.path)")
    }

    /// The server already running on this `pgdata`, once it accepts connections; nil if none runs.
    private func runningServer(_ layout: Layout) async throws -> RunningCluster? {
        let deadline = ContinuousClock.now + configuration.startTimeout
        while true {
            guard let pidFile = ServerProcess.readPidFile(pgdata: layout.pgdata),
                ServerProcess.isPostmaster(pid: pidFile.pid, pgdata: layout.pgdata)
            else {
                return nil
            }
            if pidFile.status == "ready" {
                return RunningCluster(
                    cluster: self,
                    layout: layout,
                    socketDirectory: pidFile.socketDirectory ?? layout.socketDirectory,
                    port: pidFile.port ?? configuration.port,
                    startedByUs: false
                )
            }
            guard ContinuousClock.now < deadline else {
                throw LocalClusterError(
                    .startFailed,
                    "a server (pid \(pidFile.pid)) runs on \(layout.pgdata.path) but did not become ready "
                        + "(status \"\(pidFile.status ?? "")\")",
                    serverLogTail: layout.logTail()
                )
            }
            // Starting (or recovering) or stopping: wait until it is ready, or gone.
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    private func startServer(_ layout: Layout) async throws {
        var options = ["-k", layout.socketDirectory, "-p", String(configuration.port), "-c", "listen_addresses="]
        for (key, value) in configuration.serverSettings.sorted(by: { $0.key < $1.key }) {
            options += ["-c", "\(key)=\(value)"]
        }
        // pg_ctl hands `-o` to /bin/sh (`exec postgres … <options>`), so every word is quoted for the shell.
        let arguments = [
            binaries.path("pg_ctl"), "start", "-D", layout.pgdata.path, "-l", layout.logFile.path, "-w",
            "-t", String(configuration.startTimeout.wholeSeconds), "-o", options.map(Runner.shellQuoted).joined(separator: " "),
        ]
        let result = try await Runner.runOffThePool(account.command(arguments), environment: childEnvironment)
        guard result.status == 0 else {
            throw LocalClusterError(
                .startFailed,
                "PostgreSQL did not start (data directory \(layout.pgdata.path), log \(layout.logFile.path))",
                result: result,
                serverLogTail: layout.logTail()
            )
        }
    }
}

/// A started (or reused) local server, and the means to reach and stop it.
public final class RunningCluster: Sendable {
    /// The PostgreSQL data directory in use (`…/pgdata`; elsewhere than the configured directory when relocated).
    public let dataDirectory: URL
    /// The directory holding the server's Unix socket (the `host` of a connection string).
    public let socketDirectory: String
    public let port: Int
    /// The application database, created by ``LocalCluster/start()`` if it was missing.
    public let databaseName: String
    /// The superuser role; the server trusts local connections, so no password is needed.
    public let superuser: String
    /// The server log.
    public let logFile: URL
    /// The directory of `psql`, `pg_dump`, `pgbench` of the server's version.
    public let binDirectory: URL
    /// Whether this process started the server; a server found running is left running by ``stop(mode:force:)``.
    public let startedByUs: Bool

    private let cluster: LocalCluster
    private let layout: LocalCluster.Layout

    init(cluster: LocalCluster, layout: LocalCluster.Layout, socketDirectory: String, port: Int, startedByUs: Bool) {
        self.cluster = cluster
        self.layout = layout
        self.dataDirectory = layout.pgdata
        self.socketDirectory = socketDirectory
        self.port = port
        self.databaseName = cluster.configuration.databaseName
        self.superuser = cluster.configuration.superuser
        self.logFile = layout.logFile
        self.binDirectory = cluster.binaries.directory
        self.startedByUs = startedByUs
    }

    /// How `pg_ctl stop` shuts the server down.
    public enum StopMode: String, Sendable {
        /// Waits for every client to disconnect.
        case smart
        /// Disconnects clients, rolls back their transactions, and shuts down cleanly.
        case fast
        /// Quits at once; the next start runs crash recovery.
        case immediate
    }

    /// A libpq keyword/value connection string for the application database:
    /// `host=<socket directory> port=<port> dbname=<database> user=<superuser>`.
    public var connectionString: String { connectionString(database: databaseName) }

    /// A libpq keyword/value connection string for `database`; values are quoted by libpq's rules where needed.
    public func connectionString(database: String) -> String {
        [("host", socketDirectory), ("port", String(port)), ("dbname", database), ("user", superuser)]
            .map { "\($0.0)=\(Self.conninfoQuoted($0.1))" }
            .joined(separator: " ")
    }

    /// Whether a server process of ``dataDirectory`` is alive (it need not be ready).
    public var isRunning: Bool {
        guard let pidFile = LocalCluster.ServerProcess.readPidFile(pgdata: dataDirectory) else { return false }
        return LocalCluster.ServerProcess.isPostmaster(pid: pidFile.pid, pgdata: dataDirectory)
    }

    /// Creates a database, as a copy of `template` if given (which must have no other connections).
    /// With `ifNotExists`, an existing database of that name is left as it is. Runs `psql`; blocks until done.
    public func createDatabase(_ name: String, template: String? = nil, ifNotExists: Bool = false) throws {
        var variables = ["name": name]
        var statement = "SELECT format('CREATE DATABASE %I', :'name')"
        if let template {
            variables["template"] = template
            statement = "SELECT format('CREATE DATABASE %I TEMPLATE %I', :'name', :'template')"
        }
        if ifNotExists {
            statement += " WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_database WHERE datname = :'name')"
        }
        try runPsql(script: statement + " \\gexec\n", variables: variables, purpose: "could not create database \"\(name)\"")
    }

    /// Drops a database. `force` first terminates its connections (`WITH (FORCE)`); `ifExists` makes a missing
    /// database no error. Runs `psql`; blocks until done.
    public func dropDatabase(_ name: String, ifExists: Bool = false, force: Bool = false) throws {
        let statement = "DROP DATABASE " + (ifExists ? "IF EXISTS " : "") + ":\"name\"" + (force ? " WITH (FORCE)" : "") + ";\n"
        try runPsql(script: statement, variables: ["name": name], purpose: "could not drop database \"\(name)\"")
    }

    /// Stops the server with `pg_ctl stop -m <mode> -w` if this process started it, or if `force` is set.
    /// Stopping a server that no longer runs succeeds.
    public func stop(mode: StopMode = .fast, force: Bool = false) async throws {
        let logger = cluster.configuration.logger
        guard startedByUs || force else {
            logger.debug("Leaving running the PostgreSQL server this process did not start", metadata: ["pgdata": "\(dataDirectory.path)"])
            return
        }
        defer { LocalCluster.ExitGuard.disarm(pgdata: dataDirectory.path) }
        guard isRunning else { return }
        let result = try await LocalCluster.Runner.runOffThePool(stopCommand(mode: mode), environment: cluster.childEnvironment)
        guard result.status == 0 || !isRunning else {
            throw LocalClusterError(
                .stopFailed,
                "PostgreSQL did not stop (data directory \(dataDirectory.path))",
                result: result,
                serverLogTail: layout.logTail()
            )
        }
        await LocalCluster.ServerProcess.waitUntilGone(pgdata: dataDirectory, timeout: .seconds(10))
        logger.info("Stopped PostgreSQL", metadata: ["pgdata": "\(dataDirectory.path)", "mode": "\(mode.rawValue)"])
    }

    /// Makes sure a server started by this process is stopped (`pg_ctl stop -m fast`) when the process ends without
    /// an explicit ``stop(mode:force:)``: synchronously in an `atexit` handler (normal exit, `exit()` after an error),
    /// and otherwise (a trap, `SIGKILL`) by a watcher process in its own session that stops the server once this
    /// process's end of a socket pair closes. Idempotent; does nothing for a reused server. ``LocalCluster/start()``
    /// calls it when ``LocalCluster/Configuration/stopsOnExit`` is set (the default).
    public func stopOnExit() {
        guard startedByUs else { return }
        LocalCluster.ExitGuard.arm(
            pgdata: dataDirectory.path,
            stopCommand: stopCommand(mode: .fast),
            environment: cluster.childEnvironment,
            logger: cluster.configuration.logger
        )
    }

    /// Kills the postmaster with `SIGKILL`, as a crash would, and waits (up to about 20 s) until it and its child
    /// processes are gone, so that the next start runs crash recovery. For tests only.
    public func kill9ForTesting() {
        guard let pidFile = LocalCluster.ServerProcess.readPidFile(pgdata: dataDirectory) else {
            cluster.configuration.logger.warning("kill9ForTesting: no postmaster.pid", metadata: ["pgdata": "\(dataDirectory.path)"])
            return
        }
        LocalCluster.ServerProcess.killServer(postmaster: pidFile.pid, pgdata: dataDirectory)
    }

    private func stopCommand(mode: StopMode) -> [String] {
        cluster.account.command([
            cluster.binaries.path("pg_ctl"), "stop", "-D", dataDirectory.path, "-m", mode.rawValue, "-w",
            "-t", String(cluster.configuration.startTimeout.wholeSeconds),
        ])
    }

    private func runPsql(script: String, variables: [String: String], purpose: String) throws {
        var arguments = [
            cluster.binaries.path("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", socketDirectory, "-p", String(port),
            "-U", superuser, "-d", "postgres",
        ]
        for (name, value) in variables.sorted(by: { $0.key < $1.key }) {
            arguments += ["-v", "\(name)=\(value)"]
        }
        arguments += ["-f", "-"]
        try LocalCluster.Runner.run(cluster.account.command(arguments), environment: cluster.childEnvironment, input: script)
            .check(purpose)
    }

    /// libpq conninfo quoting: a value that is empty or holds spaces, quotes or backslashes is single-quoted, with
    /// `\` and `'` escaped by a backslash.
    static func conninfoQuoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0.isWhitespace || $0 == "'" || $0 == "\\" }
        guard needsQuotes else { return value }
        return "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}

/// A failure to locate, start, stop or use the local cluster, with what a person needs to act.
public struct LocalClusterError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        case binariesNotFound
        case serviceUserMissing
        case invalidConfiguration
        case invalidDataDirectory
        case lockTimeout
        case commandFailed
        case startFailed
        case stopFailed
    }

    public let kind: Kind
    /// What failed, in words.
    public let message: String
    /// The command line that failed, if any.
    public let command: [String]
    public let exitStatus: Int32?
    public let standardError: String
    public let standardOutput: String
    /// The last lines of the server log, on a failed start or stop.
    public let serverLogTail: String

    init(_ kind: Kind, _ message: String, result: LocalCluster.CommandResult? = nil, serverLogTail: String = "") {
        self.kind = kind
        self.message = message
        self.command = result?.arguments ?? []
        self.exitStatus = result?.status
        self.standardError = result?.standardError ?? ""
        self.standardOutput = result?.standardOutput ?? ""
        self.serverLogTail = serverLogTail
    }

    public var description: String {
        var text = "LocalCluster: \(message)"
        if !command.isEmpty {
            text += "\n  command: " + command.map(LocalCluster.Runner.shellQuotedIfNeeded).joined(separator: " ")
        }
        if let exitStatus {
            text += "\n  exit status: \(exitStatus)"
        }
        for (label, output) in [("stderr", standardError), ("stdout", standardOutput), ("server log (last lines)", serverLogTail)] {
            let trimmed = output.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty {
                let lines = trimmed.split(separator: "\n", omittingEmptySubsequences: false).suffix(30)
                text += "\n  \(label):\n" + lines.map { "    " + $0 }.joined(separator: "\n")
            }
        }
        return text
    }
}

extension Duration {
    /// Whole seconds, at least 1 (for `pg_ctl -t`).
    fileprivate var wholeSeconds: Int64 { max(1, components.seconds) }
}
