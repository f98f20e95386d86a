import CaseDomain
import CaseTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import CaseAPI

/// The contract (`Resources/openapi.yaml`) against the response DTOs: samples of the DTOs, encoded as the API encodes
/// them, conform to their documented schemas — and a DTO whose field is renamed does not. Every reply of the API
/// suites (`DossierAPITests`, `AccessControlTests`, `DossierHandlerTests`) is checked the same way as it arrives.
@Suite("The contract describes the response DTOs")
struct ContractTests {
    static let validator = ContractValidator.shared

    static func encoded(_ value: some Encodable) throws -> any Sendable {
        let data = try APIJSON.encoder.encode(value)
        return ContractValidator.sendable(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    static func schema(
        _ method: HTTPRequest.Method,
        _ path: String,
        _ status: Int,
        _ type: String = "application/json"
    ) throws
        -> [String: any Sendable]
    {
        try validator.responseSchema(method: method, path: path, status: status, contentType: type).get()
    }

    static let agency = Agency(code: "BDT", name: "Ban Dân tộc tỉnh", identifier: "000.00.13.H56")
    static let procedure = ProcedureRecord(
        code: "1.012222",
        name: "Công nhận người có uy tín trong đồng bào dân tộc thiểu số",
        agency: "BDT",
        validFrom: LocalDate(year: 2024, month: 1, day: 1)!,
        timeLimit: .workingDays(25),
        online: .full,
        postal: true,
        writtenResult: true,
        fee: 0,
        field: "Công tác dân tộc",
        components: [ProcedureComponent(code: "TP1", name: "Biên bản họp thôn")]
    )

    /// A registered dossier, made by the in-memory repository from the same domain rules as the store.
    static func registered() async throws -> DossierRecord {
        let dossiers = InMemoryDossiers(agencies: [agency], procedures: [procedure])
        let outcome = try await dossiers.register(
            NewDossier(
                agency: "BDT",
                procedure: "1.012222",
                channel: .postal,
                applicant: try Applicant(name: "Hoàng Thị Mai", kind: .person, id: "001234567890", locality: "X1", phone: "0912345678"),
                components: [ComponentRecord(code: "TP1", digitized: true, reused: false)],
                postalTracking: "EB123456789VN",
                receivedAt: VietnamTime.parseRFC3339("2026-03-02T09:00:00+07:00") ?? Date(),
                actor: "canbo"
            )
        )
        return outcome.record
    }

    @Test("every response DTO's sample conforms to its documented schema")
    func samplesConform() async throws {
        let record = try await Self.registered()
        let now = VietnamTime.parseRFC3339("2026-03-03T09:00:00+07:00") ?? Date()
        let timeline = [
            TimelineEntry(
                sequence: 2,
                event: CaseEvent(dossier: try DossierCode.parse(record.code), at: now, actor: "cv", kind: .processingStarted),
                fromStatus: .received,
                toStatus: .inProgress,
                recordedAt: now
            )
        ]
        let public_ = PublicDossier(
            code: record.code,
            procedureName: record.procedureName,
            agencyName: record.agencyName,
            receivedAt: record.receivedAt,
            due: record.due,
            status: record.status,
            applicantMaskedName: record.applicant.maskedName,
            resultReady: false,
            returned: false,
            paused: false
        )
        let samples: [(String, any Sendable, [String: any Sendable])] = [
            ("RegistrationJSON", try Self.encoded(RegistrationJSON(record, now: now)), try Self.schema(.post, "/api/v1/dossiers", 201)),
            ("DossierJSON", try Self.encoded(DossierJSON(record, now: now, timeline: timeline)), try Self.schema(.get, "/api/v1/dossiers/X", 200)),
            (
                "DossierPageJSON", try Self.encoded(DossierPageJSON(items: [DossierJSON(record, now: now)], nextCursor: "abc")),
                try Self.schema(.get, "/api/v1/dossiers", 200)
            ),
            ("PublicDossierJSON", try Self.encoded(PublicDossierJSON(public_)), try Self.schema(.get, "/api/v1/public/dossiers/X", 200)),
            (
                "EventResponseJSON",
                try Self.encoded(EventResponseJSON(dossier: record.code, event: TimelineJSON(timeline[0]), status: .init(.inProgress))),
                try Self.schema(.post, "/api/v1/dossiers/X/events", 201)
            ),
            ("AgencyJSON", try Self.encoded([ReferenceController.AgencyJSON(Self.agency)]), try Self.schema(.get, "/api/v1/agencies", 200)),
            (
                "LocalityJSON",
                try Self.encoded([ReferenceController.LocalityJSON(code: "X1", name: "Xã Tân Lập", level: "commune", parentCode: "36")]),
                try Self.schema(.get, "/api/v1/localities", 200)
            ),
            (
                "ProcedureJSON", try Self.encoded([ReferenceController.ProcedureJSON(Self.procedure)]),
                try Self.schema(.get, "/api/v1/procedures", 200)
            ),
            (
                "HolidayJSON",
                try Self.encoded([
                    HolidayJSON(
                        CalendarDay(
                            date: LocalDate(year: 2026, month: 9, day: 2)!,
                            name: "Quốc khánh",
                            kind: .holiday,
                            source: .official,
                            reference: "BLLĐ 2019"
                        )
                    )
                ]),
                try Self.schema(.get, "/api/v1/calendar/2026", 200)
            ),
            ("ImportSummary", try Self.encoded(ImportSummary()), try Self.schema(.post, "/api/v1/import", 200)),
            (
                "APIError",
                try Self.encoded(APIError.badRequest("Thiếu trường x.", "Missing field x.", field: "x").body),
                try Self.schema(.post, "/api/v1/dossiers", 400, "application/problem+json")
            ),
        ]
        for (name, value, schema) in samples {
            let problems = Self.validator.validate(value, against: schema, at: "$")
            #expect(problems.isEmpty, "\(name): \(problems)")
        }
    }

    /// `ReferenceController.LocalityJSON` as it would be with its `parent_code` field renamed.
    struct RenamedLocalityJSON: Encodable {
        var code: String
        var name: String
        var level: String
        var parentCode: String?

        enum CodingKeys: String, CodingKey {
            case code, name, level
            case parentCode = "parent"
        }
    }

    @Test("a DTO whose field is renamed breaks the contract, by name")
    func renamedFieldFails() async throws {
        let schema = try Self.schema(.get, "/api/v1/localities", 200)
        let original = try Self.encoded([ReferenceController.LocalityJSON(code: "X1", name: "Xã Tân Lập", level: "commune", parentCode: "36")])
        #expect(Self.validator.validate(original, against: schema, at: "$").isEmpty)
        let renamed = try Self.encoded([RenamedLocalityJSON(code: "X1", name: "Xã Tân Lập", level: "commune", parentCode: "36")])
        #expect(Self.validator.validate(renamed, against: schema, at: "$") == [#"$[0]: the member "parent" is not in the contract"#])

        let record = try await Self.registered()
        guard case var object as [String: any Sendable] = try Self.encoded(RegistrationJSON(record, now: record.receivedAt)) else {
            Issue.record("a registration encodes as an object")
            return
        }
        object["receivedAt"] = object.removeValue(forKey: "received_at")
        let problems = Self.validator.validate(object, against: try Self.schema(.post, "/api/v1/dossiers", 201), at: "$")
        #expect(problems.contains(#"$: the required member "received_at" is missing"#), "\(problems)")
        #expect(problems.contains(#"$: the member "receivedAt" is not in the contract"#), "\(problems)")
    }

    @Test("a wrong type, a value outside an enum and an undocumented status are reported")
    func otherBreaches() throws {
        let schema = try Self.schema(.get, "/api/v1/localities", 200)
        let wrongType: [any Sendable] = [["code": "X1", "name": "Xã", "level": "commune", "parent_code": 36.0] as [String: any Sendable]]
        #expect(!Self.validator.validate(wrongType, against: schema, at: "$").isEmpty)
        let wrongLevel: [any Sendable] = [["code": "X1", "name": "Xã", "level": "hamlet"] as [String: any Sendable]]
        #expect(!Self.validator.validate(wrongLevel, against: schema, at: "$").isEmpty)
        #expect(!Self.validator.check(method: .get, path: "/api/v1/localities", status: 418, contentType: "application/json", body: "[]").isEmpty)
        #expect(!Self.validator.check(method: .get, path: "/api/v1/nowhere", status: 200, contentType: "application/json", body: "{}").isEmpty)
    }

    @Test("every header name the service uses is valid")
    func headerNames() {
        for name in [
            HTTPField.Name.idempotencyKey, .idempotentReplayed, .referrerPolicy, .xFrameOptions, .crossOriginOpenerPolicy,
            .permissionsPolicy, .xForwardedProto,
        ] {
            #expect(!name.rawName.isEmpty)
        }
    }
}
