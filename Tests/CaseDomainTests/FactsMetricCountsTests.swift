import CaseDomain
import CaseTestSupport
import Foundation
import Testing

/// A hand-computed fixture for `MetricCounts`: agency BDT, a dozen dossiers, reported for March 2025, Q1 2025 and
/// the year 2025, all computed at as_of = 2025-06-30 12:00 (+07:00).
///
/// Calendar: the built-in 2025 calendar with the standard office hours 07:30–11:30 and 13:30–17:00 (7.5 h a day);
/// March 2025 and early April have no holiday (Hùng Kings' day is 7 April).
///
/// Procedures of BDT (all valid from 2024-01-01 unless said):
///   P1 1.012222  online full,    written result, fee 0,      25 working days
///   P2 1.000001  online partial, written result, fee 50 000, 10 working days
///   P3 2.000002  online none,    no written result, fee 0,  5 working days
///   P4 3.000003  v1 (2024-01-01) online none, written result; v2 (2025-03-01) online full — the version in force at the
///                cutoff decides whether it counts for `procedures.with_online_dossiers`
///   P5 4.000004  online full, never used
/// and SXD's P9 9.000009, whose dossier D11 must be ignored in every BDT count.
///
/// The dossiers (times +07:00):
///   D01 Mar 3 direct P1, components all digitized, due Mar 20 17:00; result Mar 10 (electronic); returned Mar 11 direct.
///   D02 Mar 4 online P1, 1 component digitized and reused, due Mar 14 17:00; supplement requested Wed Mar 5 08:00,
///       received Fri Mar 7 08:00: paused 7 h + 7.5 h + 0.5 h = 15 h, so effective due = Fri Mar 14 17:00 + 15 h =
///       Tue Mar 18 17:00 (Mon 7.5 h, Tue 7.5 h); result Mar 18 16:00 (not electronic) → on time thanks to the pause;
///       result digitized Apr 2 (after March, before as_of); returned Mar 19 by post.
///   D03 Mar 5 postal P2 (fee 50 000 by default), component A digitized later (Mar 7); due computed: 10 working days
///       after Wed Mar 5 = Wed Mar 19 17:00; fee paid online Mar 6; apology Mar 18 09:00; result Mar 25 (electronic)
///       → late, with a timely apology; returned Mar 26 by post.
///   D04 Mar 10 direct P3, no components (vacuously digitized), due Mar 17 17:00; two supplement requests; result
///       Mar 14 → late although before its due moment (more than one supplement request); no apology.
///   D05 Mar 12 online P2 with fee 0 (not fee-bearing), due Mar 26 17:00; apology Mar 20; open on Apr 1 (overdue →
///       late with apology in March and Q1); result Apr 15 (electronic) → ended late in 2025, with apology;
///       returned Apr 16 direct.
///   D06 Fri Mar 14 direct P1, component A not digitized (digitized, reused, only on Jul 5 — after as_of), due
///       Fri Mar 21 17:00; supplement requested Thu Mar 20 08:00, never received. At cutoff Apr 1 00:00 the pause
///       is 7 + 7.5 + 5 × 7.5 + 7.5 = 59.5 h, so effective due = Mar 21 17:00 + 59.5 h = Wed Apr 2 16:30 → not
///       overdue (it would be without the pause). At as_of the pause still runs → not overdue either.
///   D07 Feb 10 online P4 (v1), due Feb 28 17:00; result Feb 20 NOT electronic; returned Feb 21 online → on time.
///   D08 Jan 6 direct P1, component digitized and reused, due Feb 14 17:00; refused Jan 6 09:00 → ended on time
///       (CASE-LOG.md counts refused as an end).
///   D09 2024-12-20 direct P1, due 2025-01-10 17:00; open until withdrawn May 5 → late (open and overdue at Apr 1;
///       ended late in 2025); never apologized; received before every period.
///   D10 Mar 20 direct P2 (fee 50 000), paid at the desk (not online); component A digitized with reuse on Mar 21;
///       stopped Mar 28, due Apr 3 17:00 → on time.
///   D11 Mar 5 online SXD/P9; returned by post — other agency, ignored.
///   D12 Apr 1 00:00:00 sharp (first moment of April: outside March and Q1) online P1 with fee 20 000 (override),
///       due Apr 20 17:00, apology Apr 10; open at as_of → overdue in the year report, late with apology; unpaid.
///   D13 Jul 10 online P2 — after as_of: not known to the report at all.
typealias FactsFixture = MetricsHandFixture

extension MetricsHandFixture {
    static let calendar = BusinessCalendar()

    /// Validates the log, then builds every dossier's facts with the version in force on its receipt day.
    static func facts() throws -> (facts: [DossierFacts], catalog: ProcedureCatalog) {
        var validator = CaseLogValidator()
        var events: [DossierCode: [CaseEvent]] = [:]
        for (index, line) in log.enumerated() {
            let accepted = try validator.consume(line: line, lineNumber: index + 1)
            if case .event(let event) = accepted.line { events[event.dossier, default: []].append(event) }
        }
        let facts = try events.values.map { try DossierFacts(events: $0, catalog: validator.catalog, calendar: calendar) }
        return (facts, validator.catalog)
    }

    static func compute(_ period: DateInterval) throws -> MetricCounts {
        let (facts, catalog) = try facts()
        return MetricCounts.compute(facts: facts, procedures: catalog, agency: agency, period: period, asOf: asOf, calendar: calendar)
    }
}

@Suite("Metric counts: the hand-computed fixture")
struct FactsMetricCountsTests {
    typealias Counts = [MetricID: (Int, Int)]

    /// March 2025, cutoff = Apr 1 00:00.
    /// received(P) = D01 D02 D03 D04 D05 D06 D10 (D12 at Apr 1 00:00 is outside) = 7.
    /// timeliness: ended in March D01 ✓, D02 ✓ (pause), D03 ✗, D04 ✗ (two requests), D10 ✓; open and overdue at the
    /// cutoff D05 ✗, D09 ✗; D06 open but not overdue (pause) → 3/7. Late: D03 (apology Mar 18 < Mar 19 17:00), D04,
    /// D05 (apology Mar 20 < Mar 26 17:00), D09 → 2/4.
    /// returns in March: D01 direct, D02 post, D03 post → 2/3.
    /// procedures online at Mar 31: P1, P2, P4 (v2), P5 → online dossiers for P1 (D02), P2 (D05) → 2/4.
    /// digitization.dossiers: all but D06 (component digitized only after as_of) → 6/7.
    /// digitization.results: results ready in March with a written result required: D01 ✓, D02 ✓ (digitized Apr 2
    /// ≤ as_of), D03 ✓ (D04's procedure needs none) → 3/3.
    /// reuse: D02 (at receipt), D10 (component_digitized Mar 21) → 2/7.
    /// payment: fee-bearing D03 (paid online), D10 (at the desk); D05's fee is 0 → 1/2.
    static let march: Counts = [
        .channelOnline: (2, 7), .channelPostalIn: (1, 7), .channelDirect: (4, 7), .returnPostal: (2, 3),
        .proceduresWithOnlineDossiers: (2, 4), .timelinessOnTime: (3, 7), .timelinessLateWithApology: (2, 4),
        .digitizationDossiers: (6, 7), .digitizationResults: (3, 3), .digitizationReuse: (2, 7), .paymentOnline: (1, 2),
    ]

    /// Q1 2025, cutoff = Apr 1 00:00: March plus D07 (Feb 10, online, on time, result not electronic) and D08
    /// (Jan 6, direct, refused on time, reused).
    /// received = 9: online D02 D05 D07, post D03, direct D01 D04 D06 D10 D08.
    /// timeliness 5/9 (+D07 ✓, +D08 ✓), late 2/4 as in March. returns +D07 online → 2/4.
    /// procedures: D07 is an online P4 dossier and P4 is online at Mar 31 → 3/4.
    /// digitization.dossiers: D07 fails (written result, not electronic), D08 passes → 7/9.
    /// digitization.results: + D07 ✗ → 3/4. reuse + D08 → 3/9. payment unchanged 1/2.
    static let q1: Counts = [
        .channelOnline: (3, 9), .channelPostalIn: (1, 9), .channelDirect: (5, 9), .returnPostal: (2, 4),
        .proceduresWithOnlineDossiers: (3, 4), .timelinessOnTime: (5, 9), .timelinessLateWithApology: (2, 4),
        .digitizationDossiers: (7, 9), .digitizationResults: (3, 4), .digitizationReuse: (3, 9), .paymentOnline: (1, 2),
    ]

    /// 2025, cutoff = as_of = Jun 30 12:00: Q1 plus D12 (Apr 1 00:00, online, fee 20 000 unpaid); D13 (July) unknown.
    /// received = 10: online + D12 → 4. timeliness: ended in 2025 D01 ✓ D02 ✓ D03 ✗ D04 ✗ D07 ✓ D08 ✓ D10 ✓
    /// D05 ✗ (Apr 15 > Mar 26 17:00, apology in time) D09 ✗ (withdrawn May 5, no apology); open and overdue at as_of
    /// D12 ✗ (apology Apr 10 < Apr 20 17:00); D06 still paused, not overdue → 5/10; late 3/5.
    /// returns + D05 direct → 2/5. procedures: P1, P2, P4 have online dossiers → 3/4.
    /// digitization.dossiers: + D12 ✓ (no result yet) → 8/10. results: + D05 ✓ → 4/5. reuse 3/10 (D06's reuse is
    /// after as_of). payment: + D12 fee-bearing, unpaid → 1/3.
    static let year: Counts = [
        .channelOnline: (4, 10), .channelPostalIn: (1, 10), .channelDirect: (5, 10), .returnPostal: (2, 5),
        .proceduresWithOnlineDossiers: (3, 4), .timelinessOnTime: (5, 10), .timelinessLateWithApology: (3, 5),
        .digitizationDossiers: (8, 10), .digitizationResults: (4, 5), .digitizationReuse: (3, 10), .paymentOnline: (1, 3),
    ]

    static func check(_ counts: MetricCounts, _ expected: Counts, _ label: String) {
        #expect(Set(expected.keys) == Set(MetricID.allCases))
        for id in MetricID.allCases {
            let count = counts[id]
            let (numerator, denominator) = expected[id] ?? (-1, -1)
            #expect(count.numerator == numerator, "\(label) \(id.rawValue) numerator: \(count.numeratorMembers)")
            #expect(count.denominator == denominator, "\(label) \(id.rawValue) denominator: \(count.denominatorMembers)")
        }
    }

    @Test("March 2025")
    func month() throws {
        let counts = try FactsFixture.compute(MetricPeriod.month(2025, 3))
        Self.check(counts, Self.march, "March")
        #expect(counts[.timelinessOnTime].failingMembers == [FactsFixture.d09, FactsFixture.d04, FactsFixture.d03, FactsFixture.d05].sorted())
        #expect(counts[.timelinessLateWithApology].numeratorMembers == [FactsFixture.d03, FactsFixture.d05])
        #expect(counts[.proceduresWithOnlineDossiers].failingMembers == ["3.000003", "4.000004"])
        #expect(counts[.digitizationDossiers].failingMembers == [FactsFixture.d06])
    }

    @Test("the first quarter of 2025")
    func quarter() throws {
        Self.check(try FactsFixture.compute(MetricPeriod.quarter(2025, 1)), Self.q1, "Q1")
    }

    @Test("the year 2025, computed on 30 June")
    func wholeYear() throws {
        let counts = try FactsFixture.compute(MetricPeriod.year(2025))
        Self.check(counts, Self.year, "2025")
        #expect(counts[.timelinessLateWithApology].numeratorMembers == [FactsFixture.d03, FactsFixture.d05, FactsFixture.d12].sorted())
    }

    @Test("a procedure counts as online-capable by its version in force at the cutoff (February: P4 was not online yet)")
    func procedureVersionAtCutoff() throws {
        let counts = try FactsFixture.compute(MetricPeriod.month(2025, 2))
        #expect(counts[.proceduresWithOnlineDossiers].denominatorMembers == ["1.000001", "1.012222", "4.000004"])
        #expect(counts[.proceduresWithOnlineDossiers].numerator == 0)
        #expect(counts[.channelOnline].numerator == 1 && counts[.channelOnline].denominator == 1)
    }

    @Test("receipt- and event-based counts of the quarter are the sums of its months")
    func quarterIsSumOfMonths() throws {
        let months = try (1...3).map { try FactsFixture.compute(MetricPeriod.month(2025, $0)) }
        let quarter = try FactsFixture.compute(MetricPeriod.quarter(2025, 1))
        let additive: [MetricID] = [
            .channelOnline, .channelPostalIn, .channelDirect, .returnPostal, .digitizationDossiers, .digitizationResults,
            .digitizationReuse, .paymentOnline,
        ]
        for id in additive {
            #expect(months.map { $0[id].numerator }.reduce(0, +) == quarter[id].numerator, "\(id.rawValue)")
            #expect(months.map { $0[id].denominator }.reduce(0, +) == quarter[id].denominator, "\(id.rawValue)")
        }
    }

    @Test("with nothing to count every metric is not applicable, never 0 % or 100 %")
    func notApplicable() throws {
        let counts = try FactsFixture.compute(MetricPeriod.year(2023))
        for id in MetricID.allCases {
            #expect(counts[id].denominator == 0, "\(id.rawValue)")
            #expect(counts[id].rate == nil, "\(id.rawValue)")
        }
        let march = try FactsFixture.compute(MetricPeriod.month(2025, 3))
        #expect(march[.channelOnline].rate == 2.0 / 7.0)
    }

    @Test("metric ids are the stable ids of DOMAIN.md")
    func ids() {
        #expect(
            MetricID.allCases.map(\.rawValue) == [
                "channel.online", "channel.postal_in", "channel.direct", "return.postal", "procedures.with_online_dossiers",
                "timeliness.on_time", "timeliness.late_with_apology", "digitization.dossiers", "digitization.results",
                "digitization.reuse", "payment.online",
            ]
        )
    }

    @Test("counts encode with their rate, and without one when not applicable")
    func encoding() throws {
        let counts = MetricCounts(values: [
            .channelOnline: MetricCount(numeratorMembers: ["b"], denominatorMembers: ["a", "b"]),
            .paymentOnline: MetricCount(numeratorMembers: [], denominatorMembers: []),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(counts), as: UTF8.self)
        #expect(
            text.contains(
                #""channel.online":{"denominator":2,"denominator_members":["a","b"],"numerator":1,"numerator_members":["b"]"#
                    + #","rate":0.5}"#
            )
        )
        #expect(text.contains(#""payment.online":{"denominator":0,"denominator_members":[],"numerator":0,"numerator_members":[]}"#))
        #expect(try JSONDecoder().decode(MetricCounts.self, from: encoder.encode(counts)) == counts)
    }
}
