import CaseAPI
import CaseDomain
import Foundation
import Hummingbird
import Logging

/// `GET /ho-so/{code}`: one dossier with its timeline, links to its slips, and a form for each transition its state
/// allows now (and only those); `POST /ho-so/{code}/su-kien` records one of them. Queries: the session, then the
/// dossier, its timeline and its procedure version (run concurrently).
extension WebInterface {
    struct DossierContent {
        var code: String
        var statusLabel: String
        var statusEnglish: String
        var procedureName: String
        var procedureCode: String
        var agencyName: String
        var channelLabel: String
        var onlineFull: Bool
        var applicant: ApplicantView
        var components: [ComponentView]
        var hasComponentRows: Bool
        var feeText: String
        var postalTracking: String?
        var receivedText: String
        var dueText: String
        var originalDueText: String?
        var late: Bool
        var pausedSinceText: String?
        var apologyText: String?
        var resultText: String?
        var returnText: String?
        var timeline: [TimelineRow]
        var slips: [SlipLink]
        var actions: ActionsView?
    }

    struct ApplicantView {
        var fullName: String
        var kindLabel: String
        var idNumber: String?
        var localityCode: String?
        var phone: String?
        var email: String?
        var address: String?
    }

    struct ComponentView {
        var componentCode: String
        var componentName: String
        var digitizedText: String
        var reusedText: String
    }

    struct TimelineRow {
        var sequence: Int
        var atText: String
        var action: String
        var actor: String
        var change: String
        var details: String
    }

    struct SlipLink {
        var href: String
        var label: String
    }

    /// A form for each transition allowed now; nil members are not allowed (their form is not shown).
    struct ActionsView {
        var formToken: String
        var idempotencyKey: String
        var simple: [SimpleAction]
        var handOver: HandOverForm?
        var supplementRequest: Bool
        var feeRequest: Bool
        var feePayment: FeePaymentForm?
        var componentDigitization: ComponentDigitizationForm?
        var apology: ApologyForm?
        var resultReady: ResultForm?
        var returnResult: ReturnForm?
        var refusal: Bool
        var withdrawal: Bool
        var stop: Bool
        var any: Bool
    }

    /// A transition without fields: one button.
    struct SimpleAction {
        var type: String
        var label: String
    }

    struct HandOverForm { var fromDefault: String }
    struct FeePaymentForm { var amountDefault: String }
    struct ComponentDigitizationForm { var componentOptions: [SelectOption] }
    struct ApologyForm { var newDueDefault: String }
    struct ResultForm { var resultCodeDefault: String }
    struct ReturnForm { var returnChannels: [ChoiceOption] }

    func dossierPage(_ request: Request, context: WebRequestContext) async throws -> Response {
        let session = try context.require(.clerk, .officer, .locality, .admin, returnTo: Self.here(request))
        let code = try context.parameters.require("code")
        var notice: Page<DossierContent>.Notice?
        if let recorded = request.uri.queryParameters.get("da-ghi").flatMap({ CaseEventType(rawValue: String($0)) }) {
            notice = .ok("Đã ghi nhận: \(recorded.vietnameseAction).", "Recorded: \(recorded.englishAction).")
        }
        return try await renderDossier(code: code, session: session, notice: notice, status: .ok)
    }

    func renderDossier(
        code: String,
        session: WebSession,
        notice: Page<DossierContent>.Notice?,
        status: HTTPResponse.Status,
        idempotencyKey: String? = nil
    ) async throws -> Response {
        let scope = DossierScope(session.principal)
        async let recordResult = dossiers.dossier(code: code, scope: scope)
        async let timelineResult = dossiers.timeline(code: code, scope: scope)
        guard let record = try await recordResult else {
            throw WebError.notFound("Không tìm thấy hồ sơ \(code).", "No dossier \(code).")
        }
        async let procedureResult = references.procedure(agency: record.agency, code: record.procedure, on: record.procedureValidFrom)
        async let localityResult = locality(record.applicant.locality)
        let (timeline, procedure, locality) = try await (timelineResult, procedureResult, localityResult)
        var content = dossierContent(record, timeline: timeline, procedure: procedure, session: session, idempotencyKey: idempotencyKey)
        if let locality { content.applicant.localityCode = "\(locality.name) (\(locality.code))" }
        return try renderer.response("dossier", Page("Hồ sơ \(record.code)", session: session, notice: notice, content: content), status: status)
    }

    private func locality(_ code: String?) async throws -> Locality? {
        guard let code else { return nil }
        return try await references.locality(code: code)
    }

    func dossierContent(
        _ record: DossierRecord,
        timeline: [TimelineEntry],
        procedure: ProcedureRecord?,
        session: WebSession,
        idempotencyKey: String?
    ) -> DossierContent {
        let moment = now()
        let names = Dictionary((procedure?.components ?? []).map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        let applicant = record.applicant
        var slips = [SlipLink(href: "/ho-so/\(record.code)/phieu-tiep-nhan", label: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)")]
        let types = Set(timeline.map(\.event.eventType))
        if types.contains(.supplementRequested) {
            slips.append(SlipLink(href: "/ho-so/\(record.code)/phieu-bo-sung", label: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)"))
        }
        if types.contains(.refused) {
            slips.append(SlipLink(href: "/ho-so/\(record.code)/phieu-tu-choi", label: "Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03)"))
        }
        if types.contains(.apologized) {
            slips.append(SlipLink(href: "/ho-so/\(record.code)/phieu-xin-loi", label: "Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)"))
        }
        var resultText: String?
        if let ready = record.resultReadyAt {
            resultText =
                "\(WebFormat.moment(ready)) · " + ((record.resultElectronic ?? false) ? "kết quả điện tử" : "kết quả bản giấy")
                + (record.resultCode.map { ", mã \($0)" } ?? "")
        }
        let canAct = [Role.clerk, .officer, .admin].contains(session.principal.role)
        return DossierContent(
            code: record.code,
            statusLabel: record.status.vietnameseLabel,
            statusEnglish: record.status.englishLabel,
            procedureName: record.procedureName,
            procedureCode: record.procedure,
            agencyName: record.agencyName,
            channelLabel: record.channel.vietnameseLabel,
            onlineFull: record.onlineFull,
            applicant: ApplicantView(
                fullName: applicant.name,
                kindLabel: WebText.applicantKind(applicant.kind),
                idNumber: applicant.id,
                localityCode: applicant.locality,
                phone: applicant.phone,
                email: applicant.email,
                address: applicant.address
            ),
            components: record.components.map {
                ComponentView(
                    componentCode: $0.code,
                    componentName: names[$0.code] ?? "",
                    digitizedText: $0.digitized ? "Đã số hóa" : "Chưa số hóa",
                    reusedText: $0.reused ? "Có" : "Không"
                )
            },
            hasComponentRows: !record.components.isEmpty,
            feeText: record.fee == 0 ? "Không thu" : WebFormat.money(record.fee),
            postalTracking: record.postalTracking,
            receivedText: WebFormat.moment(record.receivedAt),
            dueText: WebFormat.moment(record.due),
            originalDueText: record.originalDue == record.due ? nil : WebFormat.moment(record.originalDue),
            late: record.isOverdue(at: moment),
            pausedSinceText: record.endedAt == nil ? record.pausedSince.map(WebFormat.moment) : nil,
            apologyText: record.apologizedAt.map { at in
                "Đã xin lỗi lúc \(WebFormat.moment(at))" + (record.apologyNewDue.map { ", hẹn lại \(WebFormat.moment($0))" } ?? "")
            },
            resultText: resultText,
            returnText: record.returnedAt.map { "\(WebFormat.moment($0)) qua \(record.returnChannel?.vietnameseLabel ?? "")" },
            timeline: timeline.map { entry in
                TimelineRow(
                    sequence: entry.sequence,
                    atText: WebFormat.moment(entry.event.at),
                    action: WebText.action(entry.event.eventType),
                    actor: entry.event.actor ?? "",
                    change: entry.fromStatus.map { "\($0.vietnameseLabel) → \(entry.toStatus.vietnameseLabel)" }
                        ?? entry.toStatus.vietnameseLabel,
                    details: WebText.details(of: entry.event.kind)
                )
            },
            slips: slips,
            actions: canAct ? actions(for: record, session: session, moment: moment, idempotencyKey: idempotencyKey) : nil
        )
    }

    func actions(for record: DossierRecord, session: WebSession, moment: Date, idempotencyKey: String?) -> ActionsView {
        let allowed = Set(record.allowedEvents)
        let simpleTypes: [CaseEventType] = [.processingStarted, .supplementReceived, .resultDigitized]
        let undigitized = record.components.filter { !$0.digitized }.map(\.code)
        let componentCodes = undigitized.isEmpty ? record.components.map(\.code) : undigitized
        // A new appointment defaults to five days after the current due moment, at the same time of day.
        let suggestedDue = max(record.due, moment).addingTimeInterval(5 * 86_400)
        return ActionsView(
            formToken: session.csrfToken,
            idempotencyKey: idempotencyKey ?? UUID().uuidString.lowercased(),
            simple: simpleTypes.filter { allowed.contains($0) }.map { SimpleAction(type: $0.rawValue, label: WebText.action($0)) },
            handOver: allowed.contains(.handedOver) ? HandOverForm(fromDefault: session.principal.name) : nil,
            supplementRequest: allowed.contains(.supplementRequested),
            feeRequest: allowed.contains(.feeRequested),
            feePayment: allowed.contains(.feePaid) ? FeePaymentForm(amountDefault: String(record.fee)) : nil,
            componentDigitization: allowed.contains(.componentDigitized) && !componentCodes.isEmpty
                ? ComponentDigitizationForm(componentOptions: componentCodes.map { SelectOption(value: $0, label: $0, selected: false) }) : nil,
            apology: allowed.contains(.apologized) ? ApologyForm(newDueDefault: WebFormat.inputMoment(suggestedDue)) : nil,
            resultReady: allowed.contains(.resultReady) ? ResultForm(resultCodeDefault: "\(record.code)-KQ1") : nil,
            returnResult: allowed.contains(.returned)
                ? ReturnForm(
                    returnChannels: Channel.allCases.map {
                        ChoiceOption(id: "tra-\($0.rawValue)", value: $0.rawValue, label: $0.vietnameseLabel, checked: $0 == record.channel)
                    }
                ) : nil,
            refusal: allowed.contains(.refused),
            withdrawal: allowed.contains(.withdrawn),
            stop: allowed.contains(.stopped),
            any: !allowed.isEmpty
        )
    }

    // MARK: Recording a transition

    func appendEvent(_ request: Request, context: WebRequestContext) async throws -> Response {
        let code = try context.parameters.require("code")
        let session = try context.require(.clerk, .officer, .admin, returnTo: "/ho-so/\(code)")
        let form = try await signedForm(request, context: context, session: session)
        guard let dossierCode = try? DossierCode.parse(code) else {
            throw WebError.notFound("Không tìm thấy hồ sơ \(code).", "No dossier \(code).")
        }
        let principal = session.principal
        let moment = now()
        do {
            let body = try eventBody(form, principal: principal)
            let event: CaseEvent
            do {
                event = try APIRequestBody.decodeEvent(body: body, dossier: dossierCode, actor: principal.name, defaultAt: moment)
            } catch {
                throw WebError(.unprocessableContent, Self.fieldMessage(error.message.vietnamese, error.field), error.message.english)
            }
            let idempotency = form["_idem"].map { key in
                IdempotencyRequest(
                    scope: principal.idempotencyScope,
                    key: "web:" + key,
                    requestHash: Self.digest("POST /ho-so/\(code)/su-kien\n" + body)
                )
            }
            let outcome = try await dossiers.append(
                code: code,
                kind: event.kind,
                at: moment,
                actor: principal.name,
                scope: DossierScope(principal),
                idempotency: idempotency
            )
            let type = outcome.entry.event.eventType
            context.logger.info("dossier event (web)", metadata: ["dossier": "\(code)", "type": "\(type.rawValue)"])
            switch type {
            case .supplementRequested: return Self.redirect("/ho-so/\(code)/phieu-bo-sung?moi=1")
            case .refused: return Self.redirect("/ho-so/\(code)/phieu-tu-choi?moi=1")
            case .apologized: return Self.redirect("/ho-so/\(code)/phieu-xin-loi?moi=1")
            default: return Self.redirect("/ho-so/\(code)?da-ghi=\(type.rawValue)#lich-su")
            }
        } catch let error as WebError where error.status == .unprocessableContent {
            return try await renderDossier(
                code: code,
                session: session,
                notice: .error(error.message.vietnamese, error.message.english),
                status: error.status
            )
        } catch let error as StoreError {
            let problem = APIError.from(error)
            guard problem.status == .unprocessableContent || problem.status == .conflict else { throw error }
            return try await renderDossier(
                code: code,
                session: session,
                notice: .error(problem.message.vietnamese, problem.message.english),
                status: problem.status
            )
        }
    }

    /// The transition as the API's JSON body (`{"type": …, fields}`), decoded by the same decoder as the API's.
    func eventBody(_ form: FormData, principal: Principal) throws -> String {
        guard let typeName = form["type"], let type = CaseEventType(rawValue: typeName), type != .received else {
            throw WebError(.unprocessableContent, "Thao tác không hợp lệ.", "Unknown action.")
        }
        var body: [String: Any] = ["type": type.rawValue]
        func text(_ key: String, _ field: String) { if let value = form[field] { body[key] = value } }
        func amount(_ field: String) throws {
            guard let raw = form[field] else { return }
            guard let value = Int(raw.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: " ", with: "")), value >= 0 else {
                throw WebError(.unprocessableContent, "Số tiền phải là số đồng không âm.", "The amount must be a non-negative number of VND.")
            }
            body["amount"] = value
        }
        switch type {
        case .received, .processingStarted, .supplementReceived:
            break
        case .handedOver:
            text("from", "tu")
            text("to", "den")
        case .supplementRequested, .refused, .stopped, .withdrawn:
            text("reason", "ly-do")
        case .feeRequested:
            try amount("so-tien")
        case .feePaid:
            try amount("so-tien")
            body["online"] = form.isChecked("truc-tuyen")
        case .componentDigitized:
            text("component", "thanh-phan")
            body["reused"] = form.isChecked("tai-su-dung")
        case .apologized:
            text("reason", "ly-do")
            if let raw = form["han-moi"] {
                guard let date = WebFormat.parseInputMoment(raw) else {
                    throw WebError(.unprocessableContent, "Ngày hẹn mới không hợp lệ.", "The new appointment is not a valid moment.")
                }
                body["new_due"] = VietnamTime.rfc3339(date)
            }
        case .resultReady:
            body["electronic"] = form.isChecked("dien-tu")
            text("result_code", "ma-ket-qua")
            text("sha256", "sha256")
        case .resultDigitized:
            text("sha256", "sha256")
        case .returned:
            text("channel", "kenh")
            if form["kenh"] == Channel.postal.rawValue { text("tracking", "ma-buu-gui") }
        }
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
