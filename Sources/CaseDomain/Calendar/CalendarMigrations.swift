/// The migrations that carry the official calendars into the database: one new numbered file per newly
/// announced year, never a rewrite of an existing file.
///
/// Why new files: the migrator (`Sources/Postgres/Migrator.swift`) records the SHA-256 checksum of every applied
/// migration in `schema_migrations` and refuses to run when an applied file changed. `sql/0002_calendar_seed.sql`
/// (2020–2026) is applied on every deployed database, so it is frozen byte for byte; regenerating it to add a
/// year would stop `tthc migrate` everywhere. A year announced later gets its own file, `NNNN_calendar_YYYY.sql`,
/// numbered after the highest existing migration, written once by `scripts/new-calendar-year` and then frozen
/// in turn.
///
/// Everything here is pure (no files): `scripts/calendar-migration` reads `sql/`, asks ``plan(existing:)`` which
/// files to create, and writes only those. A year counts as covered when some existing migration inserts it
/// into `calendar_year` as `'confirmed'` (see ``coveredYears(existing:)``), so re-running the generator never
/// plans a file for a year that is already there, and never plans a name that already exists.
public enum CalendarMigrations {
    /// A migration file: its name in `sql/` (e.g. `0006_calendar_2027.sql`) and its text.
    public typealias File = (name: String, text: String)

    // MARK: - planning

    /// The files to create so that every year of `OfficialCalendars` has its migration: one per year not yet
    /// covered by `existing`, in ascending year order, numbered after the highest number in `existing`. Empty when
    /// every official year is covered. `existing` itself is never part of the answer: applied files are not
    /// rewritten (the migrator's checksums).
    public static func plan(existing: [File]) -> [File] {
        plan(existing: existing, officialYears: OfficialCalendars.years, render: { render(year: $0) })
    }

    /// ``plan(existing:)`` with the official years and the renderer given, so that a test can pretend a year is
    /// announced. A year for which `render` returns `nil` is skipped.
    public static func plan(
        existing: [File],
        officialYears: some Sequence<Int>,
        render: (Int) -> String?
    ) -> [File] {
        let covered = coveredYears(existing: existing)
        let existingNames = Set(existing.map(\.name))
        var number = existing.compactMap { migrationNumber($0.name) }.max() ?? 0
        var files: [File] = []
        for year in Set(officialYears).subtracting(covered).sorted() {
            guard let text = render(year) else { continue }
            // Numbers only grow, so a planned name cannot be an existing one; skip one anyway rather than plan it.
            var name: String
            repeat {
                number += 1
                name = fileName(number: number, year: year)
            } while existingNames.contains(name)
            files.append((name: name, text: text))
        }
        return files
    }

    /// `NNNN_calendar_YYYY.sql`, the number zero-padded to four digits like the other migrations.
    public static func fileName(number: Int, year: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "_calendar_\(year).sql"
    }

    /// The number a migration file name starts with (`0002_calendar_seed.sql` → 2), or `nil` when it does not
    /// start with digits followed by `_`.
    public static func migrationNumber(_ name: String) -> Int? {
        let digits = name.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, name.dropFirst(digits.count).first == "_" else { return nil }
        return Int(digits)
    }

    // MARK: - coverage

    /// The years some file of `existing` inserts into `calendar_year` with status `'confirmed'`.
    public static func coveredYears(existing: [File]) -> Set<Int> {
        existing.reduce(into: Set<Int>()) { $0.formUnion(coveredYears(sql: $1.text)) }
    }

    /// The years `sql` inserts into `calendar_year` with status `'confirmed'`: the value tuples of every
    /// `INSERT INTO calendar_year … VALUES (YYYY, 'confirmed', …), …` statement. Comments, string literals and
    /// dollar-quoted bodies are skipped, so text that merely mentions such a row does not count; a year inserted
    /// as `'provisional'` is not covered.
    public static func coveredYears(sql: String) -> Set<Int> {
        var years = Set<Int>()
        for statement in statements(tokens(sql)) {
            guard let (columns, valuesStart) = calendarYearInsert(statement) else { continue }
            // Without a column list the table's order applies: (year, status, reference), see sql/0001_init.sql.
            let yearIndex = columns.firstIndex(of: "year") ?? (columns.isEmpty ? 0 : nil)
            let statusIndex = columns.firstIndex(of: "status") ?? (columns.isEmpty ? 1 : nil)
            guard let yearIndex, let statusIndex else { continue }
            for tuple in valueTuples(statement, from: valuesStart) {
                guard yearIndex < tuple.count, statusIndex < tuple.count,
                    case .number(let year)? = tuple[yearIndex].only,
                    case .string("confirmed")? = tuple[statusIndex].only
                else { continue }
                years.insert(year)
            }
        }
        return years
    }

    // MARK: - rendering

    /// The migration of one official year from `OfficialCalendars`, or `nil` for a year it does not list.
    public static func render(year: Int) -> String? {
        guard OfficialCalendars.years.contains(year), let days = OfficialCalendars.days(year: year) else { return nil }
        return render(year: year, reference: OfficialCalendars.reference(year: year) ?? "", days: days)
    }

    /// The migration of one year's announced calendar: the confirmed `calendar_year` row and one `calendar_day`
    /// row per day, in the layout of `sql/0002_calendar_seed.sql` (``yearRow(year:reference:)``,
    /// ``dayRow(_:)``).
    ///
    /// It must apply on any database migrated up to the previous file. Before the announcement an administrator may
    /// already have edited the year (`ReferenceStore.setCalendarDay` stores it as `'provisional'`, with its computed
    /// days): the announced calendar replaces that year as a whole, as a confirmed calendar replaces a provisional
    /// one (docs/calendar.md), so the file first removes the year's stored days and updates an existing year row
    /// instead of failing on its primary key.
    public static func render(year: Int, reference: String, days: [CalendarDay]) -> String {
        precondition(days.allSatisfy { $0.date.year == year }, "the calendar of \(year) lists days of another year")
        let first = LocalDate(year: year, month: 1, day: 1)?.description ?? "\(year)-01-01"
        let last = LocalDate(year: year, month: 12, day: 31)?.description ?? "\(year)-12-31"
        var sql = """
            -- Official working calendar of the public sector, \(year): every holiday, substitute and bridge day off and
            -- every working weekend day, as announced (sources in docs/calendar.md).
            -- Decided by: \(oneLine(reference))
            -- Generated from CaseDomain's OfficialCalendars by scripts/new-calendar-year (scripts/calendar-migration).
            -- Never edit this file once it has been applied: the migrator stores its SHA-256 checksum and refuses to run
            -- when an applied file changed. Correct an applied calendar with a new migration.
            --
            -- A year an administrator already edited is stored as provisional, with its computed days: the announced
            -- calendar replaces it as a whole.

            DELETE FROM calendar_day WHERE day BETWEEN \(literal(first)) AND \(literal(last));

            INSERT INTO calendar_year (year, status, reference) VALUES
            \(yearRow(year: year, reference: reference))
            ON CONFLICT (year) DO UPDATE SET status = EXCLUDED.status, reference = EXCLUDED.reference;

            """
        if !days.isEmpty {
            sql += "\nINSERT INTO calendar_day (day, kind, name, source, reference) VALUES\n"
            sql += days.sorted { $0.date < $1.date }.map(dayRow).joined(separator: ",\n")
            sql += ";\n"
        }
        return sql
    }

    /// A `calendar_year` value row as `sql/0002_calendar_seed.sql` writes it: `    (2025, 'confirmed', '…')`.
    public static func yearRow(year: Int, reference: String) -> String {
        "    (\(year), 'confirmed', \(literal(reference)))"
    }

    /// A `calendar_day` value row as `sql/0002_calendar_seed.sql` writes it:
    /// `    ('2025-05-02', 'bridge', 'Ngày Quốc tế Lao động', 'official', 'Thông báo 6150/TB-LĐTBXH …')`.
    public static func dayRow(_ day: CalendarDay) -> String {
        "    (\(literal(day.date.description)), \(literal(day.kind.rawValue)), \(literal(day.name)), "
            + "\(literal(day.source.rawValue)), \(literal(day.reference)))"
    }

    /// A SQL string literal: single quotes, doubled inside.
    public static func literal(_ text: String) -> String {
        "'" + text.replacing("'", with: "''") + "'"
    }

    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}

// MARK: - a minimal SQL scanner, enough to read INSERT … VALUES statements

extension CalendarMigrations {
    enum Token: Equatable {
        case word(String)  // lowercased unless it was a quoted identifier
        case number(Int)
        case string(String)
        case symbol(Character)
    }

    /// The values of one tuple element: its tokens.
    struct Value {
        var tokens: [Token] = []
        var only: Token? { tokens.count == 1 ? tokens[0] : nil }
    }

    static func tokens(_ sql: String) -> [Token] {
        let characters = Array(sql)
        var tokens: [Token] = []
        var index = 0
        func at(_ offset: Int) -> Character? {
            index + offset < characters.count ? characters[index + offset] : nil
        }
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "-", at(1) == "-" {
                while index < characters.count, !characters[index].isNewline { index += 1 }
            } else if character == "/", at(1) == "*" {
                index += 2
                while index < characters.count, !(characters[index] == "*" && at(1) == "/") { index += 1 }
                index += 2
            } else if character == "'" || character == "\"" {
                var text = ""
                index += 1
                while index < characters.count {
                    if characters[index] == character {
                        if at(1) == character {
                            text.append(character)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    text.append(characters[index])
                    index += 1
                }
                tokens.append(character == "'" ? .string(text) : .word(text))
            } else if character == "$", let tag = dollarTag(characters, at: index) {
                // $tag$ … $tag$: a function or DO body, skipped as one string.
                index += tag.count
                var body = ""
                while index < characters.count, !matches(characters, at: index, tag) {
                    body.append(characters[index])
                    index += 1
                }
                index += tag.count
                tokens.append(.string(body))
            } else if character.isASCII && character.isNumber {
                var digits = ""
                while let next = at(0), next.isASCII && next.isNumber {
                    digits.append(next)
                    index += 1
                }
                tokens.append(Int(digits).map(Token.number) ?? .word(digits))
            } else if character.isLetter || character == "_" {
                var word = ""
                while let next = at(0), next.isLetter || next.isNumber || next == "_" || next == "$" {
                    word.append(next)
                    index += 1
                }
                tokens.append(.word(word.lowercased()))
            } else {
                tokens.append(.symbol(character))
                index += 1
            }
        }
        return tokens
    }

    /// `$$` or `$tag$` starting at `index`, if there is one.
    private static func dollarTag(_ characters: [Character], at index: Int) -> [Character]? {
        var end = index + 1
        while end < characters.count, characters[end].isLetter || characters[end] == "_" || (end > index + 1 && characters[end].isNumber) {
            end += 1
        }
        guard end < characters.count, characters[end] == "$" else { return nil }
        return Array(characters[index...end])
    }

    private static func matches(_ characters: [Character], at index: Int, _ tag: [Character]) -> Bool {
        index + tag.count <= characters.count && Array(characters[index..<index + tag.count]) == tag
    }

    static func statements(_ tokens: [Token]) -> [[Token]] {
        tokens.split(separator: .symbol(";"), omittingEmptySubsequences: true).map(Array.init)
    }

    /// For `INSERT INTO [schema.]calendar_year [(columns)] VALUES …`: the column names and the index of the first
    /// token after `VALUES`.
    static func calendarYearInsert(_ statement: [Token]) -> (columns: [String], valuesStart: Int)? {
        guard statement.count > 3, statement[0] == .word("insert"), statement[1] == .word("into") else { return nil }
        var index = 2
        if statement.count > index + 2, case .word = statement[index], statement[index + 1] == .symbol(".") {
            index += 2  // a schema name
        }
        guard statement[index] == .word("calendar_year") else { return nil }
        index += 1
        var columns: [String] = []
        if index < statement.count, statement[index] == .symbol("(") {
            index += 1
            while index < statement.count, statement[index] != .symbol(")") {
                if case .word(let column) = statement[index] { columns.append(column) }
                index += 1
            }
            index += 1
        }
        guard index < statement.count, statement[index] == .word("values") else { return nil }
        return (columns, index + 1)
    }

    /// The tuples of a `VALUES (…), (…)` list starting at `start`, each split at its top-level commas.
    static func valueTuples(_ statement: [Token], from start: Int) -> [[Value]] {
        var tuples: [[Value]] = []
        var index = start
        while index < statement.count, statement[index] == .symbol("(") {
            var values = [Value()]
            var depth = 1
            index += 1
            while index < statement.count, depth > 0 {
                let token = statement[index]
                switch token {
                case .symbol("("):
                    depth += 1
                    values[values.count - 1].tokens.append(token)
                case .symbol(")"):
                    depth -= 1
                    if depth > 0 { values[values.count - 1].tokens.append(token) }
                case .symbol(",") where depth == 1:
                    values.append(Value())
                default:
                    values[values.count - 1].tokens.append(token)
                }
                index += 1
            }
            tuples.append(values)
            guard index < statement.count, statement[index] == .symbol(",") else { break }
            index += 1
        }
        return tuples
    }
}
