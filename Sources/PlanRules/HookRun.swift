import LuaBridge
import PlanModel

/// One hook run for `plan explain`: what it returned, which `ctx` paths it read and the value each gave, what it
/// printed and what it cost.
public struct HookRun: Sendable, Encodable {
    /// `items.medications.visible`
    public var hook: String
    public var result: String
    /// The ctx paths read, in first-read order.
    public var reads: [String]
    /// The same reads with the value each gave (JSON `read_values`).
    public var readValues: [ReadValue] = []
    public var log: [String]
    public var instructions: Int
    public var error: String?
    /// Where the hook is defined: `Rules/ndis-core/rules.lua:42`.
    public var location: String

    enum CodingKeys: String, CodingKey {
        case hook, result, reads, readValues = "read_values", log, instructions, error, location = "where"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hook, forKey: .hook); try c.encode(result, forKey: .result); try c.encode(reads, forKey: .reads)
        try c.encode(readValues, forKey: .readValues)
        try c.encode(log, forKey: .log); try c.encode(instructions, forKey: .instructions)
        try c.encode(error, forKey: .error); try c.encode(location, forKey: .location)
    }
}

/// What `plan explain` is asked about.
public enum ExplainTarget: Sendable, Equatable {
    /// One instance: its section's `visible` and its own hooks.
    case item(InstanceRef)
    /// A section's `visible`.
    case section(String)
    /// A record type's form as offered to `item` (or on its own): `fields`, `defaults`, and `validate`
    /// of the defaults.
    case form(String, item: InstanceRef?)
    /// The plan's own hook, `can_activate`.
    case plan
}

extension LuaRules {
    /// Runs every hook that decides one instance — its section's and its own — tracking reads, logs and cost.
    public func explain(_ input: RulesInput, _ ref: InstanceRef) -> [HookRun] { explain(input, .item(ref)) }

    /// Runs every hook that decides `target`, tracking reads, logs and cost.
    public func explain(_ input: RulesInput, _ target: ExplainTarget) -> [HookRun] {
        var runs: [HookRun] = []
        let outcome = withRules(input) { ev, rules in
            func run(_ kind: HookKind, owner: String, line: Int, scope: RuleError.Scope, args: (ContextWorld) -> [LuaHostValue],
                     describe: ([LuaValue]) throws -> String) {
                let path = kind.path(owner: owner)
                let tracker = ReadTracker()
                let world = ContextWorld(input: input, names: names, schema: schema, tracker: tracker)
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
                entry.readValues = tracker.reads
                runs.append(entry)
            }
            func sectionVisible(_ key: String) {
                guard let line = index.line(of: .sectionVisible, owner: key) else { return }
                run(.sectionVisible, owner: key, line: line, scope: .section(key),
                    args: { [.object($0.context(item: nil, section: key))] },
                    describe: { try HookResults.boolean($0, hook: .sectionVisible) ? "visible" : "hidden (the whole section)" })
            }
            switch target {
            case .item(let ref):
                guard let section = template.section(containing: ref.key) else { return }
                sectionVisible(section.key)
                explainItem(ref, section: section.key, input: input, run: run)
            case .section(let key):
                sectionVisible(key)
            case .plan:
                guard let line = index.line(of: .planCanActivate, owner: "") else { return }
                run(.planCanActivate, owner: "", line: line, scope: .plan,
                    args: { [.object($0.context(item: nil, section: nil))] },
                    describe: { values in
                        guard let messages = try HookResults.verdict(values, hook: .planCanActivate) else { return "may activate" }
                        return messages.isEmpty ? "refuses" : "refuses: " + messages.joined(separator: "; ")
                    })
            case .form(let type, let ref):
                guard let recordType = input.recordTypes[type] else { return }
                explainForm(recordType, for: ref, input: input, run: run)
            }
        }
        if case .failure(let error)? = outcome {
            runs.append(HookRun(hook: "rules.lua", result: "error", reads: [], log: [], instructions: 0,
                                error: error.message, location: error.location))
        }
        return runs
    }


    private func explainItem(_ ref: InstanceRef, section: String, input: RulesInput,
                             run: (HookKind, _ owner: String, _ line: Int, _ scope: RuleError.Scope,
                                   _ args: (ContextWorld) -> [LuaHostValue], _ describe: ([LuaValue]) throws -> String) -> Void) {
        let ctx: (ContextWorld) -> [LuaHostValue] = { [.object($0.context(item: ref, section: section))] }
        if let line = index.line(of: .itemVisible, owner: ref.key) {
            run(.itemVisible, ref.key, line, .item(ref), ctx,
                { try HookResults.boolean($0, hook: .itemVisible) ? "visible" : "hidden" })
        }
        if let line = index.line(of: .itemDefault, owner: ref.key), let item = template.item(ref.key) {
            run(.itemDefault, ref.key, line, .item(ref), ctx, { values in
                let value = values.first ?? .nil
                if value == .nil { return "no default" }
                return "default \(self.describeDefault(try self.itemDefault(value, item: item)))"
            })
        }
        if let line = index.line(of: .itemComplete, owner: ref.key) {
            run(.itemComplete, ref.key, line, .item(ref), ctx, { values in
                guard let messages = try HookResults.verdict(values, hook: .itemComplete) else { return "complete" }
                return messages.isEmpty ? "not complete" : "not complete: " + messages.joined(separator: "; ")
            })
        }
        if let line = index.line(of: .itemCandidates, owner: ref.key), let type = template.item(ref.key)?.recordType {
            for record in input.records where record.type == type {
                run(.itemCandidates, ref.key, line, .item(ref),
                    { world in
                        let object = world.recordObject(record.id, path: "record")!
                        return [.object(world.context(item: ref, section: section)), .object(object)]
                    },
                    { try HookResults.boolean($0, hook: .itemCandidates) ? "\(record.id) may be linked" : "\(record.id) may not be linked" })
            }
        }
    }

    /// The form's hooks in the order a coordinator meets them: which fields, what they start with, and
    /// what `validate` says of a form submitted with those defaults unchanged.
    private func explainForm(_ recordType: RecordType, for ref: InstanceRef?, input: RulesInput,
                             run: (HookKind, _ owner: String, _ line: Int, _ scope: RuleError.Scope,
                                   _ args: (ContextWorld) -> [LuaHostValue], _ describe: ([LuaValue]) throws -> String) -> Void) {
        let type = recordType.key
        let section = ref.flatMap { template.section(containing: $0.key)?.key }
        let ctx: (ContextWorld) -> [LuaHostValue] = { [.object($0.context(item: ref, section: section))] }
        var fields = recordType.fields
        if let listed = index.staticFormFields[type], let given = try? HookResults.formFields(listed, recordType: recordType) {
            fields = given
        }
        if let line = index.line(of: .formFields, owner: type), line > 0 {
            run(.formFields, type, line, .form(type), ctx, { values in
                fields = try HookResults.formFields(values.first ?? .nil, recordType: recordType)
                return "fields " + fields.map(\.key).joined(separator: ", ")
            })
        }
        var defaults = FieldValues()
        for f in fields { if let d = f.defaultValue { defaults[f.key] = d } }
        if let line = index.line(of: .formDefaults, owner: type) {
            run(.formDefaults, type, line, .form(type), ctx, { values in
                let given = try HookResults.values(values.first ?? .nil, fields: fields, hook: HookKind.formDefaults.name,
                                                   owner: "the \(type) form")
                defaults.merge(given) { $1 }
                return given.isEmpty ? "no defaults" : "defaults " + self.describeDefault(.values(given))
            })
        }
        if let line = index.line(of: .formValidate, owner: type) {
            let submitted = LuaValue.map(defaults.mapValues(\.luaValue))
            run(.formValidate, type, line, .form(type), { [.value(submitted)] + ctx($0) }, { values in
                let messages = try HookResults.messages(values.first ?? .map([:]))
                if messages.isEmpty { return "the defaults are valid" }
                return "the defaults are refused: " + messages.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
            })
        }
    }

    private func describeDefault(_ value: ItemDefault) -> String {
        switch value {
        case .values(let v): return v.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.displayText)" }.joined(separator: ", ")
        case .url(let url): return url
        case .records(let ids): return ids.joined(separator: ", ")
        }
    }
}
