/// A web session as the store keeps it: only the SHA-256 hash of the session id (the cookie's value)
/// is stored, so a database that leaks does not leak usable sessions. Kept in the store, not in a
/// server's memory, so several servers on one database share their sessions.
public struct StoredSession: Sendable, Equatable {
    /// Lower-case hex SHA-256 of the session id.
    public var hash: String
    public var user: String
    /// When the user signed in, ISO 8601 (UTC, milliseconds): the start of the session's lifetime.
    public var createdAt: String
    /// When the session was last used, in the same form; refreshed at most about once a minute.
    public var lastSeenAt: String

    public init(hash: String, user: String, createdAt: String, lastSeenAt: String) {
        self.hash = hash; self.user = user; self.createdAt = createdAt; self.lastSeenAt = lastSeenAt
    }
}
