import Foundation
import PlanModel
import PlanStore

extension ServiceCall {
    /// Adds a user with roles and, optionally, a password (hashed here; never stored or logged as text).
    /// The first user of a database must be an admin: once a user exists, only an admin can add others.
    public func addUser(_ name: String, roles: [Role], password: String?, dryRun: Bool = false) throws -> UserSummary {
        try Self.checkName(name)
        guard !roles.isEmpty else { throw ServiceError.badInput("A user needs at least one role (\(Role.names.joined(separator: ", ")))") }
        let hash = try password.map { password throws(ServiceError) in try service.credentials.hash(password: password) }
        return try write(dryRun: dryRun) { tx in
            try authorize(.manageUsers, tx)
            if try tx.userCount() == 0, !roles.contains(.admin) {
                throw ServiceError.refused("The first user must have the admin role: once a user exists, only an admin can add users")
            }
            if try tx.user(name: name) != nil { throw ServiceError.refused("A user named '\(name)' already exists") }
            let user = StoredUser(name: name, roles: Array(Set(roles)).sorted().map(\.rawValue), passwordHash: hash, createdAt: clock())
            try tx.insert(user)
            return UserSummary(user, tokens: [])
        }
    }

    /// Every user, by name.
    public func users() throws -> [UserSummary] {
        try read { tx in
            try authorize(.manageUsers, tx)
            return try tx.users().map { UserSummary($0, tokens: try tx.tokens(user: $0.name)) }
        }
    }

    /// Removes a user and their tokens. The last admin can't be removed while other users remain:
    /// nobody could manage users any more. Removing the last user makes the database single-user again.
    public func removeUser(_ name: String, dryRun: Bool = false) throws {
        try write(dryRun: dryRun) { tx in
            try authorize(.manageUsers, tx)
            let user = try requireUser(name, tx)
            let admins = try tx.users().filter { $0.roles.contains(Role.admin.rawValue) }
            if user.roles.contains(Role.admin.rawValue), admins.count == 1, try tx.userCount() > 1 {
                throw ServiceError.refused("'\(name)' is the only admin; add another admin before removing them")
            }
            try tx.removeUser(name: name)
        }
    }

    /// Sets (or replaces) a user's password.
    public func setPassword(_ name: String, password: String, dryRun: Bool = false) throws {
        let hash = try service.credentials.hash(password: password)
        try write(dryRun: dryRun) { tx in
            try authorize(.manageUsers, tx)
            var user = try requireUser(name, tx)
            user.passwordHash = hash
            try tx.update(user)
            // Whoever signed in with the old password is signed out.
            try tx.removeSessions(user: name)
        }
    }

    /// A new API token for a user: the text is returned this once; only its SHA-256 is stored.
    public func issueToken(for name: String) throws -> IssuedToken {
        let token = Credentials.newToken()
        return try write(dryRun: false) { tx in
            try authorize(.manageUsers, tx)
            _ = try requireUser(name, tx)
            let id = try tx.insertToken(user: name, hash: Credentials.hash(token: token), createdAt: clock())
            return IssuedToken(id: id, user: name, token: token)
        }
    }

    /// Revokes one of a user's tokens, or all of them when `id` is nil; returns the ids revoked now.
    public func revokeTokens(of name: String, id: Int? = nil, dryRun: Bool = false) throws -> [Int] {
        try write(dryRun: dryRun) { tx in
            try authorize(.manageUsers, tx)
            _ = try requireUser(name, tx)
            let tokens = try tx.tokens(user: name)
            if let id, !tokens.contains(where: { $0.id == id }) {
                throw ServiceError(.notFound, ["User '\(name)' has no API token \(id)"], topic: .user, subject: name)
            }
            let revoked = tokens.filter { $0.revokedAt == nil && (id == nil || $0.id == id) }.map(\.id)
            for token in revoked { try tx.revokeToken(id: token, at: clock()) }
            return revoked
        }
    }

    func requireUser(_ name: String, _ tx: any StoreReader) throws -> StoredUser {
        guard let user = try tx.user(name: name) else {
            throw ServiceError(.notFound, ["No user named '\(name)'"], topic: .user, subject: name)
        }
        return user
    }

    /// A user name: 1 to 64 letters, digits, `.`, `_`, `-` or `@`, so it reads the same in history,
    /// logs and messages.
    static func checkName(_ name: String) throws(ServiceError) {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._-@"))
        guard (1...64).contains(name.count), name.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }) else {
            throw .badInput("'\(name)' is not a user name: use 1 to 64 letters, digits, '.', '_', '-' or '@'")
        }
    }
}
