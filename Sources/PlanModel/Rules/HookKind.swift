/// Every hook a rules file can define, declared once: where it lives in the returned table, what it
/// is given and what it must return. The index that checks a rules table, the Lua runner, explain,
/// coverage, lint, the fixtures' observation and `PlainRules` all name hooks through this catalogue,
/// so a new hook kind is declared here, run where it takes effect, and documented.
public struct HookKind: Hashable, Sendable, CustomStringConvertible {
    /// The table of the returned `R` a hook lives in. Hooks of `plan` sit directly in it
    /// (`plan.can_activate`); the others under an owner (`items.medications.complete`).
    public enum Scope: String, CaseIterable, Sendable {
        case items, sections, forms, plan
    }

    /// What a hook must return, as one kind of answer the runner reads.
    public enum Answer: Sendable {
        /// `true` or `false`.
        case boolean
        /// `true`, or `false` and a message or a list of messages.
        case verdict
        /// What an item shows before anyone edits it; its shape depends on the item's kind.
        case itemDefault
        /// A list of field tables, or a static list in place of the function.
        case fieldList
        /// A table of field = value.
        case fieldValues
        /// A table of field = message.
        case fieldMessages
    }

    public let scope: Scope
    public let name: String
    /// What the hook is called with, as the docs write it.
    public let arguments: String
    public let answer: Answer
    /// Whether a plain table may stand in place of the function (`forms.T.fields = { … }`).
    public let allowsStaticValue: Bool

    private init(_ scope: Scope, _ name: String, _ arguments: String, _ answer: Answer, allowsStaticValue: Bool = false) {
        self.scope = scope; self.name = name; self.arguments = arguments; self.answer = answer
        self.allowsStaticValue = allowsStaticValue
    }

    public static let itemVisible = HookKind(.items, "visible", "ctx", .boolean)
    public static let itemDefault = HookKind(.items, "default", "ctx", .itemDefault)
    public static let itemComplete = HookKind(.items, "complete", "ctx", .verdict)
    public static let itemCandidates = HookKind(.items, "candidates", "ctx, record", .boolean)
    public static let sectionVisible = HookKind(.sections, "visible", "ctx", .boolean)
    public static let formFields = HookKind(.forms, "fields", "ctx", .fieldList, allowsStaticValue: true)
    public static let formDefaults = HookKind(.forms, "defaults", "ctx", .fieldValues)
    public static let formValidate = HookKind(.forms, "validate", "values, ctx", .fieldMessages)
    public static let planCanActivate = HookKind(.plan, "can_activate", "ctx", .verdict)

    /// Every hook, in the order the docs list them.
    public static let all: [HookKind] = [itemVisible, itemDefault, itemComplete, itemCandidates, sectionVisible,
                                         formFields, formDefaults, formValidate, planCanActivate]

    /// The hooks of one scope, by name.
    public static func names(in scope: Scope) -> [String] { all.filter { $0.scope == scope }.map(\.name) }

    public static func named(_ name: String, in scope: Scope) -> HookKind? {
        all.first { $0.scope == scope && $0.name == name }
    }

    /// The hook's path in the rules table: `["items", "medications", "complete"]`, `["plan", "can_activate"]`.
    public func path(owner: String) -> [String] {
        scope == .plan ? [scope.rawValue, name] : [scope.rawValue, owner, name]
    }

    /// How the docs write the hook: `items.K.candidates(ctx, record)`, `plan.can_activate(ctx)`.
    public var signature: String {
        let owner = scope == .items || scope == .sections ? "K." : scope == .forms ? "T." : ""
        return "\(scope.rawValue).\(owner)\(name)(\(arguments))"
    }

    /// The hook's dotted name, as coverage and errors name it: `items.medications.complete`.
    public func qualifiedName(owner: String) -> String { path(owner: owner).joined(separator: ".") }

    /// What the hook must return, as a sentence ending an error: "must return true or false".
    public var mustReturn: String {
        switch answer {
        case .boolean: return "must return true or false"
        case .verdict: return "must return true, or false and a message"
        case .itemDefault: return "must return what the item shows"
        case .fieldList: return "must return a list of fields"
        case .fieldValues: return "must return a table of field = value"
        case .fieldMessages: return "must return a table of field = message"
        }
    }

    /// `items.<item>.complete`, `plan.can_activate`.
    public var description: String {
        switch scope {
        case .items: return "items.<item>.\(name)"
        case .sections: return "sections.<section>.\(name)"
        case .forms: return "forms.<record type>.\(name)"
        case .plan: return "plan.\(name)"
        }
    }
}
