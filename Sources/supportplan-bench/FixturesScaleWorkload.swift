import Foundation
import RuleTesting
import RulesReader

/// **fixtures-scale**: 1,000 synthetic fixtures of the bench-100 template (`ScaleFixtures`, seeded) through
/// `FixtureRunner` on one core, as `supportplan test` runs each file (the Rules folder loaded and the rules compiled
/// once, then every fixture parsed, its plan made, evaluated and checked); timed in CPU time. Beside
/// `lua5.4 bench/fixtures-baseline.lua`, the same hooks over the same clients as prebuilt tables, and the share of
/// the run that is YAML parsing (the same files parsed only).
enum FixturesScaleWorkload {
    /// The engine's figure, for the peer workload too: CPU seconds for the whole job on one core.
    static func measureEngine(_ job: ScaleFixtures, _ context: BenchContext) throws -> Sample {
        try Harness.repeatMeasure(warmup: 1, repetitions: context.count(3, quick: 1)) {
            let start = Harness.cpuSeconds()
            let runner = try FixtureRunner(rulesFolder: URL(fileURLWithPath: job.rules),
                                           options: .init(baseDirectory: URL(fileURLWithPath: job.folder), today: "2026-11-27"))
            // One file after another on this thread: `run(paths:)` would spread them over both cores.
            var failures: [FixtureResult] = []
            for file in job.files {
                let result = runner.run(fixtureAt: file)
                if result.outcome != .passed { failures.append(result) }
            }
            let seconds = Harness.cpuSeconds() - start
            if let first = failures.first {
                throw Subprocess.Failure(description: """
                    \(failures.count) of \(job.files.count) synthetic fixtures did not pass; the first, \(first.file): \
                    \((first.differences.map(\.description) + first.problems.map(\.description)).prefix(3).joined(separator: "; "))
                    """)
            }
            return seconds
        }
    }

    static func run(_ context: BenchContext) throws -> [ResultRow] {
        let job = try ScaleFixtures.write(context)
        let engine = try measureEngine(job, context)

        // The parse figure is the strict composer's: every synthetic fixture is in its subset (else a change to the
        // generator or the composer sent them back through libyaml, and the figure would say so only by its size).
        let leftToLibyaml = try job.files.filter { StrictYAMLComposer.compose(try String(contentsOf: $0, encoding: .utf8)) == nil }
        if let first = leftToLibyaml.first {
            throw Subprocess.Failure(description: "\(leftToLibyaml.count) of \(job.files.count) synthetic fixtures are outside the strict YAML subset; the first, \(first.path)")
        }
        let runner = try FixtureRunner(rulesFolder: URL(fileURLWithPath: job.rules), options: .init(today: "2026-11-27"))
        let parse = try Harness.repeatMeasure(warmup: 1, repetitions: context.count(3, quick: 1)) {
            let start = Harness.cpuSeconds()
            for file in job.files { _ = try runner.parser.parse(contentsOf: file, file: file.lastPathComponent) }
            return Harness.cpuSeconds() - start
        }

        let lua = try context.requireLua()
        var base: [Double] = [], load: [Double] = []
        for _ in 0..<context.count(3, quick: 1) {
            let out = try Subprocess.check(lua, ["\(context.bench)/fixtures-baseline.lua", job.luaData, job.rules])
            guard try out.figure("visible") == Double(job.visibleTotal), try out.figure("failing") == Double(job.failingTotal) else {
                throw Subprocess.Failure(description: "the plain-Lua baseline's answers differ from the generator's: \(out.stdout)")
            }
            base.append(try out.figure("seconds"))
            load.append(try out.figure("load_seconds"))
        }
        let baseline = Sample(base)

        var row = ResultRow(workload: "fixtures-scale (1,000 synthetic)", unit: "s (1 core)", higherIsBetter: false, sample: engine,
                            baseline: "lua5.4 bench/fixtures-baseline.lua (prebuilt tables)", baselineMedian: baseline.median)
        row.target = "≤ 1.5× baseline"
        row.met = (row.slowdown ?? .infinity) <= 1.5
        row.note = String(format: "%d fixtures, all passing; the baseline's data file takes %.3f s more to load (compile) in lua5.4",
                          job.files.count, Sample(load).median)

        let share = parse.median / engine.median
        var parseRow = ResultRow(workload: "fixtures-scale: YAML parse", unit: "s (1 core)", higherIsBetter: false, sample: parse,
                                 baseline: "the whole fixtures-scale run", baselineMedian: engine.median)
        parseRow.target = "≤ 25 % of the run"
        parseRow.met = share <= 0.25
        parseRow.note = String(format: "parsing the same 1,000 files alone is %.0f %% of the run", share * 100)
        return [row, parseRow]
    }
}
