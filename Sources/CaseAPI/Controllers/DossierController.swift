public import CaseDomain
import Crypto
import Foundation
public import Hummingbird
import NIOCore

/// The dossier endpoints of `/api/v1`: registration, transitions, reads, and the public look-up.
struct DossierController {
    let dossiers: any DossierRepository
    let publicLimiter: RateLimiter
    let now: @Sendable () -> Date

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("dossiers", use: register)
        routes.get("dossiers", use: list)
        routes.get("dossiers/{code}", use: show)
        routes.post("dossiers/{code}/events", use: appendEvent)
        routes.get("public/dossiers/{code}", use: publicLookup)
        return routes
    }

    // MARK: Registration

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<RegistrationJSON> {
        let principal = try context.require(.clerk, .locality, .admin)
        let body = try await RequestBody.text(of: request, context: context)
        let idempotency = try IdempotencyKey.from(request, body: body, principal: principal)
        let moment = now()
        let placeholder = try DossierCode(agencyIdentifier: "X", year: 2000, month: 1, day: 1, sequence: 1)
        let registration: APIRequestBody.Registration
        do {
            registration = try APIRequestBody.decodeRegistration(
                body: body,
                placeholder: placeholder,
                actor: principal.name,
                defaultAgency: principal.role == .clerk ? principal.agency : nil
            )
        } catch {
            throw APIError(.badRequest, code: "invalid_body", message: error.message, field: error.field)
        }
        let receipt = registration.receipt
        switch principal.role {
        case .clerk where receipt.agency != principal.agency:
            throw APIError(
                .forbidden,
                code: "other_agency",
                vietnamese: "Cán bộ chỉ tiếp nhận hồ sơ cho cơ quan của mình (\(principal.agency ?? "")).",
                english: "A clerk registers dossiers only for their own agency (\(principal.agency ?? "")).",
                field: "agency"
            )
        case .locality where receipt.applicant.locality != principal.locality:
            throw APIError(
                .forbidden,
                code: "other_locality",
                vietnamese: "Địa phương chỉ nộp hồ sơ của người nộp thuộc địa phương mình (applicant.locality = \(principal.locality ?? "")).",
                english: "A locality submits only dossiers whose applicant belongs to it (applicant.locality = \(principal.locality ?? "")).",
                field: "applicant.locality"
            )
        default:
            break
        }
        let receivedAt = registration.receivedAt ?? moment
        if receivedAt > moment.addingTimeInterval(300) || receivedAt < moment.addingTimeInterval(-31 * 86_400) {
            throw APIError(
                .unprocessableContent,
                code: "invalid",
                vietnamese: "received_at phải trong vòng 31 ngày trước đến thời điểm hiện tại.",
                english: "received_at must be within the last 31 days and not in the future.",
                field: "received_at"
            )
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
                receivedAt: receivedAt,
                actor: principal.name
            ),
            idempotency: idempotency
        )
        var headers = HTTPFields()
        headers[.location] = "/api/v1/dossiers/\(outcome.record.code)"
        if case .replayed = outcome { headers[.idempotentReplayed] = "true" }
        return EditedResponse(status: .created, headers: headers, response: RegistrationJSON(outcome.record, now: receivedAt))
    }

    // MARK: Reads

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> DossierJSON {
        let principal = try context.require(.clerk, .officer, .locality, .admin)
        let code = try context.parameters.require("code")
        let scope = DossierScope(principal)
        guard let record = try await dossiers.dossier(code: code, scope: scope) else {
            throw APIError.notFound("Không tìm thấy hồ sơ \(code).", "No dossier \(code).")
        }
        let timeline = try await dossiers.timeline(code: code, scope: scope)
        return DossierJSON(record, now: now(), timeline: timeline)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> DossierPageJSON {
        let principal = try context.require(.clerk, .officer, .locality, .admin)
        let filter = try ListQuery.filter(from: request.uri.queryParameters)
        let moment = now()
        let page = try await dossiers.list(filter, scope: DossierScope(principal), now: moment)
        return DossierPageJSON(items: page.items.map { DossierJSON($0, now: moment) }, nextCursor: page.nextCursor)
    }

    @Sendable func publicLookup(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<PublicDossierJSON> {
        guard publicLimiter.allow(context.remoteAddress ?? "unknown") else {
            var problem = APIError.tooManyRequests
            problem.headers[.retryAfter] = "60"
            throw problem
        }
        let code = try context.parameters.require("code")
        guard let dossier = try await dossiers.publicLookup(code: code) else {
            throw APIError.notFound(
                "Không tìm thấy hồ sơ có mã \(code). Hãy kiểm tra lại mã trên phiếu tiếp nhận.",
                "No dossier with code \(code). Check the code on the receipt slip."
            )
        }
        return EditedResponse(headers: [.cacheControl: "no-store"], response: PublicDossierJSON(dossier))
    }

    // MARK: Transitions

    @Sendable func appendEvent(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<EventResponseJSON> {
        let principal = try context.require(.clerk, .officer, .admin)
        let code = try context.parameters.require("code")
        let body = try await RequestBody.text(of: request, context: context)
        let idempotency = try IdempotencyKey.from(request, body: body, principal: principal)
        guard let dossierCode = try? DossierCode.parse(code) else {
            throw APIError.notFound("Không tìm thấy hồ sơ \(code).", "No dossier \(code).")
        }
        let moment = now()
        let event: CaseEvent
        do {
            event = try APIRequestBody.decodeEvent(body: body, dossier: dossierCode, actor: principal.name, defaultAt: moment)
        } catch {
            throw APIError(.badRequest, code: "invalid_body", message: error.message, field: error.field)
        }
        if event.at > moment.addingTimeInterval(300) {
            throw APIError(
                .unprocessableContent,
                code: "invalid",
                vietnamese: "Thời điểm at không được ở tương lai.",
                english: "at must not be in the future.",
                field: "at"
            )
        }
        let outcome = try await dossiers.append(
            code: code,
            kind: event.kind,
            at: event.at,
            actor: principal.name,
            scope: DossierScope(principal),
            idempotency: idempotency
        )
        var headers = HTTPFields()
        if outcome.replayed { headers[.idempotentReplayed] = "true" }
        return EditedResponse(
            status: .created,
            headers: headers,
            response: EventResponseJSON(dossier: code, event: TimelineJSON(outcome.entry), status: .init(outcome.entry.toStatus))
        )
    }
}

/// A page of the dossier list.
struct DossierPageJSON: ResponseEncodable {
    var items: [DossierJSON]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }
}

/// The answer to an appended event: the dossier, the event as its timeline shows it, and the new status.
struct EventResponseJSON: ResponseEncodable {
    var dossier: String
    var event: TimelineJSON
    var status: DossierJSON.StatusJSON
}

/// The registration response: the data of the receipt slip (Mẫu 01, Circular 01/2018/TT-VPCP).
struct RegistrationJSON: ResponseEncodable {
    var code: String
    var agency: DossierJSON.Reference
    var procedure: DossierJSON.ProcedureRef
    var channel: String
    var status: DossierJSON.StatusJSON
    var applicant: DossierJSON.ApplicantJSON
    var components: [DossierJSON.ComponentJSON]
    var fee: Int
    var postalTracking: String?
    var receivedAt: Date
    var effectiveReceiptDay: String?
    var due: Date
    var links: [String: String]

    enum CodingKeys: String, CodingKey {
        case code, agency, procedure, channel, status, applicant, components, fee
        case postalTracking = "postal_tracking"
        case receivedAt = "received_at"
        case effectiveReceiptDay = "effective_receipt_day"
        case due, links
    }

    init(_ record: DossierRecord, now: Date) {
        let full = DossierJSON(record, now: now)
        code = full.code
        agency = full.agency
        procedure = full.procedure
        channel = full.channel
        status = full.status
        applicant = full.applicant
        components = full.components
        fee = full.fee
        postalTracking = full.postalTracking
        receivedAt = full.receivedAt
        effectiveReceiptDay = full.effectiveReceiptDay
        due = record.originalDue
        links = full.links
    }
}

/// Reads a request body as UTF-8 text, within the size limit.
enum RequestBody {
    static func text(of request: Request, context: AppRequestContext) async throws -> String {
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            throw APIError(
                .unsupportedMediaType,
                code: "unsupported_media_type",
                vietnamese: "Nội dung phải là JSON (Content-Type: application/json).",
                english: "The body must be JSON (Content-Type: application/json)."
            )
        }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes),
            String(decoding: text.utf8, as: UTF8.self) == text,
            Array(text.utf8) == buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes)
        else {
            throw APIError.badRequest("Nội dung không phải UTF-8 hợp lệ.", "The body is not valid UTF-8.")
        }
        return text
    }
}

/// `Idempotency-Key`: the key and the digest of the request it came with.
enum IdempotencyKey {
    static func from(_ request: Request, body: String, principal: Principal) throws -> IdempotencyRequest? {
        guard let key = request.headers[.idempotencyKey] else { return nil }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7e }) else {
            throw APIError.badRequest(
                "Idempotency-Key phải gồm 1–255 ký tự ASCII in được, không có khoảng trắng.",
                "Idempotency-Key must be 1–255 printable ASCII characters without spaces.",
                field: "Idempotency-Key"
            )
        }
        var hasher = SHA256()
        hasher.update(data: Data("\(request.method.rawValue) \(request.uri.path)\n".utf8))
        hasher.update(data: Data(body.utf8))
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return IdempotencyRequest(scope: principal.idempotencyScope, key: key, requestHash: digest)
    }
}

/// Query parameters of the dossier list (shared by the API and the list page).
public enum ListQuery {
    static let known: Set<String> = [
        "agency", "procedure", "status", "channel", "locality", "received_from", "received_before", "overdue", "due_within_days", "sort",
        "limit", "cursor",
    ]

    public static func filter(from parameters: Parameters) throws -> DossierFilter {
        var filter = DossierFilter()
        for (key, _) in parameters where !known.contains(String(key)) {
            throw APIError.badRequest("Tham số không được hỗ trợ: \(key).", "Unknown query parameter: \(key).", field: String(key))
        }
        func value(_ name: String) -> String? {
            parameters.get(name).flatMap { $0.isEmpty ? nil : $0 }
        }
        func moment(_ name: String) throws -> Date? {
            guard let text = value(name) else { return nil }
            if let date = VietnamTime.parseRFC3339(text) { return date }
            if let day = LocalDate(iso: text) { return VietnamTime.date(day, minutesAfterMidnight: 0) }
            throw APIError.badRequest(
                "\(name) phải là ngày YYYY-MM-DD hoặc thời điểm RFC 3339 có múi giờ.",
                "\(name) must be YYYY-MM-DD or RFC 3339 with an offset.",
                field: name
            )
        }
        filter.agency = value("agency")
        filter.procedure = value("procedure")
        filter.locality = value("locality")
        if let status = value("status") {
            guard let parsed = DossierStatus(rawValue: status) else {
                throw APIError.badRequest(
                    "Trạng thái không hợp lệ: \(status).",
                    "Unknown status: \(status) (one of \(DossierStatus.allCases.map(\.rawValue).joined(separator: ", "))).",
                    field: "status"
                )
            }
            filter.status = parsed
        }
        if let channel = value("channel") {
            guard let parsed = Channel(rawValue: channel) else {
                throw APIError.badRequest("Kênh không hợp lệ: \(channel).", "Unknown channel: \(channel) (direct, online, postal).", field: "channel")
            }
            filter.channel = parsed
        }
        filter.receivedFrom = try moment("received_from")
        filter.receivedBefore = try moment("received_before")
        if let overdue = value("overdue") {
            guard overdue == "true" || overdue == "false" else {
                throw APIError.badRequest("overdue phải là true hoặc false.", "overdue must be true or false.", field: "overdue")
            }
            filter.overdue = overdue == "true"
        }
        if let days = value("due_within_days") {
            guard let number = Int(days), (0...365).contains(number) else {
                throw APIError.badRequest("due_within_days phải từ 0 đến 365.", "due_within_days must be 0…365.", field: "due_within_days")
            }
            filter.dueWithinWorkingDays = number
        }
        if let sort = value("sort") {
            guard let parsed = DossierFilter.Sort(rawValue: sort) else {
                throw APIError.badRequest("sort phải là received hoặc due.", "sort must be received or due.", field: "sort")
            }
            filter.sort = parsed
        }
        if let limit = value("limit") {
            guard let number = Int(limit), (1...200).contains(number) else {
                throw APIError.badRequest("limit phải từ 1 đến 200.", "limit must be 1…200.", field: "limit")
            }
            filter.limit = number
        }
        filter.cursor = value("cursor")
        return filter
    }
}
