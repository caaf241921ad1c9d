import PlanModel

/// What the caller of a service call may do, as the service decides it: for front ends that show only
/// the actions a user may take. It answers from the same table and `permissions.yaml` the service
/// checks every operation against, so a front end never keeps its own copy of who may do what.
public struct CallerPermissions: Sendable, Equatable {
    public let acting: ActingUser
    let records: RecordPermissions

    public init(acting: ActingUser, records: RecordPermissions) {
        self.acting = acting; self.records = records
    }

    public func may(_ permission: Permission) -> Bool { acting.may(permission) }

    /// Whether the caller may link (or create) records of `recordType`: the role's right, as
    /// `permissions.yaml` narrows it.
    public func may(_ right: RecordPermissions.Right, recordType: String) -> Bool {
        acting.may(right == .link ? .linkRecords : .createRecords) && acting.may(right, recordType: recordType, under: records)
    }

    /// Throws the service's own refusal (`forbidden`, `wes (worker) may not activate plans`) unless the
    /// caller may do `permission`: for a page that only leads to an action, such as a confirmation.
    public func require(_ permission: Permission) throws {
        guard may(permission) else { throw ServiceError.forbidden(acting.refusal(permission)) }
    }
}

extension ServiceCall {
    /// What this call's acting user may do.
    public func permissions() throws -> CallerPermissions {
        CallerPermissions(acting: try actingUser(), records: rules.permissions)
    }
}
