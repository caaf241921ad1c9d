import PlanModel

extension RulesFileReader {
    static let fieldKeys = ["key", "label", "type", "required", "options", "default", "help"]
    static let fieldTypes = FieldType.allCases.map(\.rawValue)

    /// Reads a list of field maps (profile.yaml, a record type, a `fields` item), reporting field keys
    /// used twice in the list.
    mutating func fieldList(_ node: YAMLNode, path: String) -> [FieldDefinition] {
        guard let elements = list(node, path: path) else { return [] }
        var fields: [FieldDefinition] = []
        var firstLine: [String: Int] = [:]
        for element in elements {
            guard let (field, keyNode) = field(element.node, path: element.path) else { continue }
            if let line = firstLine[field.key] {
                report("duplicate field key '\(field.key)' (first at line \(line))", at: keyNode, path: element.path + ".key")
                continue
            }
            firstLine[field.key] = keyNode.mark.line
            fields.append(field)
        }
        return fields
    }

    /// Reads one field map. A field whose `type` is bad is still returned (as text) so references
    /// to its key don't report twice; its default is then not checked.
    mutating func field(_ node: YAMLNode, path: String) -> (FieldDefinition, keyNode: YAMLNode)? {
        guard let map = mapping(node, path: path, known: Self.fieldKeys, required: ["key", "type"]) else { return nil }
        var keyIsUsable = false
        let key = text(map, "key")
        if let key {
            if Self.isSnakeKey(key) { keyIsUsable = true } else {
                report("field key '\(key)' must match [a-z][a-z0-9_]*", at: map["key"], path: map.path("key"))
            }
        }
        var type: FieldType?
        if let name = text(map, "type") {
            type = FieldType(rawValue: name)
            if type == nil {
                report("unknown type '\(name)'" + Self.suggestion(for: name, among: Self.fieldTypes, listing: true),
                       at: map["type"], path: map.path("type"))
            }
        }
        var field = FieldDefinition(key: key ?? "", label: text(map, "label", optional: true), type: type ?? .text,
                                    required: bool(map, "required") ?? false, help: text(map, "help", optional: true))
        if let options = textList(map, "options") {
            var seen = Set<String>()
            for option in options where !seen.insert(option.text).inserted {
                report("duplicate option '\(option.text)'", at: option.node, path: option.path)
            }
            field.options = options.map(\.text).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
            if let type, !type.needsOptions {
                report("options are only allowed on choice and multi_choice fields", at: map.keyNode("options"), path: map.path("options"))
            } else if field.options.isEmpty, type != nil {
                report("a \(type!.rawValue) field needs at least one option", at: map["options"], path: map.path("options"))
            }
        } else if let type, type.needsOptions, !map.has("options") {
            report("a \(type.rawValue) field needs options", at: node, path: path)
        }
        if let defaultNode = map["default"], let type {
            let defaultPath = map.path("default")
            switch FieldValueReader.read(node: defaultNode, as: field) {
            case .failure(let error):
                report("invalid default: \(error.description)", at: defaultNode, path: defaultPath)
            case .success(let value?) where !value.isBlank:
                let value = field.coerce(value)
                var check = field
                check.required = false
                if type.needsOptions && field.options.isEmpty {
                    // Already reported: the options are missing.
                } else if let problem = check.problem(with: value) {
                    report("invalid default: \(problem)", at: defaultNode, path: defaultPath)
                } else {
                    field.defaultValue = value
                }
            case .success:
                break
            }
        }
        guard keyIsUsable, let keyNode = map["key"] else { return nil }
        return (field, keyNode)
    }
}
