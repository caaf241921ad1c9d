/// What every page needs besides its own data: who is signed in and the token every form carries.
public struct PageContext: Sendable {
    /// The signed-in user's name; nil in a single-user installation.
    public var user: String?
    /// The user's roles, shown beside the name.
    public var roles: [String]
    /// The CSRF token every form posts back as `csrf`.
    public var csrf: String

    public init(user: String?, roles: [String] = [], csrf: String) {
        self.user = user; self.roles = roles; self.csrf = csrf
    }
}
