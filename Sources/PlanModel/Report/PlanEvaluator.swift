/// Evaluates a whole plan: the rules' verdict joined with the built-in checks, progress and blockers.
public enum PlanEvaluator {
    public static func evaluate(_ input: RulesInput, rules: RulesEngine) -> PlanEvaluation {
        evaluate(input, verdict: rules.evaluate(input))
    }

    public static func evaluate(_ input: RulesInput, verdict: RulesVerdict) -> PlanEvaluation {
        let plan = input.plan
        let verdicts = InstanceVerdicts(verdict)

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
        // Template items and instances are read in place, through pointers into their arrays: handed over as values,
        // each was copied whole (a retain and a release of every string and array it holds) for every instance.
        plan.instances.withUnsafeBufferPointer { instances in
            for section in input.template.sections {
                let sectionVisible = verdict.hiddenSections.isEmpty || !verdict.hiddenSections.contains(section.key)
                var progress = Progress()
                var items: [ItemEvaluation] = []
                items.reserveCapacity(section.items.count)
                section.items.withUnsafeBufferPointer { templateItems in
                    for t in templateItems.indices {
                        defer { itemNumber += 1 }
                        let item = templateItems.baseAddress! + t
                        let run: Range<Int>
                        if let runs { run = runs.ranges[itemNumber] } else {
                            let start = cursor
                            while cursor < instances.count && instances[cursor].key == templateItems[t].key { cursor += 1 }
                            run = start..<cursor
                        }
                        for k in run {
                            let shown = appendEvaluation(of: instances.baseAddress! + (runs?.position(k) ?? k), item: item,
                                                         sectionVisible: sectionVisible, verdicts: verdicts, input: input,
                                                         to: &items)
                            if shown.visible {
                                progress.total += 1
                                if shown.done { progress.done += 1 }
                                if shown.lapsed, let message = items.last?.lapseMessage { lapsedMessages.append(message) }
                            }
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

    /// Appends one instance as the report shows it (its visibility, values, check and status) and says what the
    /// plan's progress counts of it. Built in the array by the memberwise init, not handed back: a returned
    /// evaluation was copied whole (a retain and a release of each of its strings and arrays) on its way there.
    static func appendEvaluation(of instance: UnsafePointer<ItemInstance>, item: UnsafePointer<TemplateItem>,
                                 sectionVisible: Bool, verdicts: InstanceVerdicts, input: RulesInput,
                                 to items: inout [ItemEvaluation]) -> (visible: Bool, done: Bool, lapsed: Bool) {
        let said = verdicts.of(instance.pointee.key, instance.pointee.instance)
        let shown = item.pointee.kind == .profile
            ? input.shownProfileValues(item.pointee.fields, defaults: instance.pointee.values) : instance.pointee.values
        var messages = builtInMessages(item: item, instance: instance, shown: shown)
        var ok = messages.isEmpty
        if let hookMessages = said.incomplete {
            ok = false
            // Most items the hook refuses have no built-in message: they take the hook's list as it is, where
            // appending it to the empty list made a new one.
            messages = messages.isEmpty ? hookMessages : messages + hookMessages
        }
        if said.error != nil { ok = false }
        if ok == false && messages.isEmpty && said.error == nil { messages = ["\(item.pointee.title) is not complete"] }
        // The status is derived, not only stored: an item marked complete or reviewed whose check
        // fails now (an import or record edit blanked what it needs) shows open, so no plan shows
        // done over missing information. The mark stays stored; once the check passes again the
        // item shows it again. A rule error is the template's fault, not the data's: it keeps the mark.
        let recorded = instance.pointee.status
        let lapsed = (recorded == .complete || recorded == .reviewed) && !ok && said.error == nil
        let visible = sectionVisible && !said.hidden
        let status = lapsed ? ItemInstance.Status.open : recorded
        items.append(ItemEvaluation(
            key: item.pointee.key, instance: instance.pointee.instance, kind: item.pointee.kind, title: item.pointee.title,
            visible: visible, status: status, values: shown, records: instance.pointee.records, url: instance.pointee.url,
            check: .init(ok: ok, messages: messages), error: said.error.map { verdicts.errors[$0] }, recordedStatus: recorded))
        return (visible, status.isDone, lapsed)
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
        let shown = input.shownValues(of: instance, item: item)
        return withUnsafePointer(to: item) { item in
            withUnsafePointer(to: instance) { builtInMessages(item: item, instance: $0, shown: shown) }
        }
    }

    /// `builtInMessages(item:instance:input:)` of an item and instance read in place, with the instance's shown values.
    static func builtInMessages(item: UnsafePointer<TemplateItem>, instance: UnsafePointer<ItemInstance>,
                                shown: FieldValues) -> [String] {
        switch item.pointee.kind {
        case .profile:
            // A `profile` item with `required: true` requires every field it shows (`effectiveField`).
            return fieldMessages(item.pointee.fields, values: shown, requiringAll: item.pointee.required)
        case .fields:
            return fieldMessages(item.pointee.fields, values: instance.pointee.values, requiringAll: false)
        case .records:
            var messages: [String] = []
            let count = instance.pointee.records.count
            if count < item.pointee.min { messages.append("Link at least \(item.pointee.min) record(s)") }
            if let max = item.pointee.max, count > max { messages.append("Link at most \(max) record(s)") }
            return messages
        case .video:
            guard let url = instance.pointee.url, !url.isEmpty else { return ["Enter a video link"] }
            return ValueFormat.isURL(url) ? [] : ["Enter a valid URL"]
        }
    }

    /// The messages of `fields` over `values`, in field order. Fields are read in place, and one whose value is
    /// unset and not required, or of its type with nothing more to check, passes without its definition copied
    /// to ask `problem(with:requiring:)` (three copies and releases of five strings and arrays an item, before).
    static func fieldMessages(_ fields: [FieldDefinition], values: FieldValues, requiringAll: Bool) -> [String] {
        fields.withUnsafeBufferPointer { fields in
            if !requiringAll && values.count <= 4 && passAsIs(fields, values) { return [] }
            var messages: [String] = []
            for index in fields.indices {
                let value = fieldValue(values, fields[index].key)
                if let value, !value.isBlank {
                    if fields[index].type.acceptsAsIs(value) { continue }
                } else if !requiringAll && !fields[index].required {
                    continue
                }
                if let problem = fields[index].problem(with: value, requiring: requiringAll) { messages.append(problem) }
            }
            return messages
        }
    }

    /// True when the check of `fields` over `values` has nothing to say, found in one pass over the values (an item
    /// holds few) rather than a search of them per field: no field is required, and each value held is blank or of
    /// its field's type with nothing more to check. False leaves it to the field-by-field check, which gives the
    /// messages in field order.
    static func passAsIs(_ fields: UnsafeBufferPointer<FieldDefinition>, _ values: FieldValues) -> Bool {
        for index in fields.indices where fields[index].required { return false }
        for (key, value) in values where !value.isBlank {
            // Keys are unique: the first field of the value's key is the only one.
            for index in fields.indices where fields[index].key == key {
                if !fields[index].type.acceptsAsIs(value) { return false }
                break
            }
        }
        return true
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
