import PlanModel

/// The reader's node-level accessors for files whose mappings are read in file order and whose
/// keys open onto names the file defines itself (fixtures: item keys, section keys, steps).
extension RulesFileReader {
    /// One entry of a mapping, with its key's node (for places) and path.
    package struct Entry {
        package let key: String
        package let keyNode: YAMLNode
        package let value: YAMLNode
        /// The mapping's path: the entry's own is made only when asked for (a message, or a nested value).
        let mappingPath: String

        package var path: String { RulesFileReader.join(mappingPath, key) }
    }

    /// The entries of a mapping in file order; keys outside `known` (when given) are reported with a suggestion.
    package mutating func entries(_ node: YAMLNode, path: String, known: [String]? = nil, what: String = "a mapping") -> [Entry]? {
        guard case .mapping(let mapping) = node else {
            report("expected \(what), got \(Self.describe(node))", at: node, path: path)
            return nil
        }
        var entries: [Entry] = []
        entries.reserveCapacity(mapping.count)
        for pair in mapping.pairs {
            let keyNode = pair.key, value = pair.value
            guard case .scalar(let scalar) = keyNode else {
                report("keys must be text, got \(Self.describe(keyNode))", at: keyNode, path: path)
                continue
            }
            let key = scalar.string
            if let known, !known.contains(key) {
                reportUnknownKey(key, at: keyNode, value: value, among: known, path: Self.join(path, key))
                continue
            }
            entries.append(Entry(key: key, keyNode: keyNode, value: value, mappingPath: path))
        }
        return entries
    }

    package static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    package mutating func bool(_ node: YAMLNode, path: @autoclosure () -> String) -> Bool? {
        if case .scalar(let scalar) = node, let value = FieldValueReader.boolean(scalar.string) { return value }
        report("expected true or false, got \(Self.describe(node))", at: node, path: path())
        return nil
    }

    package mutating func integer(_ node: YAMLNode, path: String, minimum: Int? = nil) -> Int? {
        guard case .scalar(let scalar) = node, let value = FieldValueReader.integer(scalar.string) else {
            report("expected a whole number, got \(Self.describe(node))", at: node, path: path)
            return nil
        }
        if let minimum, value < minimum {
            report("expected a whole number of at least \(minimum), got \(value)", at: node, path: path)
            return nil
        }
        return value
    }

    /// A list of texts; with `allowSingle` a single text reads as a list of one.
    package mutating func textList(_ node: YAMLNode, path: String, allowSingle: Bool = false) -> [(text: String, node: YAMLNode)]? {
        if allowSingle, case .scalar = node, !Self.isNull(node) {
            return text(node, path: path).map { [($0, node)] }
        }
        return list(node, path: path)?.compactMap { element in
            text(element.node, path: element.path).map { ($0, element.node) }
        }
    }

    /// A value typed by `field`; `.some(nil)` is null (unset), nil a problem already reported.
    package mutating func value(_ node: YAMLNode, as field: FieldDefinition, path: @autoclosure () -> String) -> FieldValue?? {
        switch FieldValueReader.read(node: node, as: field) {
        // Not `value.map(field.coerce)`: that copies the field (five retains and releases) for every value read.
        case .success(let value?): return .some(field.coerce(value))
        case .success(nil): return .some(nil)
        case .failure(let error):
            report(error.description, at: node, path: path())
            return nil
        }
    }
}
