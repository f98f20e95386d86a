import CaseDomain
import Foundation
import Testing

/// `sql/0002_calendar_seed.sql` is generated from `OfficialCalendars` by this suite, so that the migration
/// and the Swift table cannot drift apart. To regenerate it after changing the table:
///
///     REGENERATE_CALENDAR_SEED=1 swift test --filter CalendarSeedTests
@Suite("SQL seed of the official calendars")
struct CalendarSeedTests {
    static let seedFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // CaseDomainTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("sql/0002_calendar_seed.sql")

    /// A SQL string literal: single quotes, doubled inside.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    static func render() -> String {
        let years = Array(OfficialCalendars.years)
        let days = years.flatMap { OfficialCalendars.days(year: $0) ?? [] }
        var sql = """
            -- Official working calendars of the public sector, \(years[0])–\(years[years.count - 1]): every holiday, substitute
            -- and bridge day off and every working weekend day, as announced (sources in docs/calendar.md).
            -- Generated from CaseDomain's OfficialCalendars by Tests/CaseDomainTests/CalendarSeedTests.swift;
            -- do not edit by hand: REGENERATE_CALENDAR_SEED=1 swift test --filter CalendarSeedTests

            INSERT INTO calendar_year (year, status, reference) VALUES

            """
        sql += years.map { "    (\($0), 'confirmed', \(literal(OfficialCalendars.reference(year: $0) ?? "")))" }.joined(separator: ",\n")
        sql += ";\n\nINSERT INTO calendar_day (day, kind, name, source, reference) VALUES\n"
        sql += days.map { day in
            "    (\(literal(day.date.description)), \(literal(day.kind.rawValue)), \(literal(day.name)), "
                + "\(literal(day.source.rawValue)), \(literal(day.reference)))"
        }.joined(separator: ",\n")
        sql += ";\n"
        return sql
    }

    @Test("sql/0002_calendar_seed.sql is exactly the rendering of OfficialCalendars")
    func seedFileIsCurrent() throws {
        let rendered = Self.render()
        if ProcessInfo.processInfo.environment["REGENERATE_CALENDAR_SEED"] == "1" {
            try rendered.write(to: Self.seedFile, atomically: true, encoding: .utf8)
        }
        let onDisk = try String(contentsOf: Self.seedFile, encoding: .utf8)
        #expect(onDisk == rendered, "regenerate with REGENERATE_CALENDAR_SEED=1 swift test --filter CalendarSeedTests")
    }

    @Test("the seed has one confirmed year per official year and one row per official day")
    func seedShape() throws {
        let sql = Self.render()
        let dayCount = OfficialCalendars.years.reduce(0) { $0 + (OfficialCalendars.days(year: $1)?.count ?? 0) }
        #expect(sql.components(separatedBy: "'confirmed'").count - 1 == OfficialCalendars.years.count)
        #expect(sql.components(separatedBy: "'official'").count - 1 == dayCount)
        #expect(sql.contains("('2025-05-02', 'bridge', 'Ngày Quốc tế Lao động', 'official', 'Thông báo 6150/TB-LĐTBXH"))
        #expect(sql.contains("('2026-11-24', 'holiday', 'Ngày Văn hóa Việt Nam', 'official', "))
    }

    @Test("quotes inside literals are doubled")
    func quoting() {
        #expect(Self.literal("Ngày 'đặc biệt'") == "'Ngày ''đặc biệt'''")
    }
}
