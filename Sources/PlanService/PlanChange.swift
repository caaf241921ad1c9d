import PlanModel

/// What a changing plan operation did (or, in a dry run, would do).
public struct PlanChange: Sendable {
    public var plan: SupportPlan
    public var evaluation: PlanEvaluation
    public var events: [HistoryEvent]
    public var dryRun: Bool
    /// The plan an activation expired.
    public var expiredPlan: String?
    /// Records created by the operation.
    public var createdRecords: [ClientRecord]
    /// Review with `--upgrade`: the items dropped and added.
    public var upgrade: PlanWorkbench.UpgradeReport?
}
