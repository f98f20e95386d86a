import CaseDomain
import CaseMetrics
import CaseStore
import CaseTestSupport
import Foundation
import Postgres
import Testing

/// Exact numerators and denominators of every metric, for a month, a quarter and a year, computed by the worker's
/// projection from a case log imported into a real database.
@Suite("Metrics of the hand-computed fixture, through the projection")
struct MetricsFixtureTests {
    typealias Counts = [MetricID: (Int, Int)]

    /// March 2025 at as_of = 2025-06-30 12:00 (the derivation of each number is in CaseDomainTests'
    /// FactsMetricCountsTests): 7 received, 3/7 on time (D03, D04 ended late; D05, D09 open and overdue), …
    static let march: Counts = [
        .channelOnline: (2, 7), .channelPostalIn: (1, 7), .channelDirect: (4, 7), .returnPostal: (2, 3),
        .proceduresWithOnlineDossiers: (2, 4), .timelinessOnTime: (3, 7), .timelinessLateWithApology: (2, 4),
        .digitizationDossiers: (6, 7), .digitizationResults: (3, 3), .digitizationReuse: (2, 7), .paymentOnline: (1, 2),
    ]

    /// The first quarter: March plus D07 (February, online, on time) and D08 (January, refused on time).
    static let q1: Counts = [
        .channelOnline: (3, 9), .channelPostalIn: (1, 9), .channelDirect: (5, 9), .returnPostal: (2, 4),
        .proceduresWithOnlineDossiers: (3, 4), .timelinessOnTime: (5, 9), .timelinessLateWithApology: (2, 4),
        .digitizationDossiers: (7, 9), .digitizationResults: (3, 4), .digitizationReuse: (3, 9), .paymentOnline: (1, 2),
    ]

    /// 2025 at as_of: D12 (April) is open and overdue at the cutoff; D06's digitization (Jul 5) and D13 (Jul 10)
    /// come after as_of and must not count although the projection has seen them.
    static let year: Counts = [
        .channelOnline: (4, 10), .channelPostalIn: (1, 10), .channelDirect: (5, 10), .returnPostal: (2, 5),
        .proceduresWithOnlineDossiers: (3, 4), .timelinessOnTime: (5, 10), .timelinessLateWithApology: (3, 5),
        .digitizationDossiers: (8, 10), .digitizationResults: (4, 5), .digitizationReuse: (3, 10), .paymentOnline: (1, 3),
    ]

    static func check(_ metrics: AgencyMetrics, _ expected: Counts) {
        #expect(Set(expected.keys) == Set(MetricID.allCases))
        for id in MetricID.allCases {
            let (numerator, denominator) = expected[id] ?? (-1, -1)
            #expect(metrics[id].numerator == numerator, "\(metrics.period) \(id.rawValue) numerator")
            #expect(metrics[id].denominator == denominator, "\(metrics.period) \(id.rawValue) denominator")
        }
    }

    func loaded(_ label: String) async throws -> WorkerDatabase {
        let db = try await WorkerDatabase.make(label)
        try await db.importReferenceThenEvents(HandFixture.log)
        // Small batches: dossiers change across many batches, so contributions are replaced by delta many times.
        try await db.catchUp(batchSize: 7)
        let events = try await db.count("SELECT count(*) FROM case_event")
        #expect(events == HandFixture.log.count - 9)
        #expect(try await db.count("SELECT batches_total FROM metric_checkpoint") == (events + 6) / 7)
        return db
    }

    @Test("a month, a quarter and a year: exact numerators and denominators of every metric")
    func monthQuarterYear() async throws {
        let db = try await loaded("fixture-exact")
        defer { Task { await db.shutdown() } }
        let reader = db.reader
        let asOf = HandFixture.asOf
        Self.check(try await reader.metrics(agency: "BDT", period: .month(2025, 3), asOf: asOf), Self.march)
        Self.check(try await reader.metrics(agency: "BDT", period: .quarter(2025, 1), asOf: asOf), Self.q1)
        Self.check(try await reader.metrics(agency: "BDT", period: .year(2025), asOf: asOf), Self.year)
    }

    @Test("the dossiers that count against each metric are the oracle's, in its order")
    func failingMembers() async throws {
        let db = try await loaded("fixture-failing")
        defer { Task { await db.shutdown() } }
        let oracle = try await Oracle.load(db.database)
        let march = try await db.reader.metrics(agency: "BDT", period: .month(2025, 3), asOf: HandFixture.asOf, evidenceLimit: 100)
        #expect(differences(march, oracle.counts(agency: "BDT", period: .month(2025, 3), asOf: HandFixture.asOf), failingLimit: 100) == [])
        #expect(march.failing[.timelinessOnTime] == [HandFixture.d09, HandFixture.d04, HandFixture.d03, HandFixture.d05].sorted())
        #expect(march.failing[.digitizationDossiers] == [HandFixture.d06])
        #expect(march.failing[.proceduresWithOnlineDossiers] == ["3.000003", "4.000004"])
        let year = try await db.reader.metrics(agency: "BDT", period: .year(2025), asOf: HandFixture.asOf, evidenceLimit: 2)
        #expect(differences(year, oracle.counts(agency: "BDT", period: .year(2025), asOf: HandFixture.asOf), failingLimit: 2) == [])
    }

    @Test("every month, quarter and year equals the oracle, at several moments and per procedure")
    func equalsOracleEverywhere() async throws {
        let db = try await loaded("fixture-oracle")
        defer { Task { await db.shutdown() } }
        let oracle = try await Oracle.load(db.database)
        var problems: [String] = []
        let moments = [
            "2025-03-15T10:00:00+07:00", "2025-03-31T23:59:59+07:00", "2025-04-01T00:00:00+07:00", "2025-06-30T12:00:00+07:00",
            "2025-07-05T09:00:00+07:00", "2026-01-01T00:00:00+07:00",
        ].map(moment)
        for asOf in moments {
            for period in periods(of: 2025) + [.year(2024), .month(2024, 12)] {
                for agency in ["BDT", "SXD"] {
                    let metrics = try await db.reader.metrics(agency: agency, period: period, asOf: asOf, evidenceLimit: 3)
                    problems += differences(metrics, oracle.counts(agency: agency, period: period, asOf: asOf), failingLimit: 3)
                }
            }
        }
        for procedure in ["1.012222", "1.000001", "3.000003", "4.000004"] {
            for period in [ReportPeriod.month(2025, 3), .quarter(2025, 1), .year(2025)] {
                let metrics = try await db.reader.metrics(agency: "BDT", period: period, asOf: HandFixture.asOf, procedure: procedure)
                problems += differences(metrics, oracle.counts(agency: "BDT", period: period, asOf: HandFixture.asOf, procedure: procedure))
            }
        }
        #expect(problems == [])
    }

    @Test("a dossier becomes overdue while nothing happens to it: the month's timeliness changes with the clock alone")
    func overdueWithTimePassing() async throws {
        let db = try await loaded("fixture-clock")
        defer { Task { await db.shutdown() } }
        let eventsBefore = try await db.count("SELECT count(*) FROM case_event")
        // D05 (due Mar 26 17:00, no event between Mar 20 and Apr 15) is not overdue at 16:59 and is at 17:01.
        let before = try await db.reader.metrics(agency: "BDT", period: .month(2025, 3), asOf: moment("2025-03-26T16:59:00+07:00"))
        let after = try await db.reader.metrics(agency: "BDT", period: .month(2025, 3), asOf: moment("2025-03-26T17:01:00+07:00"))
        #expect(after[.timelinessOnTime].denominator == before[.timelinessOnTime].denominator + 1)
        #expect(after[.timelinessOnTime].numerator == before[.timelinessOnTime].numerator)
        #expect(after[.timelinessLateWithApology].denominator == before[.timelinessLateWithApology].denominator + 1)
        // …and it had apologised on Mar 20, before its due moment.
        #expect(after[.timelinessLateWithApology].numerator == before[.timelinessLateWithApology].numerator + 1)
        #expect(try await db.count("SELECT count(*) FROM case_event") == eventsBefore)
        let oracle = try await Oracle.load(db.database)
        for text in ["2025-03-26T16:59:00+07:00", "2025-03-26T17:01:00+07:00"] {
            let metrics = try await db.reader.metrics(agency: "BDT", period: .month(2025, 3), asOf: moment(text))
            #expect(differences(metrics, oracle.counts(agency: "BDT", period: .month(2025, 3), asOf: moment(text))) == [])
        }
    }

    @Test("the quarter is not the sum of its months where the cutoff matters, and is where it does not")
    func quarterVersusMonths() async throws {
        let db = try await loaded("fixture-quarter")
        defer { Task { await db.shutdown() } }
        let asOf = HandFixture.asOf
        let months = try await (1...3).asyncMap { try await db.reader.metrics(agency: "BDT", period: .month(2025, $0), asOf: asOf) }
        let quarter = try await db.reader.metrics(agency: "BDT", period: .quarter(2025, 1), asOf: asOf)
        for id in [
            MetricID.channelOnline, .channelPostalIn, .channelDirect, .returnPostal, .digitizationDossiers, .digitizationResults,
            .digitizationReuse, .paymentOnline,
        ] {
            #expect(months.map { $0[id].denominator }.reduce(0, +) == quarter[id].denominator, "\(id.rawValue)")
            #expect(months.map { $0[id].numerator }.reduce(0, +) == quarter[id].numerator, "\(id.rawValue)")
        }
        // D09 is open and overdue at the end of January, February and March: once per month, once in the quarter.
        #expect(months.map { $0[.timelinessOnTime].denominator }.reduce(0, +) > quarter[.timelinessOnTime].denominator)
        #expect(quarter[.timelinessOnTime].denominator == 9)
    }

    @Test("facts read back from the projection equal the facts computed from the log")
    func factsRoundTrip() async throws {
        let db = try await loaded("fixture-facts")
        defer { Task { await db.shutdown() } }
        let oracle = try await Oracle.load(db.database)
        let stored = try await db.db.client.query("SELECT facts::text FROM metric_dossier").decode(String.self).map(MetricsProjection.decodeFacts)
        let byCode = Dictionary(uniqueKeysWithValues: stored.map { ($0.dossier, $0) })
        #expect(stored.count == oracle.facts.count)
        for facts in oracle.facts { #expect(byCode[facts.dossier] == facts, "\(facts.dossier)") }
    }

    @Test("a rebuild produces exactly the tables the batches built, and is recorded")
    func rebuildEqualsIncremental() async throws {
        let db = try await loaded("fixture-rebuild")
        defer { Task { await db.shutdown() } }
        let incremental = try await db.projectionSnapshot()
        #expect(!incremental.isEmpty)
        let summary = try await db.worker().rebuild(reason: "test")
        #expect(summary.dossiers == 13)
        #expect(summary.events == (try await db.count("SELECT count(*) FROM case_event")))
        #expect(try await db.projectionSnapshot() == incremental)
        #expect(try await db.count("SELECT count(*) FROM metric_rebuild WHERE reason = 'test'") == 1)
        let status = try await db.store.status()
        #expect(status.lagEvents == 0)
        #expect(status.lastRebuildAt != nil)
    }

    @Test("facts stored in a shape this program cannot read make the batch recompute everything instead of failing")
    func unreadableFactsRecompute() async throws {
        let db = try await loaded("fixture-unreadable")
        defer { Task { await db.shutdown() } }
        try await db.db.client.query(#"UPDATE metric_dossier SET facts = '{"written_by":"another version"}' WHERE code = \#(HandFixture.d06)"#)
        try await db.importLog([HandFixture.event(HandFixture.d06, "supplement_received", at: "2025-07-06T09:00:00+07:00")])
        #expect(try await db.count("SELECT batches_total FROM metric_checkpoint") > 0)
        try await db.catchUp()
        // A full recomputation (it resets the batch count) consumed the new event; the row is readable again.
        #expect(try await db.count("SELECT batches_total FROM metric_checkpoint") == 0)
        let json = try await db.db.client.query("SELECT facts::text FROM metric_dossier WHERE code = \(HandFixture.d06)").one()
        #expect(try MetricsProjection.decodeFacts(try json.decode(String.self, column: 0)).pauses.first?.resumedAt != nil)
        let oracle = try await Oracle.load(db.database)
        for period in [ReportPeriod.month(2025, 3), .year(2025)] {
            let metrics = try await db.reader.metrics(agency: "BDT", period: period, asOf: moment("2025-12-31T00:00:00+07:00"))
            #expect(differences(metrics, oracle.counts(agency: "BDT", period: period, asOf: moment("2025-12-31T00:00:00+07:00"))) == [])
        }
    }

    @Test("a change of the calendar recomputes every dossier on the next batch")
    func referenceChangeRecomputes() async throws {
        let db = try await loaded("fixture-calendar")
        defer { Task { await db.shutdown() } }
        // D03's due moment was computed from the calendar (no `due` in its receipt): make Mar 10 a day off.
        try await ReferenceStore(database: db.database).setCalendarDay(
            CalendarDay(date: LocalDate(year: 2025, month: 3, day: 10) ?? LocalDate(julianDay: 0), name: "Nghỉ thử", kind: .bridge, source: .official)
        )
        let outcome = try await db.store.processBatch()
        #expect(outcome.rebuilt)
        let oracle = try await Oracle.load(db.database)
        let metrics = try await db.reader.metrics(agency: "BDT", period: .month(2025, 3), asOf: HandFixture.asOf)
        #expect(differences(metrics, oracle.counts(agency: "BDT", period: .month(2025, 3), asOf: HandFixture.asOf)) == [])
        let stored = try await db.db.client.query(
            "SELECT due_at FROM metric_dossier WHERE code = \(HandFixture.d03)"
        ).one().decode(Date.self, column: 0)
        #expect(VietnamTime.rfc3339(stored) == "2025-03-20T17:00:00+07:00")
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
