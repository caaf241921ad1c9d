import RuleTesting

/// `test --coverage --format json`'s `coverage`: per rules file, the hooks and lines the text report
/// lists, as numbers and lists a front end or CI can read.
struct CoverageJSON: Encodable {
    struct Hook: Encodable { let name: String; let line: Int }
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

        enum CodingKeys: String, CodingKey {
            case file, hooks, hooksRun = "hooks_run", hookPercent = "hook_percent", hooksNotRun = "hooks_not_run"
            case lines, linesRun = "lines_run", linePercent = "line_percent", linesNotRun = "lines_not_run"
        }
    }
    let files: [File]
    let lines: Int
    let linesRun: Int
    let linePercent: Double

    enum CodingKeys: String, CodingKey { case files, lines, linesRun = "lines_run", linePercent = "line_percent" }

    init(_ report: CoverageReport) {
        files = report.files.map { f in
            File(file: f.file, hooks: f.hooks.count, hooksRun: f.hooksRun.count, hookPercent: f.hookPercent,
                 hooksNotRun: f.hooksNotRun.map { Hook(name: $0.name, line: $0.line) },
                 lines: f.activeLines.count, linesRun: f.linesRun.count, linePercent: f.linePercent, linesNotRun: f.linesNotRun)
        }
        lines = report.activeLines; linesRun = report.linesRun; linePercent = report.linePercent
    }
}
