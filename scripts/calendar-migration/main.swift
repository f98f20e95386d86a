// calendar-migration: writes the migration of every newly announced official calendar year.
//
// Reads the migrations of `sql/` (or `--sql-dir DIR`), asks `CalendarMigrations.plan` which files are missing —
// one `NNNN_calendar_YYYY.sql` per year of `OfficialCalendars` that no migration inserts as confirmed yet — and
// creates only those. It never rewrites an existing file: the migrator stores the SHA-256 checksum of every applied
// migration and refuses to run when one changed (`sql/0002_calendar_seed.sql` is frozen for that reason).
// Run it through `scripts/new-calendar-year`; docs/calendar.md describes the workflow.
import CaseDomain
import Foundation

func fail(_ message: String, status: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data("calendar-migration: \(message)\n".utf8))
    exit(status)
}

let usage = """
    usage: calendar-migration [--sql-dir DIR]

    Writes sql/NNNN_calendar_YYYY.sql for every year of CaseDomain's OfficialCalendars that no migration in DIR
    (default: sql, relative to the current directory) inserts as a confirmed calendar_year yet. Existing files are
    never changed.
    """

var sqlDirectory = "sql"
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--sql-dir":
        guard let value = arguments.popFirst(), !value.isEmpty else { fail("--sql-dir needs a directory\n\n\(usage)", status: 2) }
        sqlDirectory = value
    case "-h", "--help":
        print(usage)
        exit(0)
    default:
        fail("unknown argument \(argument)\n\n\(usage)", status: 2)
    }
}

let directory = URL(fileURLWithPath: sqlDirectory, isDirectory: true)
let names: [String]
do {
    names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        .filter { $0.hasSuffix(".sql") && !$0.hasPrefix(".") }
        .sorted()
} catch {
    fail("cannot read the migrations directory \(directory.path): \(error.localizedDescription)")
}
guard !names.isEmpty else { fail("no migrations (*.sql) in \(directory.path); give the sql directory with --sql-dir") }

var existing: [CalendarMigrations.File] = []
for name in names {
    do {
        existing.append((name: name, text: try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)))
    } catch {
        fail("cannot read \(directory.appendingPathComponent(name).path): \(error.localizedDescription)")
    }
}

let planned = CalendarMigrations.plan(existing: existing)
if planned.isEmpty {
    print("nothing to write: every official year has its migration")
    exit(0)
}

// Refuse before writing anything if a planned name exists (an applied file must never be overwritten).
for file in planned where FileManager.default.fileExists(atPath: directory.appendingPathComponent(file.name).path) {
    fail("refusing to overwrite \(directory.appendingPathComponent(file.name).path): migrations are never rewritten once written")
}
for file in planned {
    let url = directory.appendingPathComponent(file.name)
    do {
        // .withoutOverwriting: fails rather than replace a file created meanwhile.
        try Data(file.text.utf8).write(to: url, options: .withoutOverwriting)
    } catch {
        fail("cannot write \(url.path): \(error.localizedDescription)")
    }
    print("wrote \((sqlDirectory as NSString).appendingPathComponent(file.name))")
}
