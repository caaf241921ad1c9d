import Foundation

/// The workloads in the order they run, each producing rows of the report.
struct Suite {
    static let workloads = ["hook", "plan", "state", "write", "stream", "batch", "postgres", "fixtures", "fixtures-scale", "peer", "cold", "serve", "serve-postgres"]

    let context: BenchContext
    let selected: [String]

    func run() -> Report {
        var rows: [ResultRow] = []
        var failures: [String] = []
        func step(_ name: String, _ body: () throws -> [ResultRow]) {
            progress(name)
            do { rows += try body() } catch { failures.append("\(name): \(error)") }
        }
        if selected.contains("hook") { step("hook") { try HookWorkload.run(context) } }
        if selected.contains("plan") { step("plan") { [try PlanWorkload.run(context), try PlanWorkload.otherPlans(context), try PlanWorkload.ctxFloor(context)] } }
        if selected.contains("state") { step("state") { [try StateWorkload.run(context)] } }
        let store = ["write", "stream", "batch"].filter(selected.contains)
        if !store.isEmpty {
            step("store") {
                // One fill of the store serves all three; show the rows asked for.
                try StoreWorkload.run(context, progress: progress).filter { row in
                    store.contains { row.workload.hasPrefix($0) }
                }
            }
        }
        if selected.contains("postgres") { step("postgres") { try PostgresStoreWorkload.run(context, progress: progress) } }
        if selected.contains("fixtures") { step("fixtures") { [try FixturesWorkload.run(context)] } }
        if selected.contains("fixtures-scale") { step("fixtures-scale") { try FixturesScaleWorkload.run(context) } }
        if selected.contains("peer") { step("peer") { [try PeerWorkload.run(context)] } }
        if selected.contains("cold") { step("cold") { [try ColdWorkload.run(context)] } }
        if selected.contains("serve") { step("serve") { try ServeWorkload.run(context, progress: progress) } }
        if selected.contains("serve-postgres") { step("serve-postgres") { try ServeWorkload.runOnPostgres(context, progress: progress) } }
        let lua = context.lua.flatMap { try? Subprocess.run($0, ["-v"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        return Report(machine: Report.currentMachine(lua: lua), quick: context.quick, plans: context.plans,
                      rows: rows, failures: failures)
    }

    /// Progress goes to standard error, so `--json` output stays clean.
    func progress(_ what: String) {
        FileHandle.standardError.write(Data("supportplan-bench: \(what)…\n".utf8))
    }
}
