public import CaseDomain
import Crypto
public import Foundation
import Postgres

/// Users and API tokens. Tokens are random (256 bits), shown once, and stored only as their SHA-256.
public struct UserStore: UserRepository {
    let client: PostgresClient

    public init(database: Database) {
        self.client = database.client
    }

    /// Creates a user; returns the account and a new API token (shown once).
    public func addUser(
        name: String,
        role: Role,
        agency: String?,
        locality: String?,
        passwordHash: String? = nil
    ) async throws -> (
        UserAccount, token: String
    ) {
        try UserAccount.validate(name: name, role: role, agency: agency, locality: locality)
        let token = Self.makeToken()
        return try await mappingErrors {
            try await client.withTransaction { session in
                if let agency, try await session.query("SELECT 1 FROM agency WHERE code = \(agency)").isEmpty {
                    throw StoreError.invalid("agency", "Không có cơ quan mã \(agency).", "No agency with code \(agency).")
                }
                if let locality, try await session.query("SELECT 1 FROM locality WHERE code = \(locality)").isEmpty {
                    throw StoreError.invalid("locality", "Không có địa phương mã \(locality).", "No locality with code \(locality).")
                }
                let exists = try await session.query("SELECT 1 FROM app_user WHERE name = \(name)")
                if !exists.isEmpty {
                    throw StoreError.conflict(
                        BilingualMessage(vietnamese: "Người dùng \(name) đã tồn tại.", english: "User \(name) already exists."),
                        code: "user_exists"
                    )
                }
                let row = try await session.query(
                    """
                    INSERT INTO app_user (name, role, agency_code, locality_code, password_hash)
                    VALUES (\(name), \(role.rawValue), \(agency), \(locality), \(passwordHash))
                    RETURNING id, created_at
                    """
                ).one()
                let (id, createdAt) = try row.decode((Int, Date).self)
                try await session.query("INSERT INTO api_token (user_id, token_hash) VALUES (\(id), \(Self.hash(token)))")
                return (UserAccount(id: id, name: name, role: role, agency: agency, locality: locality, createdAt: createdAt), token)
            }
        }
    }

    /// Issues another token for an existing, active user.
    public func issueToken(userName: String) async throws -> String {
        let token = Self.makeToken()
        let inserted = try await client.query(
            """
            INSERT INTO api_token (user_id, token_hash)
            SELECT id, \(Self.hash(token)) FROM app_user WHERE name = \(userName) AND revoked_at IS NULL
            """
        ).affectedRows
        guard inserted == 1 else { throw StoreError.missing("Không có người dùng \(userName).", "No active user \(userName).") }
        return token
    }

    /// Revokes a user and all their tokens; returns whether the user existed.
    @discardableResult
    public func revoke(userName: String) async throws -> Bool {
        try await client.withTransaction { session in
            let rows = try await session.query(
                "UPDATE app_user SET revoked_at = coalesce(revoked_at, now()) WHERE name = \(userName) RETURNING id"
            )
            guard let id = try rows.first?.decode(Int.self, column: 0) else { return false }
            try await session.query("UPDATE api_token SET revoked_at = coalesce(revoked_at, now()) WHERE user_id = \(id)")
            try await session.query("DELETE FROM web_session WHERE user_id = \(id)")
            return true
        }
    }

    public func users() async throws -> [UserAccount] {
        try await client.query(
            "SELECT id, name, role, agency_code, locality_code, created_at, revoked_at FROM app_user ORDER BY name"
        ).map { row in
            let (id, name, role, agency, locality, createdAt, revokedAt) = try row.decode((Int, String, String, String?, String?, Date, Date?).self)
            return UserAccount(
                id: id,
                name: name,
                role: Role(rawValue: role) ?? .leader,
                agency: agency,
                locality: locality,
                createdAt: createdAt,
                revokedAt: revokedAt
            )
        }
    }

    /// The principal a bearer token belongs to, or nil for an unknown or revoked token.
    ///
    /// The token is looked up by its SHA-256 through a unique index: the comparison happens on digests inside
    /// PostgreSQL, so response times reveal nothing about how much of a guessed token was right.
    public func principal(forToken token: String) async throws -> Principal? {
        guard token.utf8.count <= 200 else { return nil }
        let rows = try await client.query(
            """
            SELECT u.id, u.name, u.role, u.agency_code, u.locality_code
            FROM api_token t JOIN app_user u ON u.id = t.user_id
            WHERE t.token_hash = \(Self.hash(token)) AND t.revoked_at IS NULL AND u.revoked_at IS NULL
            """
        )
        guard let row = rows.first else { return nil }
        let (id, name, role, agency, locality) = try row.decode((Int, String, String, String?, String?).self)
        guard let role = Role(rawValue: role) else { return nil }
        return Principal(userID: id, name: name, role: role, agency: agency, locality: locality)
    }

    static func makeToken() -> String { "tthc_" + RandomToken.make() }

    static func hash(_ token: String) -> Data {
        Data(SHA256.hash(data: Data(token.utf8)))
    }
}

extension DossierScope {
    /// An SQL condition on the `dossier` table aliased `d` (values bound).
    var condition: PostgresQuery {
        switch self {
        case .all: "TRUE"
        case .agency(let code): "d.agency_code = \(code)"
        case .locality(let code): "d.applicant_locality = \(code)"
        case .none: "FALSE"
        }
    }
}
