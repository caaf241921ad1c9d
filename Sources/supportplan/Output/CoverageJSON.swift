import RuleTesting

/// `test --coverage --format json`'s `coverage`: per rules file, the hooks and lines the text report
/// lists, as numbers and lists a front end or CI can read.
struct CoverageJSON: Encodable {
    struct Hook: Encodable { let name: String; let line: Int }
    /// An `if`/`elseif` condition that did not go both ways: `{"line": 42, "condition": "…", "missing": "never false"}`.
    struct Decision: Encodable { let line: Int; let condition: String; let missing: String }
    struct File: Encodable {
        let file: String
        let hooks: Int
        let hooksRun: Int
        let hookPercent: Double
        let hooksNotRun: [Hook]
        let lines: Int
        let linesRun: Int
        let linePercent: Double
        let linesNotRun: [Int]
        let decisions: Int
        let decisionsBothWays: Int
        let decisionsNotBothWays: [Decision]

        enum CodingKeys: String, CodingKey {
            case file, hooks, hooksRun = "hooks_run", hookPercent = "hook_percent", hooksNotRun = "hooks_not_run"
            case lines, linesRun = "lines_run", linePercent = "line_percent", linesNotRun = "lines_not_run"
            case decisions, decisionsBothWays = "decisions_both_ways", decisionsNotBothWays = "decisions_not_both_ways"
        }
    }
    let files: [File]
    let lines: Int
    let linesRun: Int
    let linePercent: Double
    let decisions: Int
    let decisionsBothWays: Int
    let decisionPercent: Double

    enum CodingKeys: String, CodingKey {
        case files, lines, linesRun = "lines_run", linePercent = "line_percent"
        case decisions, decisionsBothWays = "decisions_both_ways", decisionPercent = "decision_percent"
    }

    init(_ report: CoverageReport) {
        files = report.files.map { f in
            File(file: f.file, hooks: f.hooks.count, hooksRun: f.hooksRun.count, hookPercent: f.hookPercent,
                 hooksNotRun: f.hooksNotRun.map { Hook(name: $0.name, line: $0.line) },
                 lines: f.activeLines.count, linesRun: f.linesRun.count, linePercent: f.linePercent, linesNotRun: f.linesNotRun,
                 decisions: f.decisions.count, decisionsBothWays: f.decisionsBothWays,
                 decisionsNotBothWays: f.decisions.compactMap { d in d.missing.map { Decision(line: d.line, condition: d.condition, missing: $0) } })
        }
        lines = report.activeLines; linesRun = report.linesRun; linePercent = report.linePercent
        decisions = report.decisions; decisionsBothWays = report.decisionsBothWays; decisionPercent = report.decisionPercent
    }
}
