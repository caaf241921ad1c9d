/// A support plan for one client, made from one template version.
public struct SupportPlan: Hashable, Sendable, Codable {
    public enum Status: String, Codable, Sendable, CaseIterable { case draft, active, expired, discarded }

    public var id: String
    public var clientID: String
    public var templateID: String
    public var templateVersion: Int
    public var status: Status
    /// The active plan this draft reviews.
    public var previousPlanID: String?
    public var goalAttainmentPlanID: String?
    public var behaviourSupportPlanID: String?
    public var createdOn: String
    public var activationDate: String?
    public var expiryDate: String?
    /// Item instances in template order, instances of one item together and in number order.
    public var instances: [ItemInstance]
    /// Incremented by every stored change; a writer holding an older revision is refused.
    public var revision: Int

    public init(id: String, clientID: String, templateID: String, templateVersion: Int, status: Status = .draft,
                previousPlanID: String? = nil, goalAttainmentPlanID: String? = nil, behaviourSupportPlanID: String? = nil,
                createdOn: String, activationDate: String? = nil, expiryDate: String? = nil,
                instances: [ItemInstance] = [], revision: Int = 0) {
        self.id = id; self.clientID = clientID; self.templateID = templateID; self.templateVersion = templateVersion
        self.status = status; self.previousPlanID = previousPlanID
        self.goalAttainmentPlanID = goalAttainmentPlanID; self.behaviourSupportPlanID = behaviourSupportPlanID
        self.createdOn = createdOn; self.activationDate = activationDate; self.expiryDate = expiryDate
        self.instances = instances; self.revision = revision
    }

    /// A review draft marks items `reviewed` rather than `complete`.
    public var isReviewDraft: Bool { previousPlanID != nil }

    public func instance(_ ref: InstanceRef) -> ItemInstance? {
        instances.first { $0.ref == ref }
    }

    public func instances(of key: String) -> [ItemInstance] { instances.filter { $0.key == key } }

    mutating func update(_ ref: InstanceRef, _ change: (inout ItemInstance) -> Void) {
        guard let i = instances.firstIndex(where: { $0.ref == ref }) else { return }
        change(&instances[i])
    }
}

/// One occurrence of a template item inside a plan.
public struct ItemInstance: Hashable, Sendable, Codable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case open, complete, reviewed
        case notRequired = "not_required"

        /// Done counts toward progress.
        public var isDone: Bool { self != .open }
    }

    public var key: String
    public var instance: Int
    public var status: Status
    /// `fields` items: the plan's values. `profile` items: the defaults shown where the profile is blank.
    public var values: FieldValues
    /// `records` items: linked record ids, in link order.
    public var records: [String]
    /// `video` items: the client's own link.
    public var url: String?
    public var notRequiredReason: String?
    /// `profile` items: the values the item was completed or reviewed with.
    public var snapshot: FieldValues?

    public init(key: String, instance: Int = 1, status: Status = .open, values: FieldValues = [:],
                records: [String] = [], url: String? = nil, notRequiredReason: String? = nil, snapshot: FieldValues? = nil) {
        self.key = key; self.instance = instance; self.status = status; self.values = values
        self.records = records; self.url = url; self.notRequiredReason = notRequiredReason; self.snapshot = snapshot
    }

    public var ref: InstanceRef { InstanceRef(key, instance) }
}
