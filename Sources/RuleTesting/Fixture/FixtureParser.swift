import Foundation
import PlanModel
import RulesReader

/// Reads fixture files against a Rules folder: every key, item, record, section, form and value is
/// checked, so a mistake is an error with its place rather than a fixture that silently passes.
public struct FixtureParser: Sendable {
    public static let topKeys = ["template", "today", "client", "plan", "expect", "steps"]
    static let clientKeys = ["id", "name", "profile", "records"]
    static let planKeys = ["items", "goal_attainment_plan", "behaviour_support_plan"]
    static let itemKeys = ["values", "records", "url", "status", "reason"]

    public let rules: RulesFolder
    /// The date used when a fixture gives no `today`.
    public let today: String
    /// Each template's items by key (the first item with a key, as `PlanTemplate.item` finds it), each held once.
    let heldItems: [String: [String: HeldItem]]

    /// A template item held by reference, so reading a fixture's hundred items takes a reference to each rather than a
    /// copy of the whole item out of the template (its texts, fields and actions retained and released each time).
    final class HeldItem: Sendable {
        let item: TemplateItem
        init(_ item: TemplateItem) { self.item = item }
    }

    public init(rules: RulesFolder, today: String) {
        self.rules = rules; self.today = today
        heldItems = rules.templates.mapValues { template in
            Dictionary(template.items.map { ($0.key, HeldItem($0)) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Reads the fixture at `url`; `file` is how its problems name it.
    public func parse(contentsOf url: URL, file: String) throws(FixtureError) -> Fixture {
        // `lstat` as `FileManager.attributesOfItem` does (a link's own size), without the attribute dictionary that
        // made it 1 % of a 1,000-fixture run.
        var info = stat()
        if lstat(url.path, &info) == 0, Int(info.st_size) > DataLimits.fixtureFileBytes {
            throw FixtureError(problems: [FixtureProblem(
                file: file, message: "is \(Int(info.st_size)) bytes, more than the \(DataLimits.fixtureFileBytes) a fixture may have; split it up")])
        }
        guard let data = try? Data(contentsOf: url) else {
            throw FixtureError(problems: [FixtureProblem(file: file, message: "cannot be read")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FixtureError(problems: [FixtureProblem(file: file, message: "is not UTF-8 text")])
        }
        return try parse(text, file: file, folderName: FixtureFileName.folder(ofFile: url))
    }

    /// Reads fixture text. `folderName` (the fixture's folder) names the template when `template` is absent.
    public func parse(_ text: String, file: String, folderName: String? = nil) throws(FixtureError) -> Fixture {
        var reader = RulesFileReader(file: file)
        let name = FixtureFileName.name(ofFile: file)
        guard let root = reader.parse(text) else { throw FixtureError(problems: reader.sortedProblems) }
        guard let entries = reader.entries(root, path: "", known: Self.topKeys, what: "a mapping with 'template', 'client', 'plan', 'expect'") else {
            throw FixtureError(problems: reader.sortedProblems)
        }
        let byKey = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })

        // The template first: everything else is read against it.
        var template: PlanTemplate?
        if let entry = byKey["template"] {
            if let id = reader.text(entry.value, path: "template") {
                template = rules.templates[id]
                if template == nil {
                    reader.report("unknown template '\(id)'" + RulesFileReader.suggestion(for: id, among: rules.templateIDs, listing: true),
                                  at: entry.value, path: "template")
                }
            }
        } else if let folderName, let found = rules.templates[folderName] {
            template = found
        } else {
            reader.report("missing required key 'template' (the template id)", at: root, path: "")
        }
        guard let template else { throw FixtureError(problems: reader.sortedProblems) }

        var context = Context(reader: reader, template: template, rules: rules, items: heldItems[template.id] ?? [:])
        var today = self.today
        if let entry = byKey["today"], let text = context.reader.text(entry.value, path: "today") {
            if CalendarDate(text) == nil {
                context.reader.report("expected a date (YYYY-MM-DD), got '\(text)'", at: entry.value, path: "today")
            } else {
                today = text
            }
        }
        var client = Client(id: "C-FIXTURE", name: "Fixture client")
        if let entry = byKey["client"] { context.client(entry.value, into: &client) }
        var fixture = Fixture(file: file, name: name, templateID: template.id, today: today, client: client,
                              records: context.records, items: [], expect: nil, steps: [])
        if let entry = byKey["plan"] { context.plan(entry.value, into: &fixture) }
        if let entry = byKey["expect"] { fixture.expect = context.expectations(entry.value, path: "expect") }
        if let entry = byKey["steps"] { fixture.steps = context.steps(entry.value) }
        let problems = context.reader.sortedProblems
        guard problems.isEmpty else { throw FixtureError(problems: problems) }
        return fixture
    }

    /// The state of reading one fixture: the reader, the template and the client's records so far.
    struct Context {
        var reader: RulesFileReader
        let template: PlanTemplate
        let rules: RulesFolder
        /// The template's items by key.
        let items: [String: HeldItem]
        var records: [ClientRecord] = []
        var clientID = "C-FIXTURE"

        init(reader: RulesFileReader, template: PlanTemplate, rules: RulesFolder, items: [String: HeldItem]) {
            self.reader = reader; self.template = template; self.rules = rules; self.items = items
        }

        // MARK: Client

        mutating func client(_ node: YAMLNode, into client: inout Client) {
            guard let entries = reader.entries(node, path: "client", known: FixtureParser.clientKeys) else { return }
            for entry in entries where entry.key == "id" {
                if let id = reader.text(entry.value, path: entry.path) { client.id = id; clientID = id }
            }
            for entry in entries {
                switch entry.key {
                case "name": if let name = reader.text(entry.value, path: entry.path) { client.name = name }
                case "profile": client.profile = profile(entry.value, path: entry.path)
                case "records": records = clientRecords(entry.value, path: entry.path)
                default: break
                }
            }
        }

        mutating func profile(_ node: YAMLNode, path: String) -> FieldValues {
            guard let entries = reader.entries(node, path: path) else { return [:] }
            var values = FieldValues(minimumCapacity: entries.count)
            let profile = rules.profile
            // Each field is read in place (through the buffer), not copied out of the schema for every value.
            profile.fields.withUnsafeBufferPointer { fields in
                for entry in entries {
                    guard let position = profile.position(of: entry.key) else {
                        reader.report("unknown profile field" + RulesFileReader.suggestion(for: entry.key, among: fields.map(\.key), listing: true),
                                      at: entry.keyNode, path: entry.path)
                        continue
                    }
                    guard let read = reader.value(entry.value, as: fields[position], path: entry.path), let value = read else { continue }
                    // Checked as `client import` checks a profile, so fixtures hold only data that can exist.
                    if let problem = profile.problem(with: value, for: fields[position]) {
                        reader.report(problem, at: entry.value, path: entry.path)
                        continue
                    }
                    values[entry.key] = value
                }
            }
            return values
        }

        mutating func clientRecords(_ node: YAMLNode, path: String) -> [ClientRecord] {
            let elements = reader.list(node, path: path) ?? []
            if elements.count > DataLimits.recordsPerClient {
                reader.report("\(elements.count) records; a fixture's client may have at most \(DataLimits.recordsPerClient)", at: node, path: path)
                return []
            }
            // Room for every record from the start, rather than grown (and rehashed) record by record.
            var out: [ClientRecord] = []
            out.reserveCapacity(elements.count)
            var seen = Set<String>(minimumCapacity: elements.count)
            for element in elements {
                guard let entries = reader.entries(element.node, path: element.path) else { continue }
                // A record has a handful of keys, each once (the composer refuses a duplicate): a search, not a dictionary.
                func entry(_ key: String) -> RulesFileReader.Entry? { entries.first { $0.key == key } }
                guard let idEntry = entry("id"), let typeEntry = entry("type") else {
                    reader.report("a record needs 'id' and 'type'", at: element.node, path: element.path)
                    continue
                }
                guard let id = reader.text(idEntry.value, path: idEntry.path),
                      let typeKey = reader.text(typeEntry.value, path: typeEntry.path) else { continue }
                guard let type = rules.recordTypes[typeKey] else {
                    let typeKeys = rules.recordTypes.types.map(\.key)
                    reader.report("unknown record type '\(typeKey)'" + RulesFileReader.suggestion(for: typeKey, among: typeKeys, listing: true),
                                  at: typeEntry.value, path: typeEntry.path)
                    continue
                }
                if let problem = type.idProblem(id) {
                    reader.report(problem, at: idEntry.value, path: idEntry.path)
                    continue
                }
                if !seen.insert(id).inserted {
                    reader.report("duplicate record id '\(id)'", at: idEntry.value, path: idEntry.path)
                    continue
                }
                var fields = FieldValues(minimumCapacity: entries.count)
                var unreadable: Set<String> = []
                // Each field is read in place (through the buffer), not copied out of the type for every value.
                type.fields.withUnsafeBufferPointer { typeFields in
                    for entry in entries where entry.key != "id" && entry.key != "type" {
                        guard let position = typeFields.firstIndex(where: { $0.key == entry.key }) else {
                            reader.report("unknown field of record type '\(typeKey)'"
                                          + RulesFileReader.suggestion(for: entry.key, among: typeFields.map(\.key), listing: true),
                                          at: entry.keyNode, path: entry.path)
                            continue
                        }
                        switch reader.value(entry.value, as: typeFields[position], path: entry.path) {
                        case .some(.some(let value)): fields[entry.key] = value
                        case .some(.none): break
                        case .none: unreadable.insert(entry.key)
                        }
                    }
                }
                // Checked as `client import` checks a record: required fields, types, options and formats.
                for (key, problem) in type.problems(with: fields) where !unreadable.contains(key) {
                    if let entry = entry(key) {
                        reader.report(problem, at: entry.value, path: entry.path)
                    } else {
                        reader.report(problem, at: element.node, path: RulesFileReader.join(element.path, key))
                    }
                }
                out.append(ClientRecord(id: id, type: typeKey, clientID: clientID, fields: fields))
            }
            return out
        }

        /// A record id of the client, reported when unknown; `type` narrows what is acceptable.
        mutating func recordID(_ node: YAMLNode, path: String, type: String? = nil) -> String? {
            guard let id = reader.text(node, path: path) else { return nil }
            guard let record = records.first(where: { $0.id == id }) else {
                let hint = RulesFileReader.suggestion(for: id, among: records.map(\.id))
                reader.report("unknown record '\(id)'" + (hint.isEmpty ? ": not among client.records" : hint), at: node, path: path)
                return nil
            }
            if let type, record.type != type {
                reader.report("record '\(id)' is a \(record.type), not a \(type)", at: node, path: path)
                return nil
            }
            return id
        }

        mutating func recordIDs(_ node: YAMLNode, path: String, type: String?) -> [String]? {
            guard let list = reader.list(node, path: path) else { return nil }
            return list.compactMap { recordID($0.node, path: $0.path, type: type) }
        }

        // MARK: Template references

        /// `key` or `key#N` naming an item of the template.
        mutating func instance(_ text: String, at node: YAMLNode, path: @autoclosure () -> String) -> (InstanceRef, TemplateItem)? {
            heldInstance(text, at: node, path: path()).map { ($0, $1.item) }
        }

        /// `instance(_:at:path:)` with the item held, not copied.
        mutating func heldInstance(_ text: String, at node: YAMLNode, path: @autoclosure () -> String) -> (InstanceRef, HeldItem)? {
            guard let ref = InstanceRef(parsing: text) else {
                reader.report("'\(text)' is not an item instance (write key or key#N, N from 1 to \(DataLimits.instancesPerItem))", at: node, path: path())
                return nil
            }
            guard let held = items[ref.key] else {
                reader.report("unknown item" + RulesFileReader.suggestion(for: ref.key, among: template.items.map(\.key))
                              + (RulesFileReader.suggestion(for: ref.key, among: template.items.map(\.key)).isEmpty ? " in template '\(template.id)'" : ""),
                              at: node, path: path())
                return nil
            }
            if ref.instance > 1 && !held.item.repeatable {
                reader.report("item '\(ref.key)' is not repeatable, so it has no instance \(ref.instance)", at: node, path: path())
                return nil
            }
            return (ref, held)
        }

        mutating func section(_ key: String, at node: YAMLNode, path: String) -> String? {
            guard template.section(key) != nil else {
                let keys = template.sections.map(\.key)
                let hint = RulesFileReader.suggestion(for: key, among: keys)
                reader.report("unknown section" + (hint.isEmpty ? " in template '\(template.id)'" : hint), at: node, path: path)
                return nil
            }
            return key
        }

        mutating func recordType(_ key: String, at node: YAMLNode, path: String) -> RecordType? {
            guard let type = rules.recordTypes[key] else {
                let hint = RulesFileReader.suggestion(for: key, among: rules.recordTypes.types.map(\.key), listing: true)
                reader.report("unknown form: no record type '\(key)'" + hint, at: node, path: path)
                return nil
            }
            return type
        }

        /// Field changes typed by `fields`: unknown fields are reported. `path` is the mapping's, worked out only for a
        /// message: a mapping whose keys are all text is read pair by pair in place, with no array of entries and no
        /// path joined for each (a fixture's hundred items each have such a mapping of values).
        mutating func changes(_ node: YAMLNode, path: @autoclosure () -> String, fields: [FieldDefinition],
                              owner: @autoclosure () -> String, allowUnknown: Bool = false) -> [FieldChange]? {
            guard case .mapping(let mapping) = node, mapping.pairs.allSatisfy({ if case .scalar = $0.key { true } else { false } }) else {
                // Anything else as `entries` reads it, with the same messages in the same order.
                guard let entries = reader.entries(node, path: path()) else { return nil }
                return changes(entries.lazy.map { (key: $0.key, keyNode: $0.keyNode, value: $0.value) }, count: entries.count,
                               path: path(), fields: fields, owner: owner(), allowUnknown: allowUnknown)
            }
            return changes(mapping.pairs.lazy.map { pair in
                guard case .scalar(let key) = pair.key else { preconditionFailure("every key was found to be text") }
                return (key: key.string, keyNode: pair.key, value: pair.value)
            }, count: mapping.pairs.count, path: path(), fields: fields, owner: owner(), allowUnknown: allowUnknown)
        }

        private mutating func changes(_ entries: some Swift.Sequence<(key: String, keyNode: YAMLNode, value: YAMLNode)>, count: Int,
                                      path: @autoclosure () -> String, fields: [FieldDefinition], owner: @autoclosure () -> String,
                                      allowUnknown: Bool) -> [FieldChange] {
            var out: [FieldChange] = []
            out.reserveCapacity(count)
            // The field is read in place (through the buffer), not copied out of the list for every value.
            fields.withUnsafeBufferPointer { fields in
                for entry in entries {
                    let read: FieldValue??
                    if let index = fields.firstIndex(where: { $0.key == entry.key }) {
                        read = reader.value(entry.value, as: fields[index], path: RulesFileReader.join(path(), entry.key))
                    } else {
                        guard allowUnknown else {
                            reader.report("unknown field of \(owner())" + RulesFileReader.suggestion(for: entry.key, among: fields.map(\.key), listing: true),
                                          at: entry.keyNode, path: RulesFileReader.join(path(), entry.key))
                            continue
                        }
                        read = reader.value(entry.value, as: Self.looseField(entry.key, entry.value), path: RulesFileReader.join(path(), entry.key))
                    }
                    if let value = read { out.append(FieldChange(key: entry.key, value: value)) }
                }
            }
            return out
        }

        /// A field for a value whose type the fixture alone says (a form field a hook adds).
        static func looseField(_ key: String, _ node: YAMLNode) -> FieldDefinition {
            if case .sequence = node { return FieldDefinition(key: key, type: .multiChoice) }
            if case .scalar(let s) = node, s.style == .plain {
                if ["true", "false"].contains(s.string.lowercased()) { return FieldDefinition(key: key, type: .boolean) }
                if Int(s.string) != nil { return FieldDefinition(key: key, type: .integer) }
                if Double(s.string) != nil { return FieldDefinition(key: key, type: .number) }
            }
            return FieldDefinition(key: key, type: .text)
        }

        // MARK: Plan

        mutating func plan(_ node: YAMLNode, into fixture: inout Fixture) {
            guard let entries = reader.entries(node, path: "plan", known: FixtureParser.planKeys) else { return }
            for entry in entries {
                switch entry.key {
                case "goal_attainment_plan":
                    fixture.goalAttainmentPlan = recordID(entry.value, path: entry.path, type: RecordTypeCatalog.goalAttainmentPlan)
                case "behaviour_support_plan":
                    fixture.behaviourSupportPlan = recordID(entry.value, path: entry.path, type: RecordTypeCatalog.behaviourSupportPlan)
                case "items":
                    guard case .mapping(let items) = entry.value, items.pairs.allSatisfy({ if case .scalar = $0.key { true } else { false } }) else {
                        // Anything else as `entries` reads it, with the same messages in the same order.
                        guard let items = reader.entries(entry.value, path: entry.path) else { continue }
                        fixture.items.reserveCapacity(fixture.items.count + items.count)
                        for item in items {
                            if let setup = itemSetup(item.key, keyNode: item.keyNode, value: item.value, itemsPath: entry.path) { fixture.items.append(setup) }
                        }
                        continue
                    }
                    // A mapping whose keys are all text (every fixture's) is read pair by pair in place, with no array of
                    // entries made for its hundred items.
                    let itemsPath = entry.path
                    fixture.items.reserveCapacity(fixture.items.count + items.pairs.count)
                    for pair in items.pairs {
                        guard case .scalar(let key) = pair.key else { preconditionFailure("every key was found to be text") }
                        if let setup = itemSetup(key.string, keyNode: pair.key, value: pair.value, itemsPath: itemsPath) { fixture.items.append(setup) }
                    }
                default: break
                }
            }
        }

        /// The item `key` of `plan.items` (whose path is `itemsPath`), set up as `value` says.
        mutating func itemSetup(_ key: String, keyNode: YAMLNode, value: YAMLNode, itemsPath: String) -> ItemSetup? {
            let path = RulesFileReader.join(itemsPath, key)  // joined once, not once per use
            guard let (ref, held) = heldInstance(key, at: keyNode, path: path) else { return nil }
            var setup = ItemSetup(ref: ref, values: [], records: nil, url: nil, hasURL: false, status: nil, reason: nil)
            guard case .mapping(let mapping) = value, mapping.pairs.allSatisfy({
                if case .scalar(let key) = $0.key { FixtureParser.itemKeys.contains(key.string) } else { false }
            }) else {
                // Anything else as `entries` reads it, with the same messages in the same order.
                guard let entries = reader.entries(value, path: path, known: FixtureParser.itemKeys) else { return nil }
                for e in entries { itemSetting(e.key, keyNode: e.keyNode, value: e.value, path: e.path, ref: ref, item: held, into: &setup) }
                return setup
            }
            // Keys all text and known (every fixture's): read pair by pair in place, with no array of entries.
            for pair in mapping.pairs {
                guard case .scalar(let key) = pair.key else { preconditionFailure("every key was found to be text") }
                itemSetting(key.string, keyNode: pair.key, value: pair.value, path: RulesFileReader.join(path, key.string),
                            ref: ref, item: held, into: &setup)
            }
            return setup
        }

        /// One setting (`values`, `records`, `url`, `status`, `reason`) of an item of `plan.items`; `path` is the setting's,
        /// worked out only when used.
        mutating func itemSetting(_ key: String, keyNode: YAMLNode, value: YAMLNode, path: @autoclosure () -> String,
                                  ref: InstanceRef, item held: HeldItem, into setup: inout ItemSetup) {
            switch key {
            case "values":
                guard held.item.kind == .fields || held.item.kind == .profile else {
                    reader.report("item '\(ref.key)' is a \(held.item.kind.rawValue) item; it holds no values", at: keyNode, path: path())
                    return
                }
                setup.values = changes(value, path: path(), fields: held.item.fields, owner: "item '\(ref.key)'") ?? []
            case "records":
                guard held.item.kind == .records else {
                    reader.report("item '\(ref.key)' is a \(held.item.kind.rawValue) item; it links no records", at: keyNode, path: path())
                    return
                }
                setup.records = recordIDs(value, path: path(), type: held.item.recordType)
            case "url":
                guard held.item.kind == .video else {
                    reader.report("item '\(ref.key)' is a \(held.item.kind.rawValue) item; only video items have a url", at: keyNode, path: path())
                    return
                }
                setup.hasURL = true
                setup.url = RulesFileReader.isNull(value) ? nil : reader.text(value, path: path(), allowEmpty: true)
            case "status":
                guard let text = reader.text(value, path: path()) else { return }
                guard let status = ItemInstance.Status(rawValue: text) else {
                    let all = ItemInstance.Status.allCases.map(\.rawValue)
                    reader.report("unknown status '\(text)'" + RulesFileReader.suggestion(for: text, among: all, listing: true), at: value, path: path())
                    return
                }
                setup.status = status
            case "reason":
                setup.reason = reader.text(value, path: path())
            default: break
            }
        }
    }
}
