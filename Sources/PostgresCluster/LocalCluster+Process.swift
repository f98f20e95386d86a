import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// Child processes of the local cluster: where the binaries are, as whom they run, and how they are run.

extension LocalCluster {
    /// The directory of the PostgreSQL server binaries.
    struct Binaries: Sendable {
        static let requiredTools = ["initdb", "pg_ctl", "postgres", "psql"]
        /// The setting that names the binaries' directory, for messages (the caller reads it, e.g. `TTHC_PG_BINDIR`).
        static let overrideVariable = "TTHC_PG_BINDIR"

        let directory: URL

        func path(_ tool: String) -> String { directory.appendingPathComponent(tool).path }

        /// `override` if given (and then only there: a wrong setting is an error, not a reason to look elsewhere),
        /// else `pg_config --bindir`, else the highest version in `<versionedRoot>/*/bin`, else the `PATH` of `environment`.
        static func locate(
            override: URL? = nil,
            environment: [String: String],
            versionedRoot: String = "/usr/lib/postgresql"
        ) throws -> Binaries {
            if let override = override?.path, !override.isEmpty {
                let missing = missingTools(in: override)
                guard missing.isEmpty else {
                    throw notFound(
                        "\(overrideVariable)=\(override) does not hold the PostgreSQL server binaries "
                            + "(missing: \(missing.joined(separator: ", ")))"
                    )
                }
                return Binaries(directory: URL(fileURLWithPath: override, isDirectory: true))
            }
            var candidates: [String] = []
            if let pgConfig = Runner.findExecutable("pg_config", searchPath: environment["PATH"]),
                let result = try? Runner.run([pgConfig, "--bindir"], environment: environment), result.status == 0
            {
                candidates.append(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            candidates += versionedDirectories(under: versionedRoot)
            candidates += (environment["PATH"] ?? "").split(separator: ":").map(String.init)
            for candidate in candidates where !candidate.isEmpty && missingTools(in: candidate).isEmpty {
                return Binaries(directory: URL(fileURLWithPath: candidate, isDirectory: true))
            }
            throw notFound("PostgreSQL server binaries (\(requiredTools.joined(separator: ", "))) were not found")
        }

        private static func notFound(_ problem: String) -> LocalClusterError {
            LocalClusterError(
                .binariesNotFound,
                problem + ". Install PostgreSQL with `apt-get install -y postgresql` (Debian/Ubuntu), or set "
                    + "\(overrideVariable) to the directory holding initdb and pg_ctl (e.g. /usr/lib/postgresql/15/bin). "
                    + "Or set DATABASE_URL to use an existing server."
            )
        }

        private static func missingTools(in directory: String) -> [String] {
            requiredTools.filter { !FileManager.default.isExecutableFile(atPath: directory + "/" + $0) }
        }

        /// `<root>/<version>/bin`, highest version first ("15" before "9.6").
        private static func versionedDirectories(under root: String) -> [String] {
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            let numbered = versions.compactMap { name -> ([Int], String)? in
                let parts = name.split(separator: ".").map { Int($0) }
                guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
                return (parts.compactMap { $0 }, name)
            }
            return numbered.sorted { $0.0.lexicographicallyPrecedes($1.0) }.reversed().map { "\(root)/\($0.1)/bin" }
        }
    }

    /// As whom the server-side binaries run: this process's user, or, when that is root (which PostgreSQL refuses),
    /// the `postgres` system user.
    struct Account: Sendable {
        struct ServiceUser: Sendable {
            enum Switcher: Sendable {
                case runuser(String)
                case su(String)
            }

            let name: String
            let uid: UInt32
            let gid: UInt32
            let home: String
            let switcher: Switcher
        }

        static let serviceUserName = "postgres"

        /// Nil when this process is not root: the binaries then run directly.
        let serviceUser: ServiceUser?

        static func current() throws -> Account {
            guard geteuid() == 0 else { return Account(serviceUser: nil) }
            guard let entry = lookUpUser(serviceUserName) else {
                throw LocalClusterError(
                    .serviceUserMissing,
                    "this process runs as root, which PostgreSQL refuses, and there is no \"\(serviceUserName)\" system user "
                        + "to run it as. Install PostgreSQL with `apt-get install -y postgresql` (it creates the user), "
                        + "run as an ordinary user, or set DATABASE_URL to use an existing server."
                )
            }
            let fileManager = FileManager.default
            let switcher: ServiceUser.Switcher
            if let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].first(where: fileManager.isExecutableFile) {
                switcher = .runuser(runuser)
            } else if let su = ["/bin/su", "/usr/bin/su"].first(where: fileManager.isExecutableFile) {
                switcher = .su(su)
            } else {
                throw LocalClusterError(
                    .serviceUserMissing,
                    "this process runs as root, and neither runuser nor su is available to run PostgreSQL as \"\(serviceUserName)\""
                )
            }
            return Account(
                serviceUser: ServiceUser(name: serviceUserName, uid: entry.uid, gid: entry.gid, home: entry.home, switcher: switcher)
            )
        }

        /// The command line that runs `arguments` as this account.
        func command(_ arguments: [String]) -> [String] {
            guard let user = serviceUser else { return arguments }
            switch user.switcher {
            case .runuser(let runuser):
                return [runuser, "-u", user.name, "--"] + arguments
            case .su(let su):
                return [su, "-s", "/bin/sh", "-c", arguments.map(Runner.shellQuoted).joined(separator: " "), user.name]
            }
        }

        /// Whether this account can traverse `directory` (and so reach what is in it); asked of the service user.
        func canReach(_ directory: String, environment: [String: String]) -> Bool {
            guard serviceUser != nil else { return true }
            let probe = command(["/bin/sh", "-c", "test -x \"$1\"", "sh", directory])
            return (try? Runner.run(probe, environment: environment).status) == 0
        }

        private static func lookUpUser(_ name: String) -> (uid: UInt32, gid: UInt32, home: String)? {
            var entry = passwd()
            var found: UnsafeMutablePointer<passwd>?
            var buffer = [CChar](repeating: 0, count: 16_384)
            return buffer.withUnsafeMutableBufferPointer { storage -> (uid: UInt32, gid: UInt32, home: String)? in
                guard let base = storage.baseAddress, getpwnam_r(name, &entry, base, storage.count, &found) == 0, found != nil else {
                    return nil
                }
                let home = String(cString: entry.pw_dir)
                return (UInt32(entry.pw_uid), UInt32(entry.pw_gid), home)
            }
        }
    }

    struct CommandResult: Sendable {
        let arguments: [String]
        /// The exit status, or 128 + the signal number when a signal ended the process.
        let status: Int32
        let standardOutput: String
        let standardError: String

        /// Throws a ``LocalClusterError`` of kind `commandFailed` carrying the command and its output unless it succeeded.
        @discardableResult
        func check(_ purpose: String) throws -> CommandResult {
            guard status == 0 else { throw LocalClusterError(.commandFailed, purpose, result: self) }
            return self
        }
    }

    enum Runner {
        /// The environment for child processes: this one without `PG*` variables (every connection parameter is
        /// passed explicitly, and a stray `PGDATA` or `PGOPTIONS` must not change what the commands do).
        static func childEnvironment(from environment: [String: String]) -> [String: String] {
            var child = environment.filter { !$0.key.hasPrefix("PG") }
            if child["PATH", default: ""].isEmpty {
                child["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
            }
            return child
        }

        /// Runs a command to its end, in `/` (the service user may not be able to enter this process's working
        /// directory), with `input` (or nothing) on stdin. Its output goes to unlinked scratch files rather than
        /// pipes, so that a chatty child never blocks on a full pipe, and a server forked by `pg_ctl` holds no pipe.
        static func run(_ arguments: [String], environment: [String: String], input: String? = nil) throws -> CommandResult {
            guard let executable = arguments.first else {
                throw LocalClusterError(.commandFailed, "empty command line")
            }
            let output = try scratchFile()
            let errorOutput = try scratchFile()
            let inputFile: FileHandle
            if let input {
                inputFile = try scratchFile()
                try inputFile.write(contentsOf: Data(input.utf8))
                try inputFile.seek(toOffset: 0)
            } else {
                inputFile = try nullDevice()
            }
            let status: Int32
            do {
                #if os(Linux)
                let pid = try spawn(
                    arguments,
                    environment: environment,
                    standardInput: inputFile.fileDescriptor,
                    standardOutput: output.fileDescriptor,
                    standardError: errorOutput.fileDescriptor
                )
                status = waitForExit(pid)
                #else
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = Array(arguments.dropFirst())
                process.environment = environment
                process.currentDirectoryURL = URL(fileURLWithPath: "/", isDirectory: true)
                process.standardInput = inputFile
                process.standardOutput = output
                process.standardError = errorOutput
                try process.run()
                process.waitUntilExit()
                status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
                #endif
            } catch {
                throw LocalClusterError(
                    .commandFailed,
                    "could not launch \(executable)",
                    result: CommandResult(arguments: arguments, status: -1, standardOutput: "", standardError: "\(error)")
                )
            }
            return CommandResult(
                arguments: arguments,
                status: status,
                standardOutput: try contents(of: output),
                standardError: try contents(of: errorOutput)
            )
        }

        #if os(Linux)
        /// Starts a command with `posix_spawn` rather than `Process`: swift-corelibs-foundation notices a child's
        /// exit through a socket the child inherits, so a daemon that the child leaves behind (the server that
        /// `pg_ctl start` forks) keeps `waitUntilExit()` waiting forever. Here the child gets the three given
        /// descriptors and no others (descriptors from 3 up are closed where glibc offers
        /// `posix_spawn_file_actions_addclosefrom_np`, 2.34 and later; ours are close-on-exec anyway), default
        /// signal dispositions and an empty signal mask (whatever this process ignores or blocks), its own process
        /// group (a Ctrl-C meant for this process does not stop `initdb` halfway), and `/` as working directory.
        static func spawn(
            _ arguments: [String],
            environment: [String: String],
            standardInput: Int32,
            standardOutput: Int32,
            standardError: Int32
        ) throws -> pid_t {
            let command = ["/bin/sh", "-c", "cd / && exec \"$@\"", "sh"] + arguments
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, standardInput, 0)
            posix_spawn_file_actions_adddup2(&actions, standardOutput, 1)
            posix_spawn_file_actions_adddup2(&actions, standardError, 2)
            if let addCloseFrom = Self.addCloseFrom {
                _ = addCloseFrom(&actions, 3)
            }
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var noSignals = sigset_t()
            sigemptyset(&noSignals)
            var allSignals = sigset_t()
            sigfillset(&allSignals)
            sigdelset(&allSignals, SIGKILL)
            sigdelset(&allSignals, SIGSTOP)
            posix_spawnattr_setsigmask(&attributes, &noSignals)
            posix_spawnattr_setsigdefault(&attributes, &allSignals)
            posix_spawnattr_setpgroup(&attributes, 0)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            let argv = command.map { strdup($0) } + [nil]
            let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer {
                for string in argv + envp {
                    free(string)
                }
            }
            var pid: pid_t = 0
            let result = posix_spawn(&pid, command[0], &actions, &attributes, argv, envp)
            guard result == 0 else {
                throw LocalClusterError(.commandFailed, "could not launch \(arguments.first ?? ""): \(String(cString: strerror(result)))")
            }
            return pid
        }

        /// Waits for a child and returns its exit status, or 128 + the signal that ended it.
        static func waitForExit(_ pid: pid_t) -> Int32 {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 {
                guard errno == EINTR else { return -1 }
            }
            let signal = status & 0x7f
            return signal == 0 ? (status >> 8) & 0xff : 128 + signal
        }

        private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

        /// Looked up at run time: the Glibc module does not declare GNU extensions.
        private static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
            unsafeBitCast($0, to: AddCloseFrom.self)
        }
        #endif

        static func nullDevice(writable: Bool = false) throws -> FileHandle {
            let descriptor = open("/dev/null", (writable ? O_WRONLY : O_RDONLY) | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw LocalClusterError(.commandFailed, "could not open /dev/null: \(String(cString: strerror(errno)))")
            }
            return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        }

        /// ``run(_:environment:input:)`` on a thread of its own, so that waiting for a child never blocks the
        /// cooperative pool.
        static func runOffThePool(_ arguments: [String], environment: [String: String], input: String? = nil) async throws -> CommandResult {
            try await offThePool { try run(arguments, environment: environment, input: input) }
        }

        /// Runs blocking work (child processes, file system) on a new thread.
        static func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
            try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread {
                    continuation.resume(with: Result { try body() })
                }
            }
        }

        static func findExecutable(_ name: String, searchPath: String?) -> String? {
            for directory in (searchPath ?? "").split(separator: ":") where !directory.isEmpty {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) {
                    return candidate
                }
            }
            return nil
        }

        /// One word for `/bin/sh`: single-quoted, a `'` inside written as `'\''`.
        static func shellQuoted(_ word: String) -> String {
            "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }

        /// Quotes only words that need it, for readable error messages.
        static func shellQuotedIfNeeded(_ word: String) -> String {
            let plain = !word.isEmpty && word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,@+%".contains($0) }
            return plain ? word : shellQuoted(word)
        }

        private static func scratchFile() throws -> FileHandle {
            var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("tthc-pg-XXXXXX").utf8CString)
            let descriptor = mkstemp(&template)
            guard descriptor >= 0 else {
                throw LocalClusterError(.commandFailed, "could not create a scratch file in \(NSTemporaryDirectory()): errno \(errno)")
            }
            unlink(template)
            // Only the child it is given to should hold it, not children other threads spawn meanwhile.
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        }

        private static func contents(of file: FileHandle) throws -> String {
            try file.seek(toOffset: 0)
            return String(decoding: try file.readToEnd() ?? Data(), as: UTF8.self)
        }
    }
}
