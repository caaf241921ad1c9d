import Foundation

/// One recorded change to a plan, one of its items, or a profile written through a plan.
public struct HistoryEvent: Hashable, Sendable, Codable {
    public var planID: String
    public var at: String
    public var user: String
    /// What happened, e.g. `set`, `link`, `complete`, `activate`, `profile`.
    public var action: String
    /// The thing changed: `medications#2`, `medications#2.dose`, `profile.phone`, or empty for the plan.
    public var target: String
    public var before: String?
    public var after: String?

    public init(planID: String, at: String, user: String, action: String, target: String = "",
                before: String? = nil, after: String? = nil) {
        self.planID = planID; self.at = at; self.user = user; self.action = action
        self.target = target; self.before = before; self.after = after
    }
}

extension HistoryEvent {
    enum CodingKeys: String, CodingKey { case planID, at, user, action, target, before, after }

    /// Every key, an unset `before` or `after` as null (never a missing key), as all JSON answers are.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(planID, forKey: .planID); try c.encode(at, forKey: .at); try c.encode(user, forKey: .user)
        try c.encode(action, forKey: .action); try c.encode(target, forKey: .target)
        try c.encode(before, forKey: .before); try c.encode(after, forKey: .after)
    }

    /// Renders a value for `before` / `after` as compact JSON, nil for unset.
    public static func text<T: Encodable>(_ value: T?) -> String? {
        guard let value else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
