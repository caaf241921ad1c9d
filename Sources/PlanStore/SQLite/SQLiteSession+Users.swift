import Foundation
import GRDB

extension SQLiteSession {
    func users() throws -> [StoredUser] {
        try Row.fetchAll(db, sql: "SELECT name, roles, password_hash, created_at FROM app_user ORDER BY name").map(user(from:))
    }

    func user(name: String) throws -> StoredUser? {
        let statement = try db.cachedStatement(sql: "SELECT name, roles, password_hash, created_at FROM app_user WHERE name = ?")
        return try Row.fetchOne(statement, arguments: [name]).map(user(from:))
    }

    func userCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM app_user") ?? 0
    }

    func insert(_ user: StoredUser) throws {
        guard try self.user(name: user.name) == nil else { throw StoreError.constraint("A user named '\(user.name)' already exists") }
        try db.execute(sql: "INSERT INTO app_user (name, roles, password_hash, created_at) VALUES (?, ?, ?, ?)",
                       arguments: [user.name, try rolesJSON(user.roles), user.passwordHash, user.createdAt])
    }

    func update(_ user: StoredUser) throws {
        try db.execute(sql: "UPDATE app_user SET roles = ?, password_hash = ? WHERE name = ?",
                       arguments: [try rolesJSON(user.roles), user.passwordHash, user.name])
        guard db.changesCount == 1 else { throw StoreError.notFound("No user named '\(user.name)'") }
    }

    func removeUser(name: String) throws {
        try db.execute(sql: "DELETE FROM app_user WHERE name = ?", arguments: [name])
        guard db.changesCount == 1 else { throw StoreError.notFound("No user named '\(name)'") }
    }

    func token(hash: String) throws -> StoredToken? {
        let statement = try db.cachedStatement(sql: "SELECT id, user_name, hash, created_at, revoked_at FROM api_token WHERE hash = ?")
        return try Row.fetchOne(statement, arguments: [hash]).map(token(from:))
    }

    func tokens(user: String) throws -> [StoredToken] {
        try Row.fetchAll(db, sql: "SELECT id, user_name, hash, created_at, revoked_at FROM api_token WHERE user_name = ? ORDER BY id",
                         arguments: [user]).map(token(from:))
    }

    func insertToken(user: String, hash: String, createdAt: String) throws -> Int {
        try db.execute(sql: "INSERT INTO api_token (user_name, hash, created_at) VALUES (?, ?, ?)", arguments: [user, hash, createdAt])
        return Int(db.lastInsertedRowID)
    }

    func revokeToken(id: Int, at: String) throws {
        try db.execute(sql: "UPDATE api_token SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?", arguments: [at, id])
        guard db.changesCount == 1 else { throw StoreError.notFound("No API token with id \(id)") }
    }

    func session(hash: String) throws -> StoredSession? {
        let statement = try db.cachedStatement(sql: "SELECT hash, user_name, created_at, last_seen_at FROM web_session WHERE hash = ?")
        return try Row.fetchOne(statement, arguments: [hash]).map { StoredSession(hash: $0[0], user: $0[1], createdAt: $0[2], lastSeenAt: $0[3]) }
    }

    func insert(_ session: StoredSession) throws {
        guard try user(name: session.user) != nil else { throw StoreRefusals.sessionOfMissingUser(session.user) }
        guard try self.session(hash: session.hash) == nil else { throw StoreRefusals.duplicateSession() }
        try db.execute(sql: "INSERT INTO web_session (hash, user_name, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
                       arguments: [session.hash, session.user, session.createdAt, session.lastSeenAt])
    }

    func touchSession(hash: String, at: String) throws {
        try db.execute(sql: "UPDATE web_session SET last_seen_at = ? WHERE hash = ?", arguments: [at, hash])
    }

    func removeSession(hash: String) throws {
        try db.execute(sql: "DELETE FROM web_session WHERE hash = ?", arguments: [hash])
    }

    func removeSessions(user: String) throws {
        try db.execute(sql: "DELETE FROM web_session WHERE user_name = ?", arguments: [user])
    }

    func removeSessions(createdBefore: String, lastSeenBefore: String) throws -> Int {
        try db.execute(sql: "DELETE FROM web_session WHERE created_at < ? OR last_seen_at < ?", arguments: [createdBefore, lastSeenBefore])
        return db.changesCount
    }

    private func user(from row: Row) throws -> StoredUser {
        let name: String = row[0]
        guard let data = (row[1] as String).data(using: .utf8), let roles = try? JSONDecoder().decode([String].self, from: data) else {
            throw StoreError.corrupt("Cannot read the roles of user '\(name)'")
        }
        return StoredUser(name: name, roles: roles, passwordHash: row[2], createdAt: row[3])
    }

    private func token(from row: Row) -> StoredToken {
        StoredToken(id: Int(row[0] as Int64), user: row[1], hash: row[2], createdAt: row[3], revokedAt: row[4])
    }

    private func rolesJSON(_ roles: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(roles), as: UTF8.self)
    }
}
