extension PlanWorkbench {
    /// Activates a draft at 100 % with no rule errors and `can_activate` passing. Returns the client's
    /// previous active plan, now expired, which the caller stores in the same transaction.
    public mutating func activate(previousActive: SupportPlan?) throws(PlanRefusal) -> SupportPlan? {
        // Life-cycle dates never run backwards: a plan is not active before it was made, nor does it
        // expire a plan before that plan began.
        if today < plan.createdOn {
            throw PlanRefusal("Plan \(plan.id) was created on \(plan.createdOn); it cannot be activated on \(today), before that")
        }
        if let previous = previousActive, previous.id != plan.id, let began = previous.activationDate, today < began {
            throw PlanRefusal("Plan \(previous.id) was activated on \(began); activating \(plan.id) on \(today) would expire it before it began")
        }
        let evaluation = evaluate()
        var reasons = evaluation.blockers
        // A review replaces the plan it reviews and nothing else: once that plan has expired (another
        // draft was activated meanwhile), this draft reviews the past and must not replace the newer plan.
        if plan.status == .draft, let reviewed = plan.previousPlanID, previousActive?.id != reviewed {
            reasons.append("Plan \(plan.id) reviews \(reviewed), which is no longer the client's active plan"
                           + (previousActive.map { " (\($0.id) is); discard this draft and start a review of \($0.id)" } ?? "; discard this draft"))
        }
        guard reasons.isEmpty else { throw PlanRefusal(reasons) }
        var expired = previousActive
        if var previous = previousActive, previous.id != plan.id {
            previous.status = .expired
            previous.expiryDate = today
            expired = previous
            events.append(HistoryEvent(planID: previous.id, at: timestamp, user: user, action: "expire",
                                       before: "active", after: "expired (replaced by \(plan.id))"))
        } else {
            expired = nil
        }
        plan.status = .active
        plan.activationDate = today
        let beforeLatest = client.latestPlanID
        client.latestPlanID = plan.id
        record("activate", "", before: "draft", after: "active")
        if beforeLatest != plan.id { record("latest_plan", "client.\(client.id)", before: beforeLatest, after: plan.id) }
        return expired
    }

    /// Discards a draft.
    public mutating func discard() throws(PlanRefusal) {
        guard plan.status == .draft else { throw PlanRefusal("Plan \(plan.id) is \(plan.status.rawValue); only a draft can be discarded") }
        plan.status = .discarded
        record("discard", "", before: "draft", after: "discarded")
    }

    /// What an upgrade to a newer template version did to a review draft.
    public struct UpgradeReport: Sendable, Equatable, Encodable {
        public var fromVersion: Int
        public var toVersion: Int
        public var dropped: [String]
        public var added: [String]
    }

    /// Starts a review of an active plan: a draft copy linked back to it with the same values, links and
    /// not-required marks, every other instance open. With `upgradeTo`, the copy moves to that template
    /// version, carrying items over by key.
    public static func startReview(
        of active: SupportPlan, newID: String, hasReviewDraft: Bool, template: PlanTemplate,
        upgradeTo newTemplate: PlanTemplate? = nil, recordTypes: RecordTypeCatalog, rules: RulesEngine,
        client: Client, records: [ClientRecord], today: String, user: String, timestamp: String,
        nextRecordID: @escaping (RecordType) -> String, profile: ProfileSchema? = nil
    ) throws(PlanRefusal) -> (PlanWorkbench, UpgradeReport?) {
        guard active.status == .active else {
            throw PlanRefusal("Plan \(active.id) is \(active.status.rawValue); only an active plan can be reviewed")
        }
        guard !hasReviewDraft else { throw PlanRefusal("Plan \(active.id) already has a review draft; finish or discard it first") }
        let target = newTemplate ?? template
        var copy = SupportPlan(
            id: newID, clientID: active.clientID, templateID: target.id, templateVersion: target.version,
            previousPlanID: active.id, goalAttainmentPlanID: active.goalAttainmentPlanID,
            behaviourSupportPlanID: active.behaviourSupportPlanID, createdOn: today)
        var added: [InstanceRef] = []
        var droppedInstances: [String] = []
        for item in target.items {
            let carried = active.instances(of: item.key)
            if carried.isEmpty {
                copy.instances.append(ItemInstance(key: item.key))
                added.append(InstanceRef(item.key))
                continue
            }
            for old in carried {
                var instance = old
                instance.status = old.status == .notRequired ? .notRequired : .open
                if !item.repeatable && old.instance > 1 { droppedInstances.append(old.ref.description); continue }
                if item.kind != .profile { instance.snapshot = nil }
                copy.instances.append(instance)
            }
        }
        let targetKeys = Set(target.items.map(\.key))
        let dropped = Array(Set(active.instances.map(\.key)).subtracting(targetKeys)).sorted() + droppedInstances
        var bench = PlanWorkbench(template: target, recordTypes: recordTypes, rules: rules, plan: copy, client: client,
                                  records: records, today: today, user: user, timestamp: timestamp, nextRecordID: nextRecordID,
                                  profile: profile)
        bench.applyDefaults(to: added)
        bench.record("start_review", "", before: active.id, after: "\(target.id) v\(target.version)")
        let report = newTemplate.map { _ in
            UpgradeReport(fromVersion: active.templateVersion, toVersion: target.version,
                          dropped: dropped, added: added.map(\.key))
        }
        return (bench, report)
    }
}
