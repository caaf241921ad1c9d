/// Evaluates a whole plan: the rules' verdict joined with the built-in checks, progress and blockers.
public enum PlanEvaluator {
    public static func evaluate(_ input: RulesInput, rules: RulesEngine) -> PlanEvaluation {
        evaluate(input, verdict: rules.evaluate(input))
    }

    public static func evaluate(_ input: RulesInput, verdict: RulesVerdict) -> PlanEvaluation {
        let plan = input.plan
        var itemErrors: [InstanceRef: RuleError] = [:]
        for error in verdict.errors { if case .item(let ref) = error.scope, itemErrors[ref] == nil { itemErrors[ref] = error } }

        let instances = plan.instances
        let runs = instanceRuns(plan, template: input.template)
        var sections: [SectionEvaluation] = []
        sections.reserveCapacity(input.template.sections.count)
        var total = Progress()
        // Visible items marked done whose check fails now, in report order: named with why, not counted among the open.
        var lapsedMessages: [String] = []
        var itemNumber = 0
        for section in input.template.sections {
            let sectionVisible = verdict.hiddenSections.isEmpty || !verdict.hiddenSections.contains(section.key)
            var progress = Progress()
            var items: [ItemEvaluation] = []
            items.reserveCapacity(section.items.count)
            for item in section.items {
                defer { itemNumber += 1 }
                for k in runs.ranges[itemNumber] {
                    let instance = instances[runs.position(k)]
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
                    let evaluation = ItemEvaluation(
                        key: item.key, instance: instance.instance, kind: item.kind, title: item.title,
                        visible: visible, status: status, values: shown,
                        records: instance.records, url: instance.url,
                        check: .init(ok: ok, messages: messages), error: error, recordedStatus: instance.status)
                    if visible && lapsed, let message = evaluation.lapseMessage { lapsedMessages.append(message) }
                    items.append(evaluation)
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
        let open = total.total - total.done - lapsedMessages.count
        if open > 0 { blockers.append(open == 1 ? "1 item is not done" : "\(open) items are not done") }
        blockers += lapsedMessages
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

    /// Where each template item's instances sit in `plan.instances`: item n's are `order[ranges[n]]`, in plan order.
    struct InstanceRuns {
        /// nil when the plan lists each item's instances together, in template order (then a range is of positions).
        let order: [Int]?
        let ranges: [Range<Int>]

        func position(_ k: Int) -> Int { order?[k] ?? k }
    }

    /// A plan made from its template lists instances in template order, each item's together: then one walk finds
    /// them, without a table keyed by item. Any other order (or a template repeating a key) goes by key.
    static func instanceRuns(_ plan: SupportPlan, template: PlanTemplate) -> InstanceRuns {
        let instances = plan.instances
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(instances.count)
        if template.hasUniqueItemKeys {
            var next = 0
            for section in template.sections {
                for item in section.items {
                    let start = next
                    while next < instances.count && instances[next].key == item.key { next += 1 }
                    ranges.append(start..<next)
                }
            }
            if next == instances.count { return InstanceRuns(order: nil, ranges: ranges) }
            ranges.removeAll(keepingCapacity: true)
        }
        var positions: [String: [Int]] = [:]
        for (position, instance) in instances.enumerated() { positions[instance.key, default: []].append(position) }
        var order: [Int] = []
        for section in template.sections {
            for item in section.items {
                let start = order.count
                order += positions[item.key] ?? []
                ranges.append(start..<order.count)
            }
        }
        return InstanceRuns(order: order, ranges: ranges)
    }

    /// The check that always runs first: required fields, types and options, linked-record counts, a video link.
    public static func builtInMessages(item: TemplateItem, instance: ItemInstance, input: RulesInput) -> [String] {
        builtInMessages(item: item, instance: instance, shown: input.shownValues(of: instance, item: item))
    }

    /// `builtInMessages(item:instance:input:)` for a caller that has the instance's shown values already.
    static func builtInMessages(item: TemplateItem, instance: ItemInstance, shown: FieldValues) -> [String] {
        switch item.kind {
        case .profile, .fields:
            // Fields read in place (by index, not copied out one by one), and no lookups in an empty table.
            let values = item.kind == .profile ? shown : instance.values
            var messages: [String] = []
            for index in item.fields.indices {
                let key = item.fields[index].key
                let value = values.isEmpty ? nil : values[key]
                let problem = item.kind == .profile ? item.effectiveField(item.fields[index]).problem(with: value)
                    : item.fields[index].problem(with: value)
                if let problem { messages.append(problem) }
            }
            return messages
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
