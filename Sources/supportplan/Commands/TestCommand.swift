import ArgumentParser
import Foundation
import PlanModel
import RulesReader
import PlanService
import RuleTesting

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run rule fixtures against the Rules folder (not the database).",
        discussion: """
        Each fixture (Fixtures/<template>/<name>.yaml) builds a plan in memory, applies its steps and \
        compares what it expects. Differences read `path: expected X, got Y`; a failing fixture shows its \
        rule log. Exit 1 when a fixture fails or coverage is below --min-coverage or --min-decisions; 2 when a fixture is malformed.

        Examples:
          supportplan test
          supportplan test Fixtures/ndis-core --filter forms
          supportplan test Fixtures --coverage --min-coverage 90 --junit out/fixtures.xml
          supportplan test Fixtures --watch
        """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Fixture files or folders (default: Fixtures).") var paths: [String] = []
    @Option(help: "Only fixtures whose path contains this text.") var filter: String?
    @Option(help: ArgumentHelp("Also write JUnit XML here.", valueName: "file")) var junit: String?
    @Flag(help: "Report which hooks and lines of each rules file the fixtures ran, and which if/elseif conditions went both ways.") var coverage = false
    @Option(help: ArgumentHelp("Fail below this line coverage (implies --coverage).", valueName: "pct")) var minCoverage: Double?
    @Option(help: ArgumentHelp("Fail when fewer if/elseif conditions than this went both ways in the fixtures (implies --coverage).", valueName: "pct"))
    var minDecisions: Double?
    @Flag(help: "After the run, watch the Rules folder and the fixtures; re-run a template's fixtures when its files change (Ctrl-C stops).")
    var watch = false

    /// 0 passed; 1 a fixture failed or coverage is too low; 2 a fixture can't be run.
    static func exitStatus(_ status: TestRunReport.Status) -> Int32 {
        switch status {
        case .passed: return 0
        case .failed: return 1
        case .malformed: return 2
        }
    }

    func validate() throws {
        if let minCoverage, !(0...100).contains(minCoverage) {
            throw ValidationError("--min-coverage \(minCoverage) is not a percentage from 0 to 100")
        }
        if let minDecisions, !(0...100).contains(minDecisions) {
            throw ValidationError("--min-decisions \(minDecisions) is not a percentage from 0 to 100")
        }
        if let filter, filter.isEmpty { throw ValidationError("--filter is empty; give text a fixture path contains") }
    }

    func run() throws {
        if watch { try runWatching(); return }
        let status = try runOnce(only: nil)
        if status != 0 { throw ExitCode(status) }
    }

    /// One run of the fixtures under `paths`; `only` narrows it to the fixtures a watched change calls for.
    func runOnce(only rerun: FixtureWatch.Rerun?) throws -> Int32 {
        let output = global.output
        var status: Int32 = 0
        try CommandRunner.run(output) {
            var options = FixtureRunner.Options(filter: filter, coverage: coverage, minCoverage: minCoverage,
                                                minDecisions: minDecisions)
            if let today = global.today { options.today = today }
            let runner: FixtureRunner
            do throws(RulesFolderError) {
                runner = try FixtureRunner(rulesFolder: URL(fileURLWithPath: global.rules), options: options)
            } catch {
                throw ServiceError.badInput(error.problems.map(\.description))
            }
            var targets = fixturePaths
            if let rerun {
                targets = runner.fixtureFiles(in: targets).files.filter {
                    FixtureWatch.includes(rerun, path: $0.standardizedFileURL.path, templateID: nil)
                }
            }
            let report = runner.run(paths: targets)
            if let filter, report.results.isEmpty, report.problems.isEmpty {
                throw ServiceError.badInput("--filter '\(filter)' matches no fixture under \(targets.map(\.relativePath).joined(separator: ", "))")
            }
            if let junit {
                do { try JUnitWriter.write(report, to: URL(fileURLWithPath: junit)) } catch {
                    throw ServiceError.badInput("Can't write JUnit XML to \(junit): \(error)")
                }
            }
            if output.json {
                struct Fixture: Encodable { let file: String; let outcome: String; let differences: [String]; let problems: [String]; let log: [String] }
                struct Body: Encodable {
                    let passed: Int; let failed: Int; let malformed: Int; let coveragePercent: Double?
                    let coverage: CoverageJSON?; let fixtures: [Fixture]
                }
                output.printJSON(Body(passed: report.passed, failed: report.failed, malformed: report.malformed,
                                      coveragePercent: report.coverage?.linePercent, coverage: report.coverage.map(CoverageJSON.init),
                                      fixtures: report.results.map { Fixture(file: $0.file, outcome: $0.outcome.rawValue,
                                                                             differences: $0.differences.map(\.description),
                                                                             problems: $0.problems.map(\.description), log: $0.log) }))
            } else {
                output.print(report.text)
            }
            status = Self.exitStatus(report.status)
        }
        return status
    }

    var fixturePaths: [URL] { (paths.isEmpty ? ["Fixtures"] : paths).map { URL(fileURLWithPath: $0) } }
}

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check Rules folders, rules.lua files and fixtures without running a plan.",
        discussion: """
        Template and Rules-folder validation, Lua syntax, hooks for unknown items, sections or record types, \
        unknown hook names, hooks returning a literal of the wrong type, accidental globals, require of a \
        missing module, fixtures naming unknown items. A Rules folder brings the Fixtures folder beside it. \
        Each problem is at the line and column it was typed: file:line:col: error|warning: message. Exit 1 on errors.

        Examples:
          supportplan lint Rules
          supportplan lint Rules Fixtures
        """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Rules folders, template folders, .lua files, fixtures or fixture folders (default: the Rules folder).")
    var paths: [String] = []

    func run() throws {
        let output = global.output
        var status: Int32 = 0
        try CommandRunner.run(output) {
            var linter = RulesLinter(rulesFolder: URL(fileURLWithPath: global.rules))
            if let today = global.today { linter.today = today }
            let report = linter.lint(paths: (paths.isEmpty ? [global.rules] : paths).map { URL(fileURLWithPath: $0) })
            if output.json {
                struct Problem: Encodable { let file: String; let line: Int; let column: Int; let severity: String; let message: String }
                struct Body: Encodable { let errors: Int; let warnings: Int; let problems: [Problem] }
                output.printJSON(Body(errors: report.errors, warnings: report.warnings, problems: report.problems.map {
                    Problem(file: $0.file, line: $0.line, column: $0.column, severity: $0.severity.rawValue, message: $0.message) }))
            } else {
                output.print(report.text)
            }
            status = report.failed ? 1 : 0
        }
        if status != 0 { throw ExitCode(status) }
    }
}
