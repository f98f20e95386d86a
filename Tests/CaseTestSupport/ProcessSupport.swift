public import Foundation
import Testing

/// The built `tthc` executable, next to the test bundle (`swift build --build-tests` builds both); `TTHC_BINARY`
/// overrides.
public enum TTHCBinary {
    static var url: URL? {
        if let path = ProcessInfo.processInfo.environment["TTHC_BINARY"], FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        var candidates: [URL] = []
        let argument0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(argument0.deletingLastPathComponent().appendingPathComponent("tthc"))
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("tthc"))
        }
        // A bundle directory on some platforms: …/debug/tthcPackageTests.xctest/Contents/MacOS/…
        var directory = argument0.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent("tthc"))
            directory = directory.deletingLastPathComponent()
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) && !$0.hasDirectoryPath }
    }

    public static func require() throws -> URL {
        try #require(url, "the tthc executable was not found next to the tests; run `swift build --build-tests` first or set TTHC_BINARY")
    }
}

/// A libpq connection string with an `application_name`, so the test can find that process's sessions.
public func conninfo(_ base: String, applicationName: String) -> String {
    if base.hasPrefix("postgres://") || base.hasPrefix("postgresql://") {
        return base + (base.contains("?") ? "&" : "?") + "application_name=\(applicationName)"
    }
    return base + " application_name=\(applicationName)"
}

/// A child `tthc` process whose output goes to files (read after it exits, so a full pipe can never block it).
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: `process` is configured before `run()` and only read afterwards; the exit status is delivered once
    // through the continuation.
    let process = Process()
    let stdoutURL: URL
    let stderrURL: URL
    private let exit: AsyncStream<Int32>
    private let exitContinuation: AsyncStream<Int32>.Continuation

    public init(_ arguments: [String], environment: [String: String]) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tthc-child-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        stdoutURL = directory.appendingPathComponent("stdout")
        stderrURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        (exit, exitContinuation) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .bufferingNewest(1))
        process.executableURL = try TTHCBinary.require()
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TTHC_") && $0.key != "DATABASE_URL" }
        variables["TTHC_LOG_LEVEL"] = "info"
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        let continuation = exitContinuation
        process.terminationHandler = { process in
            continuation.yield(process.terminationStatus)
            continuation.finish()
        }
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }

    public func signal(_ signal: Int32) {
        _ = Foundation.kill(process.processIdentifier, signal)
    }

    /// The exit status (or the signal that ended it).
    public func waitForExit() async -> Int32 {
        for await status in exit { return status }
        return process.terminationStatus
    }

    /// Standard output exactly as written (a byte-order mark included).
    public var output: String { String(decoding: (try? Data(contentsOf: stdoutURL)) ?? Data(), as: UTF8.self) }
    public var errors: String { String(decoding: (try? Data(contentsOf: stderrURL)) ?? Data(), as: UTF8.self) }

    /// Runs `tthc arguments…` to its end.
    public static func run(_ arguments: [String], environment: [String: String]) async throws -> (status: Int32, output: String, errors: String) {
        let child = try ChildProcess(arguments, environment: environment)
        let status = await child.waitForExit()
        return (status, child.output, child.errors)
    }
}

/// Polls `condition` every 50 ms until it holds; fails the test (returns false) after `limit`. A bound on waiting,
/// not an assertion about speed.
public func eventually(_ what: String, limit: Duration = .seconds(120), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("gave up waiting: \(what)")
    return false
}
