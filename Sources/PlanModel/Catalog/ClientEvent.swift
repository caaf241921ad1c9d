/// One recorded change to a client or one of its records made outside a plan (an import): who, when,
/// which field, before and after. Changes made through a plan are in that plan's history.
public struct ClientEvent: Hashable, Sendable, Codable {
    public var clientID: String
    public var at: String
    public var user: String
    /// What happened: `import` (a client's name or profile), `import_record` (a record's fields).
    public var action: String
    /// The field changed: `name`, `profile.phone`, `CC-00077.phone`.
    public var target: String
    public var before: String?
    public var after: String?

    public init(clientID: String, at: String, user: String, action: String, target: String,
                before: String? = nil, after: String? = nil) {
        self.clientID = clientID; self.at = at; self.user = user; self.action = action
        self.target = target; self.before = before; self.after = after
    }
}

extension ClientEvent {
    enum CodingKeys: String, CodingKey { case clientID, at, user, action, target, before, after }

    /// Every key, an unset `before` or `after` as null (never a missing key), as all JSON answers are.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(clientID, forKey: .clientID); try c.encode(at, forKey: .at); try c.encode(user, forKey: .user)
        try c.encode(action, forKey: .action); try c.encode(target, forKey: .target)
        try c.encode(before, forKey: .before); try c.encode(after, forKey: .after)
    }
}
