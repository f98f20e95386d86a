public import CaseDomain
public import Foundation

/// The case log of the database as a whole: ``CaseLogImporter`` and ``CaseLogExporter`` behind one repository.
public struct CaseLogStore: CaseLogRepository {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func importText(_ text: String) async throws -> ImportSummary {
        try await CaseLogImporter(database: database).importText(text)
    }

    public func export(agency code: String, from: Date, to: Date, write: (String) throws -> Void) async throws -> Int {
        try await CaseLogExporter(database: database).export(agency: code, from: from, to: to, write: write)
    }
}
