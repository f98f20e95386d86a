import CaseDomain
import CaseTestSupport
import Foundation
import Testing

@testable import CaseMetrics

/// The hand-written JSON of the projection's rows says exactly what `JSONEncoder` says, and the facts read back
/// identical.
@Suite struct MetricsProjectionJSONTests {
    static let t0 = VietnamTime.parseRFC3339("2025-03-03T08:15:00.123456+07:00")!

    static func moment(_ hours: Double) -> Date { CaseLogTimestamp.roundedToMicroseconds(t0.addingTimeInterval(hours * 3600)) }

    static let full = DossierFacts(
        dossier: try! DossierCode(agencyIdentifier: "000.00.13.H36", year: 2025, month: 3, day: 3, sequence: 42),
        agency: "BDT",
        procedure: "1.012222 \"quoted\" \\ back\nline\u{1}",
        channel: .postal,
        receivedAt: t0,
        due: moment(200),
        dueGiven: true,
        timeLimit: .workingDays(25),
        online: .partial,
        writtenResultRequired: true,
        fee: 50_000,
        end: .init(type: .resultReady, at: moment(300)),
        pauses: [.init(requestedAt: moment(2), resumedAt: moment(30)), .init(requestedAt: moment(40))],
        apologizedAt: moment(150),
        apologyNewDue: moment(400),
        resultReadyAt: moment(300),
        resultElectronicAtReady: false,
        resultDigitizedAt: moment(310),
        componentCount: 3,
        componentsDigitizedAt: moment(5),
        reusedAt: t0,
        paidOnlineAt: moment(7),
        returns: [.init(at: moment(320), channel: .postal), .init(at: moment(321), channel: .direct)]
    )

    static let bare = DossierFacts(
        dossier: try! DossierCode(agencyIdentifier: "H15.50", year: 2026, month: 12, day: 31, sequence: 9_999),
        agency: "SNV",
        procedure: "2.000001",
        channel: .online,
        receivedAt: t0,
        due: moment(20),
        dueGiven: false,
        timeLimit: .workingHours(8),
        online: .full,
        writtenResultRequired: false,
        fee: 0
    )

    @Test(arguments: [full, bare])
    func factsReadBackIdentical(facts: DossierFacts) throws {
        var writer = ProjectionJSONWriter()
        writer.facts(facts)
        #expect(try MetricsProjection.decodeFacts(writer.text) == facts)
        #expect(try object(writer.text) == object(String(decoding: try MetricsProjection.factsEncoder.encode(facts), as: UTF8.self)))
    }

    @Test(arguments: [full, bare])
    func rowsSayWhatJSONEncoderSays(facts: DossierFacts) throws {
        let row = MetricsProjection.Row(dossierID: 7, facts: facts, lastEventAt: Self.moment(321), calendar: BusinessCalendar())
        let written = try object(ProjectionJSONWriter.rows([row, row]))
        let encoded = try object(String(decoding: try MetricsProjection.factsEncoder.encode([row, row]), as: UTF8.self))
        #expect(written == encoded)
    }

    /// JSON as Foundation objects without the nulls (JSONEncoder leaves a nil out; jsonb_to_recordset reads a missing
    /// key and a null alike).
    private func object(_ text: String) throws -> NSObject {
        func strip(_ value: Any) -> Any {
            if let dictionary = value as? [String: Any] {
                return dictionary.filter { !($0.value is NSNull) }.mapValues(strip)
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        return strip(try JSONSerialization.jsonObject(with: Data(text.utf8))) as! NSObject
    }
}
