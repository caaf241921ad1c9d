/// A template's rules that can't be used: a syntax error, a chunk that fails to run, or a returned
/// table whose shape is wrong. Every problem names the file and, where known, the line.
public struct RulesLoadError: Error, CustomStringConvertible, Sendable {
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var file: String
        public var line: Int?
        /// The column of the key a problem is about, when the source shows where it was typed.
        public var column: Int?
        public var message: String
        public var isWarning: Bool
        public init(file: String, line: Int?, column: Int? = nil, message: String, isWarning: Bool = false) {
            self.file = file; self.line = line; self.column = column; self.message = message; self.isWarning = isWarning
        }
        public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }
    }

    public enum Kind: Sendable { case syntax, run, structure }
    public var kind: Kind
    public var problems: [Problem]

    public init(kind: Kind, problems: [Problem]) { self.kind = kind; self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
