import CaseAPI
import CaseDomain
import Foundation
import Hummingbird
import Logging

/// The printable slips of Circular 01/2018/TT-VPCP (annex forms), on A5 paper:
/// Mẫu 01 (receipt and appointment), Mẫu 02 (supplement request), Mẫu 03 (refusal), Mẫu 04 (apology and new
/// appointment). Each is a page of its own that prints without the site's header and navigation.
extension WebInterface {
    struct SlipContent {
        var dossierCode: String
        var formNumber: String
        var agencyName: String
        var placeAndDay: String
        var applicantName: String
        var applicantAddress: String?
        var applicantPhone: String?
        var applicantEmail: String?
        var procedureName: String
        var receivedText: String
        var receivedDayText: String
        var dueText: String
        var limitText: String
        var channelText: String
        var components: [SlipComponent]
        var componentCount: String
        var reason: String
        var eventText: String
        var newDueText: String
        var staffName: String
        var returnPlace: String
    }

    struct SlipComponent {
        var number: Int
        var componentName: String
        var digitizedNote: String
    }

    enum Slip: String, CaseIterable {
        case receipt = "phieu-tiep-nhan"
        case supplement = "phieu-bo-sung"
        case refusal = "phieu-tu-choi"
        case apology = "phieu-xin-loi"

        var template: String { "slip-" + rawValue }

        var title: String {
            switch self {
            case .receipt: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
            case .supplement: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
            case .refusal: "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
            case .apology: "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
            }
        }

        var formNumber: String {
            switch self {
            case .receipt: "Mẫu số 01"
            case .supplement: "Mẫu số 02"
            case .refusal: "Mẫu số 03"
            case .apology: "Mẫu số 04"
            }
        }

        /// The event a slip documents (the receipt documents the registration itself).
        var event: CaseEventType {
            switch self {
            case .receipt: .received
            case .supplement: .supplementRequested
            case .refusal: .refused
            case .apology: .apologized
            }
        }

        var justIssued: (String, String) {
            switch self {
            case .receipt: ("Đã tiếp nhận hồ sơ. In giấy tiếp nhận và trao cho người nộp.", "Dossier received. Print the slip for the applicant.")
            case .supplement: ("Đã ghi nhận yêu cầu bổ sung; thời hạn tạm dừng.", "Supplement requested; the clock is paused.")
            case .refusal: ("Đã ghi nhận từ chối tiếp nhận.", "Refusal recorded.")
            case .apology: ("Đã ghi nhận phiếu xin lỗi và hẹn lại.", "Apology recorded.")
            }
        }
    }

    static func returnPlace(_ channel: Channel) -> String {
        switch channel {
        case .postal: "Qua dịch vụ bưu chính công ích"
        case .online: "Cổng dịch vụ công"
        case .direct: "Bộ phận Một cửa"
        }
    }

    func addSlipRoutes(to pages: RouterGroup<WebRequestContext>) {
        for slip in Slip.allCases {
            pages.get("ho-so/{code}/\(slip.rawValue)") { request, context in try await slipPage(slip, request, context: context) }
        }
    }

    func slipPage(_ slip: Slip, _ request: Request, context: WebRequestContext) async throws -> Response {
        let session = try context.require(.clerk, .officer, .locality, .admin, returnTo: Self.here(request))
        let code = try context.parameters.require("code")
        let scope = DossierScope(session.principal)
        async let recordResult = dossiers.dossier(code: code, scope: scope)
        async let timelineResult = dossiers.timeline(code: code, scope: scope)
        guard let record = try await recordResult else {
            throw WebError.notFound("Không tìm thấy hồ sơ \(code).", "No dossier \(code).")
        }
        async let procedureResult = references.procedure(agency: record.agency, code: record.procedure, on: record.procedureValidFrom)
        let (timeline, procedure) = try await (timelineResult, procedureResult)
        guard let entry = timeline.last(where: { $0.event.eventType == slip.event }) else {
            throw WebError.notFound(
                "Hồ sơ \(code) chưa có \(slip.title.lowercased()).",
                "Dossier \(code) has no such slip (no \(slip.event.rawValue) event)."
            )
        }
        let names = Dictionary((procedure?.components ?? []).map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        var reason = ""
        var newDue: Date?
        switch entry.event.kind {
        case .supplementRequested(let text), .refused(let text): reason = text
        case .apologized(let text, let due):
            reason = text
            newDue = due
        default: break
        }
        let applicant = record.applicant
        let content = SlipContent(
            dossierCode: record.code,
            formNumber: slip.formNumber,
            agencyName: record.agencyName,
            placeAndDay: WebFormat.slipDay(entry.event.at).prefix(1).uppercased() + WebFormat.slipDay(entry.event.at).dropFirst(),
            applicantName: applicant.name,
            applicantAddress: applicant.address,
            applicantPhone: applicant.phone,
            applicantEmail: applicant.email,
            procedureName: record.procedureName,
            receivedText: WebFormat.slipMoment(record.receivedAt),
            receivedDayText: WebFormat.slipDay(record.receivedAt),
            dueText: WebFormat.slipMoment(record.originalDue),
            limitText: WebFormat.timeLimit(record.timeLimit),
            channelText: record.channel.vietnameseLabel,
            components: record.components.enumerated().map { index, component in
                SlipComponent(
                    number: index + 1,
                    componentName: names[component.code].map { "\($0) (\(component.code))" } ?? component.code,
                    digitizedNote: component.digitized ? (component.reused ? "Đã số hóa, tái sử dụng" : "Đã số hóa") : ""
                )
            },
            componentCount: "01 (một) bộ",
            reason: reason,
            eventText: WebFormat.slipMoment(entry.event.at),
            newDueText: newDue.map(WebFormat.slipMoment) ?? "",
            staffName: entry.event.actor ?? "",
            returnPlace: Self.returnPlace(record.channel)
        )
        var notice: Page<SlipContent>.Notice?
        if request.uri.queryParameters.get("moi") != nil { notice = .ok(slip.justIssued.0, slip.justIssued.1) }
        return try renderer.response(slip.template, Page("\(slip.title) \(record.code)", session: session, notice: notice, content: content))
    }
}
