public import CaseDomain
import Foundation
import Postgres

public struct ReferenceStore: ReferenceRepository {
    let client: PostgresClient

    public init(database: Database) {
        self.client = database.client
    }

    // MARK: Agencies

    public func agencies() async throws -> [Agency] {
        let rows = try await client.query("SELECT code, name, identifier, office_hours FROM agency ORDER BY code")
        return try rows.map(Self.agency(from:))
    }

    public func agency(code: String) async throws -> Agency? {
        let rows = try await client.query("SELECT code, name, identifier, office_hours FROM agency WHERE code = \(code)")
        return try rows.first.map(Self.agency(from:))
    }

    static func agency(from row: PostgresRow) throws -> Agency {
        let (code, name, identifier, hours) = try row.decode((String, String, String, PostgresJSON<[OfficeHours.Session]>).self)
        let officeHours = (try? OfficeHours(sessions: hours.value)) ?? .standard
        return Agency(code: code, name: name, identifier: identifier, officeHours: officeHours)
    }

    /// Creates the agency or updates its name, identifier and office hours.
    @discardableResult
    public func upsert(_ agency: Agency) async throws -> Agency {
        try await mappingErrors {
            try await client.query(
                """
                INSERT INTO agency (code, name, identifier, office_hours) VALUES (\(agency.code), \(agency.name), \(agency.identifier), \(PostgresJSON(agency.officeHours.sessions)))
                ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, identifier = EXCLUDED.identifier,
                    office_hours = EXCLUDED.office_hours, updated_at = now()
                """
            )
            return agency
        }
    }

    // MARK: Localities

    public func localities() async throws -> [Locality] {
        let rows = try await client.query("SELECT code, name, level, parent_code FROM locality ORDER BY code")
        return try rows.map(Self.locality(from:))
    }

    public func locality(code: String) async throws -> Locality? {
        let rows = try await client.query("SELECT code, name, level, parent_code FROM locality WHERE code = \(code)")
        return try rows.first.map(Self.locality(from:))
    }

    static func locality(from row: PostgresRow) throws -> Locality {
        let (code, name, level, parent) = try row.decode((String, String, String, String?).self)
        return Locality(code: code, name: name, level: Locality.Level(rawValue: level) ?? .commune, parentCode: parent)
    }

    @discardableResult
    public func upsert(_ locality: Locality) async throws -> Locality {
        try await mappingErrors {
            try await client.query(
                """
                INSERT INTO locality (code, name, level, parent_code) VALUES (\(locality.code), \(locality.name), \(locality.level.rawValue), \(locality.parentCode))
                ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code
                """
            )
            return locality
        }
    }

    // MARK: Procedures

    static let procedureColumns =
        "code, name, agency_code, valid_from, time_limit_value, time_limit_unit, online, postal, written_result, fee, field, components"

    static func procedure(from row: PostgresRow) throws -> ProcedureRecord {
        let (code, name, agency, validFrom, limitValue, limitUnit, online, postal, writtenResult, fee, field, components) =
            try row.decode(
                (String, String, String, LocalDate, Int, String, String, Bool, Bool, Int, String, PostgresJSON<[ProcedureComponent]>).self
            )
        return ProcedureRecord(
            code: code,
            name: name,
            agency: agency,
            validFrom: validFrom,
            timeLimit: TimeLimit(value: limitValue, unit: TimeLimitUnit(rawValue: limitUnit) ?? .workingDays),
            online: OnlineService(rawValue: online) ?? .none,
            postal: postal,
            writtenResult: writtenResult,
            fee: fee,
            field: field.isEmpty ? nil : field,
            components: components.value
        )
    }

    /// Every version of every procedure (of one agency when given), newest version first within a code.
    public func procedures(agency: String? = nil) async throws -> [ProcedureRecord] {
        var query: PostgresQuery = "SELECT \(unescaped: Self.procedureColumns) FROM procedure_version"
        if let agency { query.append(" WHERE agency_code = \(agency)") }
        query.append(" ORDER BY agency_code, code, valid_from DESC")
        return try await client.query(query).map(Self.procedure(from:))
    }

    /// The version of a procedure in force on `day`: the one with the greatest `valid_from` not after it.
    public func procedure(agency: String, code: String, on day: LocalDate) async throws -> ProcedureRecord? {
        let rows = try await client.query(
            """
            SELECT \(unescaped: Self.procedureColumns) FROM procedure_version
            WHERE agency_code = \(agency) AND code = \(code) AND valid_from <= \(day)
            ORDER BY valid_from DESC LIMIT 1
            """
        )
        return try rows.first.map(Self.procedure(from:))
    }

    /// Creates a version, or replaces the version with the same agency, code and `valid_from` (dossiers keep the
    /// version they were received under, so editing a version that has dossiers only changes its texts).
    @discardableResult
    public func upsert(_ procedure: ProcedureRecord) async throws -> ProcedureRecord {
        try await mappingErrors {
            try await client.query(
                """
                INSERT INTO procedure_version (code, valid_from, name, field, agency_code, time_limit_value, time_limit_unit, fee, online,
                    postal, written_result, components)
                VALUES (\(procedure.code), \(procedure.validFrom), \(procedure.name), \(procedure.field ?? ""), \(procedure.agency),
                    \(procedure.timeLimit.value), \(procedure.timeLimit.unit.rawValue), \(procedure.fee), \(procedure.online.rawValue),
                    \(procedure.postal), \(procedure.writtenResult), \(PostgresJSON(procedure.components)))
                ON CONFLICT (agency_code, code, valid_from) DO UPDATE SET name = EXCLUDED.name, field = EXCLUDED.field,
                    time_limit_value = EXCLUDED.time_limit_value, time_limit_unit = EXCLUDED.time_limit_unit, fee = EXCLUDED.fee,
                    online = EXCLUDED.online, postal = EXCLUDED.postal, written_result = EXCLUDED.written_result,
                    components = EXCLUDED.components
                """
            )
            return procedure
        }
    }

    // MARK: Calendar

    /// The days off and swapped working days stored for confirmed years (official announcements and admin edits).
    public func storedCalendarDays() async throws -> [CalendarDay] {
        let rows = try await client.query(
            """
            SELECT d.day, d.name, d.kind, d.source, d.reference FROM calendar_day d
            JOIN calendar_year y ON y.year = extract(year FROM d.day)::int
            ORDER BY d.day
            """
        )
        return try rows.map { row in
            let (day, name, kind, source, reference) = try row.decode((LocalDate, String, String, String, String).self)
            return CalendarDay(
                date: day,
                name: name,
                kind: DayKind(rawValue: kind) ?? .holiday,
                source: CalendarSource(rawValue: source) ?? .official,
                reference: reference
            )
        }
    }

    /// Years whose calendar is stored, with their status.
    public func calendarYears() async throws -> [CalendarYear] {
        let rows = try await client.query("SELECT year, status, reference FROM calendar_year ORDER BY year")
        return try rows.map { row in
            let (year, status, reference) = try row.decode((Int, String, String).self)
            return CalendarYear(year: year, status: status, reference: reference)
        }
    }

    /// The working-day calendar: stored years as stored, other years computed (provisional).
    public func workingDays() async throws -> WorkingDays {
        WorkingDays(overrides: try await storedCalendarDays())
    }

    /// Adds or replaces one day off or swapped working day. The year becomes a stored year: when it was not
    /// stored yet, its computed days are stored first, so that the edit changes only that day.
    public func setCalendarDay(_ day: CalendarDay) async throws {
        try await mappingErrors {
            try await client.withTransaction { session in
                try await ensureStoredYear(day.date.year, session: session)
                try await session.query(
                    """
                    INSERT INTO calendar_day (day, kind, name, source, reference)
                    VALUES (\(day.date), \(day.kind.rawValue), \(day.name), \(day.source.rawValue), \(day.reference))
                    ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, source = EXCLUDED.source,
                        reference = EXCLUDED.reference
                    """
                )
            }
        }
    }

    /// Removes a stored day off or swapped working day; returns whether one was there.
    @discardableResult
    public func removeCalendarDay(_ date: LocalDate) async throws -> Bool {
        try await mappingErrors {
            try await client.withTransaction { session in
                try await ensureStoredYear(date.year, session: session)
                return try await session.query("DELETE FROM calendar_day WHERE day = \(date)").affectedRows > 0
            }
        }
    }

    private func ensureStoredYear(_ year: Int, session: PostgresSession) async throws {
        let inserted = try await session.query(
            "INSERT INTO calendar_year (year, status) VALUES (\(year), 'provisional') ON CONFLICT (year) DO NOTHING"
        ).affectedRows
        guard inserted > 0 else { return }
        for day in WorkingDays.standardCalendar(year) {
            try await session.query(
                """
                INSERT INTO calendar_day (day, kind, name, source, reference)
                VALUES (\(day.date), \(day.kind.rawValue), \(day.name), \(day.source.rawValue), \(day.reference))
                ON CONFLICT (day) DO NOTHING
                """
            )
        }
    }
}
