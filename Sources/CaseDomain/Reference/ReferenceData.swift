public import Foundation

/// An agency of the catalogue, with its office hours.
public struct Agency: Sendable, Codable, Equatable {
    public var code: String
    public var name: String
    /// The electronic identifier that begins its dossier codes (Circular 01/2018/TT-VPCP, Art. 19).
    public var identifier: String
    public var officeHours: OfficeHours

    public init(code: String, name: String, identifier: String, officeHours: OfficeHours = .standard) {
        self.code = code
        self.name = name
        self.identifier = identifier
        self.officeHours = officeHours
    }

    public var record: AgencyRecord { AgencyRecord(code: code, name: name, identifier: identifier) }
}

/// An administrative unit: province, district (until 2025) or commune.
public struct Locality: Sendable, Codable, Equatable {
    public enum Level: String, Sendable, Codable, CaseIterable {
        case province, district, commune
    }

    public var code: String
    public var name: String
    public var level: Level
    public var parentCode: String?

    public init(code: String, name: String, level: Level, parentCode: String? = nil) {
        self.code = code
        self.name = name
        self.level = level
        self.parentCode = parentCode
    }
}

/// Reference data: agencies, localities, procedure versions and the working calendar.
