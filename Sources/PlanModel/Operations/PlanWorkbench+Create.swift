extension PlanWorkbench {
    /// Creates a draft plan from an active template for a client: every section and item (instance 1
    /// each) with defaults applied, optionally selecting the client's goal attainment and behaviour support plans.
    public static func create(
        id: String, template: PlanTemplate, recordTypes: RecordTypeCatalog, rules: RulesEngine,
        client: Client, records: [ClientRecord], goalAttainmentPlan: String? = nil, behaviourSupportPlan: String? = nil,
        today: String, user: String, timestamp: String, nextRecordID: @escaping (RecordType) -> String,
        profile: ProfileSchema? = nil
    ) throws(PlanRefusal) -> PlanWorkbench {
        var reasons: [String] = []
        if template.status != .active {
            reasons.append("Template '\(template.id)' is \(template.status.rawValue); only an active template creates plans")
        }
        for (recordID, typeKey) in [(goalAttainmentPlan, RecordTypeCatalog.goalAttainmentPlan),
                                    (behaviourSupportPlan, RecordTypeCatalog.behaviourSupportPlan)] {
            guard let recordID else { continue }
            let label = recordTypes[typeKey]?.label.lowercased() ?? typeKey
            guard let record = records.first(where: { $0.id == recordID }) else {
                reasons.append("Record \(recordID) is not a record of client \(client.id)"); continue
            }
            if record.type != typeKey { reasons.append("Record \(recordID) is not a \(label)") }
        }
        guard reasons.isEmpty else { throw PlanRefusal(reasons) }

        let plan = SupportPlan(
            id: id, clientID: client.id, templateID: template.id, templateVersion: template.version,
            goalAttainmentPlanID: goalAttainmentPlan, behaviourSupportPlanID: behaviourSupportPlan, createdOn: today,
            instances: template.items.map { ItemInstance(key: $0.key) })
        var bench = PlanWorkbench(template: template, recordTypes: recordTypes, rules: rules, plan: plan, client: client,
                                  records: records, today: today, user: user, timestamp: timestamp, nextRecordID: nextRecordID,
                                  profile: profile)
        bench.record("create", "", after: "\(template.id) v\(template.version)")
        bench.applyDefaults(to: plan.instances.map(\.ref))
        return bench
    }

    /// Fills new instances with their defaults: the `default` hook's, or the template's.
    mutating func applyDefaults(to refs: [InstanceRef]) {
        let outcome = rules.defaults(input, for: refs)
        // A failing `default` hook leaves the template's default; the failure is in history, and every
        // evaluation reports it as the item's rule error (it blocks completing the item and activation).
        for error in outcome.errors {
            if case .item(let ref) = error.scope { record("rule_error", ref.description, after: error.description) }
            else { record("rule_error", "", after: error.description) }
        }
        for ref in refs {
            guard let item = template.item(ref.key) else { continue }
            let records = self.records
            plan.update(ref) { Self.applyDefault(outcome.defaults[ref], item: item, records: records, to: &$0) }
        }
    }

    /// Gives one new instance its default: the hook's when it gave one (records filtered to the client's
    /// records of the item's type, within `max`), else the template's.
    public static func applyDefault(_ hook: ItemDefault?, item: TemplateItem, records: [ClientRecord],
                                    to instance: inout ItemInstance) {
        switch item.kind {
        case .profile:
            if case .values(let values)? = hook {
                instance.values = values.filter { key, _ in item.field(key) != nil }
            }
        case .fields:
            var values = FieldValues()
            for field in item.fields { if let d = field.defaultValue { values[field.key] = d } }
            if case .values(let given)? = hook {
                for (key, value) in given where item.field(key) != nil { values[key] = value }
            }
            instance.values = values
        case .video:
            if case .url(let url)? = hook { instance.url = url } else { instance.url = item.url }
        case .records:
            if case .records(let ids)? = hook {
                var linked: [String] = []
                for id in ids where !linked.contains(id) {
                    if let r = records.first(where: { $0.id == id }), r.type == item.recordType { linked.append(id) }
                }
                if let max = item.max { linked = Array(linked.prefix(max)) }
                instance.records = linked
            }
        }
    }
}
