/// What the model asks of a template's rules. The Lua rules layer implements it; `PlainRules` does too, for tests.
///
/// Each method answers only what the hooks add: the model runs the built-in checks itself and
/// applies the documented fallbacks when a hook fails (the failure is reported as a `RuleError`).
public protocol RulesEngine: AnyObject {
    /// Item and section visibility, `complete` hooks and `can_activate` for a whole plan.
    func evaluate(_ input: RulesInput) -> RulesVerdict
    /// Defaults for new instances (at creation and for blank added instances).
    func defaults(_ input: RulesInput, for refs: [InstanceRef]) -> DefaultsOutcome
    /// Which of `records` the `candidates` hook allows for the instance.
    func candidates(_ input: RulesInput, for ref: InstanceRef, among records: [ClientRecord]) -> CandidatesOutcome
    /// The create-new form of a record type, as the template shapes it.
    func form(_ input: RulesInput, recordType: RecordType, for ref: InstanceRef?) -> FormOutcome
    /// The `validate` hook's messages for a submitted form (the built-in check ran already).
    func validate(_ input: RulesInput, recordType: RecordType, values: FieldValues, for ref: InstanceRef?) -> ValidationOutcome
}

/// Everything a rule may read while evaluating one plan.
public struct RulesInput: Sendable {
    public var template: PlanTemplate
    public var plan: SupportPlan
    public var client: Client
    /// The client's records, and only the client's.
    public var records: [ClientRecord]
    public var recordTypes: RecordTypeCatalog
    /// The evaluation date, `YYYY-MM-DD`.
    public var today: String
    /// The profile fields of profile.yaml, so a rule reading a profile field that is not there is told so;
    /// nil lets any profile key read (nil when unset).
    public var profile: ProfileSchema?

    public init(template: PlanTemplate, plan: SupportPlan, client: Client, records: [ClientRecord],
                recordTypes: RecordTypeCatalog, today: String, profile: ProfileSchema? = nil) {
        self.template = template; self.plan = plan; self.client = client; self.records = records
        self.recordTypes = recordTypes; self.today = today; self.profile = profile
    }

    public func record(_ id: String) -> ClientRecord? { records.first { $0.id == id } }

    /// The values an instance shows: for a `profile` item the live profile, with the instance's
    /// defaults where the profile is blank; for other kinds the instance's own values.
    public func shownValues(of instance: ItemInstance) -> FieldValues {
        guard let item = template.item(instance.key) else { return instance.values }
        return shownValues(of: instance, item: item)
    }

    /// `shownValues(of:)` for a caller that holds the instance's template item already.
    public func shownValues(of instance: ItemInstance, item: TemplateItem) -> FieldValues {
        guard item.kind == .profile else { return instance.values }
        return shownProfileValues(item.fields, defaults: instance.values)
    }

    /// What a `profile` item showing `fields` shows: the live profile, with `defaults` where it is blank. The fields
    /// are read in place (no copy of each definition) and the defaults, few, matched key by key.
    func shownProfileValues(_ fields: [FieldDefinition], defaults: FieldValues) -> FieldValues {
        var shown: FieldValues = [:]
        fields.withUnsafeBufferPointer { fields in
            for index in fields.indices {
                let key = fields[index].key
                if let v = client.profile[key], !v.isBlank { shown[key] = v }
                else if let d = PlanEvaluator.fieldValue(defaults, key) { shown[key] = d }
            }
        }
        return shown
    }
}

/// What the hooks of a whole plan decided.
public struct RulesVerdict: Sendable, Equatable {
    public var hiddenSections: Set<String>
    /// Instances a `visible` hook hid (instances of hidden sections need not be listed).
    public var hiddenItems: Set<InstanceRef>
    /// Instances whose `complete` hook returned false, with its messages (possibly none).
    public var incomplete: [InstanceRef: [String]]
    /// nil when `can_activate` passed or is absent; else its messages (possibly none).
    public var activationRefusal: [String]?
    public var errors: [RuleError]

    public init(hiddenSections: Set<String> = [], hiddenItems: Set<InstanceRef> = [],
                incomplete: [InstanceRef: [String]] = [:], activationRefusal: [String]? = nil, errors: [RuleError] = []) {
        self.hiddenSections = hiddenSections; self.hiddenItems = hiddenItems; self.incomplete = incomplete
        self.activationRefusal = activationRefusal; self.errors = errors
    }
}

/// A default an item's `default` hook (or the template) gives a new instance.
public enum ItemDefault: Sendable, Equatable {
    case values(FieldValues)
    case url(String)
    case records([String])
}

public struct DefaultsOutcome: Sendable, Equatable {
    /// Only instances whose hook gave a default; the others take the template's.
    public var defaults: [InstanceRef: ItemDefault]
    public var errors: [RuleError]
    public init(defaults: [InstanceRef: ItemDefault] = [:], errors: [RuleError] = []) {
        self.defaults = defaults; self.errors = errors
    }
}

public struct CandidatesOutcome: Sendable, Equatable {
    /// Ids the hook allows, in the order given; all of `records` when there is no hook; none when it failed.
    public var allowed: [String]
    public var errors: [RuleError]
    public init(allowed: [String], errors: [RuleError] = []) { self.allowed = allowed; self.errors = errors }
}

public struct FormOutcome: Sendable, Equatable {
    public var fields: [FieldDefinition]
    public var defaults: FieldValues
    public var errors: [RuleError]
    public init(fields: [FieldDefinition], defaults: FieldValues, errors: [RuleError] = []) {
        self.fields = fields; self.defaults = defaults; self.errors = errors
    }
}

public struct ValidationOutcome: Sendable, Equatable {
    /// Field key (or `_form`) → message.
    public var messages: [String: String]
    public var errors: [RuleError]
    public init(messages: [String: String] = [:], errors: [RuleError] = []) { self.messages = messages; self.errors = errors }
}

/// A hook that raised an error, hit a limit or returned the wrong type.
public struct RuleError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Scope: Sendable, Hashable, Codable {
        case item(InstanceRef), section(String), form(String), plan
    }
    public var scope: Scope
    public var hook: String
    public var message: String
    /// `Rules/ndis-core/rules.lua:42`
    public var location: String
    /// The Lua traceback of a run-time error, for tracing; nil for wrong return types.
    public var traceback: String?

    public init(scope: Scope, hook: String, message: String, location: String, traceback: String? = nil) {
        self.scope = scope; self.hook = hook; self.message = message; self.location = location
        self.traceback = traceback
    }

    public var subject: String {
        switch scope {
        case .item(let ref): return "item '\(ref)'"
        case .section(let key): return "section '\(key)'"
        case .form(let type): return "form '\(type)'"
        case .plan: return "the plan"
        }
    }

    public var description: String { "rule '\(hook)' of \(subject) (\(location)) failed: \(message)" }

    /// Two rule errors are the same when they say the same thing at the same place; the traceback is diagnostic.
    public static func == (a: RuleError, b: RuleError) -> Bool {
        a.scope == b.scope && a.hook == b.hook && a.message == b.message && a.location == b.location
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(scope); hasher.combine(hook); hasher.combine(message); hasher.combine(location)
    }
}
