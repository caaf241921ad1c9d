import PlanModel
import PlanStore

/// A user as `user list` and the API show one: never a password hash or a token.
public struct UserSummary: Sendable, Encodable, Equatable {
    public struct Token: Sendable, Encodable, Equatable {
        public var id: Int
        public var createdAt: String
        public var revokedAt: String?
        enum CodingKeys: String, CodingKey { case id, createdAt = "created_at", revokedAt = "revoked_at" }
    }

    public var name: String
    public var roles: [String]
    /// Whether the user can sign in to the web page.
    public var hasPassword: Bool
    public var createdAt: String
    public var tokens: [Token]

    enum CodingKeys: String, CodingKey { case name, roles, hasPassword = "has_password", createdAt = "created_at", tokens }

    init(_ user: StoredUser, tokens: [StoredToken]) {
        name = user.name; roles = user.roles; hasPassword = user.passwordHash != nil; createdAt = user.createdAt
        self.tokens = tokens.map { Token(id: $0.id, createdAt: $0.createdAt, revokedAt: $0.revokedAt) }
    }
}

/// A token as `user token` hands it out: the only time its text is shown.
public struct IssuedToken: Sendable, Encodable, Equatable {
    public var id: Int
    public var user: String
    public var token: String
}
