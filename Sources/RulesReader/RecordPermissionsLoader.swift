import PlanModel

/// Reads `permissions.yaml`: which record types each role may link and create.
///
/// ```yaml
/// coordinator: { create: [care_contact, risk_assessment], link: all }
/// team_leader: { create: all }
/// ```
public enum RecordPermissionsLoader {
    /// The file's name in a Rules folder.
    public static let fileName = "permissions.yaml"

    /// The permissions in `yaml`, or every problem in it. `path` names the file in problems.
    public static func load(yaml: String, path: String = "Rules/permissions.yaml",
                            recordTypes: RecordTypeCatalog) throws(RulesFolderError) -> RecordPermissions {
        var problems: [RulesFolderProblem] = []
        let permissions = read(yaml: yaml, path: path, recordTypes: recordTypes, problems: &problems)
        guard let permissions, problems.isEmpty else { throw RulesFolderError(problems: problems) }
        return permissions
    }

    /// The permissions as far as they could be read, appending their problems; nil when the file is
    /// not a readable YAML mapping at all.
    public static func read(yaml: String, path: String, recordTypes: RecordTypeCatalog,
                            problems: inout [RulesFolderProblem]) -> RecordPermissions? {
        var reader = RulesFileReader(file: path)
        defer { problems += reader.sortedProblems }
        guard let root = reader.parse(yaml),
              let map = reader.mapping(root, path: "", known: Role.names, what: "a mapping of roles") else { return nil }
        var permissions = RecordPermissions()
        let typeKeys = recordTypes.types.map(\.key)
        for role in Role.allCases {
            guard let node = map[role.rawValue] else { continue }
            guard role.worksRecords else {
                reader.report("role '\(role.rawValue)' may not link or create records at all, so there is nothing to narrow"
                              + " (only coordinator, team_leader and admin)", at: map.keyNode(role.rawValue), path: role.rawValue)
                continue
            }
            guard let rights = reader.mapping(node, path: role.rawValue, known: RecordPermissions.Right.allCases.map(\.rawValue),
                                              what: "a mapping with 'link' and/or 'create'") else { continue }
            for right in RecordPermissions.Right.allCases {
                guard let value = rights[right.rawValue] else { continue }
                let here = rights.path(right.rawValue)
                if case .scalar(let scalar) = value {
                    if scalar.string == "all" { permissions.scopes[role, default: [:]][right] = .all } else {
                        reader.report("expected 'all' or a list of record types, got \(RulesFileReader.describe(value))", at: value, path: here)
                    }
                    continue
                }
                guard let entries = reader.textList(rights, right.rawValue) else { continue }
                var types: Set<String> = []
                for entry in entries {
                    if typeKeys.contains(entry.text) {
                        types.insert(entry.text)
                    } else {
                        reader.report("unknown record type '\(entry.text)'"
                                      + RulesFileReader.suggestion(for: entry.text, among: typeKeys, listing: true),
                                      at: entry.node, path: entry.path)
                    }
                }
                permissions.scopes[role, default: [:]][right] = .only(types)
            }
        }
        return permissions
    }
}
