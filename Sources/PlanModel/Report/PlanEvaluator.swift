/// Evaluates a whole plan: the rules' verdict joined with the built-in checks, progress and blockers.
public enum PlanEvaluator {
    public static func evaluate(_ input: RulesInput, rules: RulesEngine) -> PlanEvaluation {
        evaluate(input, verdict: rules.evaluate(input))
    }

    public static func evaluate(_ input: RulesInput, verdict: RulesVerdict) -> PlanEvaluation {
        let plan = input.plan
        var itemErrors: [InstanceRef: RuleError] = [:]
        for error in verdict.errors { if case .item(let ref) = error.scope, itemErrors[ref] == nil { itemErrors[ref] = error } }

        // nil for a plan made from its template: then each item's run is taken as the walk comes to it, with no
        // table of runs allocated.
        let runs = instanceRuns(plan, template: input.template)
        var cursor = 0
        var sections: [SectionEvaluation] = []
        sections.reserveCapacity(input.template.sections.count)
        var total = Progress()
        // Visible items marked done whose check fails now, in report order: named with why, not counted among the open.
        var lapsedMessages: [String] = []
        var itemNumber = 0
        // Template items and instances are read through buffers, one instance at a time (`evaluation(of:)`).
        plan.instances.withUnsafeBufferPointer { instances in
            for section in input.template.sections {
                let sectionVisible = verdict.hiddenSections.isEmpty || !verdict.hiddenSections.contains(section.key)
                var progress = Progress()
                var items: [ItemEvaluation] = []
                items.reserveCapacity(section.items.count)
                section.items.withUnsafeBufferPointer { templateItems in
                    for t in templateItems.indices {
                        defer { itemNumber += 1 }
                        let run: Range<Int>
                        if let runs { run = runs.ranges[itemNumber] } else {
                            let start = cursor
                            while cursor < instances.count && instances[cursor].key == templateItems[t].key { cursor += 1 }
                            run = start..<cursor
                        }
                        for k in run {
                            items.append(evaluation(of: instances[runs?.position(k) ?? k], item: templateItems[t],
                                                    sectionVisible: sectionVisible, verdict: verdict, itemErrors: itemErrors,
                                                    input: input))
                            let visible = items[items.count - 1].visible
                            if visible {
                                progress.total += 1
                                if items[items.count - 1].status.isDone { progress.done += 1 }
                            }
                            if visible, let message = items[items.count - 1].lapseMessage { lapsedMessages.append(message) }
                        }
                    }
                }
                total.done += progress.done
                total.total += progress.total
                sections.append(SectionEvaluation(key: section.key, title: section.title, visible: sectionVisible,
                                                  progress: progress, items: items))
            }
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

    /// One instance as the report shows it: its visibility, values, check and status.
    static func evaluation(of instance: ItemInstance, item: TemplateItem, sectionVisible: Bool, verdict: RulesVerdict,
                           itemErrors: [InstanceRef: RuleError], input: RulesInput) -> ItemEvaluation {
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
        return ItemEvaluation(
            key: item.key, instance: instance.instance, kind: item.kind, title: item.title,
            visible: visible, status: lapsed ? .open : instance.status, values: shown,
            records: instance.records, url: instance.url,
            check: .init(ok: ok, messages: messages), error: error, recordedStatus: instance.status)
    }

    /// Where each template item's instances sit in `plan.instances`: item n's are `order[ranges[n]]`, in plan order.
    struct InstanceRuns {
        let order: [Int]
        let ranges: [Range<Int>]

        func position(_ k: Int) -> Int { order[k] }
    }

    /// nil when the plan lists instances in template order, each item's together (a plan made from its template):
    /// then one walk finds them, with nothing allocated. Any other order (or a template repeating a key) goes by key.
    static func instanceRuns(_ plan: SupportPlan, template: PlanTemplate) -> InstanceRuns? {
        let instances = plan.instances
        if template.hasUniqueItemKeys {
            var next = 0
            for section in template.sections {
                for item in section.items {
                    while next < instances.count && instances[next].key == item.key { next += 1 }
                }
            }
            if next == instances.count { return nil }
        }
        var positions: [String: [Int]] = [:]
        for (position, instance) in instances.enumerated() { positions[instance.key, default: []].append(position) }
        var order: [Int] = []
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(instances.count)
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
            // Fields read in place (through a buffer, not copied out one by one), and no lookups in an empty table.
            let values = item.kind == .profile ? shown : instance.values
            // A `profile` item with `required: true` requires every field it shows (`effectiveField`).
            let requiringAll = item.kind == .profile && item.required
            var messages: [String] = []
            item.fields.withUnsafeBufferPointer { fields in
                for index in fields.indices {
                    let value = fieldValue(values, fields[index].key)
                    if let problem = fields[index].problem(with: value, requiring: requiringAll) { messages.append(problem) }
                }
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

    /// `values[key]`, compared key by key when an item holds few values (most hold one or two): cheaper than
    /// hashing the key, which the built-in check did for every field of every instance.
    @inline(__always)
    static func fieldValue(_ values: FieldValues, _ key: String) -> FieldValue? {
        if values.isEmpty { return nil }
        if values.count > 4 { return values[key] }
        for (k, v) in values where k == key { return v }
        return nil
    }
}
