import LuaBridge
import PlanModel

extension LuaRules {
    /// What a Lua expression gave when evaluated as a hook would see the plan: its values rendered as
    /// Lua literals, and what it printed.
    public struct ExpressionResult: Sendable, Equatable {
        /// `"Ada"`, `3`, `{ "CC-00077" }`, `nil`; one per value the expression gave.
        public var values: [String]
        public var log: [String]
    }

    /// Evaluates `expression` for an author exploring rules: `ctx` is the context the
    /// hooks of `item` get (the plan's own, as `can_activate` gets, when nil), with `sp` and `require`,
    /// in the same sandbox and under the same limits as the hooks.
    public func evaluate(expression: String, _ input: RulesInput, item ref: InstanceRef?) -> Result<ExpressionResult, RuleError> {
        guard let runtime, let prelude else {
            return .failure(RuleError(scope: .plan, hook: "eval", message: "\(template.id) has no rules.lua", location: file))
        }
        let chunk: LuaChunk
        do {
            // A function of ctx, like a hook; wrapped in a table because an evaluation runs chunks that return one.
            chunk = try runtime.compile("return { eval = function(ctx) return \(expression)\n end }", chunkName: "=expression")
        } catch {
            return .failure(RuleError(scope: .plan, hook: "eval", message: error.message, location: "expression"))
        }
        let world = ContextWorld(input: input, names: names, schema: schema)
        let section = ref.flatMap { template.section(containing: $0.key)?.key }
        return runtime.evaluate { ev in
            do {
                try helpers.define(in: ev, prelude: prelude, today: input.today)
                let table = try ev.run(chunk)
                let result = try ev.call(table, path: ["eval"], [world.ctx(item: ref, section: section)])
                return .success(ExpressionResult(values: result.values.map(Self.literal), log: result.log))
            } catch {
                return .failure(ruleError(.plan, "eval", error, line: nil))
            }
        }
    }

    /// A value as Lua source would write it, keys sorted so the same value always reads the same.
    static func literal(_ value: LuaValue) -> String {
        switch value {
        case .nil: return "nil"
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        case .string(let s): return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
        case .list(let items): return items.isEmpty ? "{}" : "{ " + items.map(literal).joined(separator: ", ") + " }"
        case .map(let map):
            guard !map.isEmpty else { return "{}" }
            return "{ " + map.sorted { $0.key < $1.key }.map { "\($0.key) = \(literal($0.value))" }.joined(separator: ", ") + " }"
        }
    }
}
