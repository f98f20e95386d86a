public import CaseDomain
import Foundation
public import Postgres
import Synchronization

/// The reference data of one fingerprint: the procedure catalogue, the working days and each agency's office hours.
public struct ReferenceSnapshot: Sendable {
    public let hash: String
    public let catalog: ProcedureCatalog
    public let workingDays: WorkingDays
    public let hours: [String: OfficeHours]

    public func calendar(agency: String) -> BusinessCalendar {
        BusinessCalendar(days: workingDays, hours: hours[agency] ?? .standard)
    }

    /// The calendar of the agency that received the dossier of `events` (its first event).
    public func calendar(forReceiptOf events: [CaseEvent]) -> BusinessCalendar {
        guard let first = events.first, case .received(let receipt) = first.kind else { return BusinessCalendar(days: workingDays) }
        return calendar(agency: receipt.agency)
    }
}

/// The last reference snapshot, kept while its fingerprint is unchanged (building `WorkingDays` is not free).
public final class ReferenceSnapshotCache: Sendable {
    public init() {}

    private let value = Mutex<ReferenceSnapshot?>(nil)

    func get(_ hash: String) -> ReferenceSnapshot? {
        value.withLock { $0?.hash == hash ? $0 : nil }
    }

    func set(_ snapshot: ReferenceSnapshot) {
        value.withLock { $0 = snapshot }
    }

    /// The data facts are computed with, and its fingerprint.
    /// The reference snapshot of the database, from the cache while its fingerprint is unchanged.
    public func snapshot(_ session: PostgresSession) async throws -> ReferenceSnapshot {
        let hash = try await session.query(
            """
            SELECT md5(concat_ws('#',
                (SELECT string_agg(d.day::text || ':' || d.kind, ',' ORDER BY d.day)
                 FROM calendar_day d JOIN calendar_year y ON y.year = extract(year FROM d.day)::int),
                (SELECT string_agg(a.code || ':' || a.office_hours::text, ',' ORDER BY a.code) FROM agency a),
                (SELECT string_agg(concat_ws(':', p.agency_code, p.code, p.valid_from, p.time_limit_value, p.time_limit_unit, p.fee,
                    p.online, p.written_result), ',' ORDER BY p.agency_code, p.code, p.valid_from) FROM procedure_version p)))
            """
        ).one().decode(String.self, column: 0)
        if let cached = get(hash) { return cached }
        var catalog = ProcedureCatalog()
        for row in try await session.query("SELECT \(unescaped: ReferenceStore.procedureColumns) FROM procedure_version") {
            _ = catalog.insert(try ReferenceStore.procedure(from: row))
        }
        var hours: [String: OfficeHours] = [:]
        for row in try await session.query("SELECT code, office_hours FROM agency") {
            let (code, sessions) = try row.decode((String, PostgresJSON<[OfficeHours.Session]>).self)
            hours[code] = (try? OfficeHours(sessions: sessions.value)) ?? .standard
        }
        let stored = try await session.query(
            "SELECT d.day, d.name, d.kind, d.source, d.reference FROM calendar_day d JOIN calendar_year y ON y.year = extract(year FROM d.day)::int"
        ).map { row in
            let (day, name, kind, source, reference) = try row.decode((LocalDate, String, String, String, String).self)
            return CalendarDay(
                date: day,
                name: name,
                kind: DayKind(rawValue: kind) ?? .holiday,
                source: CalendarSource(rawValue: source) ?? .official,
                reference: reference
            )
        }
        let snapshot = ReferenceSnapshot(hash: hash, catalog: catalog, workingDays: WorkingDays(overrides: stored), hours: hours)
        set(snapshot)
        return snapshot
    }
}
