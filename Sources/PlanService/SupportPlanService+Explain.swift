import PlanModel
import PlanRules
import PlanStore

/// A part of a plan `plan explain` can be asked about besides an item.
public enum ExplainedPart: Sendable, Equatable {
    /// The plan's own hook, `can_activate`, beside the plan's blockers.
    case plan
    /// A section's `visible`.
    case section(String)
    /// A record type's form (`fields`, `defaults`, and `validate` of the defaults), as offered to `item` when given.
    case form(String, item: String?)
}

extension ServiceCall {
    /// Why an item is hidden or not complete: each hook that decided it, with what it read, printed and cost.
    public func explain(_ planID: String, item: String) throws -> ItemExplanation {
        try read { tx in
            try authorize(.explainItems, tx)
            let loaded = try loadPlan(planID, tx)
            guard let ref = InstanceRef(parsing: item), loaded.template.item(ref.key) != nil else {
                throw ServiceError.badInput("Template '\(loaded.template.id)' has no item '\(item)'")
            }
            let input = RulesInput(template: loaded.template, plan: loaded.plan, client: loaded.client,
                                   records: loaded.records, recordTypes: loaded.recordTypes, today: today, profile: loaded.profile)
            guard let evaluated = evaluation(of: loaded).item(ref) else {
                throw ServiceError.badInput("Plan \(planID) has no instance '\(ref)'")
            }
            var hooks = loaded.rules.explain(input, ref)
            // A hidden item is hidden and nothing more: no check applies to it, so only the hooks that hid it are shown.
            if !evaluated.visible { hooks = hooks.filter { $0.hook.hasSuffix(".visible") && $0.result.hasPrefix("hidden") } }
            return ItemExplanation(plan: planID, item: evaluated, hooks: hooks)
        }
    }

    /// Why a plan may or may not be activated, why a section shows or not, or what a form offers:
    /// each hook that decides it, with what it read, printed and cost.
    public func explain(_ planID: String, part: ExplainedPart) throws -> PartExplanation {
        try read { tx in
            try authorize(.explainItems, tx)
            let loaded = try loadPlan(planID, tx)
            let template = loaded.template
            let input = RulesInput(template: template, plan: loaded.plan, client: loaded.client,
                                   records: loaded.records, recordTypes: loaded.recordTypes, today: today, profile: loaded.profile)
            let evaluation = evaluation(of: loaded)
            switch part {
            case .plan:
                let summary = evaluation.canActivate ? "Plan \(planID) can be activated"
                    : "Plan \(planID) cannot be activated yet (\(evaluation.progress.percent) % done)"
                return PartExplanation(plan: planID, part: "plan", key: nil, summary: summary,
                                       blockers: evaluation.blockers, hooks: loaded.rules.explain(input, .plan))
            case .section(let key):
                guard let section = evaluation.section(key) else {
                    let keys = template.sections.map(\.key)
                    throw ServiceError.badInput("Template '\(template.id)' has no section '\(key)'" + Suggestion.phrase(for: key, among: keys, listing: true))
                }
                let summary = section.visible
                    ? "Section '\(section.title)' is visible, \(section.progress.percent) % done (\(section.progress.done) of \(section.progress.total))"
                    : "Section '\(section.title)' is hidden, with all its items"
                return PartExplanation(plan: planID, part: "section", key: key, summary: summary, blockers: [],
                                       hooks: loaded.rules.explain(input, .section(key)))
            case .form(let type, let item):
                guard let recordType = loaded.recordTypes[type] else {
                    let keys = loaded.recordTypes.types.map(\.key)
                    throw ServiceError.badInput("There is no record type '\(type)'" + Suggestion.phrase(for: type, among: keys, listing: true))
                }
                var ref: InstanceRef?
                if let item {
                    guard let parsed = InstanceRef(parsing: item), let templateItem = template.item(parsed.key),
                          loaded.plan.instance(parsed) != nil else {
                        throw ServiceError.badInput("Plan \(planID) has no instance '\(item)'")
                    }
                    guard templateItem.recordType == type else {
                        throw ServiceError.badInput("Item '\(parsed.key)' does not link \(type) records, so it offers no \(type) form")
                    }
                    ref = parsed
                }
                let form = loaded.rules.form(input, recordType: recordType, for: ref)
                let summary = "The \(type) form" + (ref.map { " offered to \($0)" } ?? "") + " has the fields "
                    + form.fields.map(\.key).joined(separator: ", ")
                return PartExplanation(plan: planID, part: "form", key: type, summary: summary, blockers: [],
                                       hooks: loaded.rules.explain(input, .form(type, item: ref)))
            }
        }
    }
}

/// The answer to "why is this item hidden / not complete?".
public struct ItemExplanation: Sendable, Encodable {
    public var plan: String
    public var item: ItemEvaluation
    public var hooks: [HookRun]
}

/// The answer to "why can't this plan be activated / why is this section hidden / what does this form offer?".
public struct PartExplanation: Sendable, Encodable {
    public var plan: String
    /// `plan`, `section` or `form`.
    public var part: String
    /// The section or record type key; nil for the plan.
    public var key: String?
    /// One sentence on the part's state, as a coordinator sees it.
    public var summary: String
    /// What stops activation (the plan only).
    public var blockers: [String]
    public var hooks: [HookRun]

    enum CodingKeys: String, CodingKey { case plan, part, key, summary, blockers, hooks }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(plan, forKey: .plan); try c.encode(part, forKey: .part); try c.encode(key, forKey: .key)
        try c.encode(summary, forKey: .summary); try c.encode(blockers, forKey: .blockers); try c.encode(hooks, forKey: .hooks)
    }
}
