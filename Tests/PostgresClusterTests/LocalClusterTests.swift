import Foundation
import Logging
import Testing

@testable import PostgresCluster

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Real PostgreSQL clusters in temporary directories; every test destroys its cluster, even when it fails.
@Suite(.serialized)
struct LocalClusterTests {
    @Test func freshClusterAcceptsConnectionsOnItsSocket() async throws {
        try await withTemporaryDataDirectory { configuration in
            let cluster = try await LocalCluster(configuration: configuration).start()
            #expect(cluster.startedByUs)
            #expect(try psql(cluster, "select 1") == "1")
            #expect(try psql(cluster, "select current_database()", database: "tthc") == "tthc")
            #expect(cluster.connectionString == "host=\(cluster.socketDirectory) port=5432 dbname=tthc user=postgres")
            #expect(cluster.socketDirectory == cluster.dataDirectory.deletingLastPathComponent().appendingPathComponent("run").path)
            #expect(cluster.dataDirectory.path.hasPrefix(configuration.dataDirectory.path))
            #expect(mode(of: cluster.dataDirectory.path) == 0o700)
            #expect(mode(of: cluster.socketDirectory) == 0o755)
            #expect(FileManager.default.fileExists(atPath: cluster.logFile.path))
            #expect(try psql(cluster, "show listen_addresses").isEmpty)
            if geteuid() == 0 {
                #expect(owner(of: cluster.dataDirectory.path) == owner(of: "/var/lib/postgresql"))
                #expect(try psql(cluster, "select current_setting('data_directory')") == cluster.dataDirectory.path)
            }
            try await cluster.stop()
        }
    }

    @Test func serverRunsInItsOwnSessionSoATerminalCtrlCDoesNotReachIt() async throws {
        try await withTemporaryDataDirectory { configuration in
            let cluster = try await LocalCluster(configuration: configuration).start()
            let pid = try #require(postmasterPID(cluster))
            let fields = try #require(procStat(pid))
            #expect(fields.session != getsid(0))
            #expect(fields.processGroup != getpgrp())
            try await cluster.stop()
        }
    }

    @Test func secondStartReusesTheRunningServerAndDoesNotStopIt() async throws {
        try await withTemporaryDataDirectory { configuration in
            let first = try await LocalCluster(configuration: configuration).start()
            let second = try await LocalCluster(configuration: configuration).start()
            #expect(first.startedByUs)
            #expect(!second.startedByUs)
            #expect(second.socketDirectory == first.socketDirectory)
            #expect(second.connectionString == first.connectionString)
            #expect(postmasterPID(second) == postmasterPID(first))
            try await second.stop()
            #expect(first.isRunning)
            #expect(try psql(second, "select 2") == "2")
            try await first.stop()
            #expect(!first.isRunning)
        }
    }

    @Test func stopLeavesNoProcessOfTheDataDirectory() async throws {
        try await withTemporaryDataDirectory { configuration in
            let cluster = try await LocalCluster(configuration: configuration).start()
            let pid = try #require(postmasterPID(cluster))
            #expect(processes(in: cluster.dataDirectory).contains(pid))
            #expect(try pgCtlStatus(cluster) == 0)
            try await cluster.stop()
            #expect(try pgCtlStatus(cluster) == 3)
            #expect(processes(in: cluster.dataDirectory).isEmpty)
            #expect(!FileManager.default.fileExists(atPath: cluster.dataDirectory.appendingPathComponent("postmaster.pid").path))
            #expect(!LocalCluster.ExitGuard.isArmed(pgdata: cluster.dataDirectory.path))
            try await cluster.stop()  // stopping a stopped server succeeds
        }
    }

    @Test func restartKeepsTheData() async throws {
        try await withTemporaryDataDirectory { configuration in
            let cluster = try await LocalCluster(configuration: configuration).start()
            _ = try psql(cluster, "create table kept (n int); insert into kept values (41), (1)", database: "tthc")
            try await cluster.stop()
            let again = try await LocalCluster(configuration: configuration).start()
            #expect(again.startedByUs)
            #expect(again.dataDirectory == cluster.dataDirectory)
            #expect(try psql(again, "select sum(n) from kept", database: "tthc") == "42")
            try await again.stop()
        }
    }

    @Test func startRecoversAfterThePostmasterWasKilled() async throws {
        try await withTemporaryDataDirectory { configuration in
            let cluster = try await LocalCluster(configuration: configuration).start()
            _ = try psql(cluster, "create table survived (n int); insert into survived values (7)", database: "tthc")
            cluster.kill9ForTesting()
            #expect(!cluster.isRunning)
            #expect(processes(in: cluster.dataDirectory).isEmpty)
            #expect(FileManager.default.fileExists(atPath: cluster.dataDirectory.appendingPathComponent("postmaster.pid").path))

            let recovered = try await LocalCluster(configuration: configuration).start()
            #expect(recovered.startedByUs)
            #expect(try psql(recovered, "select n from survived", database: "tthc") == "7")
            let log = try String(contentsOf: recovered.logFile, encoding: .utf8)
            #expect(log.contains("not properly shut down"))
            try await recovered.stop()
        }
    }

    @Test func startRemovesAPidFileNamingAnotherLiveProcess() async throws {
        try await withTemporaryDataDirectory { configuration in
            let cluster = try await LocalCluster(configuration: configuration).start()
            cluster.kill9ForTesting()
            // Of the server's user: PostgreSQL takes a pid of another user (EPERM) for stale by itself.
            let impostor = Process()
            if geteuid() == 0 {
                impostor.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
                impostor.arguments = ["--reuid=postgres", "--regid=postgres", "--init-groups", "/bin/sleep", "120"]
            } else {
                impostor.executableURL = URL(fileURLWithPath: "/bin/sleep")
                impostor.arguments = ["120"]
            }
            try impostor.run()
            defer {
                // SIGKILL: a Process child may inherit a blocked SIGTERM from the spawning thread.
                kill(impostor.processIdentifier, SIGKILL)
                impostor.waitUntilExit()
            }
            // The crashed server's pid, now reused by another program: PostgreSQL alone would refuse to start.
            let pidFile = cluster.dataDirectory.appendingPathComponent("postmaster.pid")
            var lines = try String(contentsOf: pidFile, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            lines[0] = Substring(String(impostor.processIdentifier))
            try lines.joined(separator: "\n").write(to: pidFile, atomically: false, encoding: .utf8)

            let restarted = try await LocalCluster(configuration: configuration).start()
            #expect(restarted.startedByUs)
            #expect(try psql(restarted, "select 3") == "3")
            #expect(postmasterPID(restarted) != impostor.processIdentifier)
            try await restarted.stop()
        }
    }

    @Test func concurrentStartsInitializeAndStartOnce() async throws {
        try await withTemporaryDataDirectory { configuration in
            async let first = LocalCluster(configuration: configuration).start()
            async let second = LocalCluster(configuration: configuration).start()
            let clusters = try await [first, second]
            #expect(clusters.filter(\.startedByUs).count == 1)
            for cluster in clusters {
                #expect(try psql(cluster, "select 1") == "1")
            }
            for cluster in clusters {
                try await cluster.stop()
            }
            #expect(processes(in: clusters[0].dataDirectory).isEmpty)
        }
    }

    @Test func createsAndDropsDatabasesFromATemplate() async throws {
        try await withTemporaryDataDirectory { configuration in
            let cluster = try await LocalCluster(configuration: configuration).start()
            _ = try psql(cluster, "create table marker (n int); insert into marker values (5)", database: "tthc")

            try cluster.createDatabase("copy", template: "tthc")
            #expect(try psql(cluster, "select n from marker", database: "copy") == "5")
            let duplicate = #expect(throws: LocalClusterError.self) { try cluster.createDatabase("copy") }
            #expect(duplicate?.kind == .commandFailed)
            #expect(duplicate?.standardError.contains("already exists") == true)
            try cluster.createDatabase("copy", template: "tthc", ifNotExists: true)

            try cluster.dropDatabase("copy")
            #expect(try psql(cluster, "select count(*) from pg_database where datname = 'copy'") == "0")
            #expect(throws: LocalClusterError.self) { try cluster.dropDatabase("copy") }
            try cluster.dropDatabase("copy", ifExists: true)

            // Names that need quoting, in SQL and in the connection string.
            let awkward = "Sổ hộ tịch \"x\" 'y'"
            try cluster.createDatabase(awkward)
            let conninfo = cluster.connectionString(database: awkward)
            #expect(try psql(conninfo: conninfo, binDirectory: cluster.binDirectory, "select current_database()") == awkward)
            try cluster.dropDatabase(awkward, force: true)
            try await cluster.stop()
        }
    }

    @Test func serverSettingsReachTheServerIntact() async throws {
        try await withTemporaryDataDirectory { configuration in
            var configuration = configuration
            configuration.serverSettings = ["work_mem": "7MB", "log_line_prefix": "%m [%p] it's $HOME `x` "]
            let cluster = try await LocalCluster(configuration: configuration).start()
            #expect(try psql(cluster, "show work_mem") == "7MB")
            #expect(try psql(cluster, "show log_line_prefix") == "%m [%p] it's $HOME `x` ")
            try await cluster.stop()
        }
    }

    @Test func failedStartReportsTheServerLog() async throws {
        try await withTemporaryDataDirectory { configuration in
            var configuration = configuration
            configuration.serverSettings = ["shared_buffers": "lots"]
            let error = await #expect(throws: LocalClusterError.self) { try await LocalCluster(configuration: configuration).start() }
            #expect(error?.kind == .startFailed)
            #expect(error?.serverLogTail.contains("shared_buffers") == true)
            #expect(error?.description.contains("pg_ctl") == true)
        }
    }

    @Test func socketMovesToTmpWhenThePathWouldBeTooLong() async throws {
        try await withTemporaryDataDirectory(name: String(repeating: "long-directory-name-", count: 5)) { configuration in
            let cluster = try await LocalCluster(configuration: configuration).start()
            #expect(cluster.socketDirectory.hasPrefix("/tmp/tthc-"))
            #expect((cluster.socketDirectory + "/.s.PGSQL.5432").utf8.count <= 107)
            #expect(try psql(cluster, "select 1") == "1")
            try await cluster.stop()
        }
    }

    @Test(.enabled(if: geteuid() == 0, "only root relocates the cluster"))
    func clusterMovesWherePostgresCanReachIt() async throws {
        var relocatedRoot: URL?
        try await withTemporaryDataDirectory(privateParent: true) { configuration in
            let cluster = try await LocalCluster(configuration: configuration).start()
            let projectDirectory = configuration.dataDirectory
            let recorded = try String(contentsOf: projectDirectory.appendingPathComponent("cluster-location"), encoding: .utf8)
            relocatedRoot = cluster.dataDirectory.deletingLastPathComponent()
            #expect(recorded == cluster.dataDirectory.deletingLastPathComponent().path + "\n")
            #expect(!cluster.dataDirectory.path.hasPrefix(projectDirectory.path))
            #expect(mode(of: projectDirectory.deletingLastPathComponent().path) == 0o700)  // never chmod-ed
            _ = try psql(cluster, "create table moved (n int); insert into moved values (9)", database: "tthc")
            try await cluster.stop()

            let again = try await LocalCluster(configuration: configuration).start()
            #expect(again.dataDirectory == cluster.dataDirectory)
            #expect(try psql(again, "select n from moved", database: "tthc") == "9")
            try await again.stop()
        }
        let root = try #require(relocatedRoot)
        #expect(!FileManager.default.fileExists(atPath: root.path))  // destroy() removed it
    }

    @Test func watcherStopsTheServerWhenThisProcessWouldDie() async throws {
        try await withTemporaryDataDirectory { configuration in
            let cluster = try await LocalCluster(configuration: configuration).start()
            #expect(LocalCluster.ExitGuard.isArmed(pgdata: cluster.dataDirectory.path))
            #expect(LocalCluster.ExitGuard.abandonWatcherForTesting(pgdata: cluster.dataDirectory.path))
            let deadline = Date().addingTimeInterval(30)
            // The pid file goes a moment before the postmaster and its logger are gone: wait for both.
            while cluster.isRunning || !processes(in: cluster.dataDirectory).isEmpty, Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(!cluster.isRunning)
            #expect(processes(in: cluster.dataDirectory).isEmpty)
            #expect(try String(contentsOf: cluster.logFile, encoding: .utf8).contains("received fast shutdown request"))
        }
    }

    @Test func reusedServerIsNotArmedForExit() async throws {
        try await withTemporaryDataDirectory { configuration in
            var configuration = configuration
            configuration.stopsOnExit = false
            let cluster = try await LocalCluster(configuration: configuration).start()
            #expect(!LocalCluster.ExitGuard.isArmed(pgdata: cluster.dataDirectory.path))
            let reused = try await LocalCluster(configuration: configuration).start()
            reused.stopOnExit()
            #expect(!LocalCluster.ExitGuard.isArmed(pgdata: cluster.dataDirectory.path))
            cluster.stopOnExit()
            #expect(LocalCluster.ExitGuard.isArmed(pgdata: cluster.dataDirectory.path))
            try await cluster.stop()
            #expect(!LocalCluster.ExitGuard.isArmed(pgdata: cluster.dataDirectory.path))
        }
    }

    @Test(.enabled(if: geteuid() == 0, "only root switches users"), arguments: ["/usr/sbin/runuser", "/bin/su"])
    func serverSideCommandsRunAsThePostgresUser(switcher: String) throws {
        let account = try LocalCluster.Account.current()
        let user = try #require(account.serviceUser)
        let viaSwitcher = LocalCluster.Account(
            serviceUser: .init(
                name: user.name,
                uid: user.uid,
                gid: user.gid,
                home: user.home,
                switcher: switcher.hasSuffix("runuser") ? .runuser(switcher) : .su(switcher)
            )
        )
        let result = try LocalCluster.Runner.run(
            viaSwitcher.command(["/bin/sh", "-c", "printf '%s|%s|%s' \"$(id -un)\" \"$PWD\" \"$1\"", "sh", "it's a \"word\""]),
            environment: LocalCluster.Runner.childEnvironment(from: ProcessInfo.processInfo.environment)
        )
        #expect(result.status == 0)
        #expect(result.standardOutput == "postgres|/|it's a \"word\"")
    }

    @Test func missingBinariesNameTheDebianPackageAndTheVariable() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("tthc-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let configuration = LocalCluster.Configuration(
            dataDirectory: empty.appendingPathComponent("data"),
            binDirectory: empty,
            environment: ProcessInfo.processInfo.environment
        )
        let error = #expect(throws: LocalClusterError.self) { try LocalCluster(configuration: configuration) }
        #expect(error?.kind == .binariesNotFound)
        #expect(error?.description.contains("apt-get install -y postgresql") == true)
        #expect(error?.description.contains("TTHC_PG_BINDIR") == true)
        #expect(error?.description.contains(empty.path) == true)

        let nowhere = #expect(throws: LocalClusterError.self) {
            try LocalCluster.Binaries.locate(environment: ["PATH": empty.path], versionedRoot: empty.path)
        }
        #expect(nowhere?.description.contains("apt-get install -y postgresql") == true)
    }

    @Test func binariesAreFoundWithoutConfiguration() throws {
        let binaries = try LocalCluster.Binaries.locate(environment: ["PATH": "/nonexistent"])
        #expect(FileManager.default.isExecutableFile(atPath: binaries.path("initdb")))
        #expect(binaries.directory.path.hasPrefix("/usr/lib/postgresql/"))
    }

    @Test func invalidConfigurationIsRejected() {
        let directory = URL(fileURLWithPath: "/tmp/unused")
        #expect(throws: LocalClusterError.self) {
            try LocalCluster(configuration: .init(dataDirectory: directory, port: 0, environment: [:]))
        }
        #expect(throws: LocalClusterError.self) {
            try LocalCluster(configuration: .init(dataDirectory: directory, serverSettings: ["a b": "1"], environment: [:]))
        }
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("", "''"),
        ("two words", "'two words'"),
        ("it's", #"'it\'s'"#),
        (#"back\slash"#, #"'back\\slash'"#),
    ])
    func connectionStringValuesAreQuotedByLibpqRules(value: String, quoted: String) {
        #expect(RunningCluster.conninfoQuoted(value) == quoted)
    }
}

// MARK: - Helpers

private let testLogger: Logger = {
    var logger = Logger(label: "tthc.postgres.local-cluster.tests")
    logger.logLevel = .warning
    return logger
}()

/// Runs `body` with the configuration of a cluster in a fresh temporary directory, then destroys the cluster and
/// removes the directory, whether or not `body` failed.
private func withTemporaryDataDirectory(
    name: String = "data",
    privateParent: Bool = false,
    _ body: (LocalCluster.Configuration) async throws -> Void
) async throws {
    let base = URL(fileURLWithPath: "/tmp").appendingPathComponent("tthc-lc-\(UUID().uuidString.prefix(8))")
    var parent = base
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    if privateParent {
        parent = base.appendingPathComponent("private")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
    let configuration = LocalCluster.Configuration(
        dataDirectory: parent.appendingPathComponent(name),
        initdbNoSync: true,
        startTimeout: .seconds(60),
        environment: ProcessInfo.processInfo.environment,
        logger: testLogger
    )
    var failure: (any Error)?
    do {
        try await body(configuration)
    } catch {
        failure = error
    }
    do {
        try await LocalCluster(configuration: configuration).destroy()
    } catch {
        Issue.record("cleanup failed: \(error)")
    }
    try? FileManager.default.removeItem(at: base)
    if let failure {
        throw failure
    }
}

/// Runs `psql` as this process's user (root here, like the service), as a client of the server would.
private func psql(_ cluster: RunningCluster, _ sql: String, database: String = "postgres") throws -> String {
    try psql(conninfo: cluster.connectionString(database: database), binDirectory: cluster.binDirectory, sql)
}

private func psql(conninfo: String, binDirectory: URL, _ sql: String) throws -> String {
    let result = try run([binDirectory.appendingPathComponent("psql").path, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-c", sql])
    guard result.status == 0 else {
        throw TestFailure(description: "psql failed (\(result.status)): \(result.errorOutput)")
    }
    return result.output.trimmingCharacters(in: .newlines)
}

/// `pg_ctl status`: 0 when running, 3 when not.
private func pgCtlStatus(_ cluster: RunningCluster) throws -> Int32 {
    var arguments = [cluster.binDirectory.appendingPathComponent("pg_ctl").path, "status", "-D", cluster.dataDirectory.path]
    if geteuid() == 0 {
        arguments = ["/usr/sbin/runuser", "-u", "postgres", "--"] + arguments
    }
    return try run(arguments).status
}

private struct TestFailure: Error, CustomStringConvertible {
    let description: String
}

private func run(_ arguments: [String]) throws -> (status: Int32, output: String, errorOutput: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: arguments[0])
    process.arguments = Array(arguments.dropFirst())
    process.currentDirectoryURL = URL(fileURLWithPath: "/")
    let output = Pipe()
    let errorOutput = Pipe()
    process.standardOutput = output
    process.standardError = errorOutput
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errorOutput.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
}

private func postmasterPID(_ cluster: RunningCluster) -> Int32? {
    let text = try? String(contentsOf: cluster.dataDirectory.appendingPathComponent("postmaster.pid"), encoding: .utf8)
    return text?.split(separator: "\n").first.flatMap { Int32($0) }
}

/// Live (not zombie) processes whose working directory is `pgdata`: what a server of that data directory leaves.
private func processes(in pgdata: URL) -> [Int32] {
    let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
    return pids.filter { pid in
        guard let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd"), cwd == pgdata.path,
            let fields = procStat(pid)
        else { return false }
        return fields.state != "Z"
    }
}

private func procStat(_ pid: Int32) -> (state: Character, processGroup: Int32, session: Int32)? {
    guard let handle = FileHandle(forReadingAtPath: "/proc/\(pid)/stat") else { return nil }
    defer { try? handle.close() }
    guard let data = try? handle.readToEnd() else { return nil }
    let text = String(decoding: data, as: UTF8.self)
    guard let end = text.lastIndex(of: ")") else { return nil }
    let fields = text[text.index(after: end)...].split(separator: " ")
    guard fields.count > 3, let state = fields[0].first, let group = Int32(fields[2]), let session = Int32(fields[3]) else { return nil }
    return (state, group, session)
}

private func mode(of path: String) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? nil
}

private func owner(of path: String) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: path)[.ownerAccountID] as? Int) ?? nil
}
