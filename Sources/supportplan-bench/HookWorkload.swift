import LuaBridge

/// **hook**: one hook call reading one ctx field, `ctx.client.profile.takes_medication`, through the bridge exactly as
/// `LuaRules` makes it (a rules table from a compiled chunk, a fresh lazy `ctx` proxy per call, the client and
/// profile objects shared by the evaluation); beside the same function over plain tables in `lua5.4`.
enum HookWorkload {
    static let source = """
    return { items = { f001 = { visible = function(ctx) return ctx.client.profile.takes_medication == true end } } }
    """

    static func run(_ context: BenchContext) throws -> [ResultRow] {
        let runtime = try LuaRuntime()
        let chunk = try runtime.compile(source, chunkName: "@bench/hook.lua")
        let callsPerEvaluation = 10_000
        let profile = HookProfile(["takes_medication": .boolean(true), "uses_aac": .boolean(false), "first_name": .string("Ada")])
        let client = HookClient(profile: profile)
        func evaluation() throws -> Double {
            try runtime.evaluate { ev in
                let rules = try ev.run(chunk)
                let start = Harness.cpuSeconds()
                for _ in 0..<callsPerEvaluation {
                    let result = try ev.call(rules, path: ["items", "f001", "visible"], [.object(HookContext(client: client))])
                    guard result.values.first == .boolean(true) else {
                        throw Subprocess.Failure(description: "the hook returned \(result.values) instead of true")
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
        let row = ResultRow(workload: "hook", unit: "ns/call", higherIsBetter: false, sample: ns,
                            baseline: "lua5.4 bench/hook-baseline.lua", baselineMedian: Sample(base).median)
        return [row, try emptyCall(runtime: runtime, context: context)]
    }

    /// The floor under every hook call: the same bridge call of a hook that takes no ctx and reads nothing
    /// (the metered `pcall`, its message handler and hook set-up, the result read back).
    static func emptyCall(runtime: LuaRuntime, context: BenchContext) throws -> ResultRow {
        let chunk = try runtime.compile("return { items = { f001 = { visible = function() return true end } } }",
                                        chunkName: "@bench/empty-hook.lua")
        let calls = 10_000
        let sample = try Harness.repeatMeasure(warmup: 2, repetitions: context.count(15, quick: 5)) {
            try runtime.evaluate { ev in
                let rules = try ev.run(chunk)
                let start = Harness.cpuSeconds()
                for _ in 0..<calls { _ = try ev.call(rules, path: ["items", "f001", "visible"], []) }
                return (Harness.cpuSeconds() - start) / Double(calls)
            }
        }
        var row = ResultRow(workload: "hook, no ctx read", unit: "ns/call", higherIsBetter: false,
                            sample: Sample(sample.values.map { $0 * 1e9 }))
        row.note = "the part of a hook call that is the call itself, without reading ctx"
        return row
    }
}

/// `ctx` of the hook workload: only `client` leads anywhere.
final class HookContext: LuaHostObject {
    let client: HookClient
    init(client: HookClient) { self.client = client }
    func luaIndex(_ key: LuaKey) throws -> LuaHostValue { key == .string("client") ? .object(client) : .value(.nil) }
    func luaLength() -> Int { 0 }
    func luaKeys() -> [LuaKey] { [.string("client")] }
}

/// `ctx.client` of the hook workload.
final class HookClient: LuaHostObject {
    let profile: HookProfile
    init(profile: HookProfile) { self.profile = profile }
    func luaIndex(_ key: LuaKey) throws -> LuaHostValue { key == .string("profile") ? .object(profile) : .value(.nil) }
    func luaLength() -> Int { 0 }
    func luaKeys() -> [LuaKey] { [.string("profile")] }
}

/// `ctx.client.profile` of the hook workload: field → value.
final class HookProfile: LuaHostObject {
    let fields: [String: LuaValue]
    init(_ fields: [String: LuaValue]) { self.fields = fields }
    func luaIndex(_ key: LuaKey) throws -> LuaHostValue {
        guard case .string(let name) = key else { return .value(.nil) }
        return .value(fields[name] ?? .nil)
    }
    func luaLength() -> Int { 0 }
    func luaKeys() -> [LuaKey] { fields.keys.sorted().map { .string($0) } }
}
