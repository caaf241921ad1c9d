import PlanModel

/// Reads `record-types.yaml`: the organisation's record types. The built-in goal attainment plan and
/// behaviour support plan types are added unless the file redefines them.
public enum RecordTypeCatalogLoader {
    static let typeKeys = ["key", "label", "prefix", "display", "fields"]

    /// The catalog in `yaml`, or every problem in it. `path` names the file in problems.
    public static func load(yaml: String, path: String = "Rules/record-types.yaml") throws(RulesFolderError) -> RecordTypeCatalog {
        var problems: [RulesFolderProblem] = []
        let catalog = read(yaml: yaml, path: path, problems: &problems)
        guard let catalog, problems.isEmpty else { throw RulesFolderError(problems: problems) }
        return catalog
    }

    /// The catalog as far as it could be read, appending its problems; nil when the file is not a
    /// readable YAML mapping at all.
    public static func read(yaml: String, path: String, problems: inout [RulesFolderProblem]) -> RecordTypeCatalog? {
        var reader = RulesFileReader(file: path)
        defer { problems += reader.sortedProblems }
        guard let root = reader.parse(yaml),
              let map = reader.mapping(root, path: "", known: ["types"], required: ["types"],
                                       what: "a mapping with 'types'") else { return nil }
        var types: [RecordType] = []
        var keyLine: [String: Int] = [:]
        var prefixOwner: [String: (key: String, node: YAMLNode?, path: String)] = [:]
        for element in reader.list(map, "types") ?? [] {
            guard let (type, node) = readType(element.node, path: element.path, reader: &reader) else { continue }
            if let line = keyLine[type.key] {
                reader.report("duplicate record type '\(type.key)' (first at line \(line))", at: node["key"], path: element.path + ".key")
                continue
            }
            keyLine[type.key] = node["key"]?.mark.line ?? 0
            if let owner = prefixOwner[type.prefix] {
                reader.report("prefix '\(type.prefix)' is already used by record type '\(owner.key)'", at: node["prefix"], path: element.path + ".prefix")
            } else if !type.prefix.isEmpty {
                prefixOwner[type.prefix] = (type.key, node["prefix"], element.path + ".prefix")
            }
            types.append(type)
        }
        for builtIn in RecordTypeCatalog.builtIns where keyLine[builtIn.key] == nil {
            if let owner = prefixOwner[builtIn.prefix] {
                reader.report("prefix '\(builtIn.prefix)' is reserved for the built-in record type '\(builtIn.key)'",
                              at: owner.node, path: owner.path)
            }
        }
        return RecordTypeCatalog(types: types)
    }

    /// One record type, or nil when its key is unusable.
    private static func readType(_ node: YAMLNode, path: String, reader: inout RulesFileReader) -> (RecordType, YAMLNode)? {
        guard let map = reader.mapping(node, path: path, known: typeKeys, required: ["key", "prefix", "fields"]) else { return nil }
        var keyIsUsable = false
        let key = reader.text(map, "key")
        if let key {
            if RulesFileReader.isSnakeKey(key) { keyIsUsable = true } else {
                reader.report("record type key '\(key)' must match [a-z][a-z0-9_]*", at: map["key"], path: map.path("key"))
            }
        }
        var prefix = ""
        if let text = reader.text(map, "prefix") {
            if RulesFileReader.isPrefix(text) { prefix = text } else {
                reader.report("prefix '\(text)' must be 2 to 5 capital letters (A-Z)", at: map["prefix"], path: map.path("prefix"))
            }
        }
        let fields = map["fields"].map { reader.fieldList($0, path: map.path("fields")) } ?? []
        if let fieldsNode = map["fields"], case .sequence(let s) = fieldsNode, s.isEmpty {
            reader.report("a record type needs at least one field", at: fieldsNode, path: map.path("fields"))
        }
        var display: [String] = []
        if let entries = reader.textList(map, "display") {
            let known = fields.map(\.key)
            for entry in entries {
                if known.contains(entry.text) {
                    display.append(entry.text)
                } else if map.has("fields") {
                    reader.report("display field '\(entry.text)' is not a field of \(key ?? "this record type")"
                                  + RulesFileReader.suggestion(for: entry.text, among: known), at: entry.node, path: entry.path)
                }
            }
        } else if let first = fields.first {
            display = [first.key]
        }
        let label = reader.text(map, "label", optional: true) ?? humanised(key ?? "")
        guard keyIsUsable, let key else { return nil }
        return (RecordType(key: key, label: label, prefix: prefix, display: display, fields: fields), node)
    }

    /// `care_contact` → `Care contact`, the label of a type that gives none.
    static func humanised(_ key: String) -> String {
        let words = key.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
