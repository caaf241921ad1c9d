import LuaBridge
import PlanModel

/// One hook run for `plan explain`: what it returned, which `ctx` paths it read, what it printed and what it cost.
public struct HookRun: Sendable, Encodable {
    /// `items.medications.visible`
    public var hook: String
    public var result: String
    public var reads: [String]
    public var log: [String]
    public var instructions: Int
    public var error: String?
    /// Where the hook is defined: `Rules/ndis-core/rules.lua:42`.
    public var location: String

    enum CodingKeys: String, CodingKey { case hook, result, reads, log, instructions, error, location = "where" }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hook, forKey: .hook); try c.encode(result, forKey: .result); try c.encode(reads, forKey: .reads)
        try c.encode(log, forKey: .log); try c.encode(instructions, forKey: .instructions)
        try c.encode(error, forKey: .error); try c.encode(location, forKey: .location)
    }
}

extension LuaRules {
    /// Runs every hook that decides one instance — its section's and its own — tracking reads, logs and cost.
    public func explain(_ input: RulesInput, _ ref: InstanceRef) -> [HookRun] {
        guard let section = template.section(containing: ref.key) else { return [] }
        var runs: [HookRun] = []
        let outcome = withRules(input) { ev, rules in
            func run(_ kind: HookKind, owner: String, line: Int, scope: RuleError.Scope, args: (ContextWorld) -> [LuaHostValue],
                     describe: ([LuaValue]) throws -> String) {
                let path = kind.path(owner: owner)
                let tracker = ReadTracker()
                let world = ContextWorld(input: input, tracker: tracker)
                var entry = HookRun(hook: path.joined(separator: "."), result: "", reads: [], log: [], instructions: 0,
                                    error: nil, location: location(line))
                do {
                    let result = try ev.call(rules, path: path, args(world))
                    entry.instructions = result.instructions
                    entry.log = result.log
                    entry.result = try describe(result.values)
                } catch {
                    let failure = ruleError(scope, kind, error, line: line)
                    entry.error = failure.message
                    entry.location = failure.location
                    entry.result = "error"
                }
                entry.reads = tracker.paths
                runs.append(entry)
            }
            if let line = index.line(of: .sectionVisible, owner: section.key) {
                run(.sectionVisible, owner: section.key, line: line, scope: .section(section.key),
                    args: { [.object($0.context(item: nil, section: section.key))] },
                    describe: { try HookResults.boolean($0, hook: .sectionVisible) ? "visible" : "hidden (the whole section)" })
            }
            let ctx: (ContextWorld) -> [LuaHostValue] = { [.object($0.context(item: ref, section: section.key))] }
            if let line = index.line(of: .itemVisible, owner: ref.key) {
                run(.itemVisible, owner: ref.key, line: line, scope: .item(ref), args: ctx,
                    describe: { try HookResults.boolean($0, hook: .itemVisible) ? "visible" : "hidden" })
            }
            if let line = index.line(of: .itemDefault, owner: ref.key), let item = template.item(ref.key) {
                run(.itemDefault, owner: ref.key, line: line, scope: .item(ref), args: ctx, describe: { values in
                    let value = values.first ?? .nil
                    if value == .nil { return "no default" }
                    return "default \(describeDefault(try itemDefault(value, item: item)))"
                })
            }
            if let line = index.line(of: .itemComplete, owner: ref.key) {
                run(.itemComplete, owner: ref.key, line: line, scope: .item(ref), args: ctx, describe: { values in
                    guard let messages = try HookResults.verdict(values, hook: .itemComplete) else { return "complete" }
                    return messages.isEmpty ? "not complete" : "not complete: " + messages.joined(separator: "; ")
                })
            }
            if let line = index.line(of: .itemCandidates, owner: ref.key), let type = template.item(ref.key)?.recordType {
                for record in input.records where record.type == type {
                    run(.itemCandidates, owner: ref.key, line: line, scope: .item(ref),
                        args: { world in
                            let object = world.recordObject(record.id, path: "record")!
                            return [.object(world.context(item: ref, section: section.key)), .object(object)]
                        },
                        describe: { try HookResults.boolean($0, hook: .itemCandidates) ? "\(record.id) may be linked" : "\(record.id) may not be linked" })
                }
            }
        }
        if case .failure(let error)? = outcome {
            runs.append(HookRun(hook: "rules.lua", result: "error", reads: [], log: [], instructions: 0,
                                error: error.message, location: error.location))
        }
        return runs
    }

    private func describeDefault(_ value: ItemDefault) -> String {
        switch value {
        case .values(let v): return v.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.displayText)" }.joined(separator: ", ")
        case .url(let url): return url
        case .records(let ids): return ids.joined(separator: ", ")
        }
    }
}
