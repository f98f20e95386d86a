public import CaseDomain
import Crypto
public import Foundation
import Postgres

/// Browser sessions, stored in `web_session`. The cookie carries a random 256-bit id; the table holds only its
/// SHA-256, so a copy of the database does not let anyone sign in as a user.
public struct WebSessionStore: WebSessionRepository {
    let client: PostgresClient

    public init(database: Database) {
        self.client = database.client
    }

    /// Opens a session for an active user, valid until `now + lifetime`; returns the cookie value (shown once) and
    /// the session. The same statement forgets the user's sessions that have already expired.
    public func create(for principal: Principal, now: Date, lifetime: TimeInterval) async throws -> (cookie: String, session: WebSession) {
        let cookie = Self.randomToken()
        let csrf = Self.randomToken()
        let expires = now.addingTimeInterval(lifetime)
        let rows = try await mappingErrors {
            try await client.query(
                """
                WITH cleared AS (
                    DELETE FROM web_session WHERE user_id = \(principal.userID) AND expires_at <= \(now)
                )
                INSERT INTO web_session (id_hash, user_id, csrf_token, created_at, expires_at)
                SELECT \(Self.hash(cookie)), u.id, \(csrf), \(now), \(expires)
                FROM app_user u WHERE u.id = \(principal.userID) AND u.revoked_at IS NULL
                RETURNING expires_at
                """
            )
        }
        guard let row = rows.first else {
            throw StoreError.missing("Không có người dùng \(principal.name).", "No active user \(principal.name).")
        }
        let storedExpiry = try row.decode(Date.self, column: 0)
        return (cookie, WebSession(principal: principal, csrfToken: csrf, expiresAt: storedExpiry))
    }

    /// The session a cookie value names, if it exists, has not expired at `now`, and its user is still active.
    public func session(cookie: String, now: Date) async throws -> WebSession? {
        guard (20...100).contains(cookie.utf8.count) else { return nil }
        let rows = try await client.query(
            """
            SELECT u.id, u.name, u.role, u.agency_code, u.locality_code, s.csrf_token, s.expires_at
            FROM web_session s JOIN app_user u ON u.id = s.user_id
            WHERE s.id_hash = \(Self.hash(cookie)) AND s.expires_at > \(now) AND u.revoked_at IS NULL
            """
        )
        guard let row = rows.first else { return nil }
        let (id, name, role, agency, locality, csrf, expires) = try row.decode((Int, String, String, String?, String?, String, Date).self)
        guard let role = Role(rawValue: role) else { return nil }
        return WebSession(
            principal: Principal(userID: id, name: name, role: role, agency: agency, locality: locality),
            csrfToken: csrf,
            expiresAt: expires
        )
    }

    /// Ends the session a cookie value names (signing out); returns whether there was one.
    @discardableResult
    public func delete(cookie: String) async throws -> Bool {
        guard (20...100).contains(cookie.utf8.count) else { return false }
        return try await client.query("DELETE FROM web_session WHERE id_hash = \(Self.hash(cookie))").affectedRows > 0
    }

    /// Deletes every session that expired before `moment`; returns how many.
    @discardableResult
    public func deleteExpired(before moment: Date) async throws -> Int {
        try await client.query("DELETE FROM web_session WHERE expires_at <= \(moment)").affectedRows
    }

    /// 256 random bits, base64url without padding (43 characters, valid in a cookie and a form field).
    public static func randomToken() -> String { RandomToken.make() }

    static func hash(_ cookie: String) -> Data {
        Data(SHA256.hash(data: Data(cookie.utf8)))
    }
}
