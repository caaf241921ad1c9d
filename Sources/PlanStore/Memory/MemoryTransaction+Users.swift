/// Users, API tokens and web sessions in a memory store, with SQLite's rules: one user per name, one
/// token or session per hash, removing a user removes their tokens and sessions, a revoked token keeps its first revocation date.
extension MemoryTransaction {
    func users() throws -> [StoredUser] { state.users.keys.sorted().map { state.users[$0]! } }

    func user(name: String) throws -> StoredUser? { state.users[name] }

    func userCount() throws -> Int { state.users.count }

    func token(hash: String) throws -> StoredToken? { state.tokens.values.first { $0.hash == hash } }

    func tokens(user: String) throws -> [StoredToken] {
        state.tokens.values.filter { $0.user == user }.sorted { $0.id < $1.id }
    }

    func insert(_ user: StoredUser) throws {
        guard state.users[user.name] == nil else { throw StoreRefusals.duplicateUser(user.name) }
        state.users[user.name] = user
    }

    func update(_ user: StoredUser) throws {
        guard let stored = state.users[user.name] else { throw StoreRefusals.noUser(user.name) }
        var changed = stored
        changed.roles = user.roles
        changed.passwordHash = user.passwordHash
        state.users[user.name] = changed
    }

    func removeUser(name: String) throws {
        guard state.users.removeValue(forKey: name) != nil else { throw StoreRefusals.noUser(name) }
        state.tokens = state.tokens.filter { $0.value.user != name }
        state.sessions = state.sessions.filter { $0.value.user != name }
    }

    func insertToken(user: String, hash: String, createdAt: String) throws -> Int {
        guard state.users[user] != nil else { throw StoreRefusals.tokenOfMissingUser(user) }
        guard try token(hash: hash) == nil else { throw StoreRefusals.duplicateToken() }
        state.lastTokenID += 1
        state.tokens[state.lastTokenID] = StoredToken(id: state.lastTokenID, user: user, hash: hash, createdAt: createdAt)
        return state.lastTokenID
    }

    func revokeToken(id: Int, at: String) throws {
        guard var token = state.tokens[id] else { throw StoreRefusals.noToken(id) }
        token.revokedAt = token.revokedAt ?? at
        state.tokens[id] = token
    }

    func session(hash: String) throws -> StoredSession? { state.sessions[hash] }

    func insert(_ session: StoredSession) throws {
        guard state.users[session.user] != nil else { throw StoreRefusals.sessionOfMissingUser(session.user) }
        guard state.sessions[session.hash] == nil else { throw StoreRefusals.duplicateSession() }
        state.sessions[session.hash] = session
    }

    func touchSession(hash: String, at: String) throws { state.sessions[hash]?.lastSeenAt = at }

    func removeSession(hash: String) throws { state.sessions[hash] = nil }

    func removeSessions(user: String) throws { state.sessions = state.sessions.filter { $0.value.user != user } }

    func removeSessions(createdBefore: String, lastSeenBefore: String) throws -> Int {
        let before = state.sessions.count
        state.sessions = state.sessions.filter { $0.value.createdAt >= createdBefore && $0.value.lastSeenAt >= lastSeenBefore }
        return before - state.sessions.count
    }
}
