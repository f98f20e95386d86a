import CaseAPI
import CaseDomain
import Crypto
import Foundation
import Hummingbird
import Logging

/// `GET /ho-so/moi` and `POST /ho-so`: registering a dossier at the desk (clerk), on behalf of a village
/// (locality), or for any agency (admin). The form adapts to the procedure chosen: its components with
/// digitized/reused boxes, only the channels it allows, the postal tracking number for postal dossiers, its fee.
///
/// The form is validated exactly as the API validates `POST /api/v1/dossiers` (the same decoder, the same store);
/// a hidden idempotency key makes a double click or a resubmitted form register the dossier once.
extension WebInterface {
    struct RegisterContent {
        var formToken: String
        var idempotencyKey: String
        var agencyFixed: Bool
        var agencyCode: String
        var agencyName: String
        var agencyOptions: [SelectOption]
        var procedureOptions: [SelectOption]
        var chosen: ChosenProcedure?
        var noProcedures: Bool
    }

    struct ChosenProcedure {
        var code: String
        var name: String
        var limitText: String
        var onlineLabel: String
        var postalAllowed: Bool
        var feeText: String
        var channels: [ChoiceOption]
        var applicantName: String
        var kinds: [ChoiceOption]
        var idNumber: String
        var localityFixed: Bool
        var localityName: String
        var localityOptions: [SelectOption]
        var phone: String
        var email: String
        var address: String
        var postalTracking: String
        var fee: String
        var components: [ComponentInput]
        var hasComponents: Bool
    }

    struct ComponentInput {
        var index: Int
        var code: String
        var name: String
        var received: Bool
        var digitized: Bool
        var reused: Bool
    }

    func addDossierRoutes(to pages: RouterGroup<WebRequestContext>) {
        pages.get("ho-so") { request, context in try await listPage(request, context: context) }
        pages.get("ho-so/moi") { request, context in try await registrationPage(request, context: context) }
        pages.post("ho-so") { request, context in try await register(request, context: context) }
        pages.get("ho-so/{code}") { request, context in try await dossierPage(request, context: context) }
        pages.post("ho-so/{code}/su-kien") { request, context in try await appendEvent(request, context: context) }
    }

    func registrationPage(_ request: Request, context: WebRequestContext) async throws -> Response {
        let session = try context.require(.clerk, .locality, .admin, returnTo: Self.here(request))
        let parameters = request.uri.queryParameters
        let form = FormData(fields: [
            ("co-quan", parameters.get("co-quan") ?? ""), ("thu-tuc", parameters.get("thu-tuc") ?? ""),
        ])
        let content = try await registerContent(session: session, form: form, submitted: false)
        return try renderer.response(
            "register",
            Page(Self.registerTitle(session), session: session, current: "/ho-so/moi", content: content)
        )
    }

    static func registerTitle(_ session: WebSession) -> String {
        session.principal.role == .locality ? "Nộp hồ sơ" : "Tiếp nhận hồ sơ"
    }

    /// The form's view model from what the visitor chose or typed so far (`submitted`: redisplaying a rejected form).
    func registerContent(session: WebSession, form: FormData, submitted: Bool) async throws -> RegisterContent {
        let principal = session.principal
        let agencyFixed = principal.role == .clerk
        async let agenciesResult = references.agencies()
        async let localitiesResult = references.localities()
        let (agencies, localities) = try await (agenciesResult, localitiesResult)
        let agencyCode = agencyFixed ? (principal.agency ?? "") : (form["co-quan"] ?? agencies.first?.code ?? "")
        let agency = agencies.first { $0.code == agencyCode }
        let today = VietnamTime.localDate(of: now())
        let procedures = try await inForce(references.procedures(agency: agencyCode), on: today)
        let chosenCode = form["thu-tuc"] ?? (procedures.count == 1 ? procedures[0].code : nil)
        let procedure = procedures.first { $0.code == chosenCode }

        var content = RegisterContent(
            formToken: session.csrfToken,
            idempotencyKey: form["_idem"] ?? UUID().uuidString.lowercased(),
            agencyFixed: agencyFixed,
            agencyCode: agencyCode,
            agencyName: agency?.name ?? agencyCode,
            agencyOptions: agencies.map { SelectOption(value: $0.code, label: $0.name, selected: $0.code == agencyCode) },
            procedureOptions: [SelectOption(value: "", label: "— Chọn thủ tục —", selected: procedure == nil)]
                + procedures.map { SelectOption(value: $0.code, label: "\($0.code) · \($0.name)", selected: $0.code == procedure?.code) },
            chosen: nil,
            noProcedures: procedures.isEmpty
        )
        guard let procedure else { return content }

        var channels: [Channel] = [.direct]
        if procedure.online.isOnlineCapable { channels.append(.online) }
        if procedure.postal { channels.append(.postal) }
        let channel = form["kenh"].flatMap(Channel.init(rawValue:)) ?? .direct
        let kind = form["loai"].flatMap(ApplicantKind.init(rawValue:)) ?? (principal.role == .locality ? .organisation : .person)
        let localityFixed = principal.role == .locality
        let localityCode = localityFixed ? principal.locality : form["dia-phuong"]
        let received = Set(form.fields.filter { $0.name == "tp-nhan" }.map(\.value))
        let digitized = Set(form.fields.filter { $0.name == "tp-so-hoa" }.map(\.value))
        let reused = Set(form.fields.filter { $0.name == "tp-tai-su-dung" }.map(\.value))
        content.chosen = ChosenProcedure(
            code: procedure.code,
            name: procedure.name,
            limitText: WebFormat.timeLimit(procedure.timeLimit),
            onlineLabel: procedure.online.vietnameseLabel,
            postalAllowed: procedure.postal,
            feeText: procedure.fee == 0 ? "Không thu phí" : WebFormat.money(procedure.fee),
            channels: channels.map { ChoiceOption(id: "kenh-\($0.rawValue)", value: $0.rawValue, label: $0.vietnameseLabel, checked: $0 == channel) },
            applicantName: form.raw("nguoi-nop"),
            kinds: ApplicantKind.allCases.map {
                ChoiceOption(id: "loai-\($0.rawValue)", value: $0.rawValue, label: WebText.applicantKind($0), checked: $0 == kind)
            },
            idNumber: form.raw("so-giay-to"),
            localityFixed: localityFixed,
            localityName: localities.first { $0.code == localityCode }?.name ?? (localityCode ?? ""),
            localityOptions: [SelectOption(value: "", label: "— Không ghi —", selected: localityCode == nil)]
                + localities.filter { $0.level != .province }.map { SelectOption(value: $0.code, label: $0.name, selected: $0.code == localityCode) },
            phone: form.raw("dien-thoai"),
            email: form.raw("email"),
            address: form.raw("dia-chi"),
            postalTracking: form.raw("buu-gui"),
            fee: submitted ? form.raw("phi") : String(procedure.fee),
            components: procedure.components.enumerated().map { index, component in
                ComponentInput(
                    index: index,
                    code: component.code,
                    name: component.name,
                    received: submitted ? received.contains(component.code) : true,
                    digitized: digitized.contains(component.code),
                    reused: reused.contains(component.code)
                )
            },
            hasComponents: !procedure.components.isEmpty
        )
        return content
    }

    /// For each procedure code, the version in force on `day`, sorted by code.
    func inForce(_ versions: [ProcedureRecord], on day: LocalDate) -> [ProcedureRecord] {
        var latest: [String: ProcedureRecord] = [:]
        for version in versions where version.validFrom <= day {
            if let known = latest[version.code], known.validFrom >= version.validFrom { continue }
            latest[version.code] = version
        }
        return latest.values.sorted { $0.code < $1.code }
    }

    func register(_ request: Request, context: WebRequestContext) async throws -> Response {
        let session = try context.require(.clerk, .locality, .admin, returnTo: "/ho-so/moi")
        let form = try await signedForm(request, context: context, session: session)
        let principal = session.principal
        do {
            let body = try registrationBody(form, principal: principal)
            let placeholder = try DossierCode(agencyIdentifier: "X", year: 2000, month: 1, day: 1, sequence: 1)
            let registration: APIRequestBody.Registration
            do {
                registration = try APIRequestBody.decodeRegistration(
                    body: body,
                    placeholder: placeholder,
                    actor: principal.name,
                    defaultAgency: nil
                )
            } catch {
                throw WebError(.unprocessableContent, Self.fieldMessage(error.message.vietnamese, error.field), error.message.english)
            }
            let receipt = registration.receipt
            if principal.role == .clerk, receipt.agency != principal.agency { throw WebError.forbidden }
            if principal.role == .locality, receipt.applicant.locality != principal.locality { throw WebError.forbidden }
            let idempotency = form["_idem"].map { key in
                IdempotencyRequest(scope: principal.idempotencyScope, key: "web:" + key, requestHash: Self.digest("POST /ho-so\n" + body))
            }
            let outcome = try await dossiers.register(
                NewDossier(
                    agency: receipt.agency,
                    procedure: receipt.procedure,
                    channel: receipt.channel,
                    applicant: receipt.applicant,
                    components: receipt.components,
                    fee: receipt.fee,
                    postalTracking: registration.postalTracking,
                    receivedAt: now(),
                    actor: principal.name
                ),
                idempotency: idempotency
            )
            context.logger.info("dossier registered (web)", metadata: ["dossier": "\(outcome.record.code)"])
            return Self.redirect("/ho-so/\(outcome.record.code)/phieu-tiep-nhan?moi=1")
        } catch let error as WebError where error.status == .unprocessableContent {
            return try await registerAgain(form: form, session: session, status: error.status, message: error.message)
        } catch let error as StoreError {
            let problem = APIError.from(error)
            guard problem.status == .unprocessableContent || problem.status == .conflict else { throw error }
            return try await registerAgain(form: form, session: session, status: problem.status, message: problem.message)
        }
    }

    private func registerAgain(form: FormData, session: WebSession, status: HTTPResponse.Status, message: BilingualMessage) async throws -> Response {
        let content = try await registerContent(session: session, form: form, submitted: true)
        return try renderer.response(
            "register",
            Page(
                Self.registerTitle(session),
                session: session,
                current: "/ho-so/moi",
                notice: .error("Chưa tiếp nhận được hồ sơ: \(message.vietnamese)", message.english),
                content: content
            ),
            status: status
        )
    }

    static func fieldMessage(_ message: String, _ field: String?) -> String {
        guard let field, let label = fieldLabels[field] else { return message }
        return "\(label): \(message)"
    }

    static let fieldLabels: [String: String] = [
        "applicant.name": "Tên người nộp", "applicant.phone": "Số điện thoại", "applicant.email": "Thư điện tử",
        "applicant.id": "Số giấy tờ", "applicant.address": "Địa chỉ", "applicant.locality": "Địa phương", "fee": "Phí, lệ phí",
        "channel": "Kênh tiếp nhận", "procedure": "Thủ tục", "agency": "Cơ quan", "postal_tracking": "Mã bưu gửi", "components": "Thành phần hồ sơ",
        "reason": "Lý do", "new_due": "Ngày hẹn mới", "to": "Người nhận", "from": "Người chuyển", "amount": "Số tiền", "result_code": "Mã kết quả",
        "sha256": "SHA-256", "tracking": "Mã bưu gửi", "component": "Thành phần",
    ]

    /// The registration as the API's JSON body, so that the web and the API accept exactly the same registrations.
    func registrationBody(_ form: FormData, principal: Principal) throws -> String {
        let agency = principal.role == .clerk ? (principal.agency ?? "") : (form["co-quan"] ?? "")
        var applicant: [String: Any] = ["name": form.raw("nguoi-nop"), "kind": form["loai"] ?? "person"]
        let locality = principal.role == .locality ? principal.locality : form["dia-phuong"]
        for (key, value) in [
            ("id", form["so-giay-to"]), ("phone", form["dien-thoai"]), ("email", form["email"]), ("address", form["dia-chi"]),
            ("locality", locality),
        ] {
            if let value { applicant[key] = value }
        }
        let received = form.fields.filter { $0.name == "tp-nhan" }.map(\.value)
        let digitized = Set(form.fields.filter { $0.name == "tp-so-hoa" }.map(\.value))
        let reused = Set(form.fields.filter { $0.name == "tp-tai-su-dung" }.map(\.value))
        var body: [String: Any] = [
            "agency": agency, "procedure": form["thu-tuc"] ?? "", "channel": form["kenh"] ?? "direct", "applicant": applicant,
            "components": received.map { ["code": $0, "digitized": digitized.contains($0), "reused": reused.contains($0)] as [String: Any] },
        ]
        if let fee = form["phi"] {
            guard let amount = Int(fee.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: " ", with: "")), amount >= 0 else {
                throw WebError(.unprocessableContent, "Phí, lệ phí phải là số tiền (đồng) không âm.", "The fee must be a non-negative amount in VND.")
            }
            body["fee"] = amount
        }
        if form["kenh"] == Channel.postal.rawValue, let tracking = form["buu-gui"] { body["postal_tracking"] = tracking }
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    static func digest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
