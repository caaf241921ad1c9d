extension PlanWorkbench {
    /// Marks an instance complete (a draft made from a template) when its check passes.
    public mutating func complete(_ ref: InstanceRef) throws(PlanRefusal) {
        try markDone(ref, as: .complete)
    }

    /// Marks an instance reviewed (a review draft) when its check passes.
    public mutating func review(_ ref: InstanceRef) throws(PlanRefusal) {
        try markDone(ref, as: .reviewed)
    }

    private mutating func markDone(_ ref: InstanceRef, as status: ItemInstance.Status) throws(PlanRefusal) {
        let (item, evaluated) = try changeable(ref)
        if status == .complete && plan.isReviewDraft {
            throw PlanRefusal("Plan \(plan.id) is a review draft: mark items reviewed, not complete")
        }
        if status == .reviewed && !plan.isReviewDraft {
            throw PlanRefusal("Plan \(plan.id) is not a review draft: mark items complete, not reviewed")
        }
        if evaluated.status == status { throw PlanRefusal("Item '\(ref)' is already \(status.rawValue)") }
        var reasons = evaluated.check.messages
        if let error = evaluated.error { reasons.append("Rule error: \(error.description)") }
        guard evaluated.check.ok, evaluated.error == nil else {
            throw PlanRefusal(reasons.isEmpty ? ["Item '\(ref)' is not complete"] : reasons)
        }
        if item.kind == .profile {
            // The values shown, defaults included, become the profile; the plan keeps what it was completed with.
            for (key, value) in evaluated.values where client.profile[key] != value {
                record("profile", "profile.\(key)", before: HistoryEvent.text(client.profile[key]), after: HistoryEvent.text(value))
                client.profile[key] = value
            }
            plan.update(ref) { $0.snapshot = evaluated.values }
        }
        plan.update(ref) { $0.status = status; $0.notRequiredReason = nil }
        record(status.rawValue, ref.description, before: evaluated.recordedStatus.rawValue, after: status.rawValue)
    }

    /// Marks an instance not required, when its item is skippable.
    public mutating func markNotRequired(_ ref: InstanceRef, reason: String? = nil) throws(PlanRefusal) {
        let (item, evaluated) = try changeable(ref)
        guard item.skippable else { throw PlanRefusal("Item '\(ref)' can't be marked not required: the template requires it") }
        guard evaluated.status != .notRequired else { throw PlanRefusal("Item '\(ref)' is already not required") }
        plan.update(ref) { $0.status = .notRequired; $0.notRequiredReason = reason }
        record("not_required", ref.description, before: evaluated.recordedStatus.rawValue, after: reason.map { "not_required: \($0)" } ?? "not_required")
    }

    /// Returns a not-required instance to open.
    public mutating func reinstate(_ ref: InstanceRef) throws(PlanRefusal) {
        let (_, evaluated) = try changeable(ref)
        guard evaluated.status == .notRequired else { throw PlanRefusal("Item '\(ref)' is \(evaluated.status.rawValue), not marked not required") }
        plan.update(ref) { $0.status = .open; $0.notRequiredReason = nil }
        record("reinstate", ref.description, before: "not_required", after: "open")
    }

    /// Adds another instance of a repeatable item: a clone of instance `cloneOf` (values and links) or blank (defaults).
    @discardableResult
    public mutating func addInstance(_ key: String, cloneOf: Int?) throws(PlanRefusal) -> InstanceRef {
        let (item, _) = try changeable(InstanceRef(key, cloneOf ?? plan.instances(of: key).first?.instance ?? 1))
        guard item.repeatable else { throw PlanRefusal("Item '\(key)' is not repeatable; Add Another is not allowed") }
        let existing = plan.instances(of: key)
        let highest = existing.map(\.instance).max() ?? 0
        guard highest < DataLimits.instancesPerItem else {
            throw PlanRefusal("Item '\(key)' already has instance \(highest); an item holds at most \(DataLimits.instancesPerItem) instances")
        }
        let number = highest + 1
        var instance = ItemInstance(key: key, instance: number)
        if let cloneOf {
            guard let source = plan.instance(InstanceRef(key, cloneOf)) else {
                throw PlanRefusal("Item '\(key)' has no instance \(cloneOf) to clone")
            }
            instance.values = source.values
            instance.records = source.records
            instance.url = source.url
        }
        let insertAt = (plan.instances.lastIndex { $0.key == key } ?? plan.instances.count - 1) + 1
        plan.instances.insert(instance, at: insertAt)
        if cloneOf == nil { applyDefaults(to: [instance.ref]) }
        record("add", instance.ref.description, after: cloneOf.map { "clone of \(key)#\($0)" } ?? "blank")
        return instance.ref
    }

    /// Removes an added instance (never instance 1).
    public mutating func removeInstance(_ ref: InstanceRef) throws(PlanRefusal) {
        _ = try changeable(ref)
        guard ref.instance > 1 else { throw PlanRefusal("Instance 1 of item '\(ref.key)' can't be removed; only added instances can") }
        let before = plan.instance(ref)
        plan.instances.removeAll { $0.ref == ref }
        record("remove", ref.description, before: before.map { HistoryEvent.text($0) } ?? nil)
    }
}
