/// A whole plan evaluated: the report every front end shows (as JSON, the body of a plan).
public struct PlanEvaluation: Sendable, Encodable {
    public var plan: String
    public var client: String
    public var template: String
    public var templateVersion: Int
    public var status: SupportPlan.Status
    public var previousPlan: String?
    public var activationDate: String?
    public var progress: Progress
    public var canActivate: Bool
    public var blockers: [String]
    public var sections: [SectionEvaluation]
    public var errors: [RuleError]

    enum CodingKeys: String, CodingKey {
        case plan, client, template, templateVersion = "template_version", status, previousPlan = "previous_plan"
        case activationDate = "activation_date", progress, canActivate = "can_activate", blockers, sections, errors
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(plan, forKey: .plan); try c.encode(client, forKey: .client)
        try c.encode(template, forKey: .template); try c.encode(templateVersion, forKey: .templateVersion)
        try c.encode(status, forKey: .status)
        try c.encode(previousPlan, forKey: .previousPlan); try c.encode(activationDate, forKey: .activationDate)
        try c.encode(progress, forKey: .progress); try c.encode(canActivate, forKey: .canActivate)
        try c.encode(blockers, forKey: .blockers); try c.encode(sections, forKey: .sections)
        try c.encode(errors.map(RuleErrorReport.init), forKey: .errors)
    }

    public var items: [ItemEvaluation] { sections.flatMap(\.items) }

    /// Searched section by section: going through `items` copied every item of the plan at each call (2.5 % of a
    /// 1,000-fixture run of the fixture runner, which looks up each expected instance).
    public func item(_ ref: InstanceRef) -> ItemEvaluation? {
        for section in sections {
            if let item = section.items.first(where: { $0.ref == ref }) { return item }
        }
        return nil
    }

    public func section(_ key: String) -> SectionEvaluation? { sections.first { $0.key == key } }
}

public struct SectionEvaluation: Sendable, Encodable {
    public var key: String
    public var title: String
    public var visible: Bool
    public var progress: Progress
    public var items: [ItemEvaluation]
}

public struct ItemEvaluation: Sendable, Encodable {
    public var key: String
    public var instance: Int
    public var kind: ItemKind
    public var title: String
    public var visible: Bool
    public var status: ItemInstance.Status
    public var values: FieldValues
    public var records: [String]
    public var url: String?
    public var check: Check
    public var error: RuleError?
    /// The status stored in the plan. It differs from `status` when the item was marked complete or
    /// reviewed and its check fails now: then `status` is `open` (see `lapsed`).
    public var recordedStatus: ItemInstance.Status

    public var ref: InstanceRef { InstanceRef(key, instance) }

    /// Marked complete or reviewed, but its check fails now, so it shows open.
    public var lapsed: Bool { recordedStatus != status }

    /// Why a lapsed item shows open: `Item 'contact' was complete, but its check fails now: Phone is required`.
    public var lapseMessage: String? {
        guard lapsed else { return nil }
        return "Item '\(ref)' was \(recordedStatus.rawValue), but its check fails now: \(check.messages.joined(separator: "; "))"
    }

    public struct Check: Sendable, Encodable, Equatable {
        public var ok: Bool
        public var messages: [String]
    }

    enum CodingKeys: String, CodingKey { case key, instance, kind, title, visible, status, values, records, url, check, error }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key); try c.encode(instance, forKey: .instance); try c.encode(kind, forKey: .kind)
        try c.encode(title, forKey: .title); try c.encode(visible, forKey: .visible); try c.encode(status, forKey: .status)
        try c.encode(values, forKey: .values); try c.encode(records, forKey: .records); try c.encode(url, forKey: .url)
        try c.encode(check, forKey: .check); try c.encode(error.map(RuleErrorReport.init), forKey: .error)
    }
}

// The public init lives in an extension so the struct keeps its memberwise init, which the evaluator uses: it builds
// the value where it goes (in the report's array), where an init assigning field by field built it aside and copied it
// whole (a retain and a release of each string and array) for every instance of every plan.
extension ItemEvaluation {
    public init(key: String, instance: Int, kind: ItemKind, title: String, visible: Bool, status: ItemInstance.Status,
                values: FieldValues, records: [String], url: String?, check: Check, error: RuleError?,
                recordedStatus: ItemInstance.Status? = nil) {
        self.init(key: key, instance: instance, kind: kind, title: title, visible: visible, status: status, values: values,
                  records: records, url: url, check: check, error: error, recordedStatus: recordedStatus ?? status)
    }
}

/// A rule error as JSON: `{"item": "x", "hook": "complete", "message": "…", "where": "Rules/x/rules.lua:12"}`.
public struct RuleErrorReport: Encodable {
    public let error: RuleError
    public init(_ error: RuleError) { self.error = error }

    enum CodingKeys: String, CodingKey { case item, section, form, plan, hook, message, `where` }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch error.scope {
        case .item(let ref): try c.encode(ref.description, forKey: .item)
        case .section(let key): try c.encode(key, forKey: .section)
        case .form(let type): try c.encode(type, forKey: .form)
        case .plan: try c.encode(true, forKey: .plan)
        }
        try c.encode(error.hook, forKey: .hook)
        try c.encode(error.message, forKey: .message)
        try c.encode(error.location, forKey: .where)
    }
}
