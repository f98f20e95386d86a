public import CaseDomain
import Foundation
public import Hummingbird

/// `GET /api/v1/calendar/{year}`: every day off and swapped working day of a year, as `tthc calendar holidays`.
struct CalendarController {
    let references: any ReferenceRepository

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("calendar/{year}", use: holidays)
        return routes
    }

    @Sendable func holidays(_ request: Request, context: AppRequestContext) async throws -> [HolidayJSON] {
        guard let year = context.parameters.get("year", as: Int.self), (1900...2100).contains(year) else {
            throw APIError.badRequest("Năm phải là số từ 1900 đến 2100.", "The year must be a number from 1900 to 2100.", field: "year")
        }
        let days = try await references.workingDays().days(year: year)
        return days.map(HolidayJSON.init)
    }
}

/// The JSON shape of one calendar day, shared by the API and `tthc calendar holidays --format json`.
public struct HolidayJSON: Codable, Sendable, Equatable, ResponseEncodable {
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
