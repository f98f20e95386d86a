public import Foundation

/// JSON request bodies of the API that carry a case-log event, decoded with the case-log decoder itself so that the
/// API and the interchange format accept exactly the same fields, types and values (CASE-LOG.md §1).
///
/// An event body is a case-log event line without `v`, `dossier` and `actor` (the URL and the caller give those),
/// with `at` optional (default: now). A registration body is a `received` line without `type` and `due`, with
/// `agency` optional for callers tied to one agency, plus `received_at` and `postal_tracking`.
public enum APIRequestBody {
    /// What is wrong with a body, for a 400 response: a bilingual message and the offending field's path.
    public struct Failure: Error, Sendable, Equatable {
        public var message: BilingualMessage
        public var field: String?
    }

    public struct Registration: Sendable, Equatable {
        public var receipt: Receipt
        public var receivedAt: Date?
        public var postalTracking: String?
    }

    /// Decodes `{"type": "...", "at"?: "...", …fields}` into an event of `dossier` by `actor`.
    public static func decodeEvent(body: String, dossier: DossierCode, actor: String?, defaultAt: Date) throws(Failure) -> CaseEvent {
        var members = try object(body)
        try reject(["v", "dossier", "actor"], in: members)
        let at = try takeTimestamp("at", from: &members) ?? defaultAt
        var line: [(key: String, value: CaseLogJSON)] = [("v", .number("1"))]
        if let type = members.first(where: { $0.key == "type" }) {
            line.append(type)
            members.removeAll { $0.key == "type" }
        } else {
            throw failure(.missingField(path: "type"))
        }
        line.append(("dossier", .string(dossier.description)))
        line.append(("at", .string(VietnamTime.rfc3339(at))))
        if let actor { line.append(("actor", .string(actor))) }
        line += members
        do {
            guard case .event(let event) = try CaseLogDecoder.decode(json: .object(line)) else {
                throw failure(.unknownType("?"))
            }
            // Keep sub-second precision of the default (now) that the text form dropped.
            return CaseEvent(dossier: event.dossier, at: CaseLogTimestamp.roundedToMicroseconds(at), actor: event.actor, kind: event.kind)
        } catch let error as DecodingProblem {
            throw failure(error.problem)
        } catch {
            throw failure(.notAnObject)
        }
    }

    /// Decodes a registration body.
    public static func decodeRegistration(
        body: String,
        placeholder: DossierCode,
        actor: String?,
        defaultAgency: String?
    ) throws(Failure) -> Registration {
        var members = try object(body)
        try reject(["v", "type", "dossier", "actor", "at", "due"], in: members)
        let receivedAt = try takeTimestamp("received_at", from: &members)
        var postalTracking: String?
        if let index = members.firstIndex(where: { $0.key == "postal_tracking" }) {
            switch members[index].value {
            case .null: postalTracking = nil
            case .string(let text):
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard trimmed.count <= 64, !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                    throw Failure(
                        message: BilingualMessage(
                            vietnamese: "Mã bưu gửi không hợp lệ (tối đa 64 ký tự).",
                            english: "Invalid postal tracking number (at most 64 characters)."
                        ),
                        field: "postal_tracking"
                    )
                }
                postalTracking = trimmed.isEmpty ? nil : trimmed
            default: throw failure(.wrongType(path: "postal_tracking", expected: .string))
            }
            members.remove(at: index)
        }
        if !members.contains(where: { $0.key == "agency" }), let defaultAgency {
            members.append(("agency", .string(defaultAgency)))
        }
        let line: [(key: String, value: CaseLogJSON)] =
            [
                ("v", .number("1")), ("type", .string("received")), ("dossier", .string(placeholder.description)),
                ("at", .string(VietnamTime.rfc3339(receivedAt ?? Date(timeIntervalSince1970: 0)))),
            ] + (actor.map { [("actor", CaseLogJSON.string($0))] } ?? []) + members
        do {
            guard case .event(let event) = try CaseLogDecoder.decode(json: .object(line)), case .received(let receipt) = event.kind else {
                throw failure(.unknownType("received"))
            }
            return Registration(receipt: receipt, receivedAt: receivedAt, postalTracking: postalTracking)
        } catch let error as DecodingProblem {
            throw failure(error.problem)
        } catch {
            throw failure(.notAnObject)
        }
    }

    /// Decodes a reference-data body (`agency` or `procedure`): a case-log line of that type without `v` and `type`,
    /// with the members in `inject` (e.g. the code from the URL) added — a body repeating one of them is refused.
    /// Members named in `extras` are taken out before decoding and returned as JSON text.
    public static func decodeReference(
        body: String,
        type: String,
        inject: [String: String],
        extras: Set<String> = []
    ) throws(Failure) -> (line: CaseLogLine, extras: [String: String]) {
        var members = try object(body)
        try reject(Set(["v", "type"]).union(inject.keys), in: members)
        var taken: [String: String] = [:]
        for key in extras {
            if let index = members.firstIndex(where: { $0.key == key }) {
                taken[key] = members[index].value.serialized
                members.remove(at: index)
            }
        }
        let line: [(key: String, value: CaseLogJSON)] =
            [("v", .number("1")), ("type", .string(type))] + inject.sorted { $0.key < $1.key }.map { ($0.key, CaseLogJSON.string($0.value)) }
            + members
        do {
            return (try CaseLogDecoder.decode(json: .object(line)), taken)
        } catch {
            throw failure(error.problem)
        }
    }

    private static func object(_ body: String) throws(Failure) -> [(key: String, value: CaseLogJSON)] {
        let json: CaseLogJSON
        do {
            json = try CaseLogJSON.parse(body)
        } catch {
            throw failure(.invalidJSON(column: error.column, detail: error.problem))
        }
        guard case .object(let members) = json else { throw failure(.notAnObject) }
        return members
    }

    private static func reject(_ keys: Set<String>, in members: [(key: String, value: CaseLogJSON)]) throws(Failure) {
        if let member = members.first(where: { keys.contains($0.key) }) {
            throw failure(.unknownField(path: member.key))
        }
    }

    private static func takeTimestamp(_ key: String, from members: inout [(key: String, value: CaseLogJSON)]) throws(Failure) -> Date? {
        guard let index = members.firstIndex(where: { $0.key == key }) else { return nil }
        let value = members[index].value
        members.remove(at: index)
        switch value {
        case .null:
            return nil
        case .string(let text):
            guard let date = VietnamTime.parseRFC3339(text) else {
                throw Failure(
                    message: BilingualMessage(
                        vietnamese: "\(key): thời điểm phải theo RFC 3339 và có múi giờ, ví dụ 2025-03-03T08:15:00+07:00.",
                        english: "\(key): a moment must be RFC 3339 with an offset, e.g. 2025-03-03T08:15:00+07:00."
                    ),
                    field: key
                )
            }
            return date
        default:
            throw failure(.wrongType(path: key, expected: .string))
        }
    }

    private static func failure(_ problem: CaseLogError.Problem) -> Failure {
        let field: String? =
            switch problem {
            case .unknownField(let path), .missingField(let path), .wrongType(let path, _), .invalidValue(let path, _): path
            default: nil
            }
        let detail = CaseLogError.describe(problem)
        return Failure(
            message: BilingualMessage(vietnamese: capitalized(detail.vietnamese), english: capitalized(detail.english)),
            field: field
        )
    }

    private static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}
