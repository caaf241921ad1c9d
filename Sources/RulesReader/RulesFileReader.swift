import PlanModel
import Foundation
import Yams

/// Reads one YAML file of a Rules folder into nodes and typed values, collecting every problem it meets.
///
/// Every accessor reports a problem and returns nil rather than throwing, so one pass over a file
/// yields all of its problems. Fixture files are read by this reader too (`package` access), so a
/// YAML mistake reads the same in a template and in a fixture.
package struct RulesFileReader {
    /// The display path used in problems: `Rules/profile.yaml`.
    package let file: String
    package private(set) var problems: [RulesFolderProblem] = []

    package init(file: String) { self.file = file }

    // MARK: Problems

    package mutating func report(_ message: String, at node: YAMLNode?, path: String) {
        let mark = node?.mark
        problems.append(RulesFolderProblem(file: file, line: mark?.line, column: mark?.column, path: path, message: message))
    }

    mutating func report(_ message: String, line: Int?, column: Int?, path: String = "") {
        problems.append(RulesFolderProblem(file: file, line: line, column: column, path: path, message: message))
    }

    /// The problems in line order; problems of one line keep the order they were found in.
    package var sortedProblems: [RulesFolderProblem] {
        problems.enumerated().sorted { a, b in
            let la = a.element.line ?? 0, lb = b.element.line ?? 0
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
    }

    // MARK: Parsing

    /// The document's root node, or nil after reporting why there is none (syntax error, empty file).
    package mutating func parse(_ text: String) -> YAMLNode? {
        // Text in the strict subset fixtures are written in is composed from its bytes; other well-formed text
        // within budget from libyaml's events directly; anything else (and everything that needs a message) takes
        // Yams' path below.
        if let root = StrictYAMLComposer.compose(text) ?? YAMLEventComposer.compose(text) { return root }
        do {
            // Scalars are read as text, typed by the field they fill, so Yams' tag resolution (a regular
            // expression per scalar, most of the parse time) is skipped.
            guard let root = try Yams.compose(yaml: text, .basic) else {
                report("the file is empty", line: nil, column: nil)
                return nil
            }
            if let excess = YAMLBudget.excess(in: root) {
                report(excess.message, line: excess.line, column: excess.column)
                return nil
            }
            return YAMLNode(root)
        } catch let error as YamlError {
            reportSyntax(error, in: text)
            return nil
        } catch {
            report("cannot be read as YAML: \(error)", line: nil, column: nil)
            return nil
        }
    }

    private mutating func reportSyntax(_ error: YamlError, in text: String) {
        func say(_ problem: String, _ context: YamlError.Context?) -> String {
            guard let context, !context.text.isEmpty else { return "invalid YAML: \(problem)" }
            return "invalid YAML: \(problem) (\(context.text) at line \(context.mark.line))"
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            report(say(problem, context), line: mark.line, column: mark.column)
        case let .reader(problem, offset, _, _):
            let position = offset.map { Self.lineAndColumn(ofCharacterOffset: $0, in: text) }
            report("invalid YAML: \(problem)", line: position?.line, column: position?.column)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            report("duplicate key \(keys) in one mapping", line: context.mark.line, column: context.mark.column)
        default:
            report("invalid YAML: \(error)", line: nil, column: nil)
        }
    }

    static func lineAndColumn(ofCharacterOffset offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for ch in text.prefix(offset) {
            if ch == "\n" || ch == "\r\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    // MARK: Mappings

    /// Checks that `node` is a mapping with only `known` keys and every `required` one, and returns its entries.
    mutating func mapping(_ node: YAMLNode, path: String, known: [String], required: [String] = [],
                          what: String = "a mapping") -> YAMLMap? {
        guard case .mapping(let mapping) = node else {
            report("expected \(what), got \(Self.describe(node))", at: node, path: path)
            return nil
        }
        var map = YAMLMap(node: node, path: path)
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                report("keys must be text, got \(Self.describe(keyNode))", at: keyNode, path: path)
                continue
            }
            let key = scalar.string
            guard known.contains(key) else {
                reportUnknownKey(key, at: keyNode, value: value, among: known, path: map.path(key))
                continue
            }
            map.entries[key] = (keyNode, value)
        }
        for key in required where map.entries[key] == nil {
            report("missing required key '\(key)'", at: node, path: path)
        }
        return map
    }

    /// Reports a key outside `known`, with the closest known key or the list of them.
    mutating func reportUnknownKey(_ key: String, at keyNode: YAMLNode, value: YAMLNode, among known: [String], path: String) {
        // `{ help: Call, e.g. at home }` reads `e.g. at home` as a key without a value.
        var hint = Self.suggestion(for: key, among: known)
        if hint.isEmpty {
            hint = Self.isNull(value) && key.contains(" ")
                ? " (a comma inside { } ends the text before it: put the text in quotes)"
                : Self.suggestion(for: key, among: known, listing: true)
        }
        report("unknown key '\(key)'" + hint, at: keyNode, path: path)
    }

    /// The closest known word within edit distance 2, phrased for a message: ` (did you mean 'required'?)`.
    package static func suggestion(for word: String, among known: [String], listing: Bool = false) -> String {
        Suggestion.phrase(for: word, among: known, listing: listing)
    }

    package static func orList(_ words: [String]) -> String { Suggestion.orList(words) }

    /// How a node reads in a message: `a list`, `a mapping`, `null`, `'abc'`.
    package static func describe(_ node: YAMLNode) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            if isNull(scalar) { return "nothing" }
            let text = scalar.string
            return text.count > 40 ? "'\(text.prefix(40))…'" : "'\(text)'"
        }
    }

    /// A plain `~`, `null` or empty scalar: YAML's null. Quoted text is never null.
    static func isNull(_ scalar: YAMLNode.Scalar) -> Bool {
        guard scalar.style == .plain else { return false }
        switch scalar.string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    package static func isNull(_ node: YAMLNode) -> Bool {
        if case .scalar(let scalar) = node { return isNull(scalar) }
        return false
    }

    // MARK: Values

    /// Text at `key`: nil when absent, and after a problem when not text or empty. An `optional`
    /// key may be null or empty, which reads as absent.
    mutating func text(_ map: YAMLMap, _ key: String, optional: Bool = false) -> String? {
        guard let node = map[key] else { return nil }
        if optional {
            if Self.isNull(node) { return nil }
            return text(node, path: map.path(key), allowEmpty: true).flatMap { $0.isEmpty ? nil : $0 }
        }
        return text(node, path: map.path(key))
    }

    package mutating func text(_ node: YAMLNode, path: @autoclosure () -> String, allowEmpty: Bool = false) -> String? {
        guard case .scalar(let scalar) = node, !Self.isNull(scalar) else {
            report("expected text, got \(Self.describe(node))", at: node, path: path())
            return nil
        }
        if !allowEmpty && FieldValueReader.isBlank(scalar.string) {
            report("must not be empty", at: node, path: path())
            return nil
        }
        return scalar.string
    }

    mutating func bool(_ map: YAMLMap, _ key: String) -> Bool? {
        guard let node = map[key] else { return nil }
        if case .scalar(let scalar) = node, let value = FieldValueReader.boolean(scalar.string) { return value }
        report("expected true or false, got \(Self.describe(node))", at: node, path: map.path(key))
        return nil
    }

    mutating func integer(_ map: YAMLMap, _ key: String) -> Int? {
        guard let node = map[key] else { return nil }
        if case .scalar(let scalar) = node, let value = FieldValueReader.integer(scalar.string) { return value }
        report("expected a whole number, got \(Self.describe(node))", at: node, path: map.path(key))
        return nil
    }

    /// The elements of a list at `key`, each with its path.
    mutating func list(_ map: YAMLMap, _ key: String) -> [(node: YAMLNode, path: String)]? {
        guard let node = map[key] else { return nil }
        return list(node, path: map.path(key))
    }

    package mutating func list(_ node: YAMLNode, path: String) -> [(node: YAMLNode, path: String)]? {
        guard case .sequence(let sequence) = node else {
            report("expected a list, got \(Self.describe(node))", at: node, path: path)
            return nil
        }
        return sequence.enumerated().map { ($1, "\(path)[\($0)]") }
    }

    /// A list of texts at `key`; elements that are not text are reported and left out.
    mutating func textList(_ map: YAMLMap, _ key: String) -> [(text: String, node: YAMLNode, path: String)]? {
        guard let elements = list(map, key) else { return nil }
        return elements.compactMap { element in
            text(element.node, path: element.path).map { ($0, element.node, element.path) }
        }
    }

    // MARK: Patterns

    /// `[a-z][a-z0-9_]*`: section, item, field and record type keys.
    static func isSnakeKey(_ text: String) -> Bool {
        matches(text, first: { ("a"..."z").contains($0) }, rest: { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
    }

    /// `[a-z][a-z0-9-]*`: template ids.
    static func isTemplateID(_ text: String) -> Bool {
        matches(text, first: { ("a"..."z").contains($0) }, rest: { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
    }

    /// `[A-Z]{2,5}`: record id prefixes.
    static func isPrefix(_ text: String) -> Bool {
        (2...5).contains(text.count) && text.allSatisfy { ("A"..."Z").contains($0) && $0.isASCII }
    }

    private static func matches(_ text: String, first: (Character) -> Bool, rest: (Character) -> Bool) -> Bool {
        guard let head = text.first, head.isASCII, first(head) else { return false }
        return text.dropFirst().allSatisfy { $0.isASCII && rest($0) }
    }
}

/// The entries of one YAML mapping whose keys were checked, with the mapping's path.
struct YAMLMap {
    let node: YAMLNode
    let path: String
    var entries: [String: (key: YAMLNode, value: YAMLNode)] = [:]

    init(node: YAMLNode, path: String) { self.node = node; self.path = path }

    subscript(key: String) -> YAMLNode? { entries[key]?.value }

    func has(_ key: String) -> Bool { entries[key] != nil }

    func keyNode(_ key: String) -> YAMLNode? { entries[key]?.key }

    /// The path of one of this mapping's keys: `sections[2].items[0]` + `kind`.
    func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
