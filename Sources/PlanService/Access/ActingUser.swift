import PlanModel

/// Who a call acts as once the service has looked the caller's name up: a stored user with roles, or
/// the local administrator of a database that has no users yet (a single-user installation).
public struct ActingUser: Sendable, Equatable {
    public var name: String
    /// Sorted in the table's order; a user may do what any of their roles may.
    public var roles: [Role]
    /// True in a database without users, where whoever runs a command may do everything.
    public var isLocalAdministrator: Bool

    public init(name: String, roles: [Role], isLocalAdministrator: Bool = false) {
        self.name = name; self.roles = roles.sorted(); self.isLocalAdministrator = isLocalAdministrator
    }

    /// Anyone, in a database that has no users.
    public static func localAdministrator(_ name: String) -> ActingUser {
        ActingUser(name: name, roles: [.admin], isLocalAdministrator: true)
    }

    public func may(_ permission: Permission) -> Bool {
        roles.contains { Permission.granted(to: $0).contains(permission) }
    }

    /// Whether any of the user's roles may use `right` on records of `recordType`, as `permissions.yaml`
    /// narrows it. The local administrator is never narrowed: the file speaks of roles users hold.
    public func may(_ right: RecordPermissions.Right, recordType: String, under permissions: RecordPermissions) -> Bool {
        if isLocalAdministrator { return true }
        let needed: Permission = right == .link ? .linkRecords : .createRecords
        return roles.contains { Permission.granted(to: $0).contains(needed) && permissions.allows($0, right, recordType) }
    }

    /// `jo (worker)`, `ana (coordinator, implementer)`: how refusals name the user.
    public var described: String { "\(name) (\(roles.map(\.rawValue).joined(separator: ", ")))" }

    /// The sentence that refuses `permission`: `jo (worker) may not activate plans`.
    public func refusal(_ permission: Permission) -> String { "\(described) may not \(permission.phrase)" }
}
