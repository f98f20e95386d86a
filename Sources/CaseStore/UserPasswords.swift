public import CaseDomain
import Foundation
import Postgres

/// Passwords of the web interface. The store keeps only the hash the caller computed (bcrypt, in CaseAPI); it never
/// sees a password.
extension UserStore {
    /// Sets the password hash of an active user, or clears it with nil (the user can then no longer sign in to the
    /// web interface; API tokens are unaffected). Signing every session of the user out is the caller's choice:
    /// `signOutEverywhere` (default true) deletes them in the same transaction.
    public func setPassword(userName: String, hash: String?, signOutEverywhere: Bool = true) async throws {
        try await mappingErrors {
            try await client.withTransaction { session in
                let rows = try await session.query(
                    "UPDATE app_user SET password_hash = \(hash) WHERE name = \(userName) AND revoked_at IS NULL RETURNING id"
                )
                guard let id = try rows.first?.decode(Int.self, column: 0) else {
                    throw StoreError.missing("Không có người dùng \(userName).", "No active user \(userName).")
                }
                if signOutEverywhere {
                    try await session.query("DELETE FROM web_session WHERE user_id = \(id)")
                }
            }
        }
    }

    /// What sign-in needs to check a password: the active user's principal and stored hash; nil when the user does
    /// not exist, is revoked, or has no password.
    public func passwordCredentials(userName: String) async throws -> PasswordCredentials? {
        guard userName.utf8.count <= 64 else { return nil }
        let rows = try await client.query(
            """
            SELECT id, name, role, agency_code, locality_code, password_hash
            FROM app_user
            WHERE name = \(userName) AND revoked_at IS NULL AND password_hash IS NOT NULL
            """
        )
        guard let row = rows.first else { return nil }
        let (id, name, role, agency, locality, hash) = try row.decode((Int, String, String, String?, String?, String).self)
        guard let role = Role(rawValue: role) else { return nil }
        return PasswordCredentials(
            principal: Principal(userID: id, name: name, role: role, agency: agency, locality: locality),
            passwordHash: hash
        )
    }
}
