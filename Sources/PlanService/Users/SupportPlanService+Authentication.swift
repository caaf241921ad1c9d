import PlanStore

extension SupportPlanService {
    /// Whether the database has users; without any, every caller acts as the local administrator.
    public func hasUsers() throws -> Bool {
        do { return try store.read { try $0.userCount() > 0 } } catch { throw ServiceError.from(error) }
    }

    /// The user a password signs in, or `unauthenticated`. A wrong name and a wrong password get the
    /// same answer, after the same bcrypt work, so the answer does not tell which names exist.
    public func signIn(name: String, password: String) throws -> String {
        let user: StoredUser?
        do { user = try store.read { try $0.user(name: name) } } catch { throw ServiceError.from(error) }
        let matches = credentials.verify(password: password, hash: user?.passwordHash ?? Credentials.decoyHash)
        guard let user, user.passwordHash != nil, matches else {
            throw ServiceError(.unauthenticated, ["Wrong user name or password"], topic: .user)
        }
        return user.name
    }

    /// The user an API token belongs to, or `unauthenticated` for a token that is unknown or revoked.
    public func authenticate(token: String) throws -> String {
        let stored: StoredToken?
        do { stored = try store.read { try $0.token(hash: Credentials.hash(token: token)) } } catch { throw ServiceError.from(error) }
        guard let stored else { throw ServiceError(.unauthenticated, ["The API token is not valid"], topic: .user) }
        guard stored.revokedAt == nil else { throw ServiceError(.unauthenticated, ["The API token was revoked"], topic: .user) }
        return stored.user
    }
}
