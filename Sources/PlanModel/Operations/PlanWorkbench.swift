/// One unit of work on a plan: operations that change the plan, the client's profile and records,
/// each either applied (recording history) or refused with reasons, leaving the workbench unchanged.
///
/// The caller loads the state, runs operations, and stores `plan`, `client`, `records` and `events`
/// in one transaction.
public struct PlanWorkbench {
    public let template: PlanTemplate
    public let recordTypes: RecordTypeCatalog
    /// The profile fields of profile.yaml, for strict profile reads in rules (nil: any key reads).
    public let profile: ProfileSchema?
    public let rules: RulesEngine
    public let today: String
    public let user: String
    /// When the events happened, ISO 8601.
    public let timestamp: String
    /// Allocates the next id for a record type (a store sequence, or a counter in fixtures).
    public let nextRecordID: (RecordType) -> String

    public internal(set) var plan: SupportPlan
    public internal(set) var client: Client
    /// The client's records, and only the client's.
    public internal(set) var records: [ClientRecord]
    public internal(set) var events: [HistoryEvent] = []
    /// Records created or edited by this workbench, to be stored.
    public internal(set) var changedRecordIDs: [String] = []

    /// Drops the history events and changed record ids gathered so far. For callers that run many
    /// operations in memory and store none of them (fixtures), so a saved copy of the workbench does not
    /// make every later append copy the whole list.
    public mutating func forgetChanges() {
        events.removeAll()
        changedRecordIDs.removeAll()
    }

    public init(template: PlanTemplate, recordTypes: RecordTypeCatalog, rules: RulesEngine, plan: SupportPlan,
                client: Client, records: [ClientRecord], today: String, user: String, timestamp: String,
                nextRecordID: @escaping (RecordType) -> String, profile: ProfileSchema? = nil) {
        self.template = template; self.recordTypes = recordTypes; self.profile = profile; self.rules = rules; self.plan = plan
        self.client = client; self.records = records; self.today = today; self.user = user
        self.timestamp = timestamp; self.nextRecordID = nextRecordID
    }

    public var input: RulesInput {
        RulesInput(template: template, plan: plan, client: client, records: records, recordTypes: recordTypes, today: today,
                   profile: profile)
    }

    public func evaluate() -> PlanEvaluation { PlanEvaluator.evaluate(input, rules: rules) }

    mutating func record(_ action: String, _ target: String = "", before: String? = nil, after: String? = nil) {
        events.append(HistoryEvent(planID: plan.id, at: timestamp, user: user, action: action, target: target,
                                   before: before, after: after))
    }

    public func record(_ id: String) -> ClientRecord? { records.first { $0.id == id } }
}
