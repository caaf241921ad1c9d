extension PlanWorkbench {
    /// The item and its current evaluation, when the plan is a draft and the instance exists and is visible.
    func changeable(_ ref: InstanceRef) throws(PlanRefusal) -> (TemplateItem, ItemEvaluation) {
        guard plan.status == .draft else {
            throw PlanRefusal("Plan \(plan.id) is \(plan.status.rawValue); only a draft can be changed"
                              + (plan.status == .active ? " (start a review to change it)" : ""))
        }
        guard let item = template.item(ref.key) else {
            throw PlanRefusal("Template '\(template.id)' has no item '\(ref.key)'")
        }
        guard let evaluated = evaluate().item(ref) else {
            throw PlanRefusal("Plan \(plan.id) has no instance '\(ref)' of item '\(ref.key)'")
        }
        guard evaluated.visible else {
            throw PlanRefusal("Item '\(ref)' is hidden by the template's rules and can't be changed")
        }
        return (item, evaluated)
    }

    /// After an edit, a complete or reviewed instance whose check now fails returns to open.
    mutating func reopenIfFailing(_ ref: InstanceRef) {
        guard let instance = plan.instance(ref), instance.status == .complete || instance.status == .reviewed,
              let evaluated = evaluate().item(ref), !evaluated.check.ok else { return }
        plan.update(ref) { $0.status = .open }
        record("reopen", ref.description, before: instance.status.rawValue, after: "open")
    }

    /// Sets values of a `fields` or `profile` item (a `profile` item writes through to the profile),
    /// or the link of a `video` item (key `url`). A nil value unsets the field.
    public mutating func set(_ ref: InstanceRef, _ changes: [(key: String, value: FieldValue?)]) throws(PlanRefusal) {
        let (item, _) = try changeable(ref)
        var reasons: [String] = []
        if item.kind == .records {
            throw PlanRefusal("Item '\(ref)' holds linked records; link, unlink or create records instead of setting values")
        }
        if item.kind == .video {
            for change in changes where change.key != "url" {
                reasons.append("Item '\(ref)' is a video link; set url=… (it has no field '\(change.key)')")
            }
            for change in changes where change.key == "url" {
                if let v = change.value, case .text(let s) = v, !ValueFormat.isURL(s) { reasons.append("Enter a valid URL") }
                if let v = change.value, v.textValue == nil { reasons.append("Enter a valid URL") }
            }
        } else {
            for change in changes {
                guard let field = item.field(change.key) else {
                    let known = item.fields.map(\.key).joined(separator: ", ")
                    reasons.append("Item '\(ref)' has no field '\(change.key)' (its fields: \(known))"); continue
                }
                // Blank is allowed while working; `required` is enforced by the check when completing.
                if let value = change.value, !value.isBlank, let problem = field.problem(with: field.coerce(value)) {
                    // Named by field key, as form and record refusals are: several fields may be set at once.
                    reasons.append("\(field.key): \(problem)")
                }
            }
        }
        guard reasons.isEmpty else { throw PlanRefusal(reasons) }

        for change in changes {
            switch item.kind {
            case .video:
                let before = plan.instance(ref)?.url
                let after = change.value?.textValue
                // Setting what is already there changes nothing and records nothing.
                guard before != after else { continue }
                plan.update(ref) { $0.url = after }
                record("set", "\(ref).url", before: before, after: after)
            case .profile:
                let field = item.field(change.key)!
                let value = change.value.map(field.coerce)
                let before = client.profile[change.key]
                guard before != value else { continue }
                client.profile[change.key] = value
                record("profile", "profile.\(change.key)", before: HistoryEvent.text(before), after: HistoryEvent.text(value))
            case .fields:
                let field = item.field(change.key)!
                let value = change.value.map(field.coerce)
                let before = plan.instance(ref)?.values[change.key]
                guard before != value else { continue }
                plan.update(ref) { $0.values[change.key] = value }
                record("set", "\(ref).\(change.key)", before: HistoryEvent.text(before), after: HistoryEvent.text(value))
            case .records:
                break
            }
        }
        reopenIfFailing(ref)
        if item.kind == .profile {
            // Every profile item showing a changed field shows the new value, so its check is re-run too.
            let changed = Set(changes.map(\.key))
            for other in plan.instances where other.ref != ref {
                guard let otherItem = template.item(other.key), otherItem.kind == .profile,
                      otherItem.fields.contains(where: { changed.contains($0.key) }) else { continue }
                reopenIfFailing(other.ref)
            }
        }
    }

    /// Links existing client records to a `records` item.
    public mutating func link(_ ref: InstanceRef, _ ids: [String]) throws(PlanRefusal) {
        let (item, evaluated) = try changeable(ref)
        guard item.kind == .records, let typeKey = item.recordType, let type = recordTypes[typeKey] else {
            throw PlanRefusal("Item '\(ref)' does not link records")
        }
        guard item.actions.contains(.link) else { throw PlanRefusal("Item '\(ref)' does not allow linking existing records") }
        var reasons: [String] = []
        var linked = evaluated.records
        var candidatesChecked: [ClientRecord] = []
        for id in ids {
            guard let record = records.first(where: { $0.id == id }) else {
                reasons.append("Record \(id) is not a record of client \(client.id)"); continue
            }
            guard record.type == typeKey else {
                reasons.append("Record \(id) is a \(recordTypes[record.type]?.label.lowercased() ?? record.type), not a \(type.label.lowercased())"); continue
            }
            guard !linked.contains(id) else { reasons.append("Record \(id) is already linked to item '\(ref)'"); continue }
            linked.append(id)
            candidatesChecked.append(record)
        }
        if !candidatesChecked.isEmpty {
            let outcome = rules.candidates(input, for: ref, among: candidatesChecked)
            for error in outcome.errors { reasons.append("Rule error: \(error.description)") }
            for record in candidatesChecked where !outcome.allowed.contains(record.id) && outcome.errors.isEmpty {
                reasons.append("The template's rules do not allow linking \(record.id) to item '\(ref)'")
            }
        }
        if let max = item.max, linked.count > max {
            reasons.append("Item '\(ref)' takes at most \(max) record(s); it would have \(linked.count)")
        }
        guard reasons.isEmpty else { throw PlanRefusal(reasons) }
        let before = evaluated.records
        plan.update(ref) { $0.records = linked }
        record("link", ref.description, before: HistoryEvent.text(before), after: HistoryEvent.text(linked))
        reopenIfFailing(ref)
    }

    /// Unlinks one record from a `records` item.
    public mutating func unlink(_ ref: InstanceRef, _ id: String) throws(PlanRefusal) {
        let (item, evaluated) = try changeable(ref)
        guard item.kind == .records else { throw PlanRefusal("Item '\(ref)' does not link records") }
        guard evaluated.records.contains(id) else { throw PlanRefusal("Record \(id) is not linked to item '\(ref)'") }
        let after = evaluated.records.filter { $0 != id }
        plan.update(ref) { $0.records = after }
        record("unlink", ref.description, before: HistoryEvent.text(evaluated.records), after: HistoryEvent.text(after))
        reopenIfFailing(ref)
    }

    /// The create-new form of a `records` item: fields and defaults, as the template's rules shape them.
    public func form(_ ref: InstanceRef) throws(PlanRefusal) -> (RecordType, FormOutcome) {
        guard let item = template.item(ref.key) else { throw PlanRefusal("Template '\(template.id)' has no item '\(ref.key)'") }
        guard item.kind == .records, let typeKey = item.recordType, let type = recordTypes[typeKey] else {
            throw PlanRefusal("Item '\(ref)' does not link records, so it has no create-new form")
        }
        return (type, rules.form(input, recordType: type, for: ref))
    }

    /// The messages a form submission gets: built-in first; a hook's message for a field that already has one is dropped.
    /// `unknownKeys` says whether values the form does not ask for are refused (a new record) or kept
    /// (an edit of a record whose type has more fields than the form).
    public func formMessages(type: RecordType, form: FormOutcome, values: FieldValues, ref: InstanceRef?,
                             unknownKeys: Bool = true) -> ValidationOutcome {
        var messages: [String: String] = [:]
        for field in form.fields { if let p = field.problem(with: values[field.key]) { messages[field.key] = p } }
        for key in values.keys where unknownKeys && !form.fields.contains(where: { $0.key == key }) {
            messages[key] = "The form has no field '\(key)'"
        }
        let hook = rules.validate(input, recordType: type, values: values, for: ref)
        for (key, message) in hook.messages where messages[key] == nil { messages[key] = message }
        return ValidationOutcome(messages: messages, errors: form.errors + hook.errors)
    }

    /// Creates a client record through the item's create-new form and links it. Returns the new id.
    @discardableResult
    public mutating func create(_ ref: InstanceRef, _ submitted: FieldValues) throws(PlanRefusal) -> String {
        let (item, evaluated) = try changeable(ref)
        let (type, form) = try self.form(ref)
        guard item.actions.contains(.create) else { throw PlanRefusal("Item '\(ref)' does not allow creating new records") }
        if let max = item.max, evaluated.records.count >= max {
            throw PlanRefusal("Item '\(ref)' takes at most \(max) record(s) and has \(evaluated.records.count)")
        }
        var values = form.defaults
        for (key, value) in submitted {
            values[key] = form.fields.first(where: { $0.key == key }).map { $0.coerce(value) } ?? value
        }
        values = values.filter { !$0.value.isBlank }
        let outcome = formMessages(type: type, form: form, values: values, ref: ref)
        if !outcome.errors.isEmpty {
            throw PlanRefusal(outcome.errors.map { "Rule error: \($0.description)" })
        }
        if !outcome.messages.isEmpty {
            let lines = outcome.messages.sorted { $0.key < $1.key }.map { $0.key == "_form" ? $0.value : "\($0.key): \($0.value)" }
            throw PlanRefusal(lines, fieldMessages: outcome.messages)
        }
        let id = nextRecordID(type)
        records.append(ClientRecord(id: id, type: type.key, clientID: client.id, fields: values))
        changedRecordIDs.append(id)
        record("create_record", id, after: HistoryEvent.text(values))
        let linked = evaluated.records + [id]
        plan.update(ref) { $0.records = linked }
        record("link", ref.description, before: HistoryEvent.text(evaluated.records), after: HistoryEvent.text(linked))
        reopenIfFailing(ref)
        return id
    }

    /// Edits a record linked to this plan, validated by the template's form for its type.
    public mutating func editRecord(_ id: String, _ changes: [(key: String, value: FieldValue?)]) throws(PlanRefusal) {
        guard plan.status == .draft else { throw PlanRefusal("Plan \(plan.id) is \(plan.status.rawValue); only a draft can be changed") }
        guard let index = records.firstIndex(where: { $0.id == id }) else {
            throw PlanRefusal("Record \(id) is not a record of client \(client.id)")
        }
        let existing = records[index]
        guard let type = recordTypes[existing.type] else { throw PlanRefusal("Record type '\(existing.type)' is not defined") }
        let linkedRef = plan.instances.first { $0.records.contains(id) }?.ref
        let form = rules.form(input, recordType: type, for: linkedRef)
        var values = existing.fields
        for change in changes {
            let field = form.fields.first { $0.key == change.key }
            values[change.key] = change.value.map { field?.coerce($0) ?? $0 }
        }
        // The record type already vouched for fields the form leaves out; the form judges what it asks.
        // `validate` sees the record's id beside its values, so it can tell an edit from a new record.
        var submitted = values
        submitted["id"] = .text(id)
        let outcome = formMessages(type: type, form: form, values: submitted, ref: linkedRef, unknownKeys: false)
        if !outcome.errors.isEmpty { throw PlanRefusal(outcome.errors.map { "Rule error: \($0.description)" }) }
        if !outcome.messages.isEmpty {
            throw PlanRefusal(outcome.messages.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }, fieldMessages: outcome.messages)
        }
        records[index].fields = values
        changedRecordIDs.append(id)
        record("edit_record", id, before: HistoryEvent.text(existing.fields), after: HistoryEvent.text(values))
        for instance in plan.instances where instance.records.contains(id) { reopenIfFailing(instance.ref) }
    }
}
