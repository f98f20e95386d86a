import CaseDomain
import CaseStore
import CaseTestSupport
import Foundation
import Logging
import Postgres
import Testing

@Suite("The working calendar in the database")
struct CalendarStoreTests {
    @Test("the seeded holiday table holds exactly the official calendars of 2020–2026")
    func seedMatchesOfficialData() async throws {
        let db = try await TestDatabase.make("calendarseed", migrations: Database.migrations)
        defer { Task { await db.client.shutdown() } }
        let store = ReferenceStore(database: Database(client: db.client, logger: Logger(label: "test")))
        let years = try await store.calendarYears()
        #expect(years.map(\.year) == Array(OfficialCalendars.years))
        #expect(years.allSatisfy { $0.status == "confirmed" })
        let stored = try await store.storedCalendarDays()
        let official = OfficialCalendars.years.flatMap { OfficialCalendars.days(year: $0) ?? [] }
        #expect(stored.count == official.count)
        #expect(Set(stored) == Set(official))
        let fromDatabase = try await store.workingDays()
        var day = LocalDate(year: 2020, month: 1, day: 1)!
        while day.year <= 2030 {
            #expect(fromDatabase.isWorkingDay(day) == WorkingDays.builtIn.isWorkingDay(day), "\(day)")
            day = day.adding(days: 1)
        }
    }

    @Test("an admin's edit of a provisional year keeps its computed days and changes only the edited one")
    func editProvisionalYear() async throws {
        let db = try await TestDatabase.make("calendaredit", migrations: Database.migrations)
        defer { Task { await db.client.shutdown() } }
        let store = ReferenceStore(database: Database(client: db.client, logger: Logger(label: "test")))
        let bridge = CalendarDay(
            date: LocalDate(year: 2030, month: 4, day: 29)!,
            name: "Nghỉ hoán đổi",
            kind: .bridge,
            source: .official,
            reference: "Thông báo 1/TB-BNV"
        )
        try await store.setCalendarDay(bridge)
        let days = try await store.workingDays()
        #expect(!days.isWorkingDay(bridge.date))
        // The computed holidays of 2030 are still there.
        for holiday in HolidayRules.provisionalDays(year: 2030) where holiday.kind.isDayOff {
            #expect(!days.isWorkingDay(holiday.date), "\(holiday.date) \(holiday.name)")
        }
        #expect(try await store.removeCalendarDay(bridge.date))
        #expect(try await store.workingDays().isWorkingDay(bridge.date))
        #expect(try await store.removeCalendarDay(bridge.date) == false)
    }
}
