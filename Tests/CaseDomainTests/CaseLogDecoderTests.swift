import Foundation
import Testing

@testable import CaseDomain

enum CaseLogSampleLines {
    static let agency = #"{"v":1,"type":"agency","code":"BDT","name":"Ban Dân tộc tỉnh","identifier":"000.00.13.H56"}"#
    static let procedure =
        #"{"v":1,"type":"procedure","code":"1.012222","name":"Công nhận người có uy tín trong đồng bào dân tộc thiểu số""#
        + #","agency":"BDT","valid_from":"2024-01-01","time_limit":{"value":25,"unit":"working_days"},"online":"full","postal":true"#
        + #","written_result":true,"fee":0}"#
    static let received =
        #"{"v":1,"type":"received","dossier":"000.00.13.H56-250303-0001","at":"2025-03-03T08:15:00+07:00","actor":"motcua.an","agency":"BDT""#
        + #","procedure":"1.012222","channel":"postal","applicant":{"name":"UBND xã Tân Lập","kind":"organisation""#
        + #","locality":"Xã Tân Lập"},"components":[{"code":"TP1","digitized":true,"reused":false},{"code":"TP2","digitized":false"#
        + #","reused":false}],"due":"2025-04-08T17:00:00+07:00"}"#
    static func event(_ type: String, _ fields: String = "", at: String = "2025-03-04T09:00:00+07:00") -> String {
        #"{"v":1,"type":""# + type + #"","dossier":"000.00.13.H56-250303-0001","at":""# + at + #"""# + fields + "}"
    }
}

@Suite("Case-log decoder: strict format v1")
struct CaseLogDecoderTests {
    @Test("the examples of CASE-LOG.md decode into their values")
    func examples() throws {
        let agency = try CaseLogDecoder.decode(line: CaseLogSampleLines.agency, lineNumber: 1)
        #expect(agency == .agency(AgencyRecord(code: "BDT", name: "Ban Dân tộc tỉnh", identifier: "000.00.13.H56")))
        let procedure = try CaseLogDecoder.decode(line: CaseLogSampleLines.procedure, lineNumber: 2)
        #expect(
            procedure
                == .procedure(
                    ProcedureRecord(
                        code: "1.012222",
                        name: "Công nhận người có uy tín trong đồng bào dân tộc thiểu số",
                        agency: "BDT",
                        validFrom: LocalDate(year: 2024, month: 1, day: 1)!,
                        timeLimit: .workingDays(25),
                        online: .full,
                        postal: true,
                        writtenResult: true,
                        fee: 0
                    )
                )
        )
        let received = try CaseLogDecoder.decodeEvent(line: CaseLogSampleLines.received, lineNumber: 3)
        #expect(received.dossier == DossierFixture.code("000.00.13.H56-250303-0001"))
        #expect(received.at == DossierFixture.at("2025-03-03T01:15:00Z"))
        #expect(received.actor == "motcua.an")
        guard case .received(let receipt) = received.kind else {
            Issue.record("expected a receipt")
            return
        }
        #expect(receipt.channel == .postal)
        #expect(receipt.applicant == (try Applicant(name: "UBND xã Tân Lập", kind: .organisation, locality: "Xã Tân Lập")))
        #expect(
            receipt.components == [
                ComponentRecord(code: "TP1", digitized: true, reused: false), ComponentRecord(code: "TP2", digitized: false, reused: false),
            ]
        )
        #expect(receipt.fee == nil)
        #expect(receipt.due == DossierFixture.at("2025-04-08T17:00:00+07:00"))
    }

    @Test(
        "every event type decodes with its fields",
        arguments: [
            (line("processing_started"), CaseEventKind.processingStarted),
            (line("handed_over", #","from":"cv.lan","to":"cv.minh""#), .handedOver(from: "cv.lan", to: "cv.minh")),
            (line("supplement_requested", #","reason":"Thiếu biên bản""#), .supplementRequested(reason: "Thiếu biên bản")),
            (line("supplement_received"), .supplementReceived),
            (line("fee_requested", #","amount":50000"#), .feeRequested(amount: 50_000)),
            (line("fee_paid", #","amount":5e4,"online":true"#), .feePaid(amount: 50_000, online: true)),
            (line("component_digitized", #","component":"TP2","reused":true"#), .componentDigitized(component: "TP2", reused: true)),
            (
                line("apologized", #","reason":"Cần xác minh","new_due":"2025-04-15T17:00:00+07:00""#),
                .apologized(reason: "Cần xác minh", newDue: DossierFixture.at("2025-04-15T10:00:00Z"))
            ),
            (
                line(
                    "result_ready",
                    #","electronic":true,"result_code":"000.00.13.H56-250303-0001-KQ1","sha256":"# + "\""
                        + String(repeating: "AB", count: 32) + "\""
                ),
                .resultReady(electronic: true, resultCode: "000.00.13.H56-250303-0001-KQ1", sha256: String(repeating: "ab", count: 32))
            ),
            (line("result_ready", #","electronic":false"#), .resultReady(electronic: false, resultCode: nil, sha256: nil)),
            (line("result_digitized"), .resultDigitized(sha256: nil)),
            (line("returned", #","channel":"postal","tracking":"EV1VN""#), .returned(channel: .postal, tracking: "EV1VN")),
            (line("returned", #","channel":"online","tracking":null"#), .returned(channel: .online, tracking: nil)),
            (line("refused", #","reason":"Không thuộc thẩm quyền""#), .refused(reason: "Không thuộc thẩm quyền")),
            (line("withdrawn"), .withdrawn(reason: nil)),
            (line("withdrawn", #","reason":"  ""#), .withdrawn(reason: nil)),
            (line("stopped", #","reason":"Có tranh chấp\nđang giải quyết""#), .stopped(reason: "Có tranh chấp\nđang giải quyết")),
        ]
    )
    func eventTypes(line: String, kind: CaseEventKind) throws {
        let event = try CaseLogDecoder.decodeEvent(line: line, lineNumber: 1)
        #expect(event.kind == kind)
        #expect(event.actor == nil)
    }

    enum Expected: Sendable, CustomTestStringConvertible {
        case problem(CaseLogError.Problem)
        case invalidValue(path: String)
        case invalidJSON(column: Int)

        var testDescription: String {
            switch self {
            case .problem(let problem): "\(problem)"
            case .invalidValue(let path): "invalid value at \(path)"
            case .invalidJSON(let column): "invalid JSON at column \(column)"
            }
        }

        func matches(_ problem: CaseLogError.Problem) -> Bool {
            switch (self, problem) {
            case (.problem(let expected), _): expected == problem
            case (.invalidValue(let path), .invalidValue(let actual, _)): path == actual
            case (.invalidJSON(let column), .invalidJSON(let actual, _)): column == actual
            default: false
            }
        }
    }

    static func line(_ type: String, _ fields: String = "", at: String = "2025-03-04T09:00:00+07:00") -> String {
        CaseLogSampleLines.event(type, fields, at: at)
    }

    static func received(replacing target: String, with replacement: String) -> String {
        line("received", "," + receivedObject.replacingOccurrences(of: target, with: replacement))
    }

    static func received(adding fields: String) -> String {
        line("received", "," + receivedObject + fields)
    }

    static let receivedObject =
        #""agency":"BDT","procedure":"1.012222","channel":"direct","applicant":{"name":"Lò Văn Páo","kind":"person"}"#
        + #","components":[]"#

    static let malformed: [(String, Expected)] = [
        ("", .problem(.emptyLine)),
        ("   ", .problem(.emptyLine)),
        (#"{"v":1,"type":"agency""#, .invalidJSON(column: 23)),
        (#"{"v":1,"type":"agency",}"#, .invalidJSON(column: 24)),
        (#"{"v":1,"v":1,"type":"agency"}"#, .invalidJSON(column: 8)),
        (#"{"v":1,'type':"agency"}"#, .invalidJSON(column: 8)),
        (#"{"v":01,"type":"agency"}"#, .invalidJSON(column: 7)),
        (#"{"v":1,"type":"agency","name":"Ban\u00"}"#, .invalidJSON(column: 39)),
        (#"{"v":1,"type":"agency","name":"Ban Dân tộc"} x"#, .invalidJSON(column: 46)),
        (#"[1,2]"#, .problem(.notAnObject)),
        (#"{"type":"agency","code":"BDT","name":"B","identifier":"A1"}"#, .problem(.missingField(path: "v"))),
        (#"{"v":2,"type":"agency","code":"BDT","name":"B","identifier":"A1"}"#, .problem(.unsupportedVersion("2"))),
        (#"{"v":"1","type":"agency","code":"BDT","name":"B","identifier":"A1"}"#, .problem(.wrongType(path: "v", expected: .integer))),
        (#"{"v":1,"code":"BDT"}"#, .problem(.missingField(path: "type"))),
        (#"{"v":1,"type":"opened","code":"BDT"}"#, .problem(.unknownType("opened"))),
        (#"{"v":1,"type":"agency","code":"BDT","name":"B","identifier":"A1","phone":"1"}"#, .problem(.unknownField(path: "phone"))),
        (#"{"v":1,"type":"agency","code":"BDT","name":"B","identifier":"A 1"}"#, .invalidValue(path: "identifier")),
        (#"{"v":1,"type":"agency","code":"BDT","identifier":"A1"}"#, .problem(.missingField(path: "name"))),
        (
            #"{"v":1,"type":"procedure","code":"1","name":"P","agency":"BDT","valid_from":"2024-01-01","time_limit":{"value":5"#
                + #","unit":"working_days","days":5},"online":"full","postal":true,"written_result":true,"fee":0}"#,
            .problem(.unknownField(path: "time_limit.days"))
        ),
        (
            #"{"v":1,"type":"procedure","code":"1","name":"P","agency":"BDT","valid_from":"2024-01-01","time_limit":{"value":0"#
                + #","unit":"working_days"},"online":"full","postal":true,"written_result":true,"fee":0}"#,
            .invalidValue(path: "time_limit.value")
        ),
        (
            #"{"v":1,"type":"procedure","code":"1","name":"P","agency":"BDT","valid_from":"2024-01-01","time_limit":{"value":5,"unit":"weeks"}"#
                + #","online":"full","postal":true,"written_result":true,"fee":0}"#,
            .invalidValue(path: "time_limit.unit")
        ),
        (
            #"{"v":1,"type":"procedure","code":"1","name":"P","agency":"BDT","valid_from":"2024-13-01","time_limit":{"value":5,"unit":"days"}"#
                + #","online":"full","postal":true,"written_result":true,"fee":0}"#,
            .invalidValue(path: "valid_from")
        ),
        (
            #"{"v":1,"type":"procedure","code":"1","name":"P","agency":"BDT","valid_from":"2024-01-01","time_limit":{"value":5,"unit":"days"}"#
                + #","online":"level3","postal":true,"written_result":true,"fee":0}"#,
            .invalidValue(path: "online")
        ),
        (
            #"{"v":1,"type":"procedure","code":"1","name":"P","agency":"BDT","valid_from":"2024-01-01","time_limit":{"value":5,"unit":"days"}"#
                + #","online":"full","postal":"yes","written_result":true,"fee":0}"#,
            .problem(.wrongType(path: "postal", expected: .boolean))
        ),
        (
            #"{"v":1,"type":"procedure","code":"1","name":"P","agency":"BDT","valid_from":"2024-01-01","time_limit":{"value":5,"unit":"days"}"#
                + #","online":"full","postal":true,"written_result":true,"fee":null}"#,
            .problem(.wrongType(path: "fee", expected: .integer))
        ),
        (
            #"{"v":1,"type":"procedure","code":"1","name":"P","agency":"BDT","valid_from":"2024-01-01","time_limit":{"value":5,"unit":"days"}"#
                + #","online":"full","postal":true,"written_result":true,"fee":-1000}"#,
            .invalidValue(path: "fee")
        ),
        (
            #"{"v":1,"type":"procedure","code":"1","name":"P","agency":"BDT","valid_from":"2024-01-01","time_limit":{"value":5,"unit":"days"}"#
                + #","online":"full","postal":true,"written_result":true,"fee":0,"components":[{"code":"TP1","name":"Đơn","copies":2}]}"#,
            .problem(.unknownField(path: "components[0].copies"))
        ),
        (received(replacing: #""kind":"person""#, with: #""kind":"person","nickname":"Páo""#), .problem(.unknownField(path: "applicant.nickname"))),
        (
            received(
                replacing: #""components":[]"#,
                with: #""components":[{"code":"A""#
                    + #","digitized":true,"reused":false},{"code":"B","digitized":true,"reused":false,"size":3}]"#
            ),
            .problem(.unknownField(path: "components[1].size"))
        ),
        (
            received(replacing: #""components":[]"#, with: #""components":[{"code":"A","digitized":true}]"#),
            .problem(.missingField(path: "components[0].reused"))
        ),
        (received(replacing: #","kind":"person""#, with: ""), .problem(.missingField(path: "applicant.kind"))),
        (received(replacing: #""kind":"person""#, with: #""kind":"person","email":"pao@""#), .invalidValue(path: "applicant.email")),
        (received(replacing: #""Lò Văn Páo""#, with: #""  ""#), .invalidValue(path: "applicant.name")),
        (received(replacing: #""direct""#, with: #""fax""#), .invalidValue(path: "channel")),
        (received(replacing: #""components":[]"#, with: #""components":{}"#), .problem(.wrongType(path: "components", expected: .array))),
        (received(adding: #","fee":-1"#), .invalidValue(path: "fee")),
        (received(adding: #","due":"2025-04-08""#), .invalidValue(path: "due")),
        (received(adding: #","reason":"x""#), .problem(.unknownField(path: "reason"))),
        (line("received", #","agency":"BDT""#), .problem(.missingField(path: "procedure"))),
        (line("processing_started", at: "2025-03-03T08:15:00"), .invalidValue(path: "at")),
        (line("processing_started", at: "2025-03-03 08:15:00+07:00"), .invalidValue(path: "at")),
        (line("processing_started", at: "2025-02-30T08:15:00+07:00"), .invalidValue(path: "at")),
        (line("processing_started", at: "2025-03-03T08:15:60+07:00"), .invalidValue(path: "at")),
        (line("processing_started", at: "2025-03-03T08:15:00+7:00"), .invalidValue(path: "at")),
        (#"{"v":1,"type":"processing_started","dossier":"000.00.13.H56-250303-0001"}"#, .problem(.missingField(path: "at"))),
        (#"{"v":1,"type":"processing_started","dossier":"000.00.13.H56-250303-001","at":"2025-03-03T08:15:00Z"}"#, .invalidValue(path: "dossier")),
        (#"{"v":1,"type":"processing_started","dossier":42,"at":"2025-03-03T08:15:00Z"}"#, .problem(.wrongType(path: "dossier", expected: .string))),
        (line("processing_started", #","reason":"x""#), .problem(.unknownField(path: "reason"))),
        (line("processing_started", #","actor":7"#), .problem(.wrongType(path: "actor", expected: .string))),
        (line("handed_over", #","from":"cv.lan""#), .problem(.missingField(path: "to"))),
        (line("supplement_requested", #","reason":"   ""#), .invalidValue(path: "reason")),
        (line("fee_requested", #","amount":-5"#), .invalidValue(path: "amount")),
        (line("fee_requested", #","amount":"50000""#), .problem(.wrongType(path: "amount", expected: .integer))),
        (line("fee_paid", #","amount":1.5,"online":true"#), .invalidValue(path: "amount")),
        (line("fee_paid", #","amount":1e30,"online":true"#), .invalidValue(path: "amount")),
        (line("fee_paid", #","amount":1000,"online":"yes""#), .problem(.wrongType(path: "online", expected: .boolean))),
        (line("component_digitized", #","component":"TP1""#), .problem(.missingField(path: "reused"))),
        (line("apologized", #","reason":"x""#), .problem(.missingField(path: "new_due"))),
        (line("result_ready", #","electronic":true,"sha256":"abc""#), .invalidValue(path: "sha256")),
        (line("result_ready", #","electronic":true,"signed":true"#), .problem(.unknownField(path: "signed"))),
        (line("returned", #","channel":"courier""#), .invalidValue(path: "channel")),
        (line("refused"), .problem(.missingField(path: "reason"))),
        (line("stopped", #","reason":"bad\u0007bell""#), .invalidValue(path: "reason")),
    ]

    @Test(
        "each malformed line is rejected with its line number and the problem",
        arguments: malformed.enumerated().map { ($0.offset + 2, $0.element.0, $0.element.1) }
    )
    func malformedLines(lineNumber: Int, line: String, expected: Expected) {
        let error = #expect(throws: CaseLogError.self) { try CaseLogDecoder.decode(line: line, lineNumber: lineNumber) }
        #expect(error?.lineNumber == lineNumber)
        if let problem = error?.problem {
            #expect(expected.matches(problem), "got \(problem)")
        }
        #expect(error?.message.vietnamese.hasPrefix("Dòng \(lineNumber): ") == true)
        #expect(error?.message.english.hasPrefix("Line \(lineNumber): ") == true)
    }

    @Test("messages name the field and the fix, in Vietnamese and English")
    func messages() {
        let error = #expect(throws: CaseLogError.self) {
            try CaseLogDecoder.decode(line: Self.line("processing_started", at: "2025-03-03T08:15:00"), lineNumber: 12)
        }
        #expect(
            error?.message.vietnamese
                == "Dòng 12: giá trị của trường \"at\" không hợp lệ: \"2025-03-03T08:15:00\" thiếu múi giờ; "
                + "cần dạng RFC 3339 có múi giờ, ví dụ 2025-03-03T08:15:00+07:00."
        )
        #expect(
            error?.message.english
                == "Line 12: invalid value of field \"at\": \"2025-03-03T08:15:00\" has no offset; "
                + "expected RFC 3339 with an offset, e.g. 2025-03-03T08:15:00+07:00."
        )
        let unknown = #expect(throws: CaseLogError.self) {
            try CaseLogDecoder.decode(line: #"{"v":1,"type":"agency","code":"B","name":"B","identifier":"A","fax":"1"}"#, lineNumber: 3)
        }
        #expect(unknown?.message.vietnamese == "Dòng 3: trường \"fax\" không có trong định dạng v1.")
        #expect(unknown?.message.english == "Line 3: field \"fax\" is not part of format v1.")
    }

    @Test("text is trimmed, a leading byte-order mark on line 1 and JSON escapes are understood")
    func normalisation() throws {
        let line =
            "\u{FEFF}" + #"{ "v" : 1 , "type" : "agency" , "code" : " BDT ", "name" : "Ban D\u00e2n t\u1ed9c \ud83d\ude00", "#
            + #""identifier" : "000.00.13.H56" }"#
        let decoded = try CaseLogDecoder.decode(line: line, lineNumber: 1)
        #expect(decoded == .agency(AgencyRecord(code: "BDT", name: "Ban Dân tộc 😀", identifier: "000.00.13.H56")))
        #expect(throws: CaseLogError.self) { try CaseLogDecoder.decode(line: line, lineNumber: 2) }
    }

    @Test(
        "amounts are whole VND however the number is written",
        arguments: [("50000", 50_000), ("5e4", 50_000), ("50000.0", 50_000), ("5.0E+4", 50_000), ("0", 0), ("-0", 0), ("0.0e-5", 0)]
    )
    func amounts(literal: String, value: Int) throws {
        let event = try CaseLogDecoder.decodeEvent(line: Self.line("fee_requested", #","amount":"# + literal), lineNumber: 1)
        #expect(event.kind == .feeRequested(amount: value))
    }
}
