public import CaseDomain
public import Foundation
import Postgres

/// Exports an agency's case log (CASE-LOG.md §1): its agency line, every version of its procedures, then every event
/// of the dossiers it received in [from, to), dossier by dossier in receipt order. Reads in batches and writes as it
/// goes, so memory does not grow with the log.
public struct CaseLogExporter: Sendable {
    let client: PostgresClient
    let batchSize: Int

    public init(database: Database, batchSize: Int = 500) {
        self.client = database.client
        self.batchSize = batchSize
    }

    /// Writes lines (each with its newline) to `write`; returns the number of lines.
    @discardableResult
    public func export(agency code: String, from: Date, to: Date, write: (String) throws -> Void) async throws -> Int {
        guard let agency = try await ReferenceStore(client: client).agency(code: code) else {
            throw StoreError.missing("Không có cơ quan mã \(code).", "No agency with code \(code).")
        }
        var count = 0
        func emit(_ line: CaseLogLine) throws {
            try write(CaseLogEncoder.encode(line) + "\n")
            count += 1
        }
        try emit(.agency(agency.record))
        let procedures = try await ReferenceStore(client: client).procedures(agency: code).sorted {
            ($0.code, $0.validFrom) < ($1.code, $1.validFrom)
        }
        for procedure in procedures { try emit(.procedure(procedure)) }

        var position: (Date, Int)?
        while true {
            var query: PostgresQuery = """
                SELECT id, received_at FROM dossier
                WHERE agency_code = \(code) AND received_at >= \(from) AND received_at < \(to)
                """
            if let (at, id) = position { query.append(" AND (received_at, id) > (\(at), \(id))") }
            query.append(" ORDER BY received_at, id LIMIT \(batchSize)")
            let dossiers = try await client.query(query).map { try $0.decode((Int, Date).self) }
            guard let last = dossiers.last else { break }
            position = (last.1, last.0)
            let ids = dossiers.map(\.0)
            let events = try await client.query(
                """
                SELECT e.payload::text FROM case_event e
                JOIN unnest(\(ids)::int8[]) WITH ORDINALITY AS o(id, n) ON o.id = e.dossier_id
                ORDER BY o.n, e.dossier_seq
                """
            )
            for row in events {
                let payload = try row.decode(String.self, column: 0)
                try emit(.event(try CaseLogDecoder.decodeEvent(line: payload, lineNumber: count + 1)))
            }
            if dossiers.count < batchSize { break }
        }
        return count
    }
}

extension ReferenceStore {
    init(client: PostgresClient) {
        self.client = client
    }
}
