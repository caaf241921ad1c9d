import PlanModel
import PlanStore

/// The service bound to one caller: every operation of a request goes through one of these, so who
/// acts and the evaluation date travel with the call, never with the shared service.
///
/// Cheap to make (two references and a few strings); make one per request or command.
public struct ServiceCall: Sendable {
    public let service: SupportPlanService
    public let caller: Caller
    /// The plan revision the caller last read (HTTP `If-Match`): a changing plan operation whose plan
    /// is at another revision is refused as a conflict inside its transaction, changing nothing.
    public private(set) var expectedRevision: Int?

    public init(service: SupportPlanService, caller: Caller) {
        self.service = service; self.caller = caller
    }

    /// This call, refusing plan changes unless the plan is still at `revision` (nil: any revision).
    public func expecting(revision: Int?) -> ServiceCall {
        var call = self
        call.expectedRevision = revision
        return call
    }

    /// Internal: front ends reach the store only through operations that check who may do what.
    var store: any PlanStore { service.store }
    public var rules: RulesCache { service.rules }
    public var user: String { caller.user }
    public var today: String { caller.today }
    var clock: @Sendable () -> String { caller.now }
}
