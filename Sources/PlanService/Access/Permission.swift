import PlanModel

/// One thing a role may or may not do: the rows of SPEC section 8's table, as the service checks them.
/// Every operation of the service asks for one of these before it reads or changes anything.
public enum Permission: String, CaseIterable, Sendable {
    case readActivePlans, readAnyPlan, readAnyClient
    case importClients, editRecords
    case createPlans, workItems, linkRecords, createRecords, startReviews, discardDrafts, activatePlans
    case publishTemplates, explainItems, evaluateAllPlans
    case manageUsers

    /// What a refusal says the user may not do: `jo (worker) may not activate plans`.
    public var phrase: String {
        switch self {
        case .readActivePlans: return "read active plans"
        case .readAnyPlan: return "read plans that are not active"
        case .readAnyClient: return "read clients without an active plan"
        case .importClients: return "import clients"
        case .editRecords: return "edit records"
        case .createPlans: return "create plans"
        case .workItems: return "work on plan items"
        case .linkRecords: return "link records"
        case .createRecords: return "create records"
        case .startReviews: return "start plan reviews"
        case .discardDrafts: return "discard draft plans"
        case .activatePlans: return "activate plans"
        case .publishTemplates: return "publish templates"
        case .explainItems: return "explain plan items"
        case .evaluateAllPlans: return "evaluate every plan"
        case .manageUsers: return "manage users"
        }
    }

    /// What each role may do. Roles build on each other as the table says; `admin` may do everything.
    public static func granted(to role: Role) -> Set<Permission> {
        switch role {
        case .worker:
            return [.readActivePlans]
        case .coordinator:
            return granted(to: .worker).union([.readAnyPlan, .readAnyClient, .createPlans, .workItems, .linkRecords,
                                               .createRecords, .editRecords, .startReviews, .discardDrafts])
        case .teamLeader:
            return granted(to: .coordinator).union([.activatePlans])
        case .implementer:
            return [.readActivePlans, .readAnyPlan, .readAnyClient, .publishTemplates, .explainItems, .evaluateAllPlans]
        case .admin:
            return Set(allCases)
        }
    }
}
