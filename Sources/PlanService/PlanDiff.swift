import PlanModel

/// What changed between two plans, item instance by item instance: typically a review draft and the plan it reviews.
public struct PlanDiff: Sendable, Encodable {
    public struct ItemChange: Sendable, Encodable {
        public var item: String
        /// `added`, `removed` or `changed`.
        public var change: String
        public var status: [String]?
        public var values: [String: [String?]]?
        public var linked: [String]?
        public var unlinked: [String]?
        public var url: [String?]?

        enum CodingKeys: String, CodingKey { case item, change, status, values, linked, unlinked, url }
        // Every key always present: `null` where that part of the item did not change.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(item, forKey: .item); try c.encode(change, forKey: .change); try c.encode(status, forKey: .status)
            try c.encode(values, forKey: .values); try c.encode(linked, forKey: .linked)
            try c.encode(unlinked, forKey: .unlinked); try c.encode(url, forKey: .url)
        }
    }
    public var from: String
    public var to: String
    public var templateVersions: [Int]
    public var changes: [ItemChange]

    enum CodingKeys: String, CodingKey { case from, to, templateVersions = "template_versions", changes }

    /// The changes from `old` to `new`; for `profile` items, what each was completed or reviewed with.
    public static func between(_ old: SupportPlan, _ new: SupportPlan) -> PlanDiff {
        var changes: [ItemChange] = []
        let oldByRef = Dictionary(old.instances.map { ($0.ref, $0) }, uniquingKeysWith: { a, _ in a })
        let newRefs = Set(new.instances.map(\.ref))
        for instance in new.instances {
            guard let before = oldByRef[instance.ref] else {
                changes.append(ItemChange(item: instance.ref.description, change: "added"))
                continue
            }
            var change = ItemChange(item: instance.ref.description, change: "changed")
            if before.status != instance.status { change.status = [before.status.rawValue, instance.status.rawValue] }
            let beforeValues = before.snapshot ?? before.values
            let afterValues = instance.snapshot ?? instance.values
            var values: [String: [String?]] = [:]
            for key in Set(beforeValues.keys).union(afterValues.keys).sorted() where beforeValues[key] != afterValues[key] {
                values[key] = [beforeValues[key]?.displayText, afterValues[key]?.displayText]
            }
            if !values.isEmpty { change.values = values }
            let linked = instance.records.filter { !before.records.contains($0) }
            let unlinked = before.records.filter { !instance.records.contains($0) }
            if !linked.isEmpty { change.linked = linked }
            if !unlinked.isEmpty { change.unlinked = unlinked }
            if before.url != instance.url { change.url = [before.url, instance.url] }
            if change.status != nil || change.values != nil || change.linked != nil || change.unlinked != nil || change.url != nil {
                changes.append(change)
            }
        }
        for instance in old.instances where !newRefs.contains(instance.ref) {
            changes.append(ItemChange(item: instance.ref.description, change: "removed"))
        }
        return PlanDiff(from: old.id, to: new.id, templateVersions: [old.templateVersion, new.templateVersion], changes: changes)
    }
}

extension ServiceCall {
    /// What changed between a plan and the one it reviewed, or `other`.
    public func diff(_ planID: String, other: String? = nil) throws -> PlanDiff {
        try read { tx in
            guard let plan = try tx.plan(id: planID) else { throw ServiceError.notFound("plan", planID, topic: .plan) }
            let otherID = other ?? plan.previousPlanID
            guard let otherID else {
                throw ServiceError(.badInput, ["Plan \(planID) does not review another plan; name one to compare it with"],
                                   topic: .comparedPlan, subject: planID)
            }
            guard let base = try tx.plan(id: otherID) else { throw ServiceError.notFound("plan", otherID, topic: .plan) }
            try authorizeRead(plan, tx)
            try authorizeRead(base, tx)
            return PlanDiff.between(base, plan)
        }
    }
}
