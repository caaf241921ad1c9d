/// An API token as the store keeps it: only the SHA-256 hash of the token is stored, so a database
/// that leaks does not leak usable tokens.
public struct StoredToken: Sendable, Equatable {
    /// The token's number, unique in the database; how people name it to revoke it.
    public var id: Int
    public var user: String
    /// Lower-case hex SHA-256 of the token text.
    public var hash: String
    public var createdAt: String
    /// When it was revoked, or nil while it is valid.
    public var revokedAt: String?

    public init(id: Int, user: String, hash: String, createdAt: String, revokedAt: String? = nil) {
        self.id = id; self.user = user; self.hash = hash; self.createdAt = createdAt; self.revokedAt = revokedAt
    }
}
