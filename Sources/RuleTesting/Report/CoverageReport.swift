import Foundation
import PlanRules

/// Which hooks and lines of each rules file the fixtures ran.
public struct CoverageReport: Sendable {
    public struct File: Sendable {
        /// `Rules/ndis-core/rules.lua`, `Rules/lib/dates.lua`
        public var file: String
        /// The hooks the file defines (none for a lib module).
        public var hooks: [RuleHook]
        public var hooksRun: Set<String>
        /// Lines holding code.
        public var activeLines: Set<Int>
        /// Lines holding code that ran.
        public var linesRun: Set<Int>
        /// The file's `if`/`elseif` conditions and which way each went (rules files only).
        public var decisions: [Decision] = []

        public init(file: String, hooks: [RuleHook], hooksRun: Set<String>, activeLines: Set<Int>, linesRun: Set<Int>) {
            self.file = file; self.hooks = hooks; self.hooksRun = hooksRun.intersection(hooks.map(\.name))
            self.activeLines = activeLines; self.linesRun = linesRun
        }

        public var hooksNotRun: [RuleHook] { hooks.filter { !hooksRun.contains($0.name) } }
        public var linesNotRun: [Int] { activeLines.subtracting(linesRun).sorted() }
        /// 100 when the file has no hooks.
        public var hookPercent: Double { hooks.isEmpty ? 100 : Double(hooksRun.count) * 100 / Double(hooks.count) }
        /// 100 when the file has no code.
        public var linePercent: Double { activeLines.isEmpty ? 100 : Double(linesRun.count) * 100 / Double(activeLines.count) }
        public var decisionsBothWays: Int { decisions.filter(\.wentBothWays).count }
    }

    /// One `if`/`elseif` condition and the outcomes the fixtures gave it.
    public struct Decision: Sendable, Equatable {
        public var line: Int
        /// `if` or `elseif`.
        public var keyword: String
        /// The condition as written, shortened: `ctx.client.profile.date_of_birth == nil`.
        public var condition: String
        public var outcomes: Set<Bool>

        public init(line: Int, keyword: String = "if", condition: String, outcomes: Set<Bool>) {
            self.line = line; self.keyword = keyword; self.condition = condition; self.outcomes = outcomes
        }

        public var wentBothWays: Bool { outcomes.count == 2 }

        /// `never true`, `never false`, `never reached`; nil when it went both ways.
        public var missing: String? {
            switch (outcomes.contains(true), outcomes.contains(false)) {
            case (true, true): return nil
            case (true, false): return "never false"
            case (false, true): return "never true"
            case (false, false): return "never reached"
            }
        }
    }

    public var files: [File]

    public init(files: [File]) { self.files = files }

    public var linesRun: Int { files.reduce(0) { $0 + $1.linesRun.count } }
    public var activeLines: Int { files.reduce(0) { $0 + $1.activeLines.count } }
    /// Line coverage over every file; 100 when there is no code.
    public var linePercent: Double { activeLines == 0 ? 100 : Double(linesRun) * 100 / Double(activeLines) }

    public var decisions: Int { files.reduce(0) { $0 + $1.decisions.count } }
    public var decisionsBothWays: Int { files.reduce(0) { $0 + $1.decisionsBothWays } }
    /// The share of `if`/`elseif` conditions that went both ways; 100 when there are none.
    public var decisionPercent: Double { decisions == 0 ? 100 : Double(decisionsBothWays) * 100 / Double(decisions) }

    /// `84.2%`
    public static func percent(_ value: Double) -> String { String(format: "%.1f%%", (value * 10).rounded(.down) / 10) }

    /// The coverage section of a run's text report.
    public var text: String {
        var lines = ["coverage:"]
        for file in files {
            var line = "  \(file.file):"
            if !file.hooks.isEmpty {
                line += " hooks \(file.hooksRun.count)/\(file.hooks.count) (\(Self.percent(file.hookPercent))),"
            }
            line += " lines \(file.linesRun.count)/\(file.activeLines.count) (\(Self.percent(file.linePercent)))"
            lines.append(line)
            let notRun = file.hooksNotRun
            if !notRun.isEmpty {
                lines.append("    hooks not run: " + notRun.map { "\($0.name) (line \($0.line))" }.joined(separator: ", "))
            }
            let missed = file.linesNotRun
            if !missed.isEmpty { lines.append("    lines not run: " + Self.ranges(missed)) }
            if !file.decisions.isEmpty {
                let percent = Double(file.decisionsBothWays) * 100 / Double(file.decisions.count)
                lines.append("    decisions both ways: \(file.decisionsBothWays)/\(file.decisions.count) (\(Self.percent(percent)))")
                for decision in file.decisions {
                    guard let missing = decision.missing else { continue }
                    lines.append("      line \(decision.line): \(decision.keyword) \(decision.condition) — \(missing)")
                }
            }
        }
        var total = "  total: lines \(linesRun)/\(activeLines) (\(Self.percent(linePercent)))"
        if decisions > 0 { total += ", decisions \(decisionsBothWays)/\(decisions) (\(Self.percent(decisionPercent)))" }
        lines.append(total)
        return lines.joined(separator: "\n")
    }

    /// `3-5, 9, 12-13`
    static func ranges(_ sorted: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count && sorted[j + 1] == sorted[j] + 1 { j += 1 }
            parts.append(i == j ? "\(sorted[i])" : "\(sorted[i])-\(sorted[j])")
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }
}
