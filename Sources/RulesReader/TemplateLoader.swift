import PlanModel

/// Reads a template's `template.yaml` into a `PlanTemplate`, checked against the profile and the
/// record types. The rules source is left for `RulesFolder` to attach.
public enum TemplateLoader {
    static let templateKeys = ["id", "name", "description", "status", "limits", "sections"]
    static let limitKeys = ["instructions", "memory_mb"]
    static let sectionKeys = ["key", "title", "guidance", "items"]
    static let itemKeys = ["key", "title", "kind", "fields", "required", "record_type", "actions", "min", "max",
                           "repeatable", "skippable", "guidance", "url"]
    static let guidanceKeys = ["text", "links"]
    static let linkKeys = ["title", "url"]
    /// The item keys that belong to some kinds only.
    static let kindOnlyKeys: [(key: String, kinds: [ItemKind])] = [
        ("fields", [.profile, .fields]), ("required", [.profile]), ("record_type", [.records]),
        ("actions", [.records]), ("min", [.records]), ("max", [.records]), ("url", [.video]),
    ]

    /// The template in `yaml`, or every problem in it.
    /// - Parameters:
    ///   - path: names the file in problems: `Rules/ndis-core/template.yaml`.
    ///   - folderName: the template's folder, which its `id` must equal.
    public static func load(yaml: String, path: String, folderName: String, profile: ProfileSchema,
                            recordTypes: RecordTypeCatalog) throws(RulesFolderError) -> PlanTemplate {
        var problems: [RulesFolderProblem] = []
        let template = read(yaml: yaml, path: path, folderName: folderName, profile: profile,
                            recordTypes: recordTypes, problems: &problems)
        guard let template, problems.isEmpty else { throw RulesFolderError(problems: problems) }
        return template
    }

    /// The template as far as it could be read, appending its problems; nil when the file is not a
    /// readable YAML mapping. A nil `profile` or `recordTypes` (their file could not be read) skips
    /// the checks against them rather than reporting every reference.
    public static func read(yaml: String, path: String, folderName: String, profile: ProfileSchema?,
                            recordTypes: RecordTypeCatalog?, problems: inout [RulesFolderProblem]) -> PlanTemplate? {
        var reader = RulesFileReader(file: path)
        defer { problems += reader.sortedProblems }
        guard let root = reader.parse(yaml),
              let map = reader.mapping(root, path: "", known: templateKeys, required: ["id", "name", "sections"],
                                       what: "a mapping with 'id', 'name' and 'sections'") else { return nil }
        var context = Context(reader: reader, profile: profile, recordTypes: recordTypes)
        defer { reader = context.reader }
        return context.template(map, folderName: folderName)
    }

    /// The state of one template read: the reader and the keys seen so far.
    private struct Context {
        var reader: RulesFileReader
        let profile: ProfileSchema?
        let recordTypes: RecordTypeCatalog?
        var sectionLines: [String: Int] = [:]
        var itemPlaces: [String: (path: String, line: Int)] = [:]

        mutating func template(_ map: YAMLMap, folderName: String) -> PlanTemplate {
            let id = reader.text(map, "id")
            if let id {
                if !RulesFileReader.isTemplateID(id) {
                    reader.report("template id '\(id)' must match [a-z][a-z0-9-]*", at: map["id"], path: "id")
                } else if id != folderName {
                    reader.report("id '\(id)' must equal its folder's name '\(folderName)'", at: map["id"], path: "id")
                }
            }
            var status = PlanTemplate.Status.active
            if let text = reader.text(map, "status") {
                if let s = PlanTemplate.Status(rawValue: text) { status = s } else {
                    reader.report("unknown status '\(text)' (expected draft, active or inactive)", at: map["status"], path: "status")
                }
            }
            var limits = TemplateLimits()
            if let node = map["limits"], let limitMap = reader.mapping(node, path: "limits", known: TemplateLoader.limitKeys) {
                limits.instructions = bounded(limitMap, "instructions", TemplateLimits.instructionRange) ?? limits.instructions
                limits.memoryMB = bounded(limitMap, "memory_mb", TemplateLimits.memoryMBRange) ?? limits.memoryMB
            }
            var sections: [TemplateSection] = []
            for element in reader.list(map, "sections") ?? [] {
                if let read = section(element.node, path: element.path) { sections.append(read) }
            }
            let itemCount = sections.reduce(0) { $0 + $1.items.count }
            if itemCount > DataLimits.itemsPerTemplate {
                reader.report("the template has \(itemCount) items; a template may have at most \(DataLimits.itemsPerTemplate)",
                              at: map["sections"], path: "sections")
            }
            return PlanTemplate(id: id ?? folderName, name: reader.text(map, "name") ?? folderName,
                                description: reader.text(map, "description", optional: true), status: status,
                                limits: limits, sections: sections)
        }

        /// A whole number in `range`; outside it is reported at its line and the default stays.
        private mutating func bounded(_ map: YAMLMap, _ key: String, _ range: ClosedRange<Int>) -> Int? {
            guard let value = reader.integer(map, key) else { return nil }
            guard range.contains(value) else {
                reader.report("must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(value)",
                              at: map[key], path: map.path(key))
                return nil
            }
            return value
        }

        /// Checks a section or item key's pattern and uniqueness; nil when it is unusable.
        private mutating func uniqueKey(_ map: YAMLMap, what: String) -> String? {
            guard let key = reader.text(map, "key") else { return nil }
            let node = map["key"], path = map.path("key"), line = node?.mark.line ?? 0
            guard RulesFileReader.isSnakeKey(key) else {
                reader.report("\(what) key '\(key)' must match [a-z][a-z0-9_]*", at: node, path: path)
                return nil
            }
            if what == "section" {
                if let first = sectionLines[key] {
                    reader.report("duplicate section key '\(key)' (first at line \(first))", at: node, path: path)
                    return nil
                }
                sectionLines[key] = line
            } else {
                if let first = itemPlaces[key] {
                    reader.report("duplicate item key '\(key)' (first at \(first.path), line \(first.line))", at: node, path: path)
                    return nil
                }
                itemPlaces[key] = (map.path, line)
            }
            return key
        }

        private mutating func section(_ node: YAMLNode, path: String) -> TemplateSection? {
            guard let map = reader.mapping(node, path: path, known: TemplateLoader.sectionKeys,
                                           required: ["key", "title", "items"]) else { return nil }
            let key = uniqueKey(map, what: "section")
            let title = reader.text(map, "title")
            var sectionGuidance: Guidance?
            if let node = map["guidance"] { sectionGuidance = guidance(node, path: map.path("guidance")) }
            var items: [TemplateItem] = []
            for element in reader.list(map, "items") ?? [] {
                if let read = item(element.node, path: element.path) { items.append(read) }
            }
            guard let key else { return nil }
            return TemplateSection(key: key, title: title ?? key, guidance: sectionGuidance, items: items)
        }

        private mutating func item(_ node: YAMLNode, path: String) -> TemplateItem? {
            guard let map = reader.mapping(node, path: path, known: TemplateLoader.itemKeys,
                                           required: ["key", "title", "kind"]) else { return nil }
            let key = uniqueKey(map, what: "item")
            let title = reader.text(map, "title")
            var kind: ItemKind?
            if let text = reader.text(map, "kind") {
                kind = ItemKind(rawValue: text)
                if kind == nil {
                    reader.report("unknown kind '\(text)' (expected profile, records, fields or video)", at: map["kind"], path: map.path("kind"))
                }
            }
            var item = TemplateItem(key: key ?? "", title: title ?? key ?? "", kind: kind ?? .fields)
            item.repeatable = reader.bool(map, "repeatable") ?? false
            item.skippable = reader.bool(map, "skippable") ?? true
            if let node = map["guidance"] { item.guidance = guidance(node, path: map.path("guidance")) }
            if let kind {
                for rule in TemplateLoader.kindOnlyKeys where map.has(rule.key) && !rule.kinds.contains(kind) {
                    let allowed = RulesFileReader.orList(rule.kinds.map(\.rawValue))
                    reader.report("'\(rule.key)' is not allowed on a \(kind.rawValue) item (only on \(allowed) items)",
                                  at: map.keyNode(rule.key), path: map.path(rule.key))
                }
                switch kind {
                case .profile: profileItem(map, into: &item)
                case .fields: fieldsItem(map, into: &item)
                case .records: recordsItem(map, into: &item)
                case .video: videoItem(map, into: &item)
                }
            }
            guard key != nil, kind != nil else { return nil }
            return item
        }

        private mutating func profileItem(_ map: YAMLMap, into item: inout TemplateItem) {
            item.required = reader.bool(map, "required") ?? false
            guard map.has("fields") else {
                reader.report("missing required key 'fields' (the profile fields this item shows)", at: map.node, path: map.path)
                return
            }
            guard let names = reader.textList(map, "fields") else { return }
            if names.isEmpty { reader.report("a profile item needs at least one field", at: map["fields"], path: map.path("fields")) }
            var seen = Set<String>()
            for name in names {
                guard seen.insert(name.text).inserted else {
                    reader.report("duplicate field key '\(name.text)'", at: name.node, path: name.path)
                    continue
                }
                guard let profile else { continue }
                if let field = profile.field(name.text) {
                    item.fields.append(field)
                } else {
                    reader.report("field '\(name.text)' is not in profile.yaml"
                                  + RulesFileReader.suggestion(for: name.text, among: profile.fields.map(\.key)),
                                  at: name.node, path: name.path)
                }
            }
        }

        private mutating func fieldsItem(_ map: YAMLMap, into item: inout TemplateItem) {
            guard let node = map["fields"] else {
                reader.report("missing required key 'fields' (the fields this item holds)", at: map.node, path: map.path)
                return
            }
            item.fields = reader.fieldList(node, path: map.path("fields"))
            if case .sequence(let s) = node, s.isEmpty {
                reader.report("a fields item needs at least one field", at: node, path: map.path("fields"))
            }
        }

        private mutating func recordsItem(_ map: YAMLMap, into item: inout TemplateItem) {
            if !map.has("record_type") {
                reader.report("missing required key 'record_type'", at: map.node, path: map.path)
            } else if let type = reader.text(map, "record_type") {
                item.recordType = type
                if let recordTypes, recordTypes[type] == nil {
                    reader.report("unknown record type '\(type)'"
                                  + RulesFileReader.suggestion(for: type, among: recordTypes.types.map(\.key), listing: true),
                                  at: map["record_type"], path: map.path("record_type"))
                }
            }
            if let actions = reader.textList(map, "actions") {
                var read: [RecordAction] = []
                for action in actions {
                    guard let value = RecordAction(rawValue: action.text) else {
                        reader.report("unknown action '\(action.text)' (expected link or create)", at: action.node, path: action.path)
                        continue
                    }
                    if read.contains(value) {
                        reader.report("duplicate action '\(action.text)'", at: action.node, path: action.path)
                    } else {
                        read.append(value)
                    }
                }
                if actions.isEmpty {
                    reader.report("needs at least one action (link, create)", at: map["actions"], path: map.path("actions"))
                }
                if !read.isEmpty { item.actions = read }
            }
            let min = reader.integer(map, "min"), max = reader.integer(map, "max")
            if let min {
                if min < 0 { reader.report("min must be 0 or more, got \(min)", at: map["min"], path: map.path("min")) }
                else { item.min = min }
            }
            if let max {
                if max < 1 { reader.report("max must be 1 or more, got \(max)", at: map["max"], path: map.path("max")) }
                else { item.max = max }
            }
            if let min, let max, min >= 0, max >= 1, min > max {
                reader.report("min \(min) is greater than max \(max)", at: map["min"], path: map.path("min"))
            }
        }

        private mutating func videoItem(_ map: YAMLMap, into item: inout TemplateItem) {
            guard let url = reader.text(map, "url") else { return }
            if ValueFormat.isURL(url) { item.url = url } else {
                reader.report("url '\(url)' must be an http or https URL", at: map["url"], path: map.path("url"))
            }
        }

        /// Text alone, or a mapping of `text` and `links`.
        private mutating func guidance(_ node: YAMLNode, path: String) -> Guidance? {
            if case .scalar = node, !RulesFileReader.isNull(node) {
                return reader.text(node, path: path).map { Guidance(text: $0) }
            }
            guard case .mapping = node else {
                reader.report("expected text or a mapping with 'text' and 'links', got \(RulesFileReader.describe(node))", at: node, path: path)
                return nil
            }
            guard let map = reader.mapping(node, path: path, known: TemplateLoader.guidanceKeys) else { return nil }
            var guidance = Guidance(text: reader.text(map, "text"))
            for element in reader.list(map, "links") ?? [] {
                guard let link = reader.mapping(element.node, path: element.path, known: TemplateLoader.linkKeys,
                                                required: ["title", "url"]) else { continue }
                let title = reader.text(link, "title")
                var url = reader.text(link, "url")
                if let text = url, !ValueFormat.isURL(text) {
                    reader.report("url '\(text)' must be an http or https URL", at: link["url"], path: link.path("url"))
                    url = nil
                }
                if let title, let url { guidance.links.append(.init(title: title, url: url)) }
            }
            if guidance.text == nil && guidance.links.isEmpty && !map.has("text") && !map.has("links") {
                reader.report("guidance needs 'text' or 'links'", at: node, path: path)
            }
            return guidance
        }
    }
}
