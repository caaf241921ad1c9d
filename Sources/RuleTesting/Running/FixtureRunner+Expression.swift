import Foundation
import PlanModel
import PlanRules

/// Why an expression could not be evaluated against a fixture: the fixture, the template or the item
/// is wrong. (A Lua error in the expression is a `RuleError`, the result of evaluating.)
public struct ExpressionSetupError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension FixtureRunner {
    /// Evaluates a Lua expression against the plan a fixture sets up (before its steps), as the hooks of
    /// `item` see it: `ctx` is theirs. Without a fixture, a plan of `templateID` for a blank client.
    public func evaluate(expression: String, template templateID: String, fixtureAt url: URL?, item: String?)
        throws(ExpressionSetupError) -> Result<LuaRules.ExpressionResult, RuleError> {
        guard let template = rules.templates[templateID] else {
            let known = rules.templateIDs.joined(separator: ", ")
            throw ExpressionSetupError("No template '\(templateID)' in \(rules.root.path) (templates: \(known))")
        }
        let fixture: Fixture
        do {
            if let url {
                fixture = try parser.parse(contentsOf: url, file: displayPath(url))
            } else {
                fixture = try parser.parse("template: \(templateID)\n", file: "(no fixture)")
            }
        } catch {
            throw ExpressionSetupError(error.description)
        }
        guard fixture.templateID == templateID else {
            throw ExpressionSetupError("\(fixture.file) is a fixture of '\(fixture.templateID)', not of '\(templateID)'")
        }
        var ref: InstanceRef?
        if let item {
            guard let parsed = InstanceRef(parsing: item), template.item(parsed.key) != nil else {
                throw ExpressionSetupError("No item '\(item)' in template '\(templateID)'"
                                           + Suggestion.phrase(for: item, among: template.items.map(\.key)))
            }
            ref = parsed
        }
        let lua: LuaRules
        switch engine(for: template) {
        case .failure(let error): throw ExpressionSetupError(error.description)
        case .success(let loaded): lua = loaded
        }
        let observed = ObservedRules(base: lua, file: lua.file, defined: [], ledger: nil)
        var execution = FixtureExecution(fixture: fixture, template: template, recordTypes: rules.recordTypes, profile: rules.profile, rules: observed)
        guard execution.setUp(), let bench = execution.bench else {
            throw ExpressionSetupError("\(fixture.file): the plan could not be set up: "
                                       + execution.differences.map(\.description).joined(separator: "; "))
        }
        if let ref, bench.plan.instance(ref) == nil {
            throw ExpressionSetupError("The fixture's plan has no instance \(ref)")
        }
        return lua.evaluate(expression: expression, bench.input, item: ref)
    }
}
