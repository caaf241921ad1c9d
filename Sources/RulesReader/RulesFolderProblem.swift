/// One thing wrong in a file people write (a Rules folder file or a fixture): where it is (file, line, column, path) and what is wrong.
///
/// Reads as `Rules/ndis-core/template.yaml:14:9: sections[2].items[0].kind: unknown kind 'vidoe' (…)`.
public struct RulesFolderProblem: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The file as people see it, relative to the Rules folder's parent: `Rules/ndis-core/template.yaml`.
    public var file: String
    /// 1-based; nil when the problem concerns the whole file (missing, unreadable).
    public var line: Int?
    /// 1-based, counted in Unicode scalars; nil when the line is.
    public var column: Int?
    /// Where in the document: `sections[2].items[0].kind`; empty for the document itself.
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
