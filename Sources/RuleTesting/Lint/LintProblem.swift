/// One finding of the rules linter, editor-clickable: `Rules/ndis-core/rules.lua:12:5: error: message`.
public struct LintProblem: Hashable, Sendable, CustomStringConvertible, Comparable {
    public enum Severity: String, Sendable { case error, warning }

    public var file: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    public var message: String

    public init(file: String, line: Int?, column: Int?, severity: Severity, message: String) {
        self.file = file; self.line = line ?? 1; self.column = column ?? 1; self.severity = severity; self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(severity.rawValue): \(message)" }

    public static func < (a: LintProblem, b: LintProblem) -> Bool {
        (a.file, a.line, a.column, a.message) < (b.file, b.line, b.column, b.message)
    }
}

/// What the linter found, sorted by file and line, with its summary.
public struct LintReport: Sendable {
    public var problems: [LintProblem]
    /// Files looked at.
    public var filesChecked: Int

    public init(problems: [LintProblem], filesChecked: Int) {
        var unique: [LintProblem] = []
        var seen = Set<LintProblem>()
        for problem in problems.sorted() where seen.insert(problem).inserted { unique.append(problem) }
        self.problems = unique; self.filesChecked = filesChecked
    }

    public var errors: Int { problems.filter { $0.severity == .error }.count }
    public var warnings: Int { problems.filter { $0.severity == .warning }.count }
    /// Errors fail the lint; warnings alone don't.
    public var failed: Bool { errors > 0 }

    /// One line per problem, then `2 errors, 1 warning in 5 files`.
    public var text: String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let lines = problems.map(\.description)
        let summary = "\(count(errors, "error")), \(count(warnings, "warning")) in \(count(filesChecked, "file"))"
        return (lines + [summary]).joined(separator: "\n") + "\n"
    }
}
