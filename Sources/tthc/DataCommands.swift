import ArgumentParser
import CaseDomain
import CaseStore
import Foundation
import Logging

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a case log (JSON Lines, format v1): all or nothing, and importing the same file twice changes nothing.",
        discussion: "Use - to read standard input. Errors name the line."
    )

    @Argument(help: "The .jsonl file, or - for standard input.")
    var file: String

    func run() async throws {
        let environment = try CommandEnvironment(logLevel: .warning)
        let url: URL
        if file == "-" {
            url = URL(fileURLWithPath: "/dev/stdin")
        } else {
            url = URL(fileURLWithPath: file)
            guard FileManager.default.isReadableFile(atPath: url.path) else {
                throw CommandFailure("Cannot read \(file). / Không đọc được tệp \(file).")
            }
        }
        try await environment.withDatabase(poolSize: 2) { database, _ in
            do {
                let summary = try await CaseLogImporter(database: database).importFile(at: url)
                print(
                    "Imported \(summary.lines) lines: \(summary.agencies) agencies, \(summary.procedures) procedure versions, "
                        + "\(summary.dossiers) dossiers, \(summary.events) events; \(summary.unchanged) already present."
                )
            } catch let error as ImportError {
                throw CommandFailure("\(error.message.english)\n\(error.message.vietnamese)\nNothing was imported. / Không có dữ liệu nào được nhập.")
            }
        }
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export an agency's case log: its reference data and every event of the dossiers received in [from, to)."
    )

    @Option(help: "The agency code.")
    var agency: String

    @Option(help: "First receipt day, YYYY-MM-DD (Vietnam time), inclusive.")
    var from: String

    @Option(help: "Day after the last receipt day, YYYY-MM-DD, exclusive.")
    var to: String

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    func run() async throws {
        guard let fromDay = LocalDate(iso: from), let toDay = LocalDate(iso: to) else {
            throw ValidationError("--from and --to must be dates YYYY-MM-DD")
        }
        guard fromDay < toDay else { throw ValidationError("--from must be before --to") }
        let environment = try CommandEnvironment(logLevel: .warning)
        let handle: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil) else {
                throw CommandFailure("Cannot write \(output). / Không ghi được tệp \(output).")
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        } else {
            handle = FileHandle.standardOutput
        }
        defer { try? handle.close() }
        try await environment.withDatabase(poolSize: 2) { database, _ in
            var pending = Data()
            do {
                let lines = try await CaseLogExporter(database: database).export(
                    agency: agency,
                    from: VietnamTime.date(fromDay, minutesAfterMidnight: 0),
                    to: VietnamTime.date(toDay, minutesAfterMidnight: 0)
                ) { line in
                    pending.append(contentsOf: line.utf8)
                    if pending.count >= 1 << 16 {
                        try handle.write(contentsOf: pending)
                        pending.removeAll(keepingCapacity: true)
                    }
                }
                try handle.write(contentsOf: pending)
                if let output { FileHandle.standardError.write(Data("Wrote \(lines) lines to \(output).\n".utf8)) }
            } catch let error as StoreError {
                throw CommandFailure(error)
            }
        }
    }
}
