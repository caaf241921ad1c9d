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
    }

    public var files: [File]

    public init(files: [File]) { self.files = files }

    public var linesRun: Int { files.reduce(0) { $0 + $1.linesRun.count } }
    public var activeLines: Int { files.reduce(0) { $0 + $1.activeLines.count } }
    /// Line coverage over every file; 100 when there is no code.
    public var linePercent: Double { activeLines == 0 ? 100 : Double(linesRun) * 100 / Double(activeLines) }

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
        }
        lines.append("  total: lines \(linesRun)/\(activeLines) (\(Self.percent(linePercent)))")
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
