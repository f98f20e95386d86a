/// An agency line of the case log: `{"v":1,"type":"agency","code":"BDT","name":"Ban Dân tộc tỉnh","identifier":"000.00.13.H56"}`.
public struct AgencyRecord: Sendable, Codable, Equatable, Hashable {
    /// The agency's short code in this service's catalogue, referenced by procedures and `received` events.
    public var code: String
    public var name: String
    /// The electronic identifier (mã định danh điện tử) that begins its dossier codes (Circular 01/2018/TT-VPCP, Art. 19).
    public var identifier: String

    public init(code: String, name: String, identifier: String) {
        self.code = code
        self.name = name
        self.identifier = identifier
    }
}

/// One version of a procedure of the catalogue (thủ tục hành chính), in force from `validFrom` until the next
/// version of the same agency and code.
public struct ProcedureRecord: Sendable, Codable, Equatable, Hashable {
    /// The national code, e.g. `1.012222`, possibly with a local suffix (`.H36`).
    public var code: String
    public var name: String
    /// The code of the agency that handles it. The same national code may be handled by several agencies, so a
    /// procedure is identified by (agency, code) and versioned by `validFrom`.
    public var agency: String
    public var validFrom: LocalDate
    public var timeLimit: TimeLimit
    /// Decree 42/2022/NĐ-CP: offered online fully, partly, or not at all.
    public var online: OnlineService
    /// Filing and return through the public postal service allowed (Decision 45/2016/QĐ-TTg).
    public var postal: Bool
    /// A written result is required (the denominator of `digitization.results`).
    public var writtenResult: Bool
    /// The fee in VND (whole đồng), 0 when none.
    public var fee: Int
    /// The field (lĩnh vực), when the source system has it. Optional extension of format v1.
    public var field: String?
    /// The required documents (thành phần hồ sơ), when the source system has them. Optional extension of format v1;
    /// an empty list is written by omitting the field.
    public var components: [ProcedureComponent]

    public init(
        code: String,
        name: String,
        agency: String,
        validFrom: LocalDate,
        timeLimit: TimeLimit,
        online: OnlineService,
        postal: Bool,
        writtenResult: Bool,
        fee: Int,
        field: String? = nil,
        components: [ProcedureComponent] = []
    ) {
        self.code = code
        self.name = name
        self.agency = agency
        self.validFrom = validFrom
        self.timeLimit = timeLimit
        self.online = online
        self.postal = postal
        self.writtenResult = writtenResult
        self.fee = fee
        self.field = field
        self.components = components
    }

    /// The key that identifies the procedure across its versions.
    public var key: ProcedureKey { ProcedureKey(agency: agency, code: code) }

    enum CodingKeys: String, CodingKey {
        case code, name, agency
        case validFrom = "valid_from"
        case timeLimit = "time_limit"
        case online, postal
        case writtenResult = "written_result"
        case fee, field, components
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            code: try container.decode(String.self, forKey: .code),
            name: try container.decode(String.self, forKey: .name),
            agency: try container.decode(String.self, forKey: .agency),
            validFrom: try container.decode(LocalDate.self, forKey: .validFrom),
            timeLimit: try container.decode(TimeLimit.self, forKey: .timeLimit),
            online: try container.decode(OnlineService.self, forKey: .online),
            postal: try container.decode(Bool.self, forKey: .postal),
            writtenResult: try container.decode(Bool.self, forKey: .writtenResult),
            fee: try container.decode(Int.self, forKey: .fee),
            field: try container.decodeIfPresent(String.self, forKey: .field),
            components: try container.decodeIfPresent([ProcedureComponent].self, forKey: .components) ?? []
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(name, forKey: .name)
        try container.encode(agency, forKey: .agency)
        try container.encode(validFrom, forKey: .validFrom)
        try container.encode(timeLimit, forKey: .timeLimit)
        try container.encode(online, forKey: .online)
        try container.encode(postal, forKey: .postal)
        try container.encode(writtenResult, forKey: .writtenResult)
        try container.encode(fee, forKey: .fee)
        try container.encodeIfPresent(field, forKey: .field)
        if !components.isEmpty { try container.encode(components, forKey: .components) }
    }
}

/// A required document of a procedure.
public struct ProcedureComponent: Sendable, Codable, Equatable, Hashable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// A procedure across its versions: the handling agency's code and the procedure's code.
public struct ProcedureKey: Sendable, Codable, Equatable, Hashable, Comparable, CustomStringConvertible {
    public var agency: String
    public var code: String

    public init(agency: String, code: String) {
        self.agency = agency
        self.code = code
    }

    public static func < (lhs: ProcedureKey, rhs: ProcedureKey) -> Bool {
        (lhs.agency, lhs.code) < (rhs.agency, rhs.code)
    }

    public var description: String { "\(agency)/\(code)" }
}

/// The versions of procedures, by effective date: a dossier uses the version in force on its receipt day.
public struct ProcedureCatalog: Sendable, Equatable {
    /// Versions per procedure, sorted by `validFrom`, at most one per day.
    public private(set) var versions: [ProcedureKey: [ProcedureRecord]] = [:]

    public init(_ records: some Sequence<ProcedureRecord> = []) {
        for record in records { _ = insert(record) }
    }

    public enum Insertion: Sendable, Equatable {
        /// A new version.
        case added
        /// The same version was already there, identical.
        case unchanged
        /// A different version with the same agency, code and `validFrom` is already there (kept).
        case conflicts(with: ProcedureRecord)
    }

    /// Adds a version; an identical repetition changes nothing, a different one for the same day is refused.
    @discardableResult
    public mutating func insert(_ record: ProcedureRecord) -> Insertion {
        var list = versions[record.key, default: []]
        let position = list.caseLogPartitionIndex { $0.validFrom >= record.validFrom }
        if position < list.count, list[position].validFrom == record.validFrom {
            return list[position] == record ? .unchanged : .conflicts(with: list[position])
        }
        list.insert(record, at: position)
        versions[record.key] = list
        return .added
    }

    /// The version in force on `day`: the one with the greatest `validFrom ≤ day`; nil before the first version.
    public func version(of key: ProcedureKey, on day: LocalDate) -> ProcedureRecord? {
        guard let list = versions[key] else { return nil }
        let position = list.caseLogPartitionIndex { $0.validFrom > day }
        return position == 0 ? nil : list[position - 1]
    }

    public func version(agency: String, procedure: String, on day: LocalDate) -> ProcedureRecord? {
        version(of: ProcedureKey(agency: agency, code: procedure), on: day)
    }

    /// Whether any version of the procedure is known.
    public func contains(_ key: ProcedureKey) -> Bool {
        versions[key] != nil
    }

    /// The procedures of `agency` with a version in force on `day`, that version each, ordered by code.
    public func procedures(of agency: String, inForceOn day: LocalDate) -> [ProcedureRecord] {
        versions.keys.filter { $0.agency == agency }.sorted().compactMap { version(of: $0, on: day) }
    }

    /// Every version, ordered by agency, code and `validFrom` (the order of an export).
    public var allVersions: [ProcedureRecord] {
        versions.keys.sorted().flatMap { versions[$0] ?? [] }
    }
}

extension Array {
    /// The first index whose element satisfies `predicate`, for a predicate that is false then true along the array.
    fileprivate func caseLogPartitionIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
