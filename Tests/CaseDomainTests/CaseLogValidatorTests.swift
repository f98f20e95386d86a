import CaseDomain
import Foundation
import Testing

@Suite("Case-log validator: references, state machine, first error with its line")
struct CaseLogValidatorTests {
    typealias Sample = CaseLogSampleLines

    static let secondVersion =
        #"{"v":1,"type":"procedure","code":"1.012222","name":"Công nhận người có uy tín","agency":"BDT","valid_from":"2025-04-01""#
        + #","time_limit":{"value":15,"unit":"working_days"},"online":"partial","postal":true,"written_result":true,"fee":0}"#

    static func received(
        _ dossier: String = "000.00.13.H56-250303-0001",
        at: String = "2025-03-03T08:15:00+07:00",
        procedure: String = "1.012222"
    ) -> String {
        #"{"v":1,"type":"received","dossier":""# + dossier + #"","at":""# + at + #"","agency":"BDT","procedure":""# + procedure
            + #"","channel":"online","applicant":{"name":"Lò Văn Páo","kind":"person"},"components":[]}"#
    }

    static func event(_ type: String, _ fields: String = "", at: String, dossier: String = "000.00.13.H56-250303-0001") -> String {
        #"{"v":1,"type":""# + type + #"","dossier":""# + dossier + #"","at":""# + at + #"""# + fields + "}"
    }

    static let validFile = [
        Sample.agency,
        Sample.procedure,
        secondVersion,
        received(),
        event("processing_started", at: "2025-03-03T09:00:00+07:00"),
        received("000.00.13.H56-250304-0001", at: "2025-03-04T08:00:00+07:00"),
        event("handed_over", #","from":"a","to":"b""#, at: "2025-03-04T09:00:00+07:00"),
        event("supplement_requested", #","reason":"Thiếu giấy tờ""#, at: "2025-03-05T08:00:00+07:00"),
        event("refused", #","reason":"Sai thẩm quyền""#, at: "2025-03-04T10:00:00+07:00", dossier: "000.00.13.H56-250304-0001"),
        event("supplement_received", at: "2025-03-07T08:00:00+07:00"),
        event("fee_requested", #","amount":10000"#, at: "2025-03-07T09:00:00+07:00"),
        event("fee_paid", #","amount":10000,"online":true"#, at: "2025-03-07T10:00:00+07:00"),
        event("apologized", #","reason":"Chậm","new_due":"2025-04-20T17:00:00+07:00""#, at: "2025-03-08T08:00:00+07:00"),
        event("result_ready", #","electronic":false"#, at: "2025-03-10T08:00:00+07:00"),
        event("returned", #","channel":"postal","tracking":"EV1VN""#, at: "2025-03-11T08:00:00+07:00"),
        event("result_digitized", at: "2025-03-12T08:00:00+07:00"),
        event("component_digitized", #","component":"TP1","reused":true"#, at: "2025-03-12T09:00:00+07:00"),
        received("000.00.13.H56-250402-0001", at: "2025-04-02T08:00:00+07:00"),
        event("stopped", #","reason":"Dừng""#, at: "2025-04-03T08:00:00+07:00", dossier: "000.00.13.H56-250402-0001"),
    ]

    @Test("a valid file passes, line by line, with the dossiers' final states")
    func validFile() throws {
        var validator = CaseLogValidator()
        let summary = try validator.consume(contentsOf: Self.validFile.joined(separator: "\n") + "\n")
        #expect(summary == CaseLogValidator.Summary(lines: 19, agencies: 1, procedures: 2, events: 16, unchanged: 0, dossiers: 3))
        #expect(validator.dossiers[DossierFixture.code("000.00.13.H56-250303-0001")]?.status == .returned)
        #expect(validator.dossiers[DossierFixture.code("000.00.13.H56-250303-0001")]?.resultElectronic == true)
        #expect(validator.dossiers[DossierFixture.code("000.00.13.H56-250304-0001")]?.status == .refused)
        #expect(validator.dossiers[DossierFixture.code("000.00.13.H56-250402-0001")]?.status == .stopped)
        #expect(validator.catalog.versions[ProcedureKey(agency: "BDT", code: "1.012222")]?.count == 2)
    }

    @Test("Windows line endings and a missing final newline are fine")
    func lineEndings() throws {
        var validator = CaseLogValidator()
        let summary = try validator.consume(contentsOf: Self.validFile.joined(separator: "\r\n"))
        #expect(summary.lines == 19)
    }

    static func reason(of problem: CaseLogError.Problem) -> TransitionError.Reason? {
        if case .transition(let error) = problem { return error.reason }
        return nil
    }

    /// Replaces line `number` (1-based) of the valid file, or inserts before it.
    static func file(replacing number: Int, with line: String, insert: Bool = false) -> String {
        var lines = validFile
        if insert { lines.insert(line, at: number - 1) } else { lines[number - 1] = line }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("the first problem is reported with its exact line number")
    func firstError() throws {
        let cases: [(String, Int, (CaseLogError.Problem) -> Bool)] = [
            // A procedure whose agency nobody declared.
            (
                Self.file(replacing: 1, with: #"{"v":1,"type":"agency","code":"SXD","name":"Sở Xây dựng","identifier":"000.00.20.H56"}"#), 2,
                { $0 == .unknownAgency("BDT") }
            ),
            // A receipt for a procedure that does not exist.
            (
                Self.file(replacing: 4, with: Self.received(procedure: "9.999999")), 4,
                { $0 == .unknownProcedure(ProcedureKey(agency: "BDT", code: "9.999999")) }
            ),
            // A receipt before the first version is in force.
            (
                Self.file(replacing: 4, with: Self.received(at: "2023-12-31T08:00:00+07:00")), 4,
                { $0 == .procedureNotInForce(ProcedureKey(agency: "BDT", code: "1.012222"), day: LocalDate(year: 2023, month: 12, day: 31)!) }
            ),
            // An event of a dossier never received.
            (
                Self.file(
                    replacing: 5,
                    with: Self.event("processing_started", at: "2025-03-03T09:00:00+07:00", dossier: "000.00.13.H56-250303-0002")
                ),
                5,
                { $0 == .unknownDossier(DossierFixture.code("000.00.13.H56-250303-0002")) }
            ),
            // A second receipt of the same dossier.
            (Self.file(replacing: 6, with: Self.received()), 6, { Self.reason(of: $0) == .alreadyReceived }),
            // A result returned before it is ready.
            (
                Self.file(replacing: 14, with: Self.event("returned", #","channel":"direct""#, at: "2025-03-10T08:00:00+07:00")), 14,
                { Self.reason(of: $0) == .noResult }
            ),
            // A second apology.
            (
                Self.file(
                    replacing: 14,
                    with: Self.event("apologized", #","reason":"Lần hai","new_due":"2025-04-25T17:00:00+07:00""#, at: "2025-03-09T08:00:00+07:00"),
                    insert: true
                ),
                14, { Self.reason(of: $0) == .alreadyApologized }
            ),
            // An event earlier than the dossier's previous one.
            (
                Self.file(replacing: 7, with: Self.event("handed_over", #","from":"a","to":"b""#, at: "2025-03-03T08:59:59+07:00")), 7,
                { Self.reason(of: $0) == .earlierThanPreviousEvent(previous: DossierFixture.at("2025-03-03T09:00:00+07:00")) }
            ),
            // The same agency declared again differently.
            (
                Self.file(replacing: 3, with: #"{"v":1,"type":"agency","code":"BDT","name":"Ban Dân tộc","identifier":"000.00.13.H56"}"#), 3,
                { $0 == .conflictingDefinition(type: "agency", key: "BDT") }
            ),
            // A procedure version declared again differently.
            (
                Self.file(replacing: 3, with: Self.secondVersion.replacingOccurrences(of: #""fee":0"#, with: #""fee":1000"#), insert: true), 4,
                { $0 == .conflictingDefinition(type: "procedure", key: "BDT/1.012222@2025-04-01") }
            ),
            // A blank line in the middle.
            (Self.file(replacing: 9, with: ""), 9, { $0 == .emptyLine }),
            // A malformed line late in the file.
            (
                Self.file(
                    replacing: 17,
                    with: Self.event("component_digitized", #","component":"TP1","reused":true,"by":"x""#, at: "2025-03-12T09:00:00+07:00")
                ),
                17, { $0 == .unknownField(path: "by") }
            ),
        ]
        for (text, line, matches) in cases {
            var validator = CaseLogValidator()
            let error = #expect(throws: CaseLogError.self) { try validator.consume(contentsOf: text) }
            #expect(error?.lineNumber == line)
            if let problem = error?.problem { #expect(matches(problem), "line \(line): \(problem)") }
        }
    }

    @Test("a transition error tells the clerk the dossier, the action, the reason and the status")
    func transitionMessage() {
        var validator = CaseLogValidator()
        let text = [
            Sample.agency, Sample.procedure, Self.received(), Self.event("returned", #","channel":"direct""#, at: "2025-03-04T08:00:00+07:00"),
        ].joined(separator: "\n")
        let error = #expect(throws: CaseLogError.self) { try validator.consume(contentsOf: text) }
        #expect(
            error?.message.vietnamese
                == "Dòng 4: hồ sơ 000.00.13.H56-250303-0001: Không thể trả kết quả: hồ sơ chưa có kết quả "
                + "(trạng thái hiện tại: Được tiếp nhận)."
        )
    }

    @Test("data already in the database is reached through the closures")
    func existingData() throws {
        let stored = try DossierState.replaying(
            DossierFixture.events([.received, .processingStarted], dossier: DossierFixture.code("000.00.13.H56-250303-0001"))
        )
        var validator = CaseLogValidator(
            knownAgency: { $0 == "BDT" },
            knownProcedure: { key, day in key == ProcedureKey(agency: "BDT", code: "1.012222") && day >= LocalDate(year: 2024, month: 1, day: 1)! },
            existingDossierState: { $0 == DossierFixture.code("000.00.13.H56-250303-0001") ? stored : nil }
        )
        let text = [
            Self.event("result_ready", #","electronic":true"#, at: "2025-03-10T08:00:00+07:00"),
            Self.received("000.00.13.H56-250311-0001", at: "2025-03-11T08:00:00+07:00"),
        ].joined(separator: "\n")
        let summary = try validator.consume(contentsOf: text)
        #expect(summary.events == 2)
        #expect(validator.dossiers[DossierFixture.code("000.00.13.H56-250303-0001")]?.status == .resultReady)
        var second = validator
        let error = #expect(throws: CaseLogError.self) {
            try second.consume(line: Self.received("000.00.13.H56-250311-0002", at: "2023-03-11T08:00:00+07:00"), lineNumber: 3)
        }
        #expect(error?.problem == .unknownProcedure(ProcedureKey(agency: "BDT", code: "1.012222")))
    }

    @Test("importing the same file twice changes nothing the second time")
    func reimport() throws {
        let text = Self.validFile.joined(separator: "\n")
        var first = CaseLogValidator()
        _ = try first.consume(contentsOf: text)
        let recorded = Set(first.dossiers.keys)
        let states = first.dossiers
        let events = Set(Self.validFile.compactMap { try? CaseLogDecoder.decodeEvent(line: $0, lineNumber: 1) })
        let agencies = Set(first.agencies.keys)
        let catalog = first.catalog
        var second = CaseLogValidator(
            knownAgency: { agencies.contains($0) },
            knownProcedure: { catalog.version(of: $0, on: $1) != nil },
            existingDossierState: { recorded.contains($0) ? states[$0] : nil },
            isRecorded: { events.contains($0) }
        )
        var accepted: [CaseLogValidator.Accepted] = []
        for (index, line) in Self.validFile.enumerated() {
            accepted.append(try second.consume(line: line, lineNumber: index + 1))
        }
        // Reference lines are new to this validator's own stream but known; every event is already recorded.
        #expect(accepted.filter { if case .event = $0.line { true } else { false } }.allSatisfy { $0.disposition == .unchanged })
        #expect(second.dossiers.isEmpty)
    }

    @Test("repeating an identical reference line is harmless")
    func repeatedReference() throws {
        var validator = CaseLogValidator()
        let text = [Sample.agency, Sample.procedure, Sample.agency, Sample.procedure].joined(separator: "\n")
        let summary = try validator.consume(contentsOf: text)
        #expect(summary.unchanged == 2)
    }
}

@Suite("Procedure versions: the version in force on a day")
struct CaseLogProcedureCatalogTests {
    static func version(_ validFrom: String, days: Int) -> ProcedureRecord {
        ProcedureRecord(
            code: "1.012222",
            name: "Công nhận người có uy tín",
            agency: "BDT",
            validFrom: LocalDate(iso: validFrom)!,
            timeLimit: .workingDays(days),
            online: .full,
            postal: true,
            writtenResult: true,
            fee: 0
        )
    }

    @Test(
        "the version in force is the one with the greatest valid_from on or before the day",
        arguments: [("2017-12-31", nil), ("2018-01-01", 15), ("2023-06-30", 15), ("2023-07-01", 25), ("2030-01-01", 25)] as [(String, Int?)]
    )
    func versionInForce(day: String, days: Int?) {
        // Inserted out of order on purpose.
        let catalog = ProcedureCatalog([Self.version("2023-07-01", days: 25), Self.version("2018-01-01", days: 15)])
        #expect(catalog.version(agency: "BDT", procedure: "1.012222", on: LocalDate(iso: day)!)?.timeLimit.value == days)
        #expect(catalog.version(agency: "SXD", procedure: "1.012222", on: LocalDate(iso: day)!) == nil)
    }

    @Test("an identical version is unchanged, a different one on the same day conflicts")
    func insertion() {
        var catalog = ProcedureCatalog()
        #expect(catalog.insert(Self.version("2018-01-01", days: 15)) == .added)
        #expect(catalog.insert(Self.version("2018-01-01", days: 15)) == .unchanged)
        #expect(catalog.insert(Self.version("2018-01-01", days: 20)) == .conflicts(with: Self.version("2018-01-01", days: 15)))
        #expect(catalog.allVersions == [Self.version("2018-01-01", days: 15)])
    }
}
