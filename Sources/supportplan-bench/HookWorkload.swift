import LuaBridge

/// **hook**: one hook call reading one ctx field, `ctx.client.profile.takes_medication`, through the bridge exactly as
/// `LuaRules` makes it (the rules table kept from a first run of the compiled chunk, a `ctx` for every call, the client and
/// profile tables built once and shared by the evaluation); beside the same function over plain tables in `lua5.4`.
/// Each call's ctx has a recycle key of its own, as each instance of a plan has, and holds the client table recycled
/// under a key of its own, as an engine's ctx does: the first evaluation makes the tables, and every later one
/// rewrites the client in place and takes each ctx as it was before its call (`LuaEvaluation.takeKeptTable`), as an
/// engine does from plan to plan. Each call's ctx source is kept from one evaluation to the next, as an engine keeps each
/// position's (`InstanceTablePool`): what a call pays is pushing it, not making and freeing it.
enum HookWorkload {
    static let source = """
    return { items = { f001 = { visible = function(ctx) return ctx.client.profile.takes_medication == true end } } }
    """

    static func run(_ context: BenchContext) throws -> [ResultRow] {
        let runtime = try LuaRuntime()
        let chunk = try runtime.compile(source, chunkName: "@bench/hook.lua")
        let callsPerEvaluation = 5_000
        let profile = HookProfile(["takes_medication": .boolean(true), "uses_aac": .boolean(false), "first_name": .string("Ada")])
        let client = HookClient(profile: profile, recycleKey: callsPerEvaluation + 1)
        let path = hookPath()
        let clientKey = LuaName("client")
        let contexts = (0..<callsPerEvaluation).map { HookContext(client: client, clientKey: clientKey, recycleKey: $0 + 1) }
        let kept = try keptRules(chunk, in: runtime)
        func evaluation() throws -> Double {
            try runtime.evaluate { ev in
                let rules = try rulesTable(kept, chunk, in: ev)
                let start = Harness.cpuSeconds()
                for context in contexts {
                    // As `ContextWorld.ctx` does before an instance's hooks run: the kept ctx is taken as it is when it
                    // holds what it would be written with (its client rewritten for this evaluation first).
                    if context.holdsItsWrite(in: ev) { _ = ev.takeKeptTable(context.recycleKey, for: context) }
                    let answer = try ev.callHook(rules, path: path, .table(context))
                    guard answer == .flag(true) else {
                        throw Subprocess.Failure(description: "the hook returned \(answer.values) instead of true")
                    }
                }
                return (Harness.cpuSeconds() - start) / Double(callsPerEvaluation)
            }
        }
        let sample = try Harness.repeatMeasure(warmup: 2, repetitions: context.count(15, quick: 5), evaluation)
        let ns = Sample(sample.values.map { $0 * 1e9 })

        let lua = try context.requireLua()
        let calls = context.count(10_000_000, quick: 2_000_000)
        var base: [Double] = []
        for _ in 0..<context.count(3, quick: 1) {
            base.append(try Subprocess.check(lua, ["\(context.bench)/hook-baseline.lua", "\(calls)"]).figure("ns_per_call"))
        }
        var row = ResultRow(workload: "hook", unit: "ns/call", higherIsBetter: false, sample: ns,
                            baseline: "lua5.4 bench/hook-baseline.lua", baselineMedian: Sample(base).median)
        row.target = "≤ 250 ns"
        row.met = row.median <= 250
        return [row, try emptyCall(runtime: runtime, context: context)]
    }

    /// The floor under every hook call: the same bridge call of a hook that takes no ctx and reads nothing
    /// (the metered `pcall`, its message handler and hook set-up, the result read back).
    static func emptyCall(runtime: LuaRuntime, context: BenchContext) throws -> ResultRow {
        let chunk = try runtime.compile("return { items = { f001 = { visible = function() return true end } } }",
                                        chunkName: "@bench/empty-hook.lua")
        let calls = 10_000
        let path = hookPath()
        let kept = try keptRules(chunk, in: runtime)
        let sample = try Harness.repeatMeasure(warmup: 2, repetitions: context.count(15, quick: 5)) {
            try runtime.evaluate { ev in
                let rules = try rulesTable(kept, chunk, in: ev)
                let start = Harness.cpuSeconds()
                for _ in 0..<calls { _ = try ev.callHook(rules, path: path, .value(.nil)) }
                return (Harness.cpuSeconds() - start) / Double(calls)
            }
        }
        var row = ResultRow(workload: "hook, no ctx read", unit: "ns/call", higherIsBetter: false,
                            sample: Sample(sample.values.map { $0 * 1e9 }))
        row.note = "the part of a hook call that is the call itself, without reading ctx"
        return row
    }

    /// The hook's path as `LuaRules` keeps it: names interned in the runtime, found once per engine.
    static func hookPath() -> LuaPath { LuaPath(["items", "f001", "visible"]) }

    /// The rules table kept from a first run of the chunk, as `LuaRules` keeps it when its engine is made (each
    /// evaluation then uses it, with its hooks found by slot, instead of running the chunk).
    static func keptRules(_ chunk: LuaChunk, in runtime: LuaRuntime) throws -> LuaPreparedTable {
        let kept = try runtime.evaluate { ev in try ev.runKeeping(chunk).kept }
        guard kept.isKept else { throw Subprocess.Failure(description: "the bench rules table was not kept: \(kept.refusal ?? "")") }
        return kept
    }

    /// This evaluation's rules table: the kept one, as `LuaRules.withRules` takes it (the chunk run afresh only when it
    /// is no longer kept).
    static func rulesTable(_ kept: LuaPreparedTable, _ chunk: LuaChunk, in ev: LuaEvaluation) throws -> LuaTable {
        try ev.use(kept) ?? ev.run(chunk)
    }
}

/// `ctx` of the hook workload: only `client` leads anywhere.
final class HookContext: LuaTableSource {
    var luaTableSlot: LuaTableSlot? = LuaTableSlot()
    let client: HookClient
    let recycleKey: Int
    var luaRecycleKey: Int? { recycleKey }
    /// The key `client`, interned once per run as `LuaRules` interns ctx's keys once per engine.
    let clientKey: LuaName
    init(client: HookClient, clientKey: LuaName, recycleKey: Int) {
        self.client = client; self.clientKey = clientKey; self.recycleKey = recycleKey
    }

    /// True when the kept table of its key holds what `write` would set (as `ContextTable.takeKeptTables` asks).
    func holdsItsWrite(in evaluation: LuaEvaluation) -> Bool {
        evaluation.refresh(client) && client.isKept && evaluation.keptTable(recycleKey, holds: 1)
    }
    var luaTableSize: (list: Int, fields: Int) { (0, 1) }
    var luaWritesEveryKey: Bool { true }
    /// As `LuaRules`' ctx: it holds only the recycled client table, so one tag names everything it holds.
    func write(to table: inout LuaTableWriter) {
        table.refresh(client)
        if client.isKept {
            if table.holds(tag: 1) { return table.leaveAsItWas(tag: 1) }
            table.tag = 1
        }
        table.set(clientKey, .table(client))
    }
}

/// `ctx.client` of the hook workload.
final class HookClient: LuaTableSource {
    var luaTableSlot: LuaTableSlot? = LuaTableSlot()
    let profile: HookProfile
    let luaRecycleKey: Int?
    /// Whether its table in this evaluation is the kept one, noted when it is written (as `LuaRules`' client's).
    private(set) var isKept = false
    init(profile: HookProfile, recycleKey: Int) { self.profile = profile; self.luaRecycleKey = recycleKey }
    var luaTableSize: (list: Int, fields: Int) { (0, 1) }
    func write(to table: inout LuaTableWriter) {
        isKept = table.isKept
        table.set("profile", .table(profile))
    }
}

/// `ctx.client.profile` of the hook workload: field → value.
final class HookProfile: LuaTableSource {
    var luaTableSlot: LuaTableSlot? = LuaTableSlot()
    let fields: [String: LuaValue]
    init(_ fields: [String: LuaValue]) { self.fields = fields }
    var luaTableSize: (list: Int, fields: Int) { (0, fields.count) }
    func write(to table: inout LuaTableWriter) {
        for (key, value) in fields { table.set(key, value) }
    }
}
