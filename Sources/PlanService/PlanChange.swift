import Foundation
import PlanModel

/// What a changing plan operation did (or, in a dry run, would do): the one report every front end
/// shows. As JSON it always has every key, `null` where a value is unset:
/// `{"plan": {…evaluation…}, "changes": [...], "dry_run": false, "expired_plan": null,
///   "created_records": [], "upgrade": null}`.
public struct PlanChange: Sendable, Encodable {
    public var plan: SupportPlan
    public var evaluation: PlanEvaluation { didSet { encoded = nil } }
    public var events: [HistoryEvent]
    public var dryRun: Bool
    /// The plan an activation expired.
    public var expiredPlan: String?
    /// Records created by the operation.
    public var createdRecords: [ClientRecord]
    /// Review with an upgrade: the items dropped and added.
    public var upgrade: PlanWorkbench.UpgradeReport?
    /// The evaluation with its JSON as the evaluation cache keeps it, when the change left its evaluation
    /// there (dropped if `evaluation` is changed): the answer reuses that JSON, and so does the next read.
    var encoded: EncodedEvaluation?

    public init(plan: SupportPlan, evaluation: PlanEvaluation, events: [HistoryEvent], dryRun: Bool,
                expiredPlan: String? = nil, createdRecords: [ClientRecord] = [], upgrade: PlanWorkbench.UpgradeReport? = nil) {
        self.plan = plan; self.evaluation = evaluation; self.events = events; self.dryRun = dryRun
        self.expiredPlan = expiredPlan; self.createdRecords = createdRecords; self.upgrade = upgrade
    }

    enum CodingKeys: String, CodingKey {
        case plan, changes, dryRun = "dry_run", expiredPlan = "expired_plan", createdRecords = "created_records", upgrade
    }

    /// The change as compact JSON (`ServiceJSON.encoder(pretty: false)`), the body of the API's answer:
    /// byte for byte what encoding the whole change gives, with the evaluation's JSON taken from the
    /// evaluation cache's entry when the change has one (then it is encoded once for this answer and
    /// the reads after it) and only the small rest encoded here, in the encoder's sorted key order.
    public func compactJSON() throws -> Data {
        let encoder = ServiceJSON.encoder(pretty: false)
        guard let encoded else { return try encoder.encode(self) }
        var out = Data(#"{"changes":"#.utf8)
        out += try encoder.encode(events)
        out += Data(#","created_records":"#.utf8)
        out += try encoder.encode(createdRecords.map(\.id))
        out += Data(#","dry_run":"#.utf8)
        out += try encoder.encode(dryRun)
        out += Data(#","expired_plan":"#.utf8)
        out += try encoder.encode(expiredPlan)
        out += Data(#","plan":"#.utf8)
        out += try encoded.compactJSON()
        out += Data(#","upgrade":"#.utf8)
        out += try encoder.encode(upgrade)
        out += Data("}".utf8)
        return out
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(evaluation, forKey: .plan); try c.encode(events, forKey: .changes); try c.encode(dryRun, forKey: .dryRun)
        try c.encode(expiredPlan, forKey: .expiredPlan); try c.encode(createdRecords.map(\.id), forKey: .createdRecords)
        try c.encode(upgrade, forKey: .upgrade)
    }
}
