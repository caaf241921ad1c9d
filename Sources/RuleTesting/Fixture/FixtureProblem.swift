/// One thing wrong in a fixture file, located for an editor:
/// `Fixtures/ndis-core/x.yaml:12:5: expect.visibel: unknown key (did you mean 'visible'?)`.
public struct FixtureProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based; nil when the problem concerns the whole file.
    public var line: Int?
    public var column: Int?
    /// Where in the document: `expect.visible`; empty for the document itself.
    public var path: String
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, path: String = "", message: String) {
        self.file = file; self.line = line; self.column = column; self.path = path; self.message = message
    }

    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}

/// A fixture that can't be run, with every problem found in it.
public struct FixtureError: Error, Sendable, CustomStringConvertible {
    public var problems: [FixtureProblem]
    public init(problems: [FixtureProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
