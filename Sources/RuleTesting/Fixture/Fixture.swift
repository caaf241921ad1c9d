import PlanModel

/// One rule fixture read from `Fixtures/<template-id>/<name>.yaml`: a client, a plan's starting state,
/// what to expect of it, and steps that act on it in order (docs/writing-fixtures.md).
public struct Fixture: Sendable {
    /// The file as people see it: `Fixtures/ndis-core/basic.yaml`.
    public var file: String
    /// The file's name without `.yaml`.
    public var name: String
    public var templateID: String
    public var today: String
    public var client: Client
    public var records: [ClientRecord]
    public var goalAttainmentPlan: String?
    public var behaviourSupportPlan: String?
    /// `plan.items`, in file order.
    public var items: [ItemSetup]
    /// The top-level `expect`, nil when the fixture has none.
    public var expect: Expectations?
    public var steps: [FixtureStep]
}

/// A field value to set, or nil to unset it (`null` in YAML).
public struct FieldChange: Sendable, Equatable {
    public var key: String
    public var value: FieldValue?
    public init(key: String, value: FieldValue?) { self.key = key; self.value = value }
}

/// One entry of `plan.items`: what an instance holds before the expectations are checked.
public struct ItemSetup: Sendable {
    public var ref: InstanceRef
    /// Merged over the instance's defaults; a nil value unsets the field.
    public var values: [FieldChange]
    /// Replaces the linked records when given.
    public var records: [String]?
    /// `video` items: replaces the link when `hasURL`; nil unsets it.
    public var url: String?
    public var hasURL: Bool
    /// Taken as given, without checks.
    public var status: ItemInstance.Status?
    public var reason: String?
}

/// One entry of `steps`: an action, an expectation, or an action followed by an expectation.
public struct FixtureStep: Sendable {
    /// `steps[2]`
    public var path: String
    public var line: Int
    public var action: FixtureAction?
    public var expect: Expectations?
}

/// An action a step performs on the plan, as a coordinator would.
public struct FixtureAction: Sendable {
    public enum Verb: String, Sendable, CaseIterable {
        case set, create, link, unlink, complete, review
        case notRequired = "not_required"
        case reinstate, add, remove, activate
        case startReview = "start_review"

        /// Whether the action names an item.
        var needsItem: Bool { self != .activate && self != .startReview }
    }

    /// Whether the step expects the action to be refused: `refused: true`, or the text one of the
    /// reasons must contain.
    public enum Refusal: Sendable, Equatable {
        case any
        case containing(String)
    }

    public var verb: Verb
    public var ref: InstanceRef?
    public var values: [FieldChange]
    public var records: [String]
    public var reason: String?
    public var cloneOf: Int?
    public var refused: Refusal?

    /// How the step reads in a difference: `complete medications`.
    public var label: String {
        guard let ref else { return verb.rawValue }
        return "\(verb.rawValue) \(ref)"
    }
}

/// What an `expect` mapping asks of the plan at one point. Only what is listed is compared.
public struct Expectations: Sendable {
    /// `expect` or `steps[3].expect`
    public var path: String
    public var visible: [(ref: InstanceRef, value: Bool)] = []
    public var sectionsVisible: [(key: String, visible: Bool)] = []
    /// What each instance got from its `default` hook (or the built-in default) when it was made.
    public var defaults: [(ref: InstanceRef, value: ExpectedDefault)] = []
    /// What each instance shows now, as the coordinator sees it: a `profile` item the live profile with
    /// its defaults where the profile is blank; a `fields` item its values; `video` its link; `records` its linked ids.
    public var values: [(ref: InstanceRef, value: ExpectedDefault)] = []
    public var complete: [(ref: InstanceRef, value: ExpectedCheck)] = []
    public var candidates: [(ref: InstanceRef, value: [String])] = []
    public var progress: ExpectedProgress?
    public var canActivate: Bool?
    public var forms: [ExpectedForm] = []
    /// nil when not listed: the errors expected last still apply.
    public var errors: [ExpectedRuleError]?
    public var status: SupportPlan.Status?

    public init(path: String) { self.path = path }
}

/// The defaults an instance got, or the values it shows, as a fixture expects them.
public enum ExpectedDefault: Sendable {
    /// `profile` and `fields` items: listed fields only; nil expects the field unset.
    case values([FieldChange])
    case url(String?)
    case records([String])
}

/// `true`/`false`, or `{ ok, messages }`: the instance's check.
public struct ExpectedCheck: Sendable {
    public var ok: Bool
    /// Compared whole and in order when given.
    public var messages: [String]?
}

public struct ExpectedProgress: Sendable {
    public var percent: Int?
    public var done: Int?
    public var total: Int?
    /// Section key → percent.
    public var sections: [(key: String, percent: Int)] = []
}

/// What a record type's create-new form should offer and say.
public struct ExpectedForm: Sendable {
    public var recordType: String
    /// The records item the form is opened from (ctx.item); the template's first item of the type by default.
    public var ref: InstanceRef?
    public var fields: [String]?
    public var defaults: [FieldChange]?
    public var submit: [FieldChange]?
    /// Compared whole: empty means the submission is valid.
    public var errors: [String: String]?
}

/// A rule error a fixture expects: `{ item: legacy_check, hook: complete, message: "attempt to index" }`.
public struct ExpectedRuleError: Sendable, CustomStringConvertible {
    public var scope: RuleError.Scope
    public var hook: String?
    /// A substring of the error's message.
    public var message: String?

    public func matches(_ error: RuleError) -> Bool {
        guard error.scope == scope else { return false }
        if let hook, hook != error.hook { return false }
        if let message, !error.message.contains(message) { return false }
        return true
    }

    public var description: String {
        let subject: String
        switch scope {
        case .item(let ref): subject = "item '\(ref)'"
        case .section(let key): subject = "section '\(key)'"
        case .form(let type): subject = "form '\(type)'"
        case .plan: subject = "the plan"
        }
        var text = "rule '\(hook ?? "any")' of \(subject)"
        if let message { text += " with \"\(message)\"" }
        return text
    }
}
