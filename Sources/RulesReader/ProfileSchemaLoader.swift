import PlanModel

/// Reads `profile.yaml`: the organisation-wide client profile fields.
public enum ProfileSchemaLoader {
    /// The schema in `yaml`, or every problem in it. `path` names the file in problems.
    public static func load(yaml: String, path: String = "Rules/profile.yaml") throws(RulesFolderError) -> ProfileSchema {
        var problems: [RulesFolderProblem] = []
        let schema = read(yaml: yaml, path: path, problems: &problems)
        guard let schema, problems.isEmpty else { throw RulesFolderError(problems: problems) }
        return schema
    }

    /// The schema as far as it could be read, appending its problems; nil when the file is not a
    /// readable YAML mapping at all.
    public static func read(yaml: String, path: String, problems: inout [RulesFolderProblem]) -> ProfileSchema? {
        var reader = RulesFileReader(file: path)
        defer { problems += reader.sortedProblems }
        guard let root = reader.parse(yaml),
              let map = reader.mapping(root, path: "", known: ["fields"], required: ["fields"],
                                       what: "a mapping with 'fields'") else { return nil }
        guard let fieldsNode = map["fields"] else { return ProfileSchema(fields: []) }
        return ProfileSchema(fields: reader.fieldList(fieldsNode, path: "fields"))
    }
}
