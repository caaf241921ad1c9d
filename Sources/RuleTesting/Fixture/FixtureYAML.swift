import Foundation
import PlanModel
import RulesReader
import Yams

/// Reads one fixture file's YAML nodes into typed values, collecting every problem with its place.
///
/// Accessors report and return nil rather than throw, so one pass finds every problem in a file.
struct FixtureYAML {
    let file: String
    private(set) var problems: [FixtureProblem] = []

    init(file: String) { self.file = file }

    mutating func report(_ message: String, at node: Node?, path: String) {
        let mark = node?.mark
        problems.append(FixtureProblem(file: file, line: mark?.line, column: mark?.column, path: path, message: message))
    }

    /// The problems in line order.
    var sortedProblems: [FixtureProblem] {
        problems.enumerated().sorted { a, b in
            let la = a.element.line ?? 0, lb = b.element.line ?? 0
            if la != lb { return la < lb }
            let ca = a.element.column ?? 0, cb = b.element.column ?? 0
            return ca != cb ? ca < cb : a.offset < b.offset
        }.map(\.element)
    }

    // MARK: Parsing

    mutating func parse(_ text: String) -> Node? {
        do {
            // Scalars are read as text, typed by the field they fill, so Yams' tag resolution (a regular
            // expression per scalar, most of the parse time) is skipped.
            guard let root = try Yams.compose(yaml: text, .basic) else {
                problems.append(FixtureProblem(file: file, message: "the file is empty"))
                return nil
            }
            if let excess = YAMLBudget.excess(in: root) {
                problems.append(FixtureProblem(file: file, line: excess.line, column: excess.column, message: excess.message))
                return nil
            }
            return root
        } catch let error as YamlError {
            switch error {
            case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
                problems.append(FixtureProblem(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(problem)"))
            case let .duplicatedKeysInMapping(duplicates, context):
                let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
                problems.append(FixtureProblem(file: file, line: context.mark.line, column: context.mark.column,
                                               message: "duplicate key \(keys) in one mapping"))
            default:
                problems.append(FixtureProblem(file: file, message: "invalid YAML: \(error)"))
            }
            return nil
        } catch {
            problems.append(FixtureProblem(file: file, message: "invalid YAML: \(error)"))
            return nil
        }
    }

    // MARK: Mappings

    /// One entry of a mapping, with its key's node (for places) and path.
    struct Entry {
        let key: String
        let keyNode: Node
        let value: Node
        let path: String
    }

    /// The entries of a mapping, in file order; keys outside `known` (when given) are reported with a suggestion.
    mutating func mapping(_ node: Node, path: String, known: [String]? = nil, what: String = "a mapping") -> [Entry]? {
        guard case .mapping(let mapping) = node else {
            report("expected \(what), got \(Self.describe(node))", at: node, path: path)
            return nil
        }
        var entries: [Entry] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                report("keys must be text, got \(Self.describe(keyNode))", at: keyNode, path: path)
                continue
            }
            let key = scalar.string
            let entryPath = Self.join(path, key)
            if let known, !known.contains(key) {
                report("unknown key" + Self.suggestion(for: key, among: known, listing: true), at: keyNode, path: entryPath)
                continue
            }
            entries.append(Entry(key: key, keyNode: keyNode, value: value, path: entryPath))
        }
        return entries
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// ` (did you mean 'visible'?)`, or with `listing` ` (expected a, b or c)` when nothing is close.
    static func suggestion(for word: String, among known: [String], listing: Bool = false) -> String {
        Suggestion.phrase(for: word, among: known, listing: listing, limit: max(2, word.count / 3))
    }

    static func orList(_ words: [String]) -> String { Suggestion.orList(words) }

    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull(node) { return "nothing" }
            let text = scalar.string
            return text.count > 40 ? "'\(text.prefix(40))…'" : "'\(text)'"
        }
    }

    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    // MARK: Values

    mutating func text(_ node: Node, path: String, allowEmpty: Bool = false) -> String? {
        guard case .scalar(let scalar) = node, !Self.isNull(node) else {
            report("expected text, got \(Self.describe(node))", at: node, path: path)
            return nil
        }
        if !allowEmpty && scalar.string.isEmpty {
            report("must not be empty", at: node, path: path)
            return nil
        }
        return scalar.string
    }

    mutating func bool(_ node: Node, path: String) -> Bool? {
        if case .scalar(let scalar) = node {
            switch scalar.string.lowercased() {
            case "true", "yes": return true
            case "false", "no": return false
            default: break
            }
        }
        report("expected true or false, got \(Self.describe(node))", at: node, path: path)
        return nil
    }

    mutating func integer(_ node: Node, path: String, minimum: Int? = nil) -> Int? {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            report("expected a whole number, got \(Self.describe(node))", at: node, path: path)
            return nil
        }
        if let minimum, value < minimum {
            report("expected a whole number of at least \(minimum), got \(value)", at: node, path: path)
            return nil
        }
        return value
    }

    /// A list of texts; a single text reads as a list of one.
    mutating func textList(_ node: Node, path: String, allowSingle: Bool = false) -> [(text: String, node: Node)]? {
        if allowSingle, case .scalar = node, !Self.isNull(node) {
            return text(node, path: path).map { [($0, node)] }
        }
        guard case .sequence(let sequence) = node else {
            report("expected a list, got \(Self.describe(node))", at: node, path: path)
            return nil
        }
        var out: [(String, Node)] = []
        for (i, element) in sequence.enumerated() {
            if let t = text(element, path: "\(path)[\(i)]") { out.append((t, element)) }
        }
        return out
    }

    mutating func list(_ node: Node, path: String) -> [(node: Node, path: String)]? {
        guard case .sequence(let sequence) = node else {
            report("expected a list, got \(Self.describe(node))", at: node, path: path)
            return nil
        }
        return sequence.enumerated().map { ($1, "\(path)[\($0)]") }
    }

    /// A value typed by `field`; `.some(nil)` is null (unset), nil a problem already reported.
    mutating func value(_ node: Node, as field: FieldDefinition, path: String) -> FieldValue?? {
        switch FieldValueReader.read(node: node, as: field) {
        case .success(let value): return .some(value.map(field.coerce))
        case .failure(let error):
            report(error.description, at: node, path: path)
            return nil
        }
    }
}
