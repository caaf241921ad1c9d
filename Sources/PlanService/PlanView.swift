import Foundation
import PlanModel

/// A plan as `plan show` presents it: the evaluation with what a front end needs around it.
///
/// As JSON, the evaluation's keys (docs/contract.md section 5) extended with `expiry_date`,
/// `goal_attainment_plan` and `behaviour_support_plan` (`{"id", "display"}` or null), `needs_review`
/// (why an active plan needs a review; empty otherwise), each section's `guidance` and each item's
/// `guidance` (`{"text", "links", "hover"}`, `hover` being field → help text; null on a section), `not_required_reason`
/// `linked_records` (`{"id", "type", "display"}` per linked record, in link order) and `recorded_status`
/// (the mark an item shown `open` still holds — `complete` or `reviewed` — when its check fails now; null otherwise).
public struct PlanView: Sendable, Encodable {
    public var plan: SupportPlan
    public var template: PlanTemplate
    public var client: Client
    public var records: [ClientRecord]
    public var recordTypes: RecordTypeCatalog
    public var evaluation: PlanEvaluation { didSet { encoded = nil } }
    /// Why an active plan needs a review: record edits and imports since it was activated, and items
    /// marked done whose check fails now.
    public var needsReview: [String] = []
    /// The evaluation with its JSON as the evaluation cache keeps it (dropped if `evaluation` is changed).
    var encoded: EncodedEvaluation?

    /// The evaluation as compact JSON (`ServiceJSON.encoder(pretty: false)`), the body of `GET /api/v1/plans/{id}`:
    /// encoded once per cached evaluation.
    public func evaluationJSON() throws -> Data {
        if let encoded { return try encoded.compactJSON() }
        return try ServiceJSON.encoder(pretty: false).encode(evaluation)
    }

    /// A record as a card shows it: its type's `display` fields, joined.
    public func display(_ id: String) -> String? {
        guard let record = records.first(where: { $0.id == id }) else { return nil }
        let fields = (recordTypes[record.type]?.display ?? []).compactMap { record.fields[$0]?.displayText }.filter { !$0.isEmpty }
        return fields.joined(separator: " · ")
    }

    struct RecordCard: Encodable {
        var id: String, type: String?, display: String?
    }

    struct GuidanceView: Encodable {
        var guidance: Guidance
        var hover: [String: String]?
        enum CodingKeys: String, CodingKey { case text, links, hover }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(guidance.text, forKey: .text); try c.encode(guidance.links, forKey: .links)
            try c.encode(hover, forKey: .hover)
        }
    }

    func card(_ id: String?) -> RecordCard? {
        guard let id else { return nil }
        return RecordCard(id: id, type: records.first { $0.id == id }?.type, display: display(id))
    }

    enum CodingKeys: String, CodingKey {
        case plan, client, template, templateVersion = "template_version", status, previousPlan = "previous_plan"
        case activationDate = "activation_date", expiryDate = "expiry_date", progress, canActivate = "can_activate"
        case blockers, sections, errors, goalAttainmentPlan = "goal_attainment_plan"
        case behaviourSupportPlan = "behaviour_support_plan", needsReview = "needs_review"
    }
    enum SectionKeys: String, CodingKey { case key, title, visible, progress, items, guidance }
    enum ItemKeys: String, CodingKey {
        case guidance, notRequiredReason = "not_required_reason", linkedRecords = "linked_records", recordedStatus = "recorded_status"
    }

    struct SectionJSON: Encodable {
        var view: PlanView
        var section: SectionEvaluation
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: SectionKeys.self)
            try c.encode(section.key, forKey: .key); try c.encode(section.title, forKey: .title)
            try c.encode(section.visible, forKey: .visible); try c.encode(section.progress, forKey: .progress)
            try c.encode(section.items.map { ItemJSON(view: view, item: $0) }, forKey: .items)
            try c.encode(view.template.section(section.key)?.guidance.map { GuidanceView(guidance: $0, hover: nil) }, forKey: .guidance)
        }
    }

    /// An item: the evaluation's keys, then guidance, the not-required reason and the linked records' cards.
    struct ItemJSON: Encodable {
        var view: PlanView
        var item: ItemEvaluation
        func encode(to encoder: Encoder) throws {
            try item.encode(to: encoder)
            var c = encoder.container(keyedBy: ItemKeys.self)
            let templateItem = view.template.item(item.key)
            var hover: [String: String] = [:]
            for field in templateItem?.fields ?? [] { if let help = field.help { hover[field.key] = help } }
            let guidance = templateItem?.guidance ?? (hover.isEmpty ? nil : Guidance())
            try c.encode(guidance.map { GuidanceView(guidance: $0, hover: hover) }, forKey: .guidance)
            try c.encode(view.plan.instance(item.ref)?.notRequiredReason, forKey: .notRequiredReason)
            try c.encode(item.records.compactMap(view.card), forKey: .linkedRecords)
            try c.encode(item.lapsed ? item.recordedStatus : nil, forKey: .recordedStatus)
        }
    }

    public func encode(to encoder: Encoder) throws {
        let e = evaluation
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(e.plan, forKey: .plan); try c.encode(e.client, forKey: .client)
        try c.encode(e.template, forKey: .template); try c.encode(e.templateVersion, forKey: .templateVersion)
        try c.encode(e.status, forKey: .status); try c.encode(e.previousPlan, forKey: .previousPlan)
        try c.encode(e.activationDate, forKey: .activationDate); try c.encode(plan.expiryDate, forKey: .expiryDate)
        try c.encode(e.progress, forKey: .progress); try c.encode(e.canActivate, forKey: .canActivate)
        try c.encode(e.blockers, forKey: .blockers)
        try c.encode(e.sections.map { SectionJSON(view: self, section: $0) }, forKey: .sections)
        try c.encode(e.errors.map(RuleErrorReport.init), forKey: .errors)
        try c.encode(card(plan.goalAttainmentPlanID), forKey: .goalAttainmentPlan)
        try c.encode(card(plan.behaviourSupportPlanID), forKey: .behaviourSupportPlan)
        try c.encode(needsReview, forKey: .needsReview)
    }
}
