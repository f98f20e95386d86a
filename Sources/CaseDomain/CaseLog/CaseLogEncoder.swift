import Foundation

/// Writes canonical case-log lines (format v1): keys in a fixed order (`v`, `type`, then the fields in the order of
/// CASE-LOG.md §1), no insignificant whitespace, non-ASCII text as UTF-8, timestamps in Vietnam time
/// (`2025-03-03T08:15:00+07:00`), optional fields omitted when absent. No trailing newline.
///
/// `CaseLogDecoder.decode(line: CaseLogEncoder.encode(x), lineNumber: n) == x` for every `x` the decoder produces.
public enum CaseLogEncoder {
    public static func encode(_ line: CaseLogLine) -> String {
        json(line).serialized
    }

    public static func encode(_ event: CaseEvent) -> String {
        encode(.event(event))
    }

    /// A whole file: the agencies, then the procedures, then the events, each line followed by a newline — the order
    /// an import needs (reference data before the events that use it).
    public static func encodeFile(agencies: [AgencyRecord], procedures: [ProcedureRecord], events: [CaseEvent]) -> String {
        var output = ""
        for agency in agencies { output += encode(.agency(agency)) + "\n" }
        for procedure in procedures { output += encode(.procedure(procedure)) + "\n" }
        for event in events { output += encode(.event(event)) + "\n" }
        return output
    }

    static func json(_ line: CaseLogLine) -> CaseLogJSON {
        var members: [(key: String, value: CaseLogJSON)] = [("v", .number("1")), ("type", .string(line.type))]
        switch line {
        case .agency(let agency):
            members += [
                ("code", .string(agency.code)),
                ("name", .string(agency.name)),
                ("identifier", .string(agency.identifier)),
            ]
        case .procedure(let procedure):
            members += [
                ("code", .string(procedure.code)),
                ("name", .string(procedure.name)),
                ("agency", .string(procedure.agency)),
                ("valid_from", .string(procedure.validFrom.description)),
                (
                    "time_limit",
                    .object([("value", .number(String(procedure.timeLimit.value))), ("unit", .string(procedure.timeLimit.unit.rawValue))])
                ),
                ("online", .string(procedure.online.rawValue)),
                ("postal", .bool(procedure.postal)),
                ("written_result", .bool(procedure.writtenResult)),
                ("fee", .number(String(procedure.fee))),
            ]
            if let field = procedure.field { members.append(("field", .string(field))) }
            if !procedure.components.isEmpty {
                members.append(
                    ("components", .array(procedure.components.map { .object([("code", .string($0.code)), ("name", .string($0.name))]) }))
                )
            }
        case .event(let event):
            members += [("dossier", .string(event.dossier.description)), ("at", timestamp(event.at))]
            if let actor = event.actor { members.append(("actor", .string(actor))) }
            members += fields(of: event.kind)
        }
        return .object(members)
    }

    static func fields(of kind: CaseEventKind) -> [(key: String, value: CaseLogJSON)] {
        var fields: [(key: String, value: CaseLogJSON)] = []
        func optional(_ key: String, _ value: String?) {
            if let value { fields.append((key, .string(value))) }
        }
        switch kind {
        case .received(let receipt):
            let applicant = receipt.applicant
            var applicantFields: [(key: String, value: CaseLogJSON)] = [
                ("name", .string(applicant.name)), ("kind", .string(applicant.kind.rawValue)),
            ]
            for (key, value) in [
                ("id", applicant.id), ("locality", applicant.locality), ("phone", applicant.phone),
                ("email", applicant.email), ("address", applicant.address),
            ] {
                if let value { applicantFields.append((key, .string(value))) }
            }
            fields = [
                ("agency", .string(receipt.agency)),
                ("procedure", .string(receipt.procedure)),
                ("channel", .string(receipt.channel.rawValue)),
                ("applicant", .object(applicantFields)),
                (
                    "components",
                    .array(
                        receipt.components.map {
                            .object([("code", .string($0.code)), ("digitized", .bool($0.digitized)), ("reused", .bool($0.reused))])
                        }
                    )
                ),
            ]
            if let fee = receipt.fee { fields.append(("fee", .number(String(fee)))) }
            if let due = receipt.due { fields.append(("due", timestamp(due))) }
        case .processingStarted, .supplementReceived:
            break
        case .handedOver(let from, let to):
            fields = [("from", .string(from)), ("to", .string(to))]
        case .supplementRequested(let reason), .refused(let reason), .stopped(let reason):
            fields = [("reason", .string(reason))]
        case .feeRequested(let amount):
            fields = [("amount", .number(String(amount)))]
        case .feePaid(let amount, let online):
            fields = [("amount", .number(String(amount))), ("online", .bool(online))]
        case .componentDigitized(let component, let reused):
            fields = [("component", .string(component)), ("reused", .bool(reused))]
        case .apologized(let reason, let newDue):
            fields = [("reason", .string(reason)), ("new_due", timestamp(newDue))]
        case .resultReady(let electronic, let resultCode, let sha256):
            fields = [("electronic", .bool(electronic))]
            optional("result_code", resultCode)
            optional("sha256", sha256)
        case .resultDigitized(let sha256):
            optional("sha256", sha256)
        case .returned(let channel, let tracking):
            fields = [("channel", .string(channel.rawValue))]
            optional("tracking", tracking)
        case .withdrawn(let reason):
            optional("reason", reason)
        }
        return fields
    }

    private static func timestamp(_ date: Date) -> CaseLogJSON {
        .string(CaseLogTimestamp.format(date))
    }
}
