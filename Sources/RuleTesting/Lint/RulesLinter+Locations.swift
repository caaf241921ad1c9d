import PlanModel
import PlanRules

extension RulesLinter {
    /// What each hook must return, as the wrong-return check says it; nil for hooks it doesn't check.
    static func expectedReturn(_ path: [String], template: PlanTemplate) -> (kinds: Set<String>, says: String)? {
        guard let scope = path.first.flatMap(HookKind.Scope.init(rawValue:)),
              let name = scope == .plan ? (path.count == 2 ? path.last : nil) : (path.count == 3 ? path.last : nil),
              let hook = HookKind.named(name, in: scope) else { return nil }
        switch hook.answer {
        case .boolean, .verdict: return (["a boolean"], hook.mustReturn)
        case .fieldList, .fieldValues, .fieldMessages: return (["a table"], hook.mustReturn)
        case .itemDefault:
            guard let kind = template.item(path[1])?.kind else { return nil }
            switch kind {
            case .profile, .fields: return (["a table"], "of a \(kind.rawValue) item must return a table of field = value")
            case .video: return (["a string"], "of a video item must return a URL string")
            case .records: return (["a table"], "of a records item must return a list of record ids")
            }
        }
    }

    /// Hooks whose `return` gives a literal of the wrong type: `visible` returning `"yes"`, a fields
    /// item's `default` returning a string. Only evident returns are judged; `return x` is left to the fixtures.
    func returnProblems(_ source: String, template: PlanTemplate) -> [LintProblem] {
        let map = RulesTableMap(source: source)
        var problems: [LintProblem] = []
        for entry in map.entries {
            guard let function = entry.function, let expected = Self.expectedReturn(entry.path, template: template) else { continue }
            let hook = entry.path.last!
            for (token, kind) in map.literalReturns(of: function) where !expected.kinds.contains(kind) {
                problems.append(LintProblem(file: template.rulesPath, line: token.line, column: token.column, severity: .error,
                                            message: "\(entry.path.joined(separator: ".")) returns \(kind), but \(hook) \(expected.says)"
                                                + " (a wrong type is a rule error when the rules run)"))
            }
        }
        return problems
    }
}
