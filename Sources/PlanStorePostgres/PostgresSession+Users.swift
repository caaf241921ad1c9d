import Foundation
import PlanStore
import PostgresNIO

/// Users and API tokens on PostgreSQL, with the SQLite store's rules and sentences.
extension PostgresSession {
    func users() throws -> [StoredUser] {
        try run("SELECT name, roles, password_hash, created_at FROM app_user ORDER BY name").map(user(from:))
    }

    func user(name: String) throws -> StoredUser? {
        try run("SELECT name, roles, password_hash, created_at FROM app_user WHERE name = \(name)").first.map(user(from:))
    }

    func userCount() throws -> Int {
        Int(try value(run("SELECT count(*) FROM app_user").first!, Int64.self))
    }

    func insert(_ user: StoredUser) throws {
        // ON CONFLICT DO NOTHING: a taken name is refused without aborting the transaction.
        let result = try run("""
            INSERT INTO app_user (name, roles, password_hash, created_at)
            VALUES (\(user.name), \(try rolesJSON(user.roles)), \(user.passwordHash), \(user.createdAt))
            ON CONFLICT (name) DO NOTHING
            """)
        if result.metadata.rows == 0 { throw StoreRefusals.duplicateUser(user.name) }
    }

    func update(_ user: StoredUser) throws {
        let result = try run("""
            UPDATE app_user SET roles = \(try rolesJSON(user.roles)), password_hash = \(user.passwordHash) WHERE name = \(user.name)
            """)
        if result.metadata.rows != 1 { throw StoreRefusals.noUser(user.name) }
    }

    func removeUser(name: String) throws {
        let result = try run("DELETE FROM app_user WHERE name = \(name)")
        if result.metadata.rows != 1 { throw StoreRefusals.noUser(name) }
    }

    func token(hash: String) throws -> StoredToken? {
        try run("SELECT id, user_name, hash, created_at, revoked_at FROM api_token WHERE hash = \(hash)").first.map(token(from:))
    }

    func tokens(user: String) throws -> [StoredToken] {
        try run("""
            SELECT id, user_name, hash, created_at, revoked_at FROM api_token WHERE user_name = \(user) ORDER BY id
            """).map(token(from:))
    }

    func insertToken(user: String, hash: String, createdAt: String) throws -> Int {
        guard try self.user(name: user) != nil else { throw StoreRefusals.tokenOfMissingUser(user) }
        let rows = try run("""
            INSERT INTO api_token (user_name, hash, created_at) VALUES (\(user), \(hash), \(createdAt))
            ON CONFLICT (hash) DO NOTHING RETURNING id
            """)
        guard let row = rows.first else { throw StoreRefusals.duplicateToken() }
        return Int(try value(row, Int64.self))
    }

    func revokeToken(id: Int, at: String) throws {
        let result = try run("UPDATE api_token SET revoked_at = coalesce(revoked_at, \(at)) WHERE id = \(id)")
        if result.metadata.rows != 1 { throw StoreRefusals.noToken(id) }
    }

    func session(hash: String) throws -> StoredSession? {
        try run("SELECT hash, user_name, created_at, last_seen_at FROM web_session WHERE hash = \(hash)").first.map { row in
            let (hash, user, createdAt, lastSeenAt) = try decode(row, (String, String, String, String).self)
            return StoredSession(hash: hash, user: user, createdAt: createdAt, lastSeenAt: lastSeenAt)
        }
    }

    func insert(_ session: StoredSession) throws {
        guard try user(name: session.user) != nil else { throw StoreRefusals.sessionOfMissingUser(session.user) }
        let result = try run("""
            INSERT INTO web_session (hash, user_name, created_at, last_seen_at)
            VALUES (\(session.hash), \(session.user), \(session.createdAt), \(session.lastSeenAt))
            ON CONFLICT (hash) DO NOTHING
            """)
        if result.metadata.rows == 0 { throw StoreRefusals.duplicateSession() }
    }

    func touchSession(hash: String, at: String) throws {
        _ = try run("UPDATE web_session SET last_seen_at = \(at) WHERE hash = \(hash)")
    }

    func removeSession(hash: String) throws {
        _ = try run("DELETE FROM web_session WHERE hash = \(hash)")
    }

    func removeSessions(user: String) throws {
        _ = try run("DELETE FROM web_session WHERE user_name = \(user)")
    }

    func removeSessions(createdBefore: String, lastSeenBefore: String) throws -> Int {
        let result = try run("DELETE FROM web_session WHERE created_at < \(createdBefore) OR last_seen_at < \(lastSeenBefore)")
        return result.metadata.rows ?? 0
    }

    private func user(from row: PostgresRow) throws -> StoredUser {
        let (name, rolesText, passwordHash, createdAt) = try decode(row, (String, String, String?, String).self)
        guard let roles = try? JSONDecoder().decode([String].self, from: Data(rolesText.utf8)) else {
            throw StoreError.corrupt("Cannot read the roles of user '\(name)'")
        }
        return StoredUser(name: name, roles: roles, passwordHash: passwordHash, createdAt: createdAt)
    }

    private func token(from row: PostgresRow) throws -> StoredToken {
        let (id, user, hash, createdAt, revokedAt) = try decode(row, (Int64, String, String, String, String?).self)
        return StoredToken(id: Int(id), user: user, hash: hash, createdAt: createdAt, revokedAt: revokedAt)
    }

    private func rolesJSON(_ roles: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(roles), as: UTF8.self)
    }
}
