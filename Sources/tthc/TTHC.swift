import ArgumentParser
import CaseStore
import Foundation

@main
struct TTHC: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tthc",
        abstract: "Case handling for administrative-procedure dossiers (thủ tục hành chính) and their e-government metrics.",
        version: "tthc 0.1.0 (schema \(Database.schemaVersion))",
        subcommands: [
            Serve.self, Migrate.self, UserCommand.self, ImportCommand.self, ExportCommand.self, CalendarCommand.self, WorkerCommand.self,
            ReportCommand.self,
        ]
    )
}
