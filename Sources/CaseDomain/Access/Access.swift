public import Foundation

/// What a user may do (issue: roles and scopes).
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Maintains the catalogue, users, calendar and rubrics; sees everything.
    case admin
    /// One-stop clerk (cán bộ một cửa) of one agency: registers and handles its dossiers.
    case clerk
    /// Processing officer (chuyên viên) of one agency: handles its dossiers.
    case officer
    /// A commune or district People's Committee: submits and follows dossiers whose applicant belongs to it.
    case locality
    /// Reads metrics and scores, of one agency or (without one) of all.
    case leader

    public var vietnameseLabel: String {
        switch self {
        case .admin: "Quản trị"
        case .clerk: "Cán bộ một cửa"
        case .officer: "Chuyên viên xử lý"
        case .locality: "Địa phương"
        case .leader: "Lãnh đạo"
        }
    }
}

/// The authenticated caller.
public struct Principal: Sendable, Equatable, Codable {
    public var userID: Int
    public var name: String
    public var role: Role
    public var agency: String?
    public var locality: String?

    public init(userID: Int, name: String, role: Role, agency: String? = nil, locality: String? = nil) {
        self.userID = userID
        self.name = name
        self.role = role
        self.agency = agency
        self.locality = locality
    }

    /// The key that idempotency records are kept under.
    public var idempotencyScope: String { "user:\(userID)" }
}

/// Which dossiers a principal can see: the object-level check applied in every query.
public enum DossierScope: Sendable, Equatable {
    case all
    case agency(String)
    case locality(String)
    case none

    public init(_ principal: Principal?) {
        guard let principal else {
            self = .none
            return
        }
        switch principal.role {
        case .admin: self = .all
        case .clerk, .officer: self = principal.agency.map(DossierScope.agency) ?? .none
        case .locality: self = principal.locality.map(DossierScope.locality) ?? .none
        case .leader: self = .none
        }
    }
}

/// A user account as shown to admins (never with a secret).
public struct UserAccount: Sendable, Equatable, Codable {
    public var id: Int
    public var name: String
    public var role: Role
    public var agency: String?
    public var locality: String?
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: Int, name: String, role: Role, agency: String? = nil, locality: String? = nil, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.agency = agency
        self.locality = locality
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

extension UserAccount {
    /// The rules every account obeys: an ASCII login name, an agency for clerks and officers, a locality for localities.
    public static func validate(name: String, role: Role, agency: String?, locality: String?) throws(StoreError) {
        guard name.range(of: "^[A-Za-z0-9_.@-]{1,64}$", options: .regularExpression) != nil else {
            throw StoreError.invalid(
                "name",
                "Tên đăng nhập chỉ gồm chữ không dấu, số và . _ @ - (tối đa 64 ký tự).",
                "A user name has 1–64 ASCII letters, digits or . _ @ -."
            )
        }
        switch role {
        case .clerk, .officer:
            guard agency != nil else {
                throw StoreError.invalid("agency", "Vai trò \(role.rawValue) cần có --agency.", "Role \(role.rawValue) needs --agency.")
            }
        case .locality:
            guard locality != nil else {
                throw StoreError.invalid("locality", "Vai trò locality cần có --locality.", "Role locality needs --locality.")
            }
        case .admin, .leader:
            break
        }
    }
}

/// A signed-in browser session of the web interface.
public struct WebSession: Sendable, Equatable {
    public var principal: Principal
    /// The token every form of this session must send back (checked on every state-changing request).
    public var csrfToken: String
    public var expiresAt: Date

    public init(principal: Principal, csrfToken: String, expiresAt: Date) {
        self.principal = principal
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}

/// A user who may sign in with a password, and the stored hash to check it against.
public struct PasswordCredentials: Sendable, Equatable {
    public var principal: Principal
    public var passwordHash: String

    public init(principal: Principal, passwordHash: String) {
        self.principal = principal
        self.passwordHash = passwordHash
    }
}
