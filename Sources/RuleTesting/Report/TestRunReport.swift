/// The result of a fixture run: every fixture's result, coverage when asked, the closing line, and
/// the run's overall status.
public struct TestRunReport: Sendable {
    /// How the run went: passed; failed (a fixture failed or coverage is too low); malformed (a fixture can't be run).
    public enum Status: Sendable {
        case passed
        case failed
        case malformed
    }

    public var results: [FixtureResult]
    /// Paths given that don't exist.
    public var problems: [FixtureProblem]
    public var coverage: CoverageReport?
    public var minCoverage: Double?
    /// The share of `if`/`elseif` conditions that must go both ways, when set.
    public var minDecisions: Double?

    public init(results: [FixtureResult], problems: [FixtureProblem] = [], coverage: CoverageReport? = nil, minCoverage: Double? = nil,
                minDecisions: Double? = nil) {
        self.results = results; self.problems = problems; self.coverage = coverage; self.minCoverage = minCoverage
        self.minDecisions = minDecisions
    }

    public var passed: Int { results.filter { $0.outcome == .passed }.count }
    public var failed: Int { results.filter { $0.outcome == .failed }.count }
    public var malformed: Int { results.filter { $0.outcome == .malformed }.count + problems.count }

    /// True when a minimum is set and line coverage is below it.
    public var coverageBelowMinimum: Bool {
        guard let minCoverage, let coverage else { return false }
        return coverage.linePercent < minCoverage
    }

    /// True when a minimum is set and fewer conditions than that went both ways.
    public var decisionsBelowMinimum: Bool {
        guard let minDecisions, let coverage else { return false }
        return coverage.decisionPercent < minDecisions
    }

    public var status: Status {
        if malformed > 0 { return .malformed }
        if failed > 0 || coverageBelowMinimum || decisionsBelowMinimum { return .failed }
        return .passed
    }


    /// `ok   Fixtures/…` or `FAIL Fixtures/…` with its differences and log, problem lines for malformed
    /// fixtures, coverage when asked, and the closing line `N passed, N failed`.
    public var text: String {
        var lines: [String] = []
        for problem in problems { lines.append(problem.description) }
        for result in results {
            switch result.outcome {
            case .passed:
                lines.append("ok   \(result.file)")
            case .failed:
                lines.append("FAIL \(result.file)")
                for difference in result.differences { lines.append("    \(difference)") }
                for log in result.log { lines.append("    log \(log)") }
            case .malformed:
                for problem in result.problems { lines.append(problem.description) }
            }
        }
        if let coverage {
            lines.append(coverage.text)
            if let minCoverage, coverageBelowMinimum {
                lines.append("line coverage \(CoverageReport.percent(coverage.linePercent)) is below the minimum \(CoverageReport.percent(minCoverage))")
            }
            if let minDecisions, decisionsBelowMinimum {
                lines.append("decision coverage \(CoverageReport.percent(coverage.decisionPercent)) is below the minimum \(CoverageReport.percent(minDecisions))")
            }
        }
        var closing = "\(passed) passed, \(failed) failed"
        if malformed > 0 { closing += ", \(malformed) malformed" }
        lines.append(closing)
        return lines.joined(separator: "\n") + "\n"
    }
}
