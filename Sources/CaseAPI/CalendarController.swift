public import CaseDomain
import CaseStore
import Foundation
import Hummingbird

/// `GET /api/v1/calendar/{year}`: every day off and swapped working day of a year, as `tthc calendar holidays`.
struct CalendarController {
    let references: ReferenceStore

    func addRoutes(to group: CatalogedGroup) {
        group.get("calendar/{year}", use: holidays)
    }

    @Sendable func holidays(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let year = context.parameters.get("year", as: Int.self), (1900...2100).contains(year) else {
            throw APIError.badRequest("Năm phải là số từ 1900 đến 2100.", "The year must be a number from 1900 to 2100.", field: "year")
        }
        let days = try await references.workingDays().days(year: year)
        return try JSONResponse.make(days.map(HolidayJSON.init))
    }
}

/// The JSON shape of one calendar day, shared by the API and `tthc calendar holidays --format json`.
public struct HolidayJSON: Codable, Sendable, Equatable {
    public var date: String
    public var name: String
    public var kind: String
    public var source: String
    public var reference: String

    public init(_ day: CalendarDay) {
        self.date = day.date.description
        self.name = day.name
        self.kind = day.kind.rawValue
        self.source = day.source.rawValue
        self.reference = day.reference
    }
}

/// JSON responses with the project's conventions: UTF-8, no escaped slashes, stable key order.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(VietnamTime.rfc3339(date))
        }
        return encoder
    }()

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let data = try encoder.encode(value)
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: .init(bytes: data)))
    }
}
