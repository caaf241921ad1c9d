import PlanModel
import PlanRules

/// **plan**: the 100-item plan with `visible`, `default` and `complete` on every item, as the engine evaluates it:
/// `LuaRules.evaluate(_:defaultsFor:)` (default, visible and complete hooks of every item in one Lua evaluation), then
/// `PlanEvaluator.evaluate` (built-in checks, progress, blockers). Beside `lua5.4 bench/plan-baseline.lua`, the same hooks over prebuilt tables.
enum PlanWorkload {
    static func run(_ context: BenchContext) throws -> ResultRow {
        let bench = try BenchPlan(planRules: context.planRules)
        let rules = try bench.rules()
        let input = bench.input
        let refs = bench.plan.instances.map(\.ref)
        try check(rules: rules, input: input, refs: refs)

        let rate = plansPerSecond(rules: rules, inputs: [input], refs: refs, context)

        let lua = try context.requireLua()
        let plans = context.count(20_000, quick: 3_000)
        var base: [Double] = []
        for _ in 0..<context.count(5, quick: 2) {
            base.append(try Subprocess.check(lua, ["\(context.bench)/plan-baseline.lua", "\(plans)"]).figure("plans_per_second"))
        }
        var row = ResultRow(workload: "plan", unit: "plans/s (1 core)", higherIsBetter: true, sample: rate,
                            baseline: "lua5.4 bench/plan-baseline.lua", baselineMedian: Sample(base).median)
        row.target = "≥ 6,000/s, ≤ 8× baseline"
        row.met = (row.slowdown ?? .infinity) <= 8 && row.median >= 6_000
        return row
    }

    /// Plans per second on one core, the `inputs` evaluated in turn: one Lua evaluation runs every default, visible and
    /// complete hook, as the baseline script does, then `PlanEvaluator` makes the report.
    static func plansPerSecond(rules: LuaRules, inputs: [RulesInput], refs: [InstanceRef], _ context: BenchContext) -> Sample {
        var sink = 0, next = 0
        let perRepetition = context.count(2_000, quick: 300)
        let sample = Harness.repeatMeasure(warmup: 1, repetitions: context.count(7, quick: 3)) {
            Harness.cpuPerUnit(perRepetition) {
                let input = inputs[next]
                next = (next + 1) % inputs.count
                let (verdict, defaults) = rules.evaluate(input, defaultsFor: refs)
                let evaluation = PlanEvaluator.evaluate(input, verdict: verdict)
                sink &+= defaults.defaults.count &+ evaluation.progress.total
            }
        }
        precondition(sink != 42)
        return Sample(sample.values.map { 1 / $0 })
    }

    /// **plan, another plan each time**: the plan workload over eight plans of the same template, each for its own
    /// client with its own values (`BenchPlan.input(variant:)`), evaluated in turn, so that no evaluation finds the
    /// values or the client of the one before it: what a batch of different plans costs per plan on one core. The
    /// plan row evaluates one plan again and again, as a fixture's steps and a coordinator's changes do.
    static func otherPlans(_ context: BenchContext) throws -> ResultRow {
        let bench = try BenchPlan(planRules: context.planRules)
        let rules = try bench.rules()
        let inputs = (1...8).map(bench.input(variant:))
        let refs = bench.plan.instances.map(\.ref)
        for input in inputs { try check(rules: rules, input: input, refs: refs) }
        var row = ResultRow(workload: "plan, another plan each time", unit: "plans/s (1 core)", higherIsBetter: true,
                            sample: plansPerSecond(rules: rules, inputs: inputs, refs: refs, context))
        row.note = "eight plans of bench-100, each with its own client and values, evaluated in turn on one engine"
        return row
    }

    /// **plan, ctx floor**: what the read-only ctx of one bench-100 plan costs to build in plain Lua, with no host
    /// (`lua5.4 bench/ctx-floor.lua`: three tables per value a script can reach, as the engine makes them), beside
    /// the same data as plain tables. No target: it shows how much of a plan's time the read-only design takes
    /// before any hook runs or any Swift is counted (a plan may take 167 µs at 6,000 plans/s).
    static func ctxFloor(_ context: BenchContext) throws -> ResultRow {
        let lua = try context.requireLua()
        let plans = String(context.count(5_000, quick: 1_000))
        var readOnly: [Double] = [], plain: [Double] = []
        for _ in 0..<context.count(5, quick: 2) {
            let run = try Subprocess.check(lua, ["\(context.bench)/ctx-floor.lua", plans])
            readOnly.append(try run.figure("readonly_us_per_plan"))
            plain.append(try run.figure("plain_us_per_plan"))
        }
        var row = ResultRow(workload: "plan, ctx floor", unit: "µs/plan", higherIsBetter: false, sample: Sample(readOnly),
                            baseline: "the same ctx as plain tables", baselineMedian: Sample(plain).median)
        row.note = "the read-only ctx of one bench-100 plan (300 values, 900 tables) built in plain lua5.4 by bench/ctx-floor.lua"
        return row
    }

    /// The engine must reach the baseline's answers, or the comparison means nothing: 100 defaults, every item
    /// visible, 90 checks passing and 10 failing with the hook's message, no rule errors.
    static func check(rules: LuaRules, input: RulesInput, refs: [InstanceRef]) throws {
        let defaults = rules.defaults(input, for: refs)
        let evaluation = PlanEvaluator.evaluate(input, rules: rules)
        let items = evaluation.sections.flatMap(\.items)
        let failing = items.filter { !$0.check.ok }
        guard defaults.defaults.count == 100, defaults.errors.isEmpty, evaluation.errors.isEmpty,
              items.count == 100, items.allSatisfy(\.visible), failing.count == 10,
              failing.allSatisfy({ $0.check.messages == ["Enter a value"] }) else {
            throw Subprocess.Failure(description: """
                the bench-100 plan did not evaluate as the baseline does: \(defaults.defaults.count) defaults, \
                \(items.count) items, \(failing.count) failing, errors \(defaults.errors + evaluation.errors)
                """)
        }
    }
}
