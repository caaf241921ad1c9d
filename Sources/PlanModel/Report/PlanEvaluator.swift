/// Evaluates a whole plan: the rules' verdict joined with the built-in checks, progress and blockers.
public enum PlanEvaluator {
    public static func evaluate(_ input: RulesInput, rules: RulesEngine) -> PlanEvaluation {
        evaluate(input, verdict: rules.evaluate(input))
    }

    public static func evaluate(_ input: RulesInput, verdict: RulesVerdict) -> PlanEvaluation {
        let plan = input.plan
        var itemErrors: [InstanceRef: RuleError] = [:]
        for error in verdict.errors { if case .item(let ref) = error.scope, itemErrors[ref] == nil { itemErrors[ref] = error } }

        var instancesByKey: [String: [ItemInstance]] = [:]
        for instance in plan.instances { instancesByKey[instance.key, default: []].append(instance) }
        var sections: [SectionEvaluation] = []
        var total = Progress()
        for section in input.template.sections {
            let sectionVisible = !verdict.hiddenSections.contains(section.key)
            var progress = Progress()
            var items: [ItemEvaluation] = []
            for item in section.items {
                for instance in instancesByKey[item.key] ?? [] {
                    // One ref per instance, and no lookup in an empty set or table: most plans hide few items
                    // and have no rule errors, and each lookup hashes the item's key.
                    let ref = instance.ref
                    let visible = sectionVisible && (verdict.hiddenItems.isEmpty || !verdict.hiddenItems.contains(ref))
                    let shown = input.shownValues(of: instance, item: item)
                    var messages = builtInMessages(item: item, instance: instance, shown: shown)
                    var ok = messages.isEmpty
                    if !verdict.incomplete.isEmpty, let hookMessages = verdict.incomplete[ref] {
                        ok = false
                        messages += hookMessages
                    }
                    let error = itemErrors.isEmpty ? nil : itemErrors[ref]
                    if error != nil { ok = false }
                    if ok == false && messages.isEmpty && error == nil { messages = ["\(item.title) is not complete"] }
                    // The status is derived, not only stored: an item marked complete or reviewed whose check
                    // fails now (an import or record edit blanked what it needs) shows open, so no plan shows
                    // done over missing information. The mark stays stored; once the check passes again the
                    // item shows it again. A rule error is the template's fault, not the data's: it keeps the mark.
                    let lapsed = (instance.status == .complete || instance.status == .reviewed) && !ok && error == nil
                    let status: ItemInstance.Status = lapsed ? .open : instance.status
                    if visible {
                        progress.total += 1
                        if status.isDone { progress.done += 1 }
                    }
                    items.append(ItemEvaluation(
                        key: item.key, instance: instance.instance, kind: item.kind, title: item.title,
                        visible: visible, status: status, values: shown,
                        records: instance.records, url: instance.url,
                        check: .init(ok: ok, messages: messages), error: error, recordedStatus: instance.status))
                }
            }
            total.done += progress.done
            total.total += progress.total
            sections.append(SectionEvaluation(key: section.key, title: section.title, visible: sectionVisible,
                                              progress: progress, items: items))
        }

        var blockers: [String] = []
        if plan.status != .draft {
            blockers.append("The plan is \(plan.status.rawValue); only a draft can be activated")
        }
        // A marked item whose check fails now is named with why, not counted among the items never done.
        let lapsed = sections.flatMap(\.items).filter { $0.visible && $0.lapsed }
        let open = total.total - total.done - lapsed.count
        if open > 0 { blockers.append(open == 1 ? "1 item is not done" : "\(open) items are not done") }
        blockers += lapsed.compactMap(\.lapseMessage)
        for error in verdict.errors { blockers.append("Rule error: \(error.description)") }
        if let refusal = verdict.activationRefusal {
            blockers += refusal.isEmpty ? ["The template's rules do not allow activation yet"] : refusal
        }

        return PlanEvaluation(
            plan: plan.id, client: plan.clientID, template: plan.templateID, templateVersion: plan.templateVersion,
            status: plan.status, previousPlan: plan.previousPlanID, activationDate: plan.activationDate,
            progress: total, canActivate: blockers.isEmpty, blockers: blockers, sections: sections,
            errors: verdict.errors)
    }

    /// The check that always runs first: required fields, types and options, linked-record counts, a video link.
    public static func builtInMessages(item: TemplateItem, instance: ItemInstance, input: RulesInput) -> [String] {
        builtInMessages(item: item, instance: instance, shown: input.shownValues(of: instance, item: item))
    }

    /// `builtInMessages(item:instance:input:)` for a caller that has the instance's shown values already.
    static func builtInMessages(item: TemplateItem, instance: ItemInstance, shown: FieldValues) -> [String] {
        switch item.kind {
        case .profile:
            return item.fields.compactMap { item.effectiveField($0).problem(with: shown[$0.key]) }
        case .fields:
            return item.fields.compactMap { $0.problem(with: instance.values[$0.key]) }
        case .records:
            var messages: [String] = []
            let count = instance.records.count
            if count < item.min { messages.append("Link at least \(item.min) record(s)") }
            if let max = item.max, count > max { messages.append("Link at most \(max) record(s)") }
            return messages
        case .video:
            guard let url = instance.url, !url.isEmpty else { return ["Enter a video link"] }
            return ValueFormat.isURL(url) ? [] : ["Enter a valid URL"]
        }
    }
}
