import CaseDomain
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
enum FactsFixture {
    static let agency = "BDT"
    static let asOf = DossierFixture.at("2025-06-30T12:00:00+07:00")
    static let calendar = BusinessCalendar()

    static func procedure(
        _ code: String, _ name: String, from: String = "2024-01-01", days: Int, online: String, written: Bool, fee: Int,
        agency: String = "BDT"
    ) -> String {
        #"{"v":1,"type":"procedure","code":""# + code + #"","name":""# + name + #"","agency":""# + agency + #"","valid_from":""# + from
            + #"","time_limit":{"value":"# + "\(days)" + #","unit":"working_days"},"online":""# + online + #"","postal":true,"written_result":"#
            + "\(written)" + #","fee":"# + "\(fee)" + "}"
    }

    static func received(
        _ dossier: String, at: String, channel: String, procedure: String, components: String = "[]", fee: Int? = nil, due: String?,
        agency: String = "BDT"
    ) -> String {
        #"{"v":1,"type":"received","dossier":""# + dossier + #"","at":""# + at + #"","agency":""# + agency + #"","procedure":""# + procedure
            + #"","channel":""# + channel + #"","applicant":{"name":"Nguyễn Văn An","kind":"person"},"components":"# + components
            + (fee.map { #","fee":"# + "\($0)" } ?? "") + (due.map { #","due":""# + $0 + #"""# } ?? "") + "}"
    }

    static func event(_ dossier: String, _ type: String, at: String, _ fields: String = "") -> String {
        #"{"v":1,"type":""# + type + #"","dossier":""# + dossier + #"","at":""# + at + #"""# + fields + "}"
    }

    static let d01 = "000.00.13.H56-250303-0001", d02 = "000.00.13.H56-250304-0001", d03 = "000.00.13.H56-250305-0001"
    static let d04 = "000.00.13.H56-250310-0001", d05 = "000.00.13.H56-250312-0001", d06 = "000.00.13.H56-250314-0001"
    static let d07 = "000.00.13.H56-250210-0001", d08 = "000.00.13.H56-250106-0001", d09 = "000.00.13.H56-241220-0001"
    static let d10 = "000.00.13.H56-250320-0001", d11 = "000.00.20.H56-250305-0001", d12 = "000.00.13.H56-250401-0001"
    static let d13 = "000.00.13.H56-250710-0001"

    static let digitized = #"[{"code":"A","digitized":true,"reused":false}]"#

    static let log: [String] = [
        #"{"v":1,"type":"agency","code":"BDT","name":"Ban Dân tộc tỉnh","identifier":"000.00.13.H56"}"#,
        #"{"v":1,"type":"agency","code":"SXD","name":"Sở Xây dựng","identifier":"000.00.20.H56"}"#,
        procedure("1.012222", "Công nhận người có uy tín", days: 25, online: "full", written: true, fee: 0),
        procedure("1.000001", "Thủ tục có phí", days: 10, online: "partial", written: true, fee: 50_000),
        procedure("2.000002", "Thủ tục không trực tuyến", days: 5, online: "none", written: false, fee: 0),
        procedure("3.000003", "Thủ tục lên trực tuyến từ tháng 3", days: 10, online: "none", written: true, fee: 0),
        procedure("3.000003", "Thủ tục lên trực tuyến từ tháng 3", from: "2025-03-01", days: 10, online: "full", written: true, fee: 0),
        procedure("4.000004", "Thủ tục chưa có hồ sơ", days: 10, online: "full", written: true, fee: 0),
        procedure("9.000009", "Thủ tục của Sở Xây dựng", days: 10, online: "full", written: true, fee: 0, agency: "SXD"),

        received(d09, at: "2024-12-20T08:00:00+07:00", channel: "direct", procedure: "1.012222", due: "2025-01-10T17:00:00+07:00"),
        event(d09, "processing_started", at: "2024-12-20T09:00:00+07:00"),

        received(
            d08, at: "2025-01-06T08:00:00+07:00", channel: "direct", procedure: "1.012222",
            components: #"[{"code":"A","digitized":true,"reused":true}]"#, due: "2025-02-14T17:00:00+07:00"),
        event(d08, "refused", at: "2025-01-06T09:00:00+07:00", #","reason":"Không thuộc thẩm quyền""#),

        received(
            d07, at: "2025-02-10T08:00:00+07:00", channel: "online", procedure: "3.000003", components: digitized,
            due: "2025-02-28T17:00:00+07:00"),
        event(d07, "processing_started", at: "2025-02-10T09:00:00+07:00"),
        event(d07, "result_ready", at: "2025-02-20T10:00:00+07:00", #","electronic":false"#),
        event(d07, "returned", at: "2025-02-21T09:00:00+07:00", #","channel":"online""#),

        received(
            d01, at: "2025-03-03T08:00:00+07:00", channel: "direct", procedure: "1.012222",
            components: #"[{"code":"A","digitized":true,"reused":false},{"code":"B","digitized":true,"reused":false}]"#,
            due: "2025-03-20T17:00:00+07:00"),
        event(d01, "processing_started", at: "2025-03-03T09:00:00+07:00"),
        event(d01, "handed_over", at: "2025-03-04T09:00:00+07:00", #","from":"cv.lan","to":"cv.minh""#),
        event(d01, "result_ready", at: "2025-03-10T10:00:00+07:00", #","electronic":true,"result_code":"000.00.13.H56-250303-0001-KQ1""#),
        event(d01, "returned", at: "2025-03-11T09:00:00+07:00", #","channel":"direct""#),

        received(
            d02, at: "2025-03-04T08:00:00+07:00", channel: "online", procedure: "1.012222",
            components: #"[{"code":"A","digitized":true,"reused":true}]"#, due: "2025-03-14T17:00:00+07:00"),
        event(d02, "processing_started", at: "2025-03-04T09:00:00+07:00"),
        event(d02, "supplement_requested", at: "2025-03-05T08:00:00+07:00", #","reason":"Thiếu biên bản họp thôn""#),
        event(d02, "supplement_received", at: "2025-03-07T08:00:00+07:00"),
        event(d02, "result_ready", at: "2025-03-18T16:00:00+07:00", #","electronic":false"#),
        event(d02, "returned", at: "2025-03-19T09:00:00+07:00", #","channel":"postal","tracking":"EV000000001VN""#),
        event(d02, "result_digitized", at: "2025-04-02T09:00:00+07:00"),

        received(
            d03, at: "2025-03-05T08:00:00+07:00", channel: "postal", procedure: "1.000001",
            components: #"[{"code":"A","digitized":false,"reused":false},{"code":"B","digitized":true,"reused":false}]"#, due: nil),
        received(d11, at: "2025-03-05T08:00:00+07:00", channel: "online", procedure: "9.000009", due: "2025-03-10T17:00:00+07:00", agency: "SXD"),
        event(d03, "processing_started", at: "2025-03-05T09:00:00+07:00"),
        event(d11, "processing_started", at: "2025-03-05T09:00:00+07:00"),
        event(d03, "fee_requested", at: "2025-03-06T09:00:00+07:00", #","amount":50000"#),
        event(d03, "fee_paid", at: "2025-03-06T10:00:00+07:00", #","amount":50000,"online":true"#),
        event(d11, "result_ready", at: "2025-03-06T10:00:00+07:00", #","electronic":true"#),
        event(d03, "component_digitized", at: "2025-03-07T09:00:00+07:00", #","component":"A","reused":false"#),
        event(d11, "returned", at: "2025-03-07T09:00:00+07:00", #","channel":"postal""#),
        event(d03, "apologized", at: "2025-03-18T09:00:00+07:00", #","reason":"Cần xác minh thêm","new_due":"2025-03-26T17:00:00+07:00""#),
        event(d03, "result_ready", at: "2025-03-25T10:00:00+07:00", #","electronic":true"#),
        event(d03, "returned", at: "2025-03-26T09:00:00+07:00", #","channel":"postal""#),

        received(d04, at: "2025-03-10T08:00:00+07:00", channel: "direct", procedure: "2.000002", due: "2025-03-17T17:00:00+07:00"),
        event(d04, "processing_started", at: "2025-03-10T09:00:00+07:00"),
        event(d04, "supplement_requested", at: "2025-03-11T08:00:00+07:00", #","reason":"Thiếu""#),
        event(d04, "supplement_received", at: "2025-03-12T08:00:00+07:00"),
        event(d04, "supplement_requested", at: "2025-03-13T08:00:00+07:00", #","reason":"Vẫn thiếu""#),
        event(d04, "supplement_received", at: "2025-03-14T08:00:00+07:00"),
        event(d04, "result_ready", at: "2025-03-14T10:00:00+07:00", #","electronic":false"#),

        received(
            d05, at: "2025-03-12T08:00:00+07:00", channel: "online", procedure: "1.000001", components: digitized, fee: 0,
            due: "2025-03-26T17:00:00+07:00"),
        event(d05, "processing_started", at: "2025-03-12T09:00:00+07:00"),
        event(d05, "apologized", at: "2025-03-20T09:00:00+07:00", #","reason":"Chờ ý kiến liên ngành","new_due":"2025-04-15T17:00:00+07:00""#),

        received(
            d06, at: "2025-03-14T08:00:00+07:00", channel: "direct", procedure: "1.012222",
            components: #"[{"code":"A","digitized":false,"reused":false}]"#, due: "2025-03-21T17:00:00+07:00"),
        event(d06, "processing_started", at: "2025-03-14T09:00:00+07:00"),
        event(d06, "supplement_requested", at: "2025-03-20T08:00:00+07:00", #","reason":"Thiếu ảnh""#),

        received(
            d10, at: "2025-03-20T08:00:00+07:00", channel: "direct", procedure: "1.000001",
            components: #"[{"code":"A","digitized":false,"reused":false}]"#, due: "2025-04-03T17:00:00+07:00"),
        event(d10, "processing_started", at: "2025-03-20T09:00:00+07:00"),
        event(d10, "fee_requested", at: "2025-03-20T10:00:00+07:00", #","amount":50000"#),
        event(d10, "fee_paid", at: "2025-03-20T11:00:00+07:00", #","amount":50000,"online":false"#),
        event(d10, "component_digitized", at: "2025-03-21T09:00:00+07:00", #","component":"A","reused":true"#),
        event(d10, "stopped", at: "2025-03-28T10:00:00+07:00", #","reason":"Theo yêu cầu của cơ quan cấp trên""#),

        received(
            d12, at: "2025-04-01T00:00:00+07:00", channel: "online", procedure: "1.012222", components: digitized, fee: 20_000,
            due: "2025-04-20T17:00:00+07:00"),
        event(d12, "processing_started", at: "2025-04-01T08:00:00+07:00"),
        event(d12, "apologized", at: "2025-04-10T09:00:00+07:00", #","reason":"Chậm","new_due":"2025-05-05T17:00:00+07:00""#),

        event(d05, "result_ready", at: "2025-04-15T10:00:00+07:00", #","electronic":true"#),
        event(d05, "returned", at: "2025-04-16T09:00:00+07:00", #","channel":"direct""#),
        event(d09, "withdrawn", at: "2025-05-05T09:00:00+07:00"),
        event(d06, "component_digitized", at: "2025-07-05T09:00:00+07:00", #","component":"A","reused":true"#),
        received(d13, at: "2025-07-10T08:00:00+07:00", channel: "online", procedure: "1.000001", components: digitized, due: nil),
    ]

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
            ])
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
                    + #","rate":0.5}"#))
        #expect(text.contains(#""payment.online":{"denominator":0,"denominator_members":[],"numerator":0,"numerator_members":[]}"#))
        #expect(try JSONDecoder().decode(MetricCounts.self, from: encoder.encode(counts)) == counts)
    }
}
