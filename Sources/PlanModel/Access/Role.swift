/// What a user is allowed to do, as SPEC section 8 names it; a user holds one or more roles and may
/// do what any of them may.
public enum Role: String, CaseIterable, Sendable, Codable, Comparable {
    /// Reads active plans and their clients.
    case worker
    /// A worker's rights, plus creating plans, working items, linking and creating records, editing
    /// records, starting reviews and discarding drafts.
    case coordinator
    /// A coordinator's rights, plus activating plans.
    case teamLeader = "team_leader"
    /// Reads everything, publishes templates, explains items and evaluates every plan.
    case implementer
    /// Everything, and managing users.
    case admin

    /// The role a name spells (`team_leader`), or nil.
    public init?(named name: String) { self.init(rawValue: name) }

    /// Roles in the table's order, the order lists and messages show them in.
    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The role names, for messages: `worker, coordinator, team_leader, implementer or admin`.
    public static var names: [String] { allCases.map(\.rawValue) }

    /// Whether the role may link or create records at all; only those can be narrowed per record type.
    public var worksRecords: Bool { self == .coordinator || self == .teamLeader || self == .admin }
}
