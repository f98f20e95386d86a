public import CaseDomain
public import CaseStore
import Foundation

/// The JSON of `metric_dossier` rows, written directly: the same document `JSONEncoder` with
/// ``MetricsProjection/factsEncoder`` gives (the same keys and values; optionals left out when nil), at a fraction of
/// its cost — encoding was the largest part of the worker's own time in a rebuild (bench/README.md). The facts read
/// back through ``MetricsProjection/decodeFacts(_:)``; `MetricsProjectionJSONTests` compares both encodings.
struct ProjectionJSONWriter {
    private(set) var text = ""

    init(capacity: Int = 0) {
        text.reserveCapacity(capacity)
    }

    mutating func raw(_ value: String) { text += value }

    mutating func string(_ value: String) {
        // Codes and raw values are plain ASCII: copied as they are; anything else is escaped as the case log does.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x80 && $0 != 0x22 && $0 != 0x5C }) {
            text += "\""
            text += value
            text += "\""
        } else {
            appendJSONString(value, to: &text)
        }
    }

    mutating func date(_ value: Date) { string(CaseLogTimestamp.format(value)) }

    mutating func bool(_ value: Bool) { text += value ? "true" : "false" }

    mutating func int(_ value: Int) { text += String(value) }

    /// Writes `"key":` preceded by a comma unless `first`.
    mutating func key(_ key: String, first: Bool = false) {
        if !first { text += "," }
        text += "\""
        text += key
        text += "\":"
    }

    mutating func optionalDate(_ key: String, _ value: Date?) {
        guard let value else { return }
        self.key(key)
        date(value)
    }

    mutating func nullableDate(_ key: String, _ value: Date?) {
        self.key(key)
        if let value { date(value) } else { raw("null") }
    }

    mutating func nullableBool(_ key: String, _ value: Bool?) {
        self.key(key)
        if let value { bool(value) } else { raw("null") }
    }

    mutating func facts(_ facts: DossierFacts) {
        raw("{")
        key("dossier", first: true)
        string(facts.dossier.description)
        key("agency")
        string(facts.agency)
        key("procedure")
        string(facts.procedure)
        key("channel")
        string(facts.channel.rawValue)
        key("receivedAt")
        date(facts.receivedAt)
        key("due")
        date(facts.due)
        key("dueGiven")
        bool(facts.dueGiven)
        key("timeLimit")
        raw("{\"value\":")
        int(facts.timeLimit.value)
        raw(",\"unit\":")
        string(facts.timeLimit.unit.rawValue)
        raw("}")
        key("online")
        string(facts.online.rawValue)
        key("writtenResultRequired")
        bool(facts.writtenResultRequired)
        key("fee")
        int(facts.fee)
        if let end = facts.end {
            key("end")
            raw("{\"type\":")
            string(end.type.rawValue)
            raw(",\"at\":")
            date(end.at)
            raw("}")
        }
        key("pauses")
        raw("[")
        for (index, pause) in facts.pauses.enumerated() {
            if index > 0 { raw(",") }
            raw("{\"requestedAt\":")
            date(pause.requestedAt)
            optionalDate("resumedAt", pause.resumedAt)
            raw("}")
        }
        raw("]")
        optionalDate("apologizedAt", facts.apologizedAt)
        optionalDate("apologyNewDue", facts.apologyNewDue)
        optionalDate("resultReadyAt", facts.resultReadyAt)
        key("resultElectronicAtReady")
        bool(facts.resultElectronicAtReady)
        optionalDate("resultDigitizedAt", facts.resultDigitizedAt)
        key("componentCount")
        int(facts.componentCount)
        optionalDate("componentsDigitizedAt", facts.componentsDigitizedAt)
        optionalDate("reusedAt", facts.reusedAt)
        optionalDate("paidOnlineAt", facts.paidOnlineAt)
        key("returns")
        raw("[")
        for (index, item) in facts.returns.enumerated() {
            if index > 0 { raw(",") }
            raw("{\"at\":")
            date(item.at)
            raw(",\"channel\":")
            string(item.channel.rawValue)
            raw("}")
        }
        raw("]}")
    }

    /// The rows as a JSON array, in the shape `jsonb_to_recordset` reads.
    static func rows(_ rows: [MetricsProjection.Row]) -> String {
        var writer = ProjectionJSONWriter(capacity: rows.count * 1_200)
        writer.raw("[")
        for (index, row) in rows.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.row(row)
        }
        writer.raw("]")
        return writer.text
    }

    mutating func row(_ row: MetricsProjection.Row) {
        raw("{")
        key("dossier_id", first: true)
        int(row.dossierID)
        key("code")
        string(row.code)
        key("agency_code")
        string(row.agencyCode)
        key("procedure_code")
        string(row.procedureCode)
        key("channel")
        string(row.channel)
        key("received_at")
        date(row.receivedAt)
        key("due_at")
        date(row.dueAt)
        nullableDate("end_at", row.endAt)
        nullableBool("end_late", row.endLate)
        nullableBool("end_apologized_in_time", row.endApologizedInTime)
        key("last_event_at")
        date(row.lastEventAt)
        key("written_result")
        bool(row.writtenResult)
        key("fee")
        int(row.fee)
        nullableDate("components_digitized_at", row.componentsDigitizedAt)
        nullableDate("reused_at", row.reusedAt)
        nullableDate("paid_online_at", row.paidOnlineAt)
        nullableDate("result_ready_at", row.resultReadyAt)
        nullableDate("result_electronic_at", row.resultElectronicAt)
        key("return_at")
        raw("[")
        for (index, moment) in row.returnAt.enumerated() {
            if index > 0 { raw(",") }
            date(moment)
        }
        raw("]")
        key("return_channel")
        raw("[")
        for (index, channel) in row.returnChannel.enumerated() {
            if index > 0 { raw(",") }
            string(channel)
        }
        raw("]")
        key("facts")
        facts(row.facts)
        raw("}")
    }
}
