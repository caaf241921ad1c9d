import PlanModel

/// What a plan page shows besides the plan: a refused action in its card with what was typed, an
/// open Link existing / Create new / edit panel, a stale-save notice, the review draft of an active plan.
struct PlanPageState: Sendable {
    /// An action the service refused, shown in place in the card it came from.
    struct Refusal: Sendable {
        var ref: InstanceRef
        var reasons: [String]
        var fieldMessages: [String: String]
        /// The form's fields as typed (`field key` → text), so nothing typed is lost.
        var typed: [String: String]
        /// Which form the typed values belong to: `values`, `create`, `edit:RECORD`, `not-required`.
        var form: String
    }

    enum Panel: Sendable {
        case link(InstanceRef, candidates: [ClientRecord], error: String?)
        case create(InstanceRef, type: RecordType, form: FormOutcome)
        case edit(InstanceRef, record: ClientRecord, type: RecordType)
    }

    /// Someone else saved the plan after this page was loaded.
    struct Conflict: Sendable {
        var user: String
        var at: String
    }

    var refusal: Refusal?
    var panel: Panel?
    var conflict: Conflict?
    /// A refusal of a plan-wide action (activation, review), shown under the header.
    var planRefusal: [String]?
    /// The review draft of this (active) plan, if one exists.
    var reviewDraft: String?

    var panelRef: InstanceRef? {
        switch panel {
        case .link(let r, _, _), .create(let r, _, _), .edit(let r, _, _): return r
        case nil: return nil
        }
    }
}
