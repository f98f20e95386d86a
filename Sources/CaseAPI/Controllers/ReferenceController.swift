public import CaseDomain
import Foundation
public import Hummingbird
import NIOCore

/// The catalogue (agencies, localities, procedures: public to read, admin to change), the admin's calendar edits,
/// and the case-log import and export for admins.
struct ReferenceController {
    let references: any ReferenceRepository
    let dossiers: any DossierRepository
    let caseLog: any CaseLogRepository

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("agencies", use: agencies)
        routes.put("agencies/{code}", use: putAgency)
        routes.get("localities", use: localities)
        routes.put("localities/{code}", use: putLocality)
        routes.get("procedures", use: procedures)
        routes.put("procedures/{agency}/{code}/{validFrom}", use: putProcedure)
        routes.put("calendar/days/{date}", use: putCalendarDay)
        routes.delete("calendar/days/{date}", use: deleteCalendarDay)
        routes.post("import", use: importLog)
        routes.get("export", use: exportLog)
        return routes
    }

    // MARK: JSON shapes

    struct AgencyJSON: Codable, ResponseEncodable {
        var code: String
        var name: String
        var identifier: String
        var officeHours: [SessionJSON]

        enum CodingKeys: String, CodingKey {
            case code, name, identifier
            case officeHours = "office_hours"
        }

        init(_ agency: Agency) {
            code = agency.code
            name = agency.name
            identifier = agency.identifier
            officeHours = agency.officeHours.sessions.map { SessionJSON(start: Self.clock($0.start), end: Self.clock($0.end)) }
        }

        static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
    }

    struct SessionJSON: Codable, Equatable {
        var start: String
        var end: String
    }

    struct LocalityJSON: Codable, ResponseEncodable {
        var code: String
        var name: String
        var level: String
        var parentCode: String?

        enum CodingKeys: String, CodingKey {
            case code, name, level
            case parentCode = "parent_code"
        }
    }

    struct ProcedureJSON: ResponseEncodable {
        var agency: String
        var code: String
        var name: String
        var field: String?
        var validFrom: String
        var timeLimit: DossierJSON.TimeLimitJSON
        var online: String
        var postal: Bool
        var writtenResult: Bool
        var fee: Int
        var components: [ProcedureComponentJSON]

        enum CodingKeys: String, CodingKey {
            case agency, code, name, field
            case validFrom = "valid_from"
            case timeLimit = "time_limit"
            case online, postal
            case writtenResult = "written_result"
            case fee, components
        }

        init(_ procedure: ProcedureRecord) {
            agency = procedure.agency
            code = procedure.code
            name = procedure.name
            field = procedure.field
            validFrom = procedure.validFrom.description
            timeLimit = .init(value: procedure.timeLimit.value, unit: procedure.timeLimit.unit.rawValue)
            online = procedure.online.rawValue
            postal = procedure.postal
            writtenResult = procedure.writtenResult
            fee = procedure.fee
            components = procedure.components.map { ProcedureComponentJSON(code: $0.code, name: $0.name) }
        }
    }

    struct ProcedureComponentJSON: Encodable {
        var code: String
        var name: String
    }

    // MARK: Agencies

    @Sendable func agencies(_ request: Request, context: AppRequestContext) async throws -> [AgencyJSON] {
        try await references.agencies().map(AgencyJSON.init)
    }

    @Sendable func putAgency(_ request: Request, context: AppRequestContext) async throws -> AgencyJSON {
        _ = try context.require(.admin)
        let code = try context.parameters.require("code")
        let body = try await RequestBody.text(of: request, context: context)
        let decoded = try Self.decode(body: body, type: "agency", inject: ["code": code], extras: ["office_hours"])
        guard case .agency(let record) = decoded.line else { throw APIError.badRequest("Nội dung không hợp lệ.", "Invalid body.") }
        var hours = OfficeHours.standard
        if let raw = decoded.extras["office_hours"] {
            guard let sessions = try? JSONDecoder().decode([SessionJSON].self, from: Data(raw.utf8)),
                let parsed = try? OfficeHours(sessions: sessions.map { try Self.session($0) })
            else {
                throw APIError.badRequest(
                    "office_hours phải là danh sách {\"start\":\"07:30\",\"end\":\"11:30\"} tăng dần, không chồng lấn.",
                    "office_hours must be a list of {\"start\":\"07:30\",\"end\":\"11:30\"}, ascending and not overlapping.",
                    field: "office_hours"
                )
            }
            hours = parsed
        }
        let agency = Agency(code: record.code, name: record.name, identifier: record.identifier, officeHours: hours)
        try await references.upsert(agency)
        dossiers.invalidateReferenceData()
        return AgencyJSON(agency)
    }

    static func session(_ json: SessionJSON) throws -> OfficeHours.Session {
        func minutes(_ text: String) throws -> Int {
            let parts = text.split(separator: ":")
            guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0...24).contains(hour), (0...59).contains(minute)
            else { throw APIError.badRequest("Giờ không hợp lệ: \(text).", "Invalid time: \(text).", field: "office_hours") }
            return hour * 60 + minute
        }
        return OfficeHours.Session(start: try minutes(json.start), end: try minutes(json.end))
    }

    // MARK: Localities

    @Sendable func localities(_ request: Request, context: AppRequestContext) async throws -> [LocalityJSON] {
        try await references.localities().map { LocalityJSON(code: $0.code, name: $0.name, level: $0.level.rawValue, parentCode: $0.parentCode) }
    }

    @Sendable func putLocality(_ request: Request, context: AppRequestContext) async throws -> LocalityJSON {
        _ = try context.require(.admin)
        let code = try context.parameters.require("code")
        let body = try await RequestBody.text(of: request, context: context)
        let json = try StrictJSON.decode(LocalityBody.self, from: body, allowed: ["name", "level", "parent_code"])
        guard let level = Locality.Level(rawValue: json.level) else {
            throw APIError.badRequest(
                "level phải là province, district hoặc commune.",
                "level must be province, district or commune.",
                field: "level"
            )
        }
        let name = json.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...300).contains(name.count) else {
            throw APIError.badRequest("Tên địa phương không được trống.", "A locality needs a name.", field: "name")
        }
        // PostgreSQL refuses NUL in text (a 500 found by the fuzz suite): no control character in any field, as in the case log.
        for (field, value) in [("code", code), ("name", name), ("parent_code", json.parentCode ?? "")]
        where value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw APIError.badRequest("\(field) chứa ký tự điều khiển.", "\(field) contains a control character.", field: field)
        }
        let locality = Locality(code: code, name: name, level: level, parentCode: json.parentCode)
        try await references.upsert(locality)
        return LocalityJSON(code: code, name: name, level: level.rawValue, parentCode: json.parentCode)
    }

    struct LocalityBody: Decodable {
        var name: String
        var level: String
        var parentCode: String?

        enum CodingKeys: String, CodingKey {
            case name, level
            case parentCode = "parent_code"
        }
    }

    // MARK: Procedures

    @Sendable func procedures(_ request: Request, context: AppRequestContext) async throws -> [ProcedureJSON] {
        let agency = request.uri.queryParameters.get("agency").flatMap { $0.isEmpty ? nil : $0 }
        try StrictJSON.onlyQuery(request, allowed: ["agency"])
        return try await references.procedures(agency: agency).map(ProcedureJSON.init)
    }

    @Sendable func putProcedure(_ request: Request, context: AppRequestContext) async throws -> ProcedureJSON {
        _ = try context.require(.admin)
        let agency = try context.parameters.require("agency")
        let code = try context.parameters.require("code")
        let validFrom = try context.parameters.require("validFrom")
        guard LocalDate(iso: validFrom) != nil else {
            throw APIError.badRequest("valid_from phải là ngày YYYY-MM-DD.", "valid_from must be a date YYYY-MM-DD.", field: "valid_from")
        }
        let body = try await RequestBody.text(of: request, context: context)
        let decoded = try Self.decode(body: body, type: "procedure", inject: ["agency": agency, "code": code, "valid_from": validFrom])
        guard case .procedure(let procedure) = decoded.line else { throw APIError.badRequest("Nội dung không hợp lệ.", "Invalid body.") }
        try await references.upsert(procedure)
        dossiers.invalidateReferenceData()
        return ProcedureJSON(procedure)
    }

    static func decode(
        body: String,
        type: String,
        inject: [String: String],
        extras: Set<String> = []
    ) throws -> (
        line: CaseLogLine, extras: [String: String]
    ) {
        do {
            return try APIRequestBody.decodeReference(body: body, type: type, inject: inject, extras: extras)
        } catch {
            throw APIError(.badRequest, code: "invalid_body", message: error.message, field: error.field)
        }
    }

    // MARK: Calendar

    @Sendable func putCalendarDay(_ request: Request, context: AppRequestContext) async throws -> HolidayJSON {
        _ = try context.require(.admin)
        let date = try Self.date(context)
        let body = try await RequestBody.text(of: request, context: context)
        let json = try StrictJSON.decode(CalendarDayBody.self, from: body, allowed: ["name", "kind", "reference"])
        guard let kind = DayKind(rawValue: json.kind) else {
            throw APIError.badRequest(
                "kind phải là holiday, substitute, bridge hoặc workday.",
                "kind must be holiday, substitute, bridge or workday.",
                field: "kind"
            )
        }
        let name = json.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let reference = json.reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, !reference.isEmpty else {
            throw APIError.badRequest(
                "Cần tên ngày và số hiệu văn bản làm căn cứ (reference).",
                "A name and the reference of the decision or notice are required.",
                field: name.isEmpty ? "name" : "reference"
            )
        }
        let day = CalendarDay(date: date, name: name, kind: kind, source: .official, reference: reference)
        try await references.setCalendarDay(day)
        dossiers.invalidateReferenceData()
        return HolidayJSON(day)
    }

    @Sendable func deleteCalendarDay(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        _ = try context.require(.admin)
        let date = try Self.date(context)
        guard try await references.removeCalendarDay(date) else {
            throw APIError.notFound("Ngày \(date) không có trong lịch nghỉ.", "\(date) is not in the calendar.")
        }
        dossiers.invalidateReferenceData()
        return .noContent
    }

    struct CalendarDayBody: Decodable {
        var name: String
        var kind: String
        var reference: String
    }

    static func date(_ context: AppRequestContext) throws -> LocalDate {
        let text = try context.parameters.require("date")
        guard let date = LocalDate(iso: text), (1900...2100).contains(date.year) else {
            throw APIError.badRequest("Ngày phải có dạng YYYY-MM-DD (1900–2100).", "The date must be YYYY-MM-DD (1900–2100).", field: "date")
        }
        return date
    }

    // MARK: Import and export

    @Sendable func importLog(_ request: Request, context: AppRequestContext) async throws -> ImportSummary {
        _ = try context.require(.admin)
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        // Invalid UTF-8 was imported with U+FFFD in its place (found by the bad-input suite): refuse it, as the JSON bodies.
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw APIError.badRequest("Nội dung không phải UTF-8 hợp lệ.", "The body is not valid UTF-8.")
        }
        do {
            let summary = try await caseLog.importText(text)
            dossiers.invalidateReferenceData()
            return summary
        } catch let error as ImportError {
            var problem = APIError(.unprocessableContent, code: "import_failed", message: error.message)
            problem.field = "line \(error.lineNumber)"
            throw problem
        }
    }

    @Sendable func exportLog(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.admin)
        try StrictJSON.onlyQuery(request, allowed: ["agency", "from", "to"])
        let query = request.uri.queryParameters
        guard let agency = query.get("agency"), !agency.isEmpty else {
            throw APIError.badRequest("Thiếu tham số agency.", "The agency parameter is required.", field: "agency")
        }
        guard let from = query.get("from").flatMap(LocalDate.init(iso:)), let to = query.get("to").flatMap(LocalDate.init(iso:)), from < to
        else {
            throw APIError.badRequest(
                "from và to phải là ngày YYYY-MM-DD, from trước to.",
                "from and to must be dates YYYY-MM-DD, from before to.",
                field: "from"
            )
        }
        guard try await references.agency(code: agency) != nil else {
            throw APIError.notFound("Không có cơ quan mã \(agency).", "No agency with code \(agency).")
        }
        let caseLog = self.caseLog
        let body = ResponseBody { writer in
            var pending = ByteBuffer()
            _ = try await caseLog.export(
                agency: agency,
                from: VietnamTime.date(from, minutesAfterMidnight: 0),
                to: VietnamTime.date(to, minutesAfterMidnight: 0)
            ) { line in
                pending.writeString(line)
            }
            try await writer.write(pending)
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/x-ndjson; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(agency)-\(from)-\(to).jsonl\"",
            ],
            body: body
        )
    }
}

/// JSON bodies decoded strictly: an unknown member is a 400, as are wrong types.
enum StrictJSON {
    static func decode<T: Decodable>(_ type: T.Type, from body: String, allowed: Set<String>) throws -> T {
        let data = Data(body.utf8)
        guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: data) else {
            throw APIError(
                .badRequest,
                code: "invalid_body",
                vietnamese: "Nội dung phải là một đối tượng JSON.",
                english: "The body must be a JSON object."
            )
        }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError(
                .badRequest,
                code: "invalid_body",
                vietnamese: "Trường không được hỗ trợ: \(unknown).",
                english: "Unknown field: \(unknown).",
                field: unknown
            )
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw APIError(
                .badRequest,
                code: "invalid_body",
                vietnamese: "Thiếu trường \(key.stringValue).",
                english: "Missing field \(key.stringValue).",
                field: key.stringValue
            )
        } catch {
            throw APIError(
                .badRequest,
                code: "invalid_body",
                vietnamese: "Kiểu dữ liệu không đúng.",
                english: "A field has the wrong type."
            )
        }
    }

    static func onlyQuery(_ request: Request, allowed: Set<String>) throws {
        for (key, _) in request.uri.queryParameters where !allowed.contains(String(key)) {
            throw APIError.badRequest("Tham số không được hỗ trợ: \(key).", "Unknown query parameter: \(key).", field: String(key))
        }
    }
}

extension ImportSummary: ResponseEncodable {}
