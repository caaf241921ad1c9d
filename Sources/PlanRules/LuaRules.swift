import LuaBridge
import PlanModel

/// A template version's `rules.lua`, compiled once into its own Lua state, answering the model's
/// questions through the hooks of docs/writing-rules.md.
///
/// An engine keeps nothing of one evaluation for the next: each question runs in a fresh Lua
/// evaluation, the evaluation date comes with the `RulesInput`, and what hooks print goes to the
/// caller that asked for it (`LoggingRules`). It wraps one Lua state, though, so one thread uses it
/// at a time: share engines across threads only through exclusive checkout (a pool of engines per
/// template version, one caller holding each), never by calling one from two threads at once.
public final class LuaRules: RulesEngine {
    public let template: PlanTemplate
    /// The catalogs the template version was published with; hooks read them as `ctx.schema`.
    public let profile: ProfileSchema
    public let recordTypes: RecordTypeCatalog
    /// `Rules/ndis-core/rules.lua`
    public let file: String
    let runtime: LuaRuntime?
    let chunk: LuaChunk?
    let index: HookIndex
    /// Each template item's hooks, found once here instead of per instance in every evaluation.
    let itemHooks: [String: ItemHooks]
    /// The keys of ctx's tables, interned once in this engine's runtime.
    let names: ContextNames
    let helpers: SpHelpers
    let prelude: LuaChunk?
    /// Where an instrumented source's `if`s report which way they went (decision coverage); nil otherwise.
    let decisions: DecisionLedger?
    /// `ctx.schema`, built once per engine: the runtime keeps its tables for every evaluation.
    let schema: SchemaTable
    /// The ctx and item sources of each position, reused by every plan's world (`world(_:)`).
    let tablePool = InstanceTablePool()
    /// The instance keys of the last plan evaluated and their hooks (`layout(of:)`).
    private var lastLayout: (keys: [String], hooks: [ItemHooks?]) = ([], [])
    /// Each plan position's last `default` answer of one field and the values made of it (`HookResults.values`), and
    /// one more for the refs not in the plan.
    var defaultMemos: [DefaultMemo] = []
    /// The last evaluation's `default` targets and what they gave (`defaultTargets`, `runDefaults`).
    var lastDefaults = LastDefaults()
    /// The rules table the chunk built when the engine was made, kept for every evaluation while none of them
    /// changes what it reaches (then each evaluation runs the chunk afresh); nil with coverage or decisions on.
    let keptRules: LuaPreparedTable?

    /// Compiles and checks a template's rules. `libraries` are the `Rules/lib` modules by name.
    public init(template: PlanTemplate, profile: ProfileSchema, recordTypes: RecordTypeCatalog, libraries: [String: String] = [:],
                libraryFolder: String = "Rules/lib", wallClockSeconds: Double = 2.0,
                collectCoverage: Bool = false, decisions: DecisionLedger? = nil) throws(RulesLoadError) {
        self.decisions = decisions
        self.template = template
        self.profile = profile
        self.recordTypes = recordTypes
        self.schema = SchemaTable.root(profile: profile, recordTypes: recordTypes)
        self.file = template.rulesPath
        self.helpers = SpHelpers()
        let names = ContextNames()
        self.names = names
        guard let source = template.rulesSource else {
            runtime = nil; chunk = nil; prelude = nil; index = HookIndex(); itemHooks = [:]; keptRules = nil
            return
        }
        var limits = LuaLimits()
        limits.instructions = template.limits.instructions
        limits.memoryBytes = template.limits.memoryMB << 20
        limits.wallClockSeconds = wallClockSeconds
        let runtime: LuaRuntime
        do {
            runtime = try LuaRuntime(limits: limits, modules: { name in
                libraries[name].map { LuaModule(source: $0, chunkName: "@\(libraryFolder)/\(name).lua") }
            }, collectCoverage: collectCoverage)
            prelude = try runtime.compile(SpHelpers.prelude, chunkName: "=sp")
        } catch {
            throw RulesLoadError(kind: .run, problems: [.init(file: template.rulesPath, line: nil, message: "\(error)")])
        }
        let file = template.rulesPath
        let chunk: LuaChunk
        do {
            chunk = try runtime.compile(source, chunkName: "@" + file)
        } catch {
            throw RulesLoadError(kind: .syntax, problems: [.init(file: error.chunkName.map(Self.display) ?? file, line: error.line, message: error.message)])
        }
        let shape: LuaShape
        // Coverage counts the lines each evaluation runs and decisions record each `if`: both want the chunk run every time.
        let keep = decisions == nil && !collectCoverage
        var kept: LuaPreparedTable?
        do {
            shape = try runtime.evaluate { [helpers, prelude, decisions] ev throws(LuaError) in
                try helpers.define(in: ev, prelude: prelude!, today: "1970-01-01")
                if let decisions { try ev.define(global: DecisionLedger.functionName, decisions.recorder) }
                guard keep else { return try ev.shape(of: try ev.run(chunk)) }
                let (table, prepared) = try ev.runKeeping(chunk)
                kept = prepared
                return try ev.shape(of: table)
            }
        } catch let error as LuaError {
            throw RulesLoadError(kind: .run, problems: [.init(file: error.chunkName.map(Self.display) ?? file, line: error.line, message: error.message)])
        } catch {
            throw RulesLoadError(kind: .run, problems: [.init(file: file, line: nil, message: "\(error)")])
        }
        let (index, problems) = HookIndex.read(shape, template: template, recordTypes: recordTypes, file: file, source: source)
        guard problems.isEmpty else { throw RulesLoadError(kind: .structure, problems: problems) }
        self.runtime = runtime
        self.chunk = chunk
        self.index = index
        self.itemHooks = ItemHooks.table(template: template, index: index, shapes: names.shapes)
        self.keptRules = kept?.isKept == true ? kept : nil
    }

    static func display(_ chunkName: String) -> String {
        chunkName.hasPrefix("@") ? String(chunkName.dropFirst()) : chunkName
    }

    func location(_ line: Int?) -> String { line.map { "\(file):\($0)" } ?? file }

    func ruleError(_ scope: RuleError.Scope, _ hook: HookKind, _ error: Error, line: Int?) -> RuleError {
        ruleError(scope, hook.name, error, line: line)
    }

    func ruleError(_ scope: RuleError.Scope, _ hook: String, _ error: Error, line: Int?) -> RuleError {
        if let lua = error as? LuaError {
            let where_ = lua.chunkName.map { Self.display($0) + (lua.line.map { ":\($0)" } ?? "") } ?? location(line)
            return RuleError(scope: scope, hook: hook, message: lua.message, location: where_, traceback: lua.traceback)
        }
        return RuleError(scope: scope, hook: hook, message: "\(error)", location: location(line))
    }

    /// Runs `body` in one evaluation with a fresh rules table; nil when the rules have no hooks or the chunk failed
    /// (then `failure` holds the error). What hooks print goes to `log`, when given.
    func withRules<T>(_ input: RulesInput, log: LogLines? = nil, _ body: (LuaEvaluation, LuaTable) -> T) -> Result<T, RuleError>? {
        guard let runtime, let chunk, let prelude else { return nil }
        return runtime.evaluate { ev in
            defer { log?.lines.append(contentsOf: ev.log) }
            do {
                try helpers.define(in: ev, prelude: prelude, today: input.today)
                if let decisions { try ev.define(global: DecisionLedger.functionName, decisions.recorder) }
                let table = try keptRules.flatMap { kept throws(LuaError) in try ev.use(kept) } ?? ev.run(chunk)
                return .success(body(ev, table))
            } catch {
                return .failure(ruleError(.plan, "load", error, line: nil))
            }
        }
    }

    // MARK: RulesEngine

    /// The verdict, with the errors of every instance's `default` hook: a default that fails or returns
    /// the wrong type is a rule error of its item on every path (show, evaluate, activate), not only
    /// in the moment an instance is made. The defaults themselves are not applied here.
    public func evaluate(_ input: RulesInput) -> RulesVerdict {
        evaluate(input, log: nil)
    }

    func evaluate(_ input: RulesInput, log: LogLines?) -> RulesVerdict {
        let (verdict, defaults) = evaluate(input, defaultsFor: nil, log: log)
        var result = verdict
        let defaultErrors = defaults.errors.filter { !verdict.errors.contains($0) }
        result.errors = defaultErrors + verdict.errors
        return result
    }

    public func defaults(_ input: RulesInput, for refs: [InstanceRef]) -> DefaultsOutcome {
        defaults(input, for: refs, log: nil)
    }

    func defaults(_ input: RulesInput, for refs: [InstanceRef], log: LogLines?) -> DefaultsOutcome {
        let world = self.world(input)
        let wanted = defaultTargets(refs, world)
        guard !wanted.isEmpty else { return DefaultsOutcome() }
        var outcome = DefaultsOutcome()
        if case .failure(let error)? = withRules(input, log: log, { ev, rules in outcome = runDefaults(ev, rules, world, wanted) }) {
            outcome.errors.append(error)
        }
        return outcome
    }

    /// The verdict and the defaults of `refs` from one Lua evaluation: every hook of the plan runs against
    /// one fresh rules table (what a caller wanting both pays once, not twice).
    public func evaluate(_ input: RulesInput, defaultsFor refs: [InstanceRef]) -> (verdict: RulesVerdict, defaults: DefaultsOutcome) {
        evaluate(input, defaultsFor: refs, log: nil)
    }

    /// `refs` nil: every instance of the plan, in order.
    func evaluate(_ input: RulesInput, defaultsFor refs: [InstanceRef]?, log: LogLines?) -> (verdict: RulesVerdict, defaults: DefaultsOutcome) {
        let world = self.world(input)
        let wanted = refs.map { defaultTargets($0, world) } ?? defaultTargets(world)
        var verdict = RulesVerdict()
        var defaults = DefaultsOutcome()
        let outcome = withRules(input, log: log) { ev, rules in
            if !wanted.isEmpty { defaults = runDefaults(ev, rules, world, wanted) }
            verdict = runVerdict(ev, rules, world, input)
        }
        if case .failure(let error)? = outcome {
            verdict = RulesVerdict(errors: [error])
            for (key, hooks) in index.items where hooks[HookKind.itemComplete.name] != nil {
                for instance in input.plan.instances(of: key) { verdict.incomplete[instance.ref] = [] }
            }
            if index.canActivateLine != nil { verdict.activationRefusal = [] }
            if !wanted.isEmpty { defaults.errors.append(error) }
        }
        return (verdict, defaults)
    }

    /// Section and item `visible`, `complete` and `can_activate`, in one evaluation.
    func runVerdict(_ ev: LuaEvaluation, _ rules: LuaTable, _ world: ContextWorld, _ input: RulesInput) -> RulesVerdict {
        var verdict = RulesVerdict()
        for section in template.sections {
            guard let line = index.line(of: .sectionVisible, owner: section.key) else { continue }
            let ctx = world.ctx(item: nil, section: section.key)
            do {
                let result = try ev.call(rules, path: HookKind.sectionVisible.path(owner: section.key), [ctx])
                if try !HookResults.boolean(result.values, hook: .sectionVisible) { verdict.hiddenSections.insert(section.key) }
            } catch {
                verdict.errors.append(ruleError(.section(section.key), .sectionVisible, error, line: line))
            }
        }
        let anyHidden = !verdict.hiddenSections.isEmpty
        // By position, each instance's ref made only when the verdict names it (most instances are visible and
        // complete): enumerating copied every instance (its values too), and a ref made for each retained its key.
        let instances = input.plan.instances, layout = world.layout
        for position in instances.indices {
            guard let hooks = layout[position], hooks.visible != nil || hooks.complete != nil,
                  !anyHidden || !verdict.hiddenSections.contains(hooks.section) else { continue }
            let ctx = world.ctx(position: position, section: hooks.section, in: ev)
            if let hook = hooks.visible {
                do {
                    let answer = try ev.callHook(rules, path: hook.path, ctx)
                    if try !HookResults.boolean(answer, hook: .itemVisible) { verdict.hiddenItems.insert(instances[position].ref); continue }
                } catch {
                    verdict.errors.append(ruleError(.item(instances[position].ref), .itemVisible, error, line: hook.line))
                }
            }
            if let hook = hooks.complete {
                do {
                    let answer = try ev.callHook(rules, path: hook.path, ctx)
                    if let messages = try HookResults.verdict(answer, hook: .itemComplete) {
                        verdict.incomplete[instances[position].ref] = messages
                    }
                } catch {
                    verdict.incomplete[instances[position].ref] = []
                    verdict.errors.append(ruleError(.item(instances[position].ref), .itemComplete, error, line: hook.line))
                }
            }
        }
        if let line = index.canActivateLine {
            do {
                let result = try ev.call(rules, path: HookKind.planCanActivate.path(owner: ""), [world.ctx(item: nil, section: nil)])
                verdict.activationRefusal = try HookResults.verdict(result.values, hook: .planCanActivate)
            } catch {
                verdict.activationRefusal = []
                verdict.errors.append(ruleError(.plan, .planCanActivate, error, line: line))
            }
        }
        return verdict
    }

    /// The world of one evaluation of `input`, with each instance's hooks found once for every pass.
    func world(_ input: RulesInput) -> ContextWorld {
        ContextWorld(input: input, names: names, schema: schema, layout: layout(of: input.plan.instances), pool: tablePool)
    }

    /// Each instance's hooks: the last plan's when the instances are of the same items in the same order, as most
    /// plans of one template are (comparing keys costs less than looking each up).
    func layout(of instances: [ItemInstance]) -> [ItemHooks?] {
        if instances.count == lastLayout.keys.count, instances.indices.allSatisfy({ instances[$0].key == lastLayout.keys[$0] }) {
            return lastLayout.hooks
        }
        let hooks = instances.map { itemHooks[$0.key] }
        lastLayout = (instances.map(\.key), hooks)
        return hooks
    }

    /// An instance whose `default` hook runs: its ref, its position in the plan (nil when not in it) and its hooks.
    struct DefaultTarget {
        let ref: InstanceRef
        let position: Int?
        let hooks: ItemHooks
        let hook: ItemHooks.Hook
    }

    /// The instances of `refs` that have a `default` hook, in order: the last evaluation's when it asked for the same
    /// refs of a plan laid out the same way (`LastDefaults`).
    func defaultTargets(_ refs: [InstanceRef], _ world: ContextWorld) -> [DefaultTarget] {
        let instances = world.input.plan.instances
        if let kept = lastDefaults.targets(for: refs, instances: instances, layout: world.layout) { return kept }
        var targets: [DefaultTarget] = []
        for (order, ref) in refs.enumerated() {
            let position = world.position(of: ref, hint: order)
            guard let hooks = position.flatMap({ world.layout[$0] }) ?? itemHooks[ref.key], let hook = hooks.default else { continue }
            targets.append(DefaultTarget(ref: ref, position: position, hooks: hooks, hook: hook))
        }
        lastDefaults.keep(targets, for: refs, instances: instances, layout: world.layout)
        return targets
    }

    /// The instances of the whole plan that have a `default` hook, in order: what `defaultTargets(_:_:)` gives for
    /// every instance's ref, without finding each ref's position again.
    func defaultTargets(_ world: ContextWorld) -> [DefaultTarget] {
        let instances = world.input.plan.instances
        if let kept = lastDefaults.targets(for: nil, instances: instances, layout: world.layout) { return kept }
        var targets: [DefaultTarget] = []
        for position in instances.indices {
            guard let hooks = world.layout[position] ?? itemHooks[instances[position].key], let hook = hooks.default else { continue }
            targets.append(DefaultTarget(ref: instances[position].ref, position: position, hooks: hooks, hook: hook))
        }
        lastDefaults.keep(targets, for: nil, instances: instances, layout: world.layout)
        return targets
    }

    /// `default` hooks of `targets`, in one evaluation.
    ///
    /// When `targets` are the last evaluation's and every one answers as it did then (`LastDefaults.Answer.repeats`),
    /// the defaults are the last evaluation's table, handed back again: equal to the table these answers would make,
    /// by construction. At the first target that answers otherwise, the table is made as it always was: the earlier
    /// targets' defaults (the last evaluation's, as theirs repeated) then each target's own, in order.
    func runDefaults(_ ev: LuaEvaluation, _ rules: LuaTable, _ world: ContextWorld, _ targets: [DefaultTarget]) -> DefaultsOutcome {
        var outcome = DefaultsOutcome()
        // A memo per position, and one after them for the refs not in the plan (a memo is only ever given back for
        // the very answer it holds, so which plan's position it is does not matter).
        let unplaced = world.input.plan.instances.count
        if defaultMemos.count <= unplaced { defaultMemos += Array(repeating: DefaultMemo(), count: unplaced + 1 - defaultMemos.count) }
        let kept = lastDefaults.holds(targets)
        var repeating = kept && lastDefaults.canRepeat()
        var answers: [LastDefaults.Answer] = []
        if kept { swap(&answers, &lastDefaults.answers) }   // taken, not shared, so that each write is in place
        if !repeating {
            // Most targets give a default: room for them all at once, not a table resized as it fills.
            outcome.defaults.reserveCapacity(targets.count)
        }
        // Targets and memos read in place, through pointers: a target handed over as a value was copied (a retain and
        // a release of its ref's key, its hooks and its path), and each access to a memo in the array was checked.
        targets.withUnsafeBufferPointer { targets in
            defaultMemos.withUnsafeMutableBufferPointer { memos in
                for index in targets.indices {
                    let target = targets.baseAddress! + index
                    let (given, answer) = runDefault(target, memo: memos.baseAddress! + (target.pointee.position ?? unplaced),
                                                     ev, rules, world, errors: &outcome.errors)
                    if repeating {
                        if answer.repeats(answers[index]) { continue }
                        repeating = false
                        outcome.defaults.reserveCapacity(targets.count)
                        for earlier in 0..<index where answers[earlier] != .none {
                            let ref = targets[earlier].ref
                            outcome.defaults[ref] = lastDefaults.defaults[ref]
                        }
                    }
                    if kept { answers[index] = answer }
                    if let given { outcome.defaults[target.pointee.ref] = given }
                }
            }
        }
        if kept {
            lastDefaults.answers = answers
            if repeating {
                outcome.defaults = lastDefaults.defaults
                lastDefaults.tablesReused += 1
            } else {
                lastDefaults.defaults = outcome.defaults
            }
        }
        return outcome
    }

    /// One target's `default` hook: its default (nil for none) and what kind of answer it was, its error added to
    /// `errors`.
    private func runDefault(_ target: UnsafePointer<DefaultTarget>, memo: UnsafeMutablePointer<DefaultMemo>, _ ev: LuaEvaluation,
                            _ rules: LuaTable, _ world: ContextWorld,
                            errors: inout [RuleError]) -> (ItemDefault?, LastDefaults.Answer) {
        let hooks = target.pointee.hooks
        let ctx = target.pointee.position.map { world.ctx(position: $0, section: hooks.section, in: ev) }
            ?? world.ctx(item: target.pointee.ref, section: hooks.section)
        do {
            let value: LuaValue
            switch hooks.item.kind {
            case .profile, .fields:
                // Field = value read straight off the stack; any other answer converted, and refused as below.
                let fields = hooks.item.fields
                var read: FieldValues?
                // The memo moves on (`reused` or `generation`) exactly when the values read are the memo's.
                let reused = memo.pointee.reused, generation = memo.pointee.generation
                // The non-generic call: the generic one, not specialized across modules, looked up metadata per call.
                guard let values = try ev.callHook(rules, path: target.pointee.hook.path, ctx, readingInPlace: { entries in
                    read = HookResults.values(&entries, fields: fields, item: hooks.index, memo: &memo.pointee)
                    return read != nil
                }) else {
                    let fromMemo = memo.pointee.reused != reused || memo.pointee.generation != generation
                    return (.values(read!), fromMemo ? .memo(generation: memo.pointee.generation) : .made)
                }
                value = values.first ?? .nil
            case .video, .records:
                value = try ev.callHook(rules, path: target.pointee.hook.path, ctx).values.first ?? .nil
            }
            if value == .nil { return (nil, .none) }
            return (try itemDefault(value, item: hooks.item), .made)
        } catch {
            errors.append(ruleError(.item(target.pointee.ref), .itemDefault, error, line: target.pointee.hook.line))
            return (nil, .none)
        }
    }

    func itemDefault(_ value: LuaValue, item: TemplateItem) throws(HookResultError) -> ItemDefault {
        switch item.kind {
        case .profile, .fields:
            return .values(try HookResults.values(value, fields: item.fields, hook: HookKind.itemDefault.name, owner: "item '\(item.key)'"))
        case .video:
            guard case .string(let url) = value else { throw HookResultError("'default' returned \(value.luaTypeName); expected a URL string") }
            return .url(url)
        case .records:
            return .records(try HookResults.stringList(value, hook: HookKind.itemDefault.name))
        }
    }

    public func candidates(_ input: RulesInput, for ref: InstanceRef, among records: [ClientRecord]) -> CandidatesOutcome {
        candidates(input, for: ref, among: records, log: nil)
    }

    func candidates(_ input: RulesInput, for ref: InstanceRef, among records: [ClientRecord], log: LogLines?) -> CandidatesOutcome {
        guard let line = index.line(of: .itemCandidates, owner: ref.key) else { return CandidatesOutcome(allowed: records.map(\.id)) }
        let world = ContextWorld(input: input, names: names, schema: schema)
        var outcome = CandidatesOutcome(allowed: [])
        let result = withRules(input, log: log) { ev, rules in
            let ctx = world.ctx(item: ref, section: template.section(containing: ref.key)?.key)
            for record in records {
                do {
                    let result = try ev.call(rules, path: HookKind.itemCandidates.path(owner: ref.key), [ctx, world.recordArgument(record)])
                    if try HookResults.boolean(result.values, hook: .itemCandidates) { outcome.allowed.append(record.id) }
                } catch {
                    outcome.errors.append(ruleError(.item(ref), .itemCandidates, error, line: line))
                    outcome.allowed = []
                    return
                }
            }
        }
        if case .failure(let error)? = result { return CandidatesOutcome(allowed: [], errors: [error]) }
        return outcome
    }

    public func form(_ input: RulesInput, recordType: RecordType, for ref: InstanceRef?) -> FormOutcome {
        form(input, recordType: recordType, for: ref, log: nil)
    }

    func form(_ input: RulesInput, recordType: RecordType, for ref: InstanceRef?, log: LogLines?) -> FormOutcome {
        var fields = recordType.fields
        var errors: [RuleError] = []
        var defaults = FieldValues()
        let hooks = index.forms[recordType.key] ?? [:]
        if let listed = index.staticFormFields[recordType.key] {
            do { fields = try HookResults.formFields(listed, recordType: recordType) }
            catch { errors.append(ruleError(.form(recordType.key), .formFields, error, line: nil)) }
        }
        let world = ContextWorld(input: input, names: names, schema: schema)
        let ctx = world.ctx(item: ref, section: ref.flatMap { template.section(containing: $0.key)?.key })
        if hooks.isEmpty == false {
            let result = withRules(input, log: log) { ev, rules in
                if let line = hooks[HookKind.formFields.name], line > 0 {
                    do {
                        let result = try ev.call(rules, path: HookKind.formFields.path(owner: recordType.key), [ctx])
                        fields = try HookResults.formFields(result.values.first ?? .nil, recordType: recordType)
                    } catch {
                        errors.append(ruleError(.form(recordType.key), .formFields, error, line: line))
                    }
                }
                for f in fields { if let d = f.defaultValue { defaults[f.key] = d } }
                if let line = hooks[HookKind.formDefaults.name] {
                    do {
                        let result = try ev.call(rules, path: HookKind.formDefaults.path(owner: recordType.key), [ctx])
                        let given = try HookResults.values(result.values.first ?? .nil, fields: fields, hook: HookKind.formDefaults.name,
                                                           owner: "the \(recordType.key) form")
                        defaults.merge(given) { $1 }
                    } catch {
                        errors.append(ruleError(.form(recordType.key), .formDefaults, error, line: line))
                    }
                }
            }
            if case .failure(let error)? = result { errors.append(error) }
        } else {
            for f in fields { if let d = f.defaultValue { defaults[f.key] = d } }
        }
        return FormOutcome(fields: fields, defaults: defaults, errors: errors)
    }

    public func validate(_ input: RulesInput, recordType: RecordType, values: FieldValues, for ref: InstanceRef?) -> ValidationOutcome {
        validate(input, recordType: recordType, values: values, for: ref, log: nil)
    }

    func validate(_ input: RulesInput, recordType: RecordType, values: FieldValues, for ref: InstanceRef?,
                  log: LogLines?) -> ValidationOutcome {
        guard let line = index.line(of: .formValidate, owner: recordType.key) else { return ValidationOutcome() }
        let world = ContextWorld(input: input, names: names, schema: schema)
        let ctx = world.ctx(item: ref, section: ref.flatMap { template.section(containing: $0.key)?.key })
        var outcome = ValidationOutcome()
        let result = withRules(input, log: log) { ev, rules in
            do {
                let submitted = LuaValue.map(values.mapValues(\.luaValue))
                let result = try ev.call(rules, path: HookKind.formValidate.path(owner: recordType.key), [.value(submitted), ctx])
                outcome.messages = try HookResults.messages(result.values.first ?? .map([:]))
            } catch {
                outcome.errors.append(ruleError(.form(recordType.key), .formValidate, error, line: line))
            }
        }
        if case .failure(let error)? = result { outcome.errors.append(error) }
        return outcome
    }
}
