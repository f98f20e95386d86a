import CaseDomain
import CaseMetrics
import CaseStore
import CaseTestSupport
import Foundation
import Logging
import Postgres

/// A fresh, migrated database with the worker's store, reader and reporter on it.
struct WorkerDatabase: Sendable {
    let db: TestDatabaseHandle
    let database: Database

    static func make(_ label: String, poolSize: Int = 4) async throws -> WorkerDatabase {
        let db = try await TestDatabase.make(label, migrations: Database.migrations, poolSize: poolSize)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return WorkerDatabase(db: db, database: Database(client: db.client, logger: logger))
    }

    var store: MetricsProjectionStore { MetricsProjectionStore(database: database) }
    var reader: MetricsReader { MetricsReader(database: database) }
    var reporter: MetricsReporter { MetricsReporter(database: database) }

    func importLog(_ lines: [String]) async throws {
        try await CaseLogImporter(database: database).importText(lines.joined(separator: "\n") + "\n")
    }

    /// Imports the reference lines of `lines`, lets the worker record the reference data's fingerprint, then imports
    /// the events: the events then reach the projection through incremental batches, not through the recomputation
    /// that a change of reference data causes.
    func importReferenceThenEvents(_ lines: [String]) async throws {
        let isReference = { (line: String) in line.contains(#""type":"agency""#) || line.contains(#""type":"procedure""#) }
        try await importLog(lines.filter(isReference))
        let outcome = try await store.processBatch()
        precondition(outcome.rebuilt || outcome.events == 0)
        try await importLog(lines.filter { !isReference($0) })
    }

    /// Runs batches until every committed event is consumed.
    func catchUp(batchSize: Int = 1000) async throws {
        try await worker(batchSize: batchSize).processAvailable()
    }

    func worker(batchSize: Int = 1000) -> MetricsWorker {
        var logger = Logger(label: "tthc.worker")
        logger.logLevel = .warning
        return MetricsWorker(database: database, configuration: MetricsWorkerConfiguration(batchSize: batchSize), logger: logger)
    }

    func count(_ sql: PostgresQuery) async throws -> Int {
        try await db.client.query(sql).one().decode(Int.self, column: 0)
    }

    /// The projection's tables as text, row by row, in a fixed order: equal snapshots mean equal projections.
    func projectionSnapshot() async throws -> [String] {
        let months = try await db.client.query(
            """
            SELECT concat_ws('|', agency_code, procedure_code, month, metric, numerator, denominator) FROM metric_month
            ORDER BY agency_code, month, procedure_code, metric
            """
        ).decode(String.self)
        let dossiers = try await db.client.query(
            """
            SELECT concat_ws('|', dossier_id, code, agency_code, procedure_code, channel, received_at, due_at, end_at, end_late,
                end_apologized_in_time, last_event_at, written_result, fee, components_digitized_at, reused_at, paid_online_at,
                result_ready_at, result_electronic_at, return_at::text, return_channel::text, facts::text)
            FROM metric_dossier ORDER BY dossier_id
            """
        ).decode(String.self)
        return months + dossiers
    }

    func shutdown() async {
        await db.client.shutdown()
    }
}

/// The reference implementation computed straight from the case log in the database: every dossier's events,
/// the catalogue and the calendar as stored, then `MetricCounts.compute` (the pure oracle of CaseDomain).
struct Oracle: Sendable {
    let facts: [DossierFacts]
    let catalog: ProcedureCatalog
    let workingDays: WorkingDays
    let hours: [String: OfficeHours]

    static func load(_ database: Database) async throws -> Oracle {
        let client = database.client
        var catalog = ProcedureCatalog()
        for record in try await ReferenceStore(database: database).procedures() { _ = catalog.insert(record) }
        let workingDays = try await ReferenceStore(database: database).workingDays()
        var hours: [String: OfficeHours] = [:]
        for agency in try await ReferenceStore(database: database).agencies() { hours[agency.code] = agency.officeHours }
        var events: [Int: [CaseEvent]] = [:]
        for row in try await client.query("SELECT dossier_id, dossier_seq, payload::text FROM case_event ORDER BY dossier_id, dossier_seq") {
            let (id, sequence, payload) = try row.decode((Int, Int, String).self)
            events[id, default: []].append(try CaseLogDecoder.decodeEvent(line: payload, lineNumber: sequence))
        }
        var facts: [DossierFacts] = []
        for list in events.values {
            guard case .received(let receipt)? = list.first?.kind else { continue }
            let calendar = BusinessCalendar(days: workingDays, hours: hours[receipt.agency] ?? .standard)
            facts.append(try DossierFacts(events: list, catalog: catalog, calendar: calendar))
        }
        return Oracle(facts: facts, catalog: catalog, workingDays: workingDays, hours: hours)
    }

    func counts(agency: String, period: ReportPeriod, asOf: Date, procedure: String? = nil) -> MetricCounts {
        var catalog = self.catalog
        var facts = self.facts
        if let procedure {
            facts = facts.filter { $0.procedure == procedure }
            catalog = ProcedureCatalog(self.catalog.allVersions.filter { $0.code == procedure })
        }
        return MetricCounts.compute(
            facts: facts,
            procedures: catalog,
            agency: agency,
            period: period.interval,
            asOf: asOf,
            calendar: BusinessCalendar(days: workingDays, hours: hours[agency] ?? .standard)
        )
    }
}

/// Where the projection and the oracle disagree, as readable lines (empty when they agree). With `failingLimit`, the
/// listed failing members must be the oracle's first ones.
func differences(_ metrics: AgencyMetrics, _ oracle: MetricCounts, failingLimit: Int? = nil) -> [String] {
    var result: [String] = []
    for id in MetricID.allCases {
        let got = metrics[id]
        let want = oracle[id]
        if got.numerator != want.numerator || got.denominator != want.denominator {
            result.append(
                "\(metrics.agency) \(metrics.period) \(id.rawValue): projection \(got.numerator)/\(got.denominator), "
                    + "oracle \(want.numerator)/\(want.denominator)"
            )
        }
        if let failingLimit {
            let listed = metrics.failing[id] ?? []
            let expected = Array(want.failingMembers.prefix(failingLimit))
            if listed != expected {
                result.append("\(metrics.agency) \(metrics.period) \(id.rawValue) failing: projection \(listed), oracle \(expected)")
            }
        }
    }
    return result
}

/// Every month, quarter and the year of `year`.
func periods(of year: Int) -> [ReportPeriod] {
    [ReportPeriod.year(year)] + (1...4).map { ReportPeriod.quarter(year, $0) } + (1...12).map { ReportPeriod.month(year, $0) }
}

func moment(_ text: String) -> Date {
    VietnamTime.parseRFC3339(text) ?? Date(timeIntervalSince1970: 0)
}
