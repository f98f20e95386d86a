import Foundation
import Testing

@testable import CaseDomain

/// A small deterministic generator (SplitMix64), so that a failing case can be replayed from its seed.
struct CaseLogRandom: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random case-log lines of every kind, already in the decoder's normal form (trimmed text, microsecond times).
struct CaseLogLineGenerator {
    var random: CaseLogRandom

    static let alphabet = Array("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂĐÔƠƯ0123456789 .-_/\"\\'{}[]:,😀\u{2028}é\u{0301}")

    mutating func bool() -> Bool { Bool.random(using: &random) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func pick<T>(_ values: [T]) -> T { values[int(0...(values.count - 1))] }

    mutating func text(multiline: Bool = false) -> String {
        var characters = (0..<int(1...24)).map { _ in pick(Self.alphabet) }
        if multiline, bool() { characters.insert(pick(["\n", "\t"]), at: int(0...characters.count)) }
        let trimmed = DossierText.trimmed(String(characters))
        return trimmed.isEmpty ? "x" : trimmed
    }

    mutating func optionalText(multiline: Bool = false) -> String? { bool() ? text(multiline: multiline) : nil }

    mutating func date() -> Date {
        let seconds = int(1_577_836_800...1_924_991_999)  // 2020…2030
        return CaseLogTimestamp.date(unixSeconds: seconds, microseconds: bool() ? 0 : int(0...999_999))
    }

    mutating func code() -> DossierCode {
        try! DossierCode(
            agencyIdentifier: pick(["000.00.13.H56", "H15.50.05.13", "BDT"]),
            year: int(2018...2030),
            month: int(1...12),
            day: int(1...28),
            sequence: int(1...9999)
        )
    }

    mutating func applicant() -> Applicant {
        try! Applicant(
            name: text(),
            kind: pick(ApplicantKind.allCases),
            id: optionalText(),
            locality: optionalText(),
            phone: bool() ? "+84 912 345 \(int(100...999))" : nil,
            email: bool() ? "nguoi.dan\(int(1...99))@example.vn" : nil,
            address: optionalText()
        )
    }

    mutating func kind() -> CaseEventKind {
        switch pick(CaseEventType.allCases) {
        case .received:
            .received(
                Receipt(
                    agency: text(),
                    procedure: text(),
                    channel: pick(Channel.allCases),
                    applicant: applicant(),
                    components: (0..<int(0...4)).map { _ in ComponentRecord(code: text(), digitized: bool(), reused: bool()) },
                    fee: bool() ? int(0...5_000_000) : nil,
                    due: bool() ? date() : nil
                )
            )
        case .processingStarted: .processingStarted
        case .handedOver: .handedOver(from: text(), to: text())
        case .supplementRequested: .supplementRequested(reason: text(multiline: true))
        case .supplementReceived: .supplementReceived
        case .feeRequested: .feeRequested(amount: int(0...Int(Int32.max)))
        case .feePaid: .feePaid(amount: int(0...Int(Int32.max)), online: bool())
        case .componentDigitized: .componentDigitized(component: text(), reused: bool())
        case .apologized: .apologized(reason: text(multiline: true), newDue: date())
        case .resultReady:
            .resultReady(
                electronic: bool(),
                resultCode: optionalText(),
                sha256: bool() ? String((0..<64).map { _ in pick(Array("0123456789abcdef")) }) : nil
            )
        case .resultDigitized: .resultDigitized(sha256: bool() ? String(repeating: "0f", count: 32) : nil)
        case .returned: .returned(channel: pick(Channel.allCases), tracking: optionalText())
        case .refused: .refused(reason: text(multiline: true))
        case .withdrawn: .withdrawn(reason: optionalText(multiline: true))
        case .stopped: .stopped(reason: text(multiline: true))
        }
    }

    mutating func line() -> CaseLogLine {
        switch int(0...9) {
        case 0:
            return .agency(AgencyRecord(code: text(), name: text(multiline: true), identifier: pick(["000.00.13.H56", "A1.B2"])))
        case 1:
            return .procedure(
                ProcedureRecord(
                    code: text(),
                    name: text(multiline: true),
                    agency: text(),
                    validFrom: LocalDate(year: int(2000...2030), month: int(1...12), day: int(1...28))!,
                    timeLimit: TimeLimit(value: int(1...60), unit: pick(TimeLimitUnit.allCases)),
                    online: pick(OnlineService.allCases),
                    postal: bool(),
                    writtenResult: bool(),
                    fee: int(0...1_000_000),
                    field: optionalText(),
                    components: (0..<int(0...3)).map { _ in ProcedureComponent(code: text(), name: text(multiline: true)) }
                )
            )
        default:
            return .event(CaseEvent(dossier: code(), at: date(), actor: optionalText(), kind: kind()))
        }
    }
}

@Suite("Case-log encoder: canonical lines that decode to the same values")
struct CaseLogRoundTripTests {
    @Test("decode(encode(x)) == x and encoding is stable, for random lines of every kind", arguments: 0..<8)
    func roundTrip(seed: Int) throws {
        var generator = CaseLogLineGenerator(random: CaseLogRandom(state: UInt64(seed) &* 7919))
        for index in 0..<250 {
            let line = generator.line()
            let text = CaseLogEncoder.encode(line)
            #expect(!text.contains("\n"), "a line must stay on one line")
            let decoded = try CaseLogDecoder.decode(line: text, lineNumber: index + 1)
            #expect(decoded == line, "seed \(seed), line \(index): \(text)")
            #expect(CaseLogEncoder.encode(decoded) == text)
        }
    }

    @Test("Codable carries events and lines as their case-log JSON", arguments: 0..<4)
    func codableRoundTrip(seed: Int) throws {
        var generator = CaseLogLineGenerator(random: CaseLogRandom(state: UInt64(seed) &+ 101))
        let lines = (0..<100).map { _ in generator.line() }
        let data = try JSONEncoder().encode(lines)
        #expect(try JSONDecoder().decode([CaseLogLine].self, from: data) == lines)
        let events = lines.compactMap { line -> CaseEvent? in
            if case .event(let event) = line { return event }
            return nil
        }
        #expect(try JSONDecoder().decode([CaseEvent].self, from: JSONEncoder().encode(events)) == events)
        #expect(try JSONDecoder().decode([CaseEventKind].self, from: JSONEncoder().encode(events.map(\.kind))) == events.map(\.kind))
    }

    @Test("Codable decoding is as strict as the text decoder")
    func codableStrictness() {
        let data = Data(#"{"v":1,"type":"processing_started","dossier":"BDT-250303-0001","at":"2025-03-03T08:00:00+07:00","x":1}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CaseEvent.self, from: data) }
    }

    @Test("the canonical line has a fixed key order and Vietnam time")
    func canonicalForm() throws {
        let event = CaseEvent(
            dossier: DossierFixture.code("000.00.13.H56-250303-0001"),
            at: DossierFixture.at("2025-03-03T01:15:00Z"),
            actor: "motcua.an",
            kind: .received(
                Receipt(
                    agency: "BDT",
                    procedure: "1.012222",
                    channel: .postal,
                    applicant: try Applicant(name: "UBND xã Tân Lập", kind: .organisation, locality: "Xã Tân Lập"),
                    components: [ComponentRecord(code: "TP1", digitized: true, reused: false)],
                    due: DossierFixture.at("2025-04-08T10:00:00Z")
                )
            )
        )
        #expect(
            CaseLogEncoder.encode(event)
                == #"{"v":1,"type":"received","dossier":"000.00.13.H56-250303-0001","at":"2025-03-03T08:15:00+07:00","actor":"motcua.an""#
                + #","agency":"BDT","procedure":"1.012222","channel":"postal","applicant":{"name":"UBND xã Tân Lập""#
                + #","kind":"organisation","locality":"Xã Tân Lập"},"components":[{"code":"TP1","digitized":true,"reused":false}]"#
                + #","due":"2025-04-08T17:00:00+07:00"}"#
        )
        let procedure = try CaseLogDecoder.decode(line: CaseLogSampleLines.procedure, lineNumber: 1)
        #expect(CaseLogEncoder.encode(procedure) == CaseLogSampleLines.procedure)
        #expect(CaseLogEncoder.encode(try CaseLogDecoder.decode(line: CaseLogSampleLines.agency, lineNumber: 1)) == CaseLogSampleLines.agency)
        let stopped = CaseEvent(
            dossier: DossierFixture.code("BDT-250303-0001"),
            at: DossierFixture.at("2025-03-03T08:00:00.25+07:00"),
            kind: .stopped(reason: "dòng 1\ndòng \"2\"\t\\")
        )
        #expect(
            CaseLogEncoder.encode(stopped)
                == #"{"v":1,"type":"stopped","dossier":"BDT-250303-0001","at":"2025-03-03T08:00:00.25+07:00","reason":"dòng 1\ndòng \"2\"\t\\"}"#
        )
    }

    @Test("a file lists agencies, then procedures, then events, one per line")
    func file() throws {
        let agency = AgencyRecord(code: "BDT", name: "Ban Dân tộc tỉnh", identifier: "000.00.13.H56")
        guard case .procedure(let procedure) = try CaseLogDecoder.decode(line: CaseLogSampleLines.procedure, lineNumber: 1) else {
            Issue.record("expected a procedure")
            return
        }
        let events = DossierFixture.events([.received, .processingStarted], dossier: DossierFixture.code("000.00.13.H56-250303-0001"))
        let text = CaseLogEncoder.encodeFile(agencies: [agency], procedures: [procedure], events: events)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(text.hasSuffix("\n"))
        var validator = CaseLogValidator()
        let summary = try validator.consume(contentsOf: text)
        #expect(summary.agencies == 1 && summary.procedures == 1 && summary.events == 2 && summary.dossiers == 1)
    }
}

@Suite("Case-log timestamps (RFC 3339 with an offset)")
struct CaseLogTimestampTests {
    @Test(
        "timestamps with any offset name the same moment",
        arguments: [
            "2025-03-03T08:15:00+07:00", "2025-03-03T01:15:00Z", "2025-03-03t01:15:00z", "2025-03-02T20:15:00-05:00",
            "2025-03-03T06:45:00+05:30", "2025-03-03T01:15:00.000+00:00", "2025-03-03T01:15:00-00:00",
        ]
    )
    func offsets(text: String) throws {
        #expect(try CaseLogTimestamp.parse(text) == Date(timeIntervalSince1970: 1_740_964_500))
    }

    @Test(
        "timestamps without an offset, or that do not exist, are rejected",
        arguments: [
            ("2025-03-03T08:15:00", CaseLogTimestamp.ParseError.missingOffset),
            ("2025-03-03T08:15:00.5", .missingOffset),
            ("2025-03-03 08:15:00+07:00", .malformed),
            ("2025-03-03T08:15+07:00", .malformed),
            ("2025-3-03T08:15:00+07:00", .malformed),
            ("2025-03-03T08:15:00+0700", .malformed),
            ("2025-03-03T08:15:00.+07:00", .malformed),
            ("2025-03-03T08:15:00+07:00 ", .malformed),
            ("2025-02-29T08:15:00+07:00", .outOfRange),
            ("2025-03-03T24:00:00+07:00", .outOfRange),
            ("2025-03-03T08:15:60+07:00", .outOfRange),
            ("2025-03-03T08:15:00+24:00", .outOfRange),
        ]
    )
    func rejected(text: String, error: CaseLogTimestamp.ParseError) {
        #expect(throws: error) { try CaseLogTimestamp.parse(text) }
    }

    @Test("formatting writes Vietnam time with the fraction only when there is one")
    func formatting() throws {
        #expect(CaseLogTimestamp.format(Date(timeIntervalSince1970: 1_740_964_500)) == "2025-03-03T08:15:00+07:00")
        #expect(CaseLogTimestamp.format(try CaseLogTimestamp.parse("2024-12-31T23:59:59.1234567Z")) == "2025-01-01T06:59:59.123457+07:00")
        #expect(CaseLogTimestamp.format(try CaseLogTimestamp.parse("2024-12-31T16:59:59.9999996Z")) == "2025-01-01T00:00:00+07:00")
        #expect(CaseLogTimestamp.format(try CaseLogTimestamp.parse("1969-12-31T23:59:59.5Z")) == "1970-01-01T06:59:59.5+07:00")
    }

    @Test("parse(format(d)) == d at microsecond precision", arguments: 0..<4)
    func roundTrip(seed: Int) throws {
        var generator = CaseLogLineGenerator(random: CaseLogRandom(state: UInt64(seed) &+ 17))
        for _ in 0..<1000 {
            let date = generator.date()
            #expect(try CaseLogTimestamp.parse(CaseLogTimestamp.format(date)) == date)
        }
        let now = Date()
        let rounded = CaseLogTimestamp.roundedToMicroseconds(now)
        #expect(abs(rounded.timeIntervalSince(now)) < 0.000_001)
        #expect(try CaseLogTimestamp.parse(CaseLogTimestamp.format(rounded)) == rounded)
    }
}
