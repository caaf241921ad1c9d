import PlanModel
import PlanStore

/// The service bound to one caller: every operation of a request goes through one of these, so who
/// acts and the evaluation date travel with the call, never with the shared service.
///
/// Cheap to make (two references and a few strings); make one per request or command.
public struct ServiceCall: Sendable {
    public let service: SupportPlanService
    public let caller: Caller

    public init(service: SupportPlanService, caller: Caller) {
        self.service = service; self.caller = caller
    }

    public var store: any PlanStore { service.store }
    public var rules: RulesCache { service.rules }
    public var user: String { caller.user }
    public var today: String { caller.today }
    var clock: @Sendable () -> String { caller.now }
}
