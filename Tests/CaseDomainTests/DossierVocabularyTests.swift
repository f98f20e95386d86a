import CaseDomain
import Foundation
import Testing

@Suite("Dossier vocabulary")
struct DossierVocabularyTests {
    @Test("channels carry the portal codes 1, 2, 3 and their Vietnamese labels")
    func channels() {
        #expect(Channel.allCases.map(\.portalCode) == [1, 2, 3])
        #expect(Channel.allCases.map(\.vietnameseLabel) == ["Trực tiếp", "Trực tuyến", "Bưu chính công ích"])
        #expect(Channel(portalCode: 3) == .postal)
        #expect(Channel(portalCode: 4) == nil)
        #expect(Channel.allCases.map(\.rawValue) == ["direct", "online", "postal"])
    }

    @Test(
        "statuses carry the national portal codes 1…10",
        arguments: [
            (DossierStatus.new, 1, "new", "Mới đăng ký"),
            (.received, 2, "received", "Được tiếp nhận"),
            (.refused, 3, "refused", "Không được tiếp nhận"),
            (.inProgress, 4, "in_progress", "Đang xử lý"),
            (.supplementRequested, 5, "supplement_requested", "Yêu cầu bổ sung"),
            (.feeRequested, 6, "fee_requested", "Yêu cầu nghĩa vụ tài chính"),
            (.withdrawn, 7, "withdrawn", "Công dân rút hồ sơ"),
            (.stopped, 8, "stopped", "Dừng xử lý"),
            (.resultReady, 9, "result_ready", "Đã xử lý xong"),
            (.returned, 10, "returned", "Đã trả kết quả"),
        ]
    )
    func statuses(status: DossierStatus, code: Int, raw: String, label: String) {
        #expect(status.portalCode == code)
        #expect(DossierStatus(portalCode: code) == status)
        #expect(status.rawValue == raw)
        #expect(status.vietnameseLabel == label)
    }

    @Test("terminal and ended statuses")
    func terminalStatuses() {
        #expect(DossierStatus.allCases.filter(\.isTerminal) == [.refused, .withdrawn, .stopped, .returned])
        #expect(DossierStatus.allCases.filter(\.isEnded) == [.refused, .withdrawn, .stopped, .resultReady, .returned])
    }

    @Test("online service and applicant kinds use the case-log spellings")
    func smallEnums() {
        #expect(OnlineService.allCases.map(\.rawValue) == ["none", "partial", "full"])
        #expect(OnlineService.allCases.map(\.isOnlineCapable) == [false, true, true])
        #expect(ApplicantKind.allCases.map(\.rawValue) == ["person", "organisation"])
    }

    @Test(
        "masked names reveal no more than the first word and initials",
        arguments: [
            ("Nguyễn Văn An", ApplicantKind.person, "Nguyễn V. A."),
            ("Trần Thị Thu Hà", .person, "Trần T. T. H."),
            ("Đặng  đình   Ước", .person, "Đặng đ. Ư."),
            ("An", .person, "A."),
            ("Ksor H'Prông", .person, "Ksor H."),
            ("UBND xã Tân Lập", .organisation, "UBND x. T. L."),
            ("Công ty TNHH Số 1", .organisation, "Công t. T. S. 1."),
            ("Hợp tác xã - Bình Minh", .organisation, "Hợp t. x. B. M."),
        ]
    )
    func masking(name: String, kind: ApplicantKind, masked: String) throws {
        let applicant = try Applicant(name: name, kind: kind)
        #expect(applicant.maskedName == masked)
    }

    @Test("an applicant's name is trimmed and optional fields that are blank are absent")
    func applicantNormalisation() throws {
        let applicant = try Applicant(name: "  Lò Văn Páo \n", kind: .person, id: "  ", phone: "0912 345 678", email: "")
        #expect(applicant.name == "Lò Văn Páo")
        #expect(applicant.id == nil)
        #expect(applicant.email == nil)
        #expect(applicant.phone == "0912 345 678")
    }

    @Test(
        "invalid applicants are rejected with the reason",
        arguments: [
            ("   ", nil, nil, ApplicantError.emptyName),
            (String(repeating: "a", count: 201), nil, nil, .nameTooLong(201)),
            ("Nguyễn\u{0007}An", nil, nil, .controlCharacter(field: "name")),
            ("An", "an@", nil, .invalidEmail("an@")),
            ("An", "an@example", nil, .invalidEmail("an@example")),
            ("An", "a n@example.vn", nil, .invalidEmail("a n@example.vn")),
            ("An", "an@@example.vn", nil, .invalidEmail("an@@example.vn")),
            ("An", "an@example..vn", nil, .invalidEmail("an@example..vn")),
            ("An", nil, "gọi tôi", .invalidPhone("gọi tôi")),
            ("An", nil, "12", .invalidPhone("12")),
        ] as [(String, String?, String?, ApplicantError)]
    )
    func invalidApplicants(name: String, email: String?, phone: String?, error: ApplicantError) {
        #expect(throws: error) { try Applicant(name: name, kind: .person, phone: phone, email: email) }
    }

    @Test("plausible emails are accepted", arguments: ["an@example.vn", "nguyen.van.an+tthc@so-noi-vu.gov.vn", "a@b.co"])
    func validEmails(email: String) throws {
        #expect(try Applicant(name: "An", kind: .person, email: email).email == email)
    }

    @Test("applicant errors speak Vietnamese and English")
    func applicantMessages() {
        #expect(ApplicantError.emptyName.message.vietnamese == "Tên người nộp hồ sơ không được để trống.")
        #expect(ApplicantError.emptyName.message.english == "The applicant's name must not be empty.")
    }
}

@Suite("Dossier codes (Circular 01/2018/TT-VPCP, Art. 19)")
struct DossierCodeTests {
    @Test(
        "valid codes parse into their parts and format back identically",
        arguments: [
            ("H15.50.05.13-261008-0975", "H15.50.05.13", 2026, 10, 8, 975),
            ("000.00.13.H56-250303-0001", "000.00.13.H56", 2025, 3, 3, 1),
            ("BDT-240229-9999", "BDT", 2024, 2, 29, 9999),
            ("A1-000101-0042", "A1", 2000, 1, 1, 42),
        ]
    )
    func parse(text: String, identifier: String, year: Int, month: Int, day: Int, sequence: Int) throws {
        let code = try DossierCode.parse(text)
        #expect(code.agencyIdentifier == identifier)
        #expect(code.year == year)
        #expect(code.month == month)
        #expect(code.day == day)
        #expect(code.sequence == sequence)
        #expect(code.description == text)
        #expect(try DossierCode(agencyIdentifier: identifier, year: year, month: month, day: day, sequence: sequence) == code)
    }

    @Test(
        "malformed codes are rejected",
        arguments: [
            ("H15.50.05.13-261008-975", DossierCodeError.malformed("H15.50.05.13-261008-975")),
            ("H15.50.05.13-261008-09750", .malformed("H15.50.05.13-261008-09750")),
            ("H15.50.05.13-2610080975", .malformed("H15.50.05.13-2610080975")),
            ("H15.50.05.13 -261008-0975", .invalidAgencyIdentifier("H15.50.05.13 ")),
            ("H15..05.13-261008-0975", .invalidAgencyIdentifier("H15..05.13")),
            (".H15-261008-0975", .invalidAgencyIdentifier(".H15")),
            ("-261008-0975", .invalidAgencyIdentifier("")),
            ("H15-250229-0001", .invalidDate(year: 2025, month: 2, day: 29)),
            ("H15-251301-0001", .invalidDate(year: 2025, month: 13, day: 1)),
            ("H15-250101-0000", .sequenceOutOfRange(0)),
            ("H15-2501O1-0001", .malformed("H15-2501O1-0001")),
        ]
    )
    func malformed(text: String, error: DossierCodeError) {
        #expect(throws: error) { try DossierCode.parse(text) }
        #expect(DossierCode(text) == nil)
    }

    @Test("a sequence beyond 9999 cannot be made")
    func sequenceRange() {
        #expect(throws: DossierCodeError.sequenceOutOfRange(10_000)) {
            try DossierCode(agencyIdentifier: "BDT", year: 2025, month: 1, day: 1, sequence: 10_000)
        }
    }

    @Test("result codes are <dossier code>-KQ<n> and parse back")
    func resultCodes() throws {
        let code = try DossierCode.parse("H15.50.05.13-261008-0975")
        #expect(code.resultCode(1) == "H15.50.05.13-261008-0975-KQ1")
        #expect(code.resultCode(12) == "H15.50.05.13-261008-0975-KQ12")
        let parsed = DossierCode.parseResultCode("H15.50.05.13-261008-0975-KQ12")
        #expect(parsed?.dossier == code)
        #expect(parsed?.number == 12)
        #expect(DossierCode.parseResultCode("H15.50.05.13-261008-0975-KQ0") == nil)
        #expect(DossierCode.parseResultCode("H15.50.05.13-261008-0975") == nil)
    }

    @Test("codes are Codable as their text")
    func codable() throws {
        let code = try DossierCode.parse("000.00.13.H56-250303-0001")
        let data = try JSONEncoder().encode([code])
        #expect(String(decoding: data, as: UTF8.self) == #"["000.00.13.H56-250303-0001"]"#)
        #expect(try JSONDecoder().decode([DossierCode].self, from: data) == [code])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([DossierCode].self, from: Data(#"["x-1-2"]"#.utf8)) }
    }
}
