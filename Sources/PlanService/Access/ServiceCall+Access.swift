import PlanModel
import RulesReader
import PlanStore

extension ServiceCall {
    /// The user this call acts as: the stored user the caller names, or the local administrator while
    /// the database has no users. A name that is no user's, once users exist, is `unauthenticated`.
    public func actingUser() throws -> ActingUser {
        try read { tx in try actingUser(tx) }
    }

    func actingUser(_ tx: any StoreReader) throws -> ActingUser {
        if try tx.userCount() == 0 { return .localAdministrator(user) }
        guard let stored = try tx.user(name: user) else {
            throw ServiceError(.unauthenticated, ["No user named '\(user)': once a database has users, whoever acts must be one of them"],
                               topic: .user, subject: user)
        }
        return ActingUser(name: stored.name, roles: stored.roles.compactMap(Role.init(named:)))
    }

    /// The acting user, when they may do `permission`; otherwise `forbidden`, naming the user, their
    /// roles and the action: `jo (worker) may not activate plans`.
    @discardableResult
    func authorize(_ permission: Permission, _ tx: any StoreReader) throws -> ActingUser {
        let acting = try actingUser(tx)
        guard acting.may(permission) else { throw ServiceError.forbidden(acting.refusal(permission)) }
        return acting
    }

    /// Reading a plan: every role reads active plans; the others need `readAnyPlan`.
    @discardableResult
    func authorizeRead(_ plan: SupportPlan, _ tx: any StoreReader) throws -> ActingUser {
        try authorize(plan.status == .active ? .readActivePlans : .readAnyPlan, tx)
    }

    /// Linking or creating records through `item`: the role's right for the item's record type, as
    /// `permissions.yaml` narrows it.
    func authorizeRecords(_ right: RecordPermissions.Right, _ item: TemplateItem, _ acting: ActingUser) throws {
        guard let recordType = item.recordType else { return }
        guard acting.may(right, recordType: recordType, under: rules.permissions) else {
            throw ServiceError.forbidden("\(acting.described) may not \(right.rawValue) \(recordType) records"
                                         + " (\(rules.folderName)/\(RecordPermissionsLoader.fileName))")
        }
    }
}
