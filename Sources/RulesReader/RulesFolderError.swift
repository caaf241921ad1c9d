/// Everything wrong in a Rules folder, reported at once.
public struct RulesFolderError: Error, Hashable, Sendable, CustomStringConvertible {
    /// In reading order: file by file, and by line within a file.
    public var problems: [RulesFolderProblem]

    public init(problems: [RulesFolderProblem]) { self.problems = problems }

    /// One problem per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
