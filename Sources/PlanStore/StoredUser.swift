/// A user as the store keeps it: a name, roles, and the bcrypt hash of a password when one was set.
/// The password itself is never stored.
public struct StoredUser: Sendable, Equatable {
    public var name: String
    /// Role names (`coordinator`), as the store keeps them; the service reads them as roles.
    public var roles: [String]
    /// The password's bcrypt hash (salt and cost inside), or nil for a user who cannot sign in.
    public var passwordHash: String?
    /// When the user was added, ISO 8601.
    public var createdAt: String

    public init(name: String, roles: [String], passwordHash: String?, createdAt: String) {
        self.name = name; self.roles = roles; self.passwordHash = passwordHash; self.createdAt = createdAt
    }
}
