import PlanModel

/// What a changing plan operation did (or, in a dry run, would do): the one report every front end
/// shows. As JSON it always has every key, `null` where a value is unset:
/// `{"plan": {…evaluation…}, "changes": [...], "dry_run": false, "expired_plan": null,
///   "created_records": [], "upgrade": null}`.
public struct PlanChange: Sendable, Encodable {
    public var plan: SupportPlan
    public var evaluation: PlanEvaluation
    public var events: [HistoryEvent]
    public var dryRun: Bool
    /// The plan an activation expired.
    public var expiredPlan: String?
    /// Records created by the operation.
    public var createdRecords: [ClientRecord]
    /// Review with an upgrade: the items dropped and added.
    public var upgrade: PlanWorkbench.UpgradeReport?

    public init(plan: SupportPlan, evaluation: PlanEvaluation, events: [HistoryEvent], dryRun: Bool,
                expiredPlan: String? = nil, createdRecords: [ClientRecord] = [], upgrade: PlanWorkbench.UpgradeReport? = nil) {
        self.plan = plan; self.evaluation = evaluation; self.events = events; self.dryRun = dryRun
        self.expiredPlan = expiredPlan; self.createdRecords = createdRecords; self.upgrade = upgrade
    }

    enum CodingKeys: String, CodingKey {
        case plan, changes, dryRun = "dry_run", expiredPlan = "expired_plan", createdRecords = "created_records", upgrade
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(evaluation, forKey: .plan); try c.encode(events, forKey: .changes); try c.encode(dryRun, forKey: .dryRun)
        try c.encode(expiredPlan, forKey: .expiredPlan); try c.encode(createdRecords.map(\.id), forKey: .createdRecords)
        try c.encode(upgrade, forKey: .upgrade)
    }
}
