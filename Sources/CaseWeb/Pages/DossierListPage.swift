import CaseAPI
import CaseDomain
import Foundation
import Hummingbird
import Logging

/// `GET /ho-so`: the dossiers the visitor may see (an agency's for its clerks and officers, a locality's own for the
/// locality, all for an admin), filtered like `GET /api/v1/dossiers` (same query parameters), overdue and due-soon
/// dossiers highlighted. Queries: the session, the procedures for the filter, one page of dossiers.
extension WebInterface {
    struct ListContent {
        var heading: String
        var canRegister: Bool
        var registerLabel: String
        var statusOptions: [SelectOption]
        var channelOptions: [SelectOption]
        var procedureOptions: [SelectOption]
        var dueOptions: [SelectOption]
        var sortOptions: [SelectOption]
        var receivedFrom: String
        var receivedBefore: String
        var overdueOnly: Bool
        var rows: [Row]
        var nothing: Bool
        var nextHref: String?
        var firstHref: String?
        var countText: String
    }

    struct Row {
        var code: String
        var href: String
        var procedureName: String
        var applicantName: String
        var channelLabel: String
        var statusLabel: String
        var receivedText: String
        var dueText: String
        var rowClass: String
        var late: Bool
        var soon: Bool
        var pausedNow: Bool
    }

    /// Open dossiers due within this many working days (from today) are "due soon".
    static let dueSoonWorkingDays = 2

    func listPage(_ request: Request, context: WebRequestContext) async throws -> Response {
        let session = try context.require(.clerk, .officer, .locality, .admin, returnTo: Self.here(request))
        let principal = session.principal
        let parameters = request.uri.queryParameters
        let filter = try ListQuery.filter(from: parameters)
        let moment = now()
        async let pageResult = dossiers.list(filter, scope: DossierScope(principal), now: moment)
        async let proceduresResult = references.procedures(agency: principal.role == .clerk || principal.role == .officer ? principal.agency : nil)
        async let calendarResult = dossiers.calendar(agency: principal.agency ?? "")
        let (page, procedures, calendar) = try await (pageResult, proceduresResult, calendarResult)

        let today = VietnamTime.localDate(of: moment)
        let soonLimit = VietnamTime.date(calendar.days.addingWorkingDays(Self.dueSoonWorkingDays, to: today).adding(days: 1), minutesAfterMidnight: 0)
        let rows = page.items.map { record -> Row in
            let late = record.isOverdue(at: moment)
            let open = record.endedAt == nil
            let soon = open && !late && record.pausedSince == nil && record.due < soonLimit
            return Row(
                code: record.code,
                href: "/ho-so/\(record.code)",
                procedureName: record.procedureName,
                applicantName: record.applicant.name,
                channelLabel: WebText.channel(record.channel),
                statusLabel: WebText.status(record.status),
                receivedText: WebFormat.moment(record.receivedAt),
                dueText: WebFormat.moment(record.due),
                rowClass: late ? "overdue" : soon ? "due-soon" : "",
                late: late,
                soon: soon,
                pausedNow: open && record.pausedSince != nil
            )
        }

        func option(_ value: String, _ label: String, _ current: String?) -> SelectOption {
            SelectOption(value: value, label: label, selected: value == (current ?? ""))
        }
        let status = parameters.get("status")
        let channel = parameters.get("channel")
        let procedure = parameters.get("procedure")
        let due = parameters.get("due_within_days")
        let sort = parameters.get("sort")
        var seenProcedures = Set<String>()
        let procedureOptions =
            [option("", "Tất cả thủ tục", procedure)]
            + procedures.filter { seenProcedures.insert($0.code).inserted }.map { option($0.code, "\($0.code) · \($0.name)", procedure) }

        var nextHref: String?
        if let cursor = page.nextCursor {
            var pairs = parameters.filter { $0.key != "cursor" }.map { (String($0.key), String($0.value)) }
            pairs.append(("cursor", cursor))
            nextHref = "/ho-so?" + pairs.map { "\(WebFormat.queryEscaped($0.0))=\(WebFormat.queryEscaped($0.1))" }.joined(separator: "&")
        }
        var firstHref: String?
        if parameters.get("cursor") != nil {
            let pairs = parameters.filter { $0.key != "cursor" }.map {
                "\(WebFormat.queryEscaped(String($0.key)))=\(WebFormat.queryEscaped(String($0.value)))"
            }
            firstHref = "/ho-so" + (pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&"))
        }
        let content = ListContent(
            heading: principal.role == .locality ? "Hồ sơ của địa phương" : "Danh sách hồ sơ",
            canRegister: principal.role != .officer,
            registerLabel: principal.role == .locality ? "Nộp hồ sơ mới" : "Tiếp nhận hồ sơ mới",
            statusOptions: [option("", "Tất cả trạng thái", status)]
                + DossierStatus.allCases.filter { $0 != .new }.map { option($0.rawValue, $0.vietnameseLabel, status) },
            channelOptions: [option("", "Tất cả kênh", channel)] + Channel.allCases.map { option($0.rawValue, $0.vietnameseLabel, channel) },
            procedureOptions: procedureOptions,
            dueOptions: [
                option("", "Không lọc", due), option("1", "Trong 1 ngày làm việc", due), option("2", "Trong 2 ngày làm việc", due),
                option("5", "Trong 5 ngày làm việc", due),
            ],
            sortOptions: [option("received", "Mới tiếp nhận trước", sort ?? "received"), option("due", "Sắp đến hạn trước", sort)],
            receivedFrom: parameters.get("received_from") ?? "",
            receivedBefore: parameters.get("received_before") ?? "",
            overdueOnly: filter.overdue,
            rows: rows,
            nothing: rows.isEmpty,
            nextHref: nextHref,
            firstHref: firstHref,
            countText: rows.isEmpty ? "" : "\(rows.count) hồ sơ trên trang này"
        )
        return try renderer.response("dossier-list", Page(content.heading, session: session, current: "/ho-so", content: content))
    }
}
