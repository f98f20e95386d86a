import CaseDomain
import CaseStore
import CaseTestSupport
import Foundation
import Logging
import Postgres
import Testing

/// A year migration written by `scripts/new-calendar-year` applies on a database that has every existing
/// migration, also when an administrator already edited that year (stored as provisional).
@Suite("A generated calendar-year migration in the database")
struct CalendarMigrationApplyTests {
    /// A year no migration will ever carry, announced with a quote in a name to check the quoting end to end.
    static let year = 2099
    static let reference = "Bộ luật Lao động 2019, Điều 112; Thông báo 1/TB-BNV (năm 'thử')"
    static let days: [CalendarDay] = [
        CalendarDay(
            date: LocalDate(year: year, month: 1, day: 1)!,
            name: HolidayName.newYear,
            kind: .holiday,
            source: .official,
            reference: "Bộ luật Lao động 2019, Điều 112"
        ),
        CalendarDay(
            date: LocalDate(year: year, month: 5, day: 4)!,
            name: "Ngày 'đặc biệt'",
            kind: .bridge,
            source: .official,
            reference: "Thông báo 1/TB-BNV"
        ),
        CalendarDay(
            date: LocalDate(year: year, month: 5, day: 9)!,
            name: "Ngày 'đặc biệt'",
            kind: .workday,
            source: .official,
            reference: "Thông báo 1/TB-BNV"
        ),
    ]

    /// The existing migrations plus what the generator plans for the pretend year.
    static func migrations() throws -> (all: [Migration], new: Migration) {
        let existing = Database.migrations
        let planned = CalendarMigrations.plan(
            existing: existing.map { (name: $0.name, text: $0.sql) },
            officialYears: [year],
            render: { CalendarMigrations.render(year: $0, reference: reference, days: days) }
        )
        try #require(planned.count == 1)
        let new = Migration(name: planned[0].name, sql: planned[0].text)
        return (existing + [new], new)
    }

    static func check(_ store: ReferenceStore) async throws {
        let years = try await store.calendarYears()
        #expect(years.filter { $0.year == year }.map(\.status) == ["confirmed"])
        #expect(years.first { $0.year == year }?.reference == reference)
        #expect(years.filter { (2020...2026).contains($0.year) }.count == 7)
        let stored = try await store.storedCalendarDays().filter { $0.date.year == year }
        #expect(stored == days)
        let working = try await store.workingDays()
        #expect(!working.isWorkingDay(LocalDate(year: year, month: 5, day: 4)!))
        #expect(working.isWorkingDay(LocalDate(year: year, month: 5, day: 9)!))  // a Saturday made a working day
    }

    @Test("it applies after every existing migration and its rows arrive; migrating again applies nothing")
    func appliesOnCurrentDatabase() async throws {
        let (all, new) = try Self.migrations()
        let db = try await TestDatabase.make("calendaryearmigration", migrations: Database.migrations)
        defer { Task { await db.client.shutdown() } }
        let migrator = Migrator(client: db.client, migrations: all, logger: Logger(label: "test"))
        #expect(try await migrator.migrate() == [new.name])
        #expect(try await migrator.migrate().isEmpty)
        try await Self.check(ReferenceStore(database: Database(client: db.client, logger: Logger(label: "test"))))
    }

    @Test("it replaces a year an administrator already stored as provisional")
    func replacesProvisionalYear() async throws {
        let (all, new) = try Self.migrations()
        let db = try await TestDatabase.make("calendaryearprovisional", migrations: Database.migrations)
        defer { Task { await db.client.shutdown() } }
        let store = ReferenceStore(database: Database(client: db.client, logger: Logger(label: "test")))
        let edit = CalendarDay(
            date: LocalDate(year: Self.year, month: 5, day: 4)!,
            name: "Nghỉ hoán đổi",
            kind: .holiday,
            source: .official,
            reference: "sửa tay"
        )
        try await store.setCalendarDay(edit)
        #expect(try await store.calendarYears().first { $0.year == Self.year }?.status == "provisional")
        #expect(try await Migrator(client: db.client, migrations: all, logger: Logger(label: "test")).migrate() == [new.name])
        try await Self.check(store)
    }
}
