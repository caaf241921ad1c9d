import Foundation
import PlanModel
import PlanStore

/// How long web sessions last: an idle limit and a lifetime from sign-in, whichever ends first.
public struct SessionLimits: Sendable {
    public var idle: TimeInterval
    public var lifetime: TimeInterval

    public init(idle: TimeInterval, lifetime: TimeInterval) { self.idle = idle; self.lifetime = lifetime }
}

/// A signed-in user and their new session's id: the id goes to the browser only; the store keeps its hash.
public struct SignedIn: Sendable {
    public var user: ActingUser
    public var sessionID: String
}

/// Web sessions, kept in the store so that every server on one database shares them.
extension SupportPlanService {
    /// A session is refreshed at most this often, so reading pages does not write on every request.
    static let sessionTouchInterval: TimeInterval = 60

    /// Checks the password as `signIn` does and starts a session; ended sessions are swept on the way.
    public func startSession(name: String, password: String, at now: Date, limits: SessionLimits) throws -> SignedIn {
        let name = try signIn(name: name, password: password)
        let id = Credentials.newSessionID()
        let stamp = Self.stamp(now)
        let user = try storeWrite { tx in
            try tx.removeSessions(createdBefore: Self.stamp(now - limits.lifetime), lastSeenBefore: Self.stamp(now - limits.idle))
            try tx.insert(StoredSession(hash: Credentials.hash(token: id), user: name, createdAt: stamp, lastSeenAt: stamp))
            return try Self.acting(tx.user(name: name), name)
        }
        return SignedIn(user: user, sessionID: id)
    }

    /// The user of a live session, or nil for an id that is unknown, expired (removed now) or whose
    /// user is gone. Marks the session used when it was last marked over a minute ago.
    public func session(id: String, at now: Date, limits: SessionLimits) throws -> ActingUser? {
        let hash = Credentials.hash(token: id)
        let found = try storeRead { tx -> (StoredSession, StoredUser)? in
            guard let session = try tx.session(hash: hash), let user = try tx.user(name: session.user) else { return nil }
            return (session, user)
        }
        guard let (session, user) = found else { return nil }
        guard let created = Self.date(session.createdAt), let seen = Self.date(session.lastSeenAt),
              now.timeIntervalSince(created) < limits.lifetime, now.timeIntervalSince(seen) < limits.idle else {
            try storeWrite { try $0.removeSession(hash: hash) }
            return nil
        }
        if now.timeIntervalSince(seen) >= Self.sessionTouchInterval {
            try storeWrite { try $0.touchSession(hash: hash, at: Self.stamp(now)) }
        }
        return try Self.acting(user, user.name)
    }

    /// Ends a session (signing out); an unknown id ends nothing.
    public func endSession(id: String) throws {
        try storeWrite { try $0.removeSession(hash: Credentials.hash(token: id)) }
    }

    private static func acting(_ user: StoredUser?, _ name: String) throws -> ActingUser {
        guard let user else { throw ServiceError(.unauthenticated, ["No user named '\(name)'"], topic: .user) }
        return ActingUser(name: user.name, roles: user.roles.compactMap(Role.init(named:)))
    }

    private func storeRead<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        do { return try store.read(body) } catch { throw ServiceError.from(error) }
    }

    private func storeWrite<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        do { return try store.write(body) } catch { throw ServiceError.from(error) }
    }

    /// Session times as stored: ISO 8601 in UTC with milliseconds, so text order is time order.
    static let stampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    static func stamp(_ date: Date) -> String { date.formatted(stampStyle) }
    static func date(_ text: String) -> Date? { try? Date(text, strategy: stampStyle) }
}
