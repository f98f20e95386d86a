import ArgumentParser
import CaseDomain
import CaseMetrics
import CaseStore
import Foundation
import Logging

/// `tthc report`: one agency's metrics and scores for a year, quarter or month.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "An agency's e-government metrics and scores for a period, as JSON, CSV (with a BOM, for Excel) or Vietnamese text.",
        discussion: "Example: tthc report --agency BDT --period 2025-Q2 --rubric 766-2022 --format text"
    )

    @Option(help: "The agency's code, e.g. BDT.")
    var agency: String

    @Option(help: "2025 (a year), 2025-Q2 (a quarter) or 2025-03 (a month).")
    var period: String

    @Option(help: "The rubric to score with (default: the one in force for the period).")
    var rubric: String?

    @Option(help: "Only this procedure's dossiers (its code).")
    var procedure: String?

    @Option(name: .customLong("as-of"), help: "The moment the report is computed at, RFC 3339 with an offset (default: now).")
    var asOf: String?

    @Option(help: "json, csv or text.")
    var format: ReportFormat = .json

    enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
        case json, csv, text
    }

    func validate() throws {
        guard ReportPeriod(period) != nil else { throw ValidationError("--period must look like 2025, 2025-Q2 or 2025-03") }
        if let asOf, VietnamTime.parseRFC3339(asOf) == nil {
            throw ValidationError("--as-of must be an RFC 3339 moment with an offset, e.g. 2025-07-01T00:00:00+07:00")
        }
    }

    func run() async throws {
        guard let reportPeriod = ReportPeriod(period) else { throw ValidationError("invalid --period") }
        let moment = asOf.flatMap(VietnamTime.parseRFC3339) ?? Date()
        let environment = try CommandEnvironment(logLevel: .warning)
        let output = try await environment.withDatabase(poolSize: 2) { database, _ in
            let report: MetricsReport
            do {
                report = try await MetricsReporter(database: database).report(
                    agency: agency,
                    period: reportPeriod,
                    rubricID: rubric,
                    asOf: moment,
                    procedure: procedure
                )
            } catch let error as StoreError {
                throw CommandFailure(error)
            }
            return try report.rendered(as: MetricsReportFormat(rawValue: format.rawValue) ?? .json)
        }
        FileHandle.standardOutput.write(Data((format == .json ? output + "\n" : output).utf8))
    }
}
