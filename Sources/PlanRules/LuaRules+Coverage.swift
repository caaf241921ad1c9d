import LuaBridge
import PlanModel

/// A hook a rules table defines: `items.medications.complete`, defined at a line of rules.lua.
public struct RuleHook: Hashable, Sendable, Comparable {
    /// `items.K.visible`, `sections.K.visible`, `forms.T.validate`, `plan.can_activate`.
    public var name: String
    /// The line of rules.lua (or a lib module) where the hook's function is defined.
    public var line: Int

    public init(name: String, line: Int) { self.name = name; self.line = line }

    public static func < (a: RuleHook, b: RuleHook) -> Bool { (a.line, a.name) < (b.line, b.name) }
}

extension LuaRules {
    /// Every hook function the rules define, in line order. `forms.T.fields` given as a list is not a hook.
    public var definedHooks: [RuleHook] {
        HookKind.all.flatMap { kind in
            index.definitions(of: kind).filter { $0.line > 0 }.map { RuleHook(name: kind.qualifiedName(owner: $0.owner), line: $0.line) }
        }.sorted()
    }

    /// Lines run so far by file as people see it (`Rules/ndis-core/rules.lua`, `Rules/lib/dates.lua`),
    /// when the rules were loaded with `collectCoverage`; empty otherwise.
    public var coverage: [String: Set<Int>] {
        guard let runtime else { return [:] }
        var out: [String: Set<Int>] = [:]
        for (chunkName, lines) in runtime.coverage { out[Self.display(chunkName), default: []].formUnion(lines) }
        return out
    }

    /// The lines of rules.lua that hold code (the lines coverage can reach), by file as people see it.
    public var activeLines: [String: Set<Int>] {
        guard let runtime, let chunk else { return [:] }
        return [file: runtime.activeLines(of: chunk)]
    }

    /// The lines holding code of a `Rules/lib` module, compiled in these rules' Lua state; nil when the
    /// rules have no state or the module does not compile.
    public func activeLines(ofLibrary source: String, file: String) -> Set<Int>? {
        guard let runtime, let chunk = try? runtime.compile(source, chunkName: "@" + file) else { return nil }
        return runtime.activeLines(of: chunk)
    }
}
