import Foundation
import LuaBridge

/// **state**: creating a sandboxed, metered `LuaRuntime` and compiling a ~20 KB rules file (the three sample templates'
/// rules.lua, each wrapped in a function so they make one chunk). Beside plain `lua5.4` compiling the same text
/// with `load` (plain Lua can't make a new state from a script, so the baseline is compile only).
enum StateWorkload {
    static func run(_ context: BenchContext) throws -> ResultRow {
        let source = try rulesText(context)
        let path = "\(context.scratch)/state-rules.lua"
        try source.write(toFile: path, atomically: true, encoding: .utf8)

        let perRepetition = context.count(200, quick: 50)
        let sample = try Harness.repeatMeasure(warmup: 1, repetitions: context.count(9, quick: 3)) {
            try Harness.cpuPerUnit(perRepetition) {
                let runtime = try LuaRuntime()
                _ = try runtime.compile(source, chunkName: "@Rules/all/rules.lua")
            }
        }
        let us = Sample(sample.values.map { $0 * 1e6 })

        let lua = try context.requireLua()
        var base: [Double] = []
        for _ in 0..<context.count(3, quick: 1) {
            base.append(try Subprocess.check(lua, ["\(context.bench)/state-baseline.lua", path, "\(context.count(2_000, quick: 300))"])
                .figure("us_per_load"))
        }
        var row = ResultRow(workload: "state", unit: "µs per state + \(source.utf8.count / 1024) KB compile", higherIsBetter: false,
                            sample: us, baseline: "lua5.4 bench/state-baseline.lua (load only)", baselineMedian: Sample(base).median)
        row.note = "a LuaRuntime per template version per thread, made once and cached (RulesCache), so this is paid once, not per plan"
        return row
    }

    /// The sample templates' rules, one function each: about 20 KB of real rules code.
    static func rulesText(_ context: BenchContext) throws -> String {
        var text = "-- The sample templates' rules.lua in one chunk, for the state benchmark.\n"
        for id in ["ndis-core", "home-care", "community-access"] {
            let body = try String(contentsOfFile: "\(context.rules)/\(id)/rules.lua", encoding: .utf8)
            text += "local _ = function(...)\n\(body)\nend\n"
        }
        return text
    }
}
