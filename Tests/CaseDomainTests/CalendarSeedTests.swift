import CaseDomain
import Foundation
import Testing

/// The calendar migrations of `sql/` and `OfficialCalendars` cannot drift apart, and nothing rewrites an applied
/// migration: the migrator stores the SHA-256 checksum of every applied file and refuses to run when one changed.
/// `sql/0002_calendar_seed.sql` (2020–2026) is frozen; a newly announced year gets its own file from
/// `scripts/new-calendar-year` (docs/calendar.md). This suite only reads the source tree.
@Suite("SQL seed of the official calendars")
struct CalendarSeedTests {
    static let sqlDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // CaseDomainTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("sql")

    static let frozenSeedName = "0002_calendar_seed.sql"
    static let frozenSeedYears = 2020...2026

    /// Every migration of `sql/`, as the generator reads them.
    static func migrationsOnDisk() throws -> [CalendarMigrations.File] {
        try FileManager.default.contentsOfDirectory(atPath: sqlDirectory.path)
            .filter { $0.hasSuffix(".sql") && !$0.hasPrefix(".") }
            .sorted()
            .map { (name: $0, text: try String(contentsOf: sqlDirectory.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// The layout of the frozen `sql/0002_calendar_seed.sql`, header included (its last line names the mechanism
    /// that generated it then; the file cannot change, so neither can this text).
    static func renderLegacySeed(years: ClosedRange<Int>) -> String {
        let days = years.flatMap { OfficialCalendars.days(year: $0) ?? [] }
        var sql = """
            -- Official working calendars of the public sector, \(years.lowerBound)–\(years.upperBound): every holiday, substitute
            -- and bridge day off and every working weekend day, as announced (sources in docs/calendar.md).
            -- Generated from CaseDomain's OfficialCalendars by Tests/CaseDomainTests/CalendarSeedTests.swift;
            -- do not edit by hand: REGENERATE_CALENDAR_SEED=1 swift test --filter CalendarSeedTests

            INSERT INTO calendar_year (year, status, reference) VALUES

            """
        sql += years.map { CalendarMigrations.yearRow(year: $0, reference: OfficialCalendars.reference(year: $0) ?? "") }
            .joined(separator: ",\n")
        sql += ";\n\nINSERT INTO calendar_day (day, kind, name, source, reference) VALUES\n"
        sql += days.map(CalendarMigrations.dayRow).joined(separator: ",\n")
        sql += ";\n"
        return sql
    }

    /// A pretend announcement, for the years `OfficialCalendars` does not list yet.
    static func syntheticDays(_ year: Int) -> [CalendarDay] {
        [
            CalendarDay(
                date: LocalDate(year: year, month: 1, day: 1)!,
                name: HolidayName.newYear,
                kind: .holiday,
                source: .official,
                reference: "Bộ luật Lao động 2019, Điều 112"
            ),
            CalendarDay(
                date: LocalDate(year: year, month: 4, day: 26)!,
                name: "Ngày 'đặc biệt'",
                kind: .bridge,
                source: .official,
                reference: "Thông báo 1/TB-BNV"
            ),
            CalendarDay(
                date: LocalDate(year: year, month: 5, day: 8)!,
                name: "Ngày 'đặc biệt'",
                kind: .workday,
                source: .official,
                reference: "Thông báo 1/TB-BNV"
            ),
        ]
    }

    static let syntheticReference = "Bộ luật Lao động 2019, Điều 112; Thông báo 1/TB-BNV (năm 'thử')"

    static func renderSynthetic(_ year: Int) -> String? {
        year > OfficialCalendars.years.upperBound
            ? CalendarMigrations.render(year: year, reference: syntheticReference, days: syntheticDays(year))
            : CalendarMigrations.render(year: year)
    }

    // MARK: - the files on disk

    @Test("sql/0002_calendar_seed.sql is frozen: still exactly the rendering of OfficialCalendars 2020–2026")
    func frozenSeedIsCurrent() throws {
        let onDisk = try String(contentsOf: Self.sqlDirectory.appendingPathComponent(Self.frozenSeedName), encoding: .utf8)
        #expect(
            onDisk == Self.renderLegacySeed(years: Self.frozenSeedYears),
            "OfficialCalendars no longer describes what 0002 inserted; 0002 is applied everywhere and must not change: correct a year with a new migration"
        )
        #expect(CalendarMigrations.coveredYears(sql: onDisk) == Set(Self.frozenSeedYears))
    }

    @Test("every generated year migration on disk is still the rendering of its year")
    func generatedYearFilesAreCurrent() throws {
        for file in try Self.migrationsOnDisk() where file.name.contains("_calendar_") && file.name != Self.frozenSeedName {
            let years = CalendarMigrations.coveredYears(sql: file.text)
            try #require(years.count == 1, "\(file.name) should insert exactly one confirmed year")
            let year = try #require(years.first)
            #expect(file.name.hasSuffix("_calendar_\(year).sql"), "\(file.name)")
            #expect(file.text == CalendarMigrations.render(year: year), "\(file.name) differs from OfficialCalendars")
        }
    }

    @Test("re-running the generator never changes an applied file, and today it has nothing to write")
    func rerunWritesNothing() throws {
        let existing = try Self.migrationsOnDisk()
        #expect(existing.contains { $0.name == Self.frozenSeedName })
        let planned = CalendarMigrations.plan(existing: existing)
        #expect(Set(planned.map(\.name)).isDisjoint(with: existing.map(\.name)))
        #expect(planned.isEmpty, "run scripts/new-calendar-year: \(planned.map(\.name))")
        #expect(CalendarMigrations.coveredYears(existing: existing).isSuperset(of: OfficialCalendars.years))
    }

    // MARK: - planning with a pretend year

    @Test("a newly announced year becomes exactly one new file, numbered after the highest migration")
    func newYearPlansOneFile() throws {
        let existing = try Self.migrationsOnDisk()
        let before = existing.map(\.name)
        let next = try #require(existing.compactMap { CalendarMigrations.migrationNumber($0.name) }.max()) + 1
        let nextYear = OfficialCalendars.years.upperBound + 1
        let years = OfficialCalendars.years.lowerBound...nextYear

        let planned = CalendarMigrations.plan(existing: existing, officialYears: years, render: Self.renderSynthetic)
        #expect(planned.map(\.name) == [CalendarMigrations.fileName(number: next, year: nextYear)])
        #expect(planned.first?.name.hasSuffix("_calendar_\(nextYear).sql") == true)
        #expect(planned.first?.text == Self.renderSynthetic(nextYear))
        #expect(existing.map(\.name) == before)

        // Once written, the year is covered: running again plans nothing.
        let after = existing + planned
        #expect(CalendarMigrations.plan(existing: after, officialYears: years, render: Self.renderSynthetic).isEmpty)
    }

    @Test("several new years: one file each, in ascending year order, with consecutive numbers")
    func severalYears() {
        let existing: [CalendarMigrations.File] = [
            (name: "0001_init.sql", text: "CREATE TABLE calendar_year (year integer PRIMARY KEY);"),
            (name: "0002_calendar_seed.sql", text: "INSERT INTO calendar_year (year, status, reference) VALUES\n    (2026, 'confirmed', '');"),
            (name: "0009_metrics.sql", text: "SELECT 1;"),
        ]
        let planned = CalendarMigrations.plan(existing: existing, officialYears: [2028, 2026, 2027], render: Self.renderSynthetic)
        #expect(planned.map(\.name) == ["0010_calendar_2027.sql", "0011_calendar_2028.sql"])
        #expect(CalendarMigrations.plan(existing: [], officialYears: [2027], render: Self.renderSynthetic).map(\.name) == ["0001_calendar_2027.sql"])
        // A year the renderer does not know is skipped.
        #expect(CalendarMigrations.plan(existing: existing, officialYears: [2027], render: { _ in nil }).isEmpty)
    }

    @Test("a year counts as covered only when a migration inserts it into calendar_year as confirmed")
    func coverage() {
        #expect(
            CalendarMigrations.coveredYears(sql: "insert into public.calendar_year values (2030, 'confirmed', 'x; y'), (2031, 'confirmed', '');") == [
                2030, 2031,
            ]
        )
        #expect(
            CalendarMigrations.coveredYears(sql: "INSERT INTO calendar_year (reference, status, year) VALUES ('a', 'confirmed', 2032);") == [2032]
        )
        #expect(CalendarMigrations.coveredYears(sql: "INSERT INTO calendar_year (year, status) VALUES (2033, 'provisional');").isEmpty)
        #expect(CalendarMigrations.coveredYears(sql: "-- INSERT INTO calendar_year (year, status) VALUES (2034, 'confirmed');\nSELECT 1;").isEmpty)
        #expect(CalendarMigrations.coveredYears(sql: "SELECT 'INSERT INTO calendar_year (year, status) VALUES (2035, ''confirmed'')';").isEmpty)
        #expect(
            CalendarMigrations.coveredYears(sql: "DO $$ BEGIN INSERT INTO calendar_year (year, status) VALUES (2036, 'confirmed'); END $$;").isEmpty
        )
        #expect(
            CalendarMigrations.coveredYears(
                sql: "INSERT INTO calendar_day (day, kind, name, source) VALUES ('2037-01-01', 'confirmed', '', 'official');"
            ).isEmpty
        )
    }

    // MARK: - the shape of a year file

    @Test("a year file: header, one confirmed year row, one row per official day, quotes doubled")
    func yearFileShape() throws {
        let year = 2027
        let days = Self.syntheticDays(year)
        let sql = try #require(Self.renderSynthetic(year))
        #expect(CalendarMigrations.coveredYears(sql: sql) == [year])
        #expect(sql.components(separatedBy: "'confirmed'").count - 1 == 1)
        #expect(sql.components(separatedBy: "'official'").count - 1 == days.count)
        #expect(sql.contains("\n    (2027, 'confirmed', 'Bộ luật Lao động 2019, Điều 112; Thông báo 1/TB-BNV (năm ''thử'')')\n"))
        #expect(sql.contains("\n    ('2027-04-26', 'bridge', 'Ngày ''đặc biệt''', 'official', 'Thông báo 1/TB-BNV'),\n"))
        #expect(sql.hasSuffix("\n    ('2027-05-08', 'workday', 'Ngày ''đặc biệt''', 'official', 'Thông báo 1/TB-BNV');\n"))
        // The header: the year, the instrument, how it was made, and never to edit it.
        let header = sql.split(separator: "\n").prefix { $0.hasPrefix("--") }.joined(separator: "\n")
        #expect(header.contains("2027"))
        #expect(header.contains("Thông báo 1/TB-BNV (năm 'thử')"))
        #expect(header.contains("scripts/new-calendar-year"))
        #expect(header.contains("Never edit this file once it has been applied"))
        // It replaces a year an administrator stored as provisional instead of failing on the primary keys.
        #expect(sql.contains("DELETE FROM calendar_day WHERE day BETWEEN '2027-01-01' AND '2027-12-31';"))
        #expect(sql.contains("ON CONFLICT (year) DO UPDATE SET status = EXCLUDED.status, reference = EXCLUDED.reference;"))
    }

    @Test("an official year renders its days in the layout of 0002, and unknown years render nothing")
    func officialYearRendering() throws {
        let sql = try #require(CalendarMigrations.render(year: 2025))
        let days = try #require(OfficialCalendars.days(year: 2025))
        #expect(sql.components(separatedBy: "'official'").count - 1 == days.count)
        #expect(sql.contains("('2025-05-02', 'bridge', 'Ngày Quốc tế Lao động', 'official', 'Thông báo 6150/TB-LĐTBXH"))
        let seed = Self.renderLegacySeed(years: Self.frozenSeedYears)
        for day in days { #expect(seed.contains(CalendarMigrations.dayRow(day)), "\(day.date)") }
        #expect(CalendarMigrations.render(year: OfficialCalendars.years.upperBound + 1) == nil)
    }

    @Test("quotes inside literals are doubled")
    func quoting() {
        #expect(CalendarMigrations.literal("Ngày 'đặc biệt'") == "'Ngày ''đặc biệt'''")
    }
}
