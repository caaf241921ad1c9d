import PlanModel
import RulesReader

extension FixtureParser.Context {
    static let stepKeys = ["do", "item", "values", "records", "reason", "clone", "blank", "refused", "expect"]

    mutating func steps(_ node: YAMLNode) -> [FixtureStep] {
        var steps: [FixtureStep] = []
        let elements = reader.list(node, path: "steps") ?? []
        if elements.count > DataLimits.stepsPerFixture {
            reader.report("\(elements.count) steps; a fixture may take at most \(DataLimits.stepsPerFixture)", at: node, path: "steps")
            return []
        }
        for element in elements {
            if let step = step(element.node, path: element.path) { steps.append(step) }
        }
        return steps
    }

    mutating func step(_ node: YAMLNode, path: String) -> FixtureStep? {
        guard let entries = reader.entries(node, path: path, known: Self.stepKeys) else { return nil }
        let byKey = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var step = FixtureStep(path: path, line: node.mark.line, action: nil, expect: nil)
        if let e = byKey["expect"] { step.expect = expectations(e.value, path: e.path) }
        guard let verbEntry = byKey["do"] else {
            for e in entries where e.key != "expect" {
                reader.report("'\(e.key)' belongs to an action: add do: (set, create, link, …)", at: e.keyNode, path: e.path)
            }
            if byKey["expect"] == nil { reader.report("a step needs 'do' or 'expect'", at: node, path: path) }
            return step
        }
        guard let verbText = reader.text(verbEntry.value, path: verbEntry.path) else { return nil }
        guard let verb = FixtureAction.Verb(rawValue: verbText) else {
            let all = FixtureAction.Verb.allCases.map(\.rawValue)
            reader.report("unknown action '\(verbText)'" + RulesFileReader.suggestion(for: verbText, among: all, listing: true),
                          at: verbEntry.value, path: verbEntry.path)
            return nil
        }
        var action = FixtureAction(verb: verb, ref: nil, values: [], records: [], reason: nil, cloneOf: nil, refused: nil)
        var item: TemplateItem?
        if let e = byKey["item"] {
            if !verb.needsItem {
                reader.report("'\(verb.rawValue)' acts on the whole plan; it takes no item", at: e.keyNode, path: e.path)
            } else if let text = reader.text(e.value, path: e.path), let (ref, found) = instance(text, at: e.value, path: e.path) {
                action.ref = ref
                item = found
            }
        } else if verb.needsItem {
            reader.report("'\(verb.rawValue)' needs an item", at: node, path: path)
        }
        func allowed(_ key: String, for verbs: [FixtureAction.Verb]) -> RulesFileReader.Entry? {
            guard let e = byKey[key] else { return nil }
            guard verbs.contains(verb) else {
                reader.report("'\(key)' is not used by '\(verb.rawValue)'", at: e.keyNode, path: e.path)
                return nil
            }
            return e
        }
        if let e = allowed("values", for: [.set, .create]), let item {
            if verb == .create {
                if let type = item.recordType.flatMap({ rules.recordTypes[$0] }) {
                    action.values = changes(e.value, path: e.path, fields: type.fields, owner: "form '\(type.key)'", allowUnknown: true) ?? []
                } else {
                    reader.report("item '\(item.key)' is a \(item.kind.rawValue) item; records are created only through records items", at: e.keyNode, path: e.path)
                }
            } else {
                let fields = item.kind == .video ? [FieldDefinition(key: "url", type: .text)] : item.fields
                action.values = changes(e.value, path: e.path, fields: fields, owner: "item '\(item.key)'") ?? []
            }
        }
        if let e = allowed("records", for: [.link, .unlink]) {
            action.records = reader.textList(e.value, path: e.path, allowSingle: true)?.map(\.text) ?? []
        } else if verb == .link || verb == .unlink {
            reader.report("'\(verb.rawValue)' needs records", at: node, path: path)
        }
        if let e = allowed("reason", for: [.notRequired]) { action.reason = reader.text(e.value, path: e.path) }
        let clone = allowed("clone", for: [.add]), blank = allowed("blank", for: [.add])
        if let clone { action.cloneOf = reader.integer(clone.value, path: clone.path, minimum: 1) }
        if let blank, reader.bool(blank.value, path: blank.path) != true {
            reader.report("write blank: true, or clone: N", at: blank.value, path: blank.path)
        }
        if verb == .add && (clone == nil) == (blank == nil) {
            reader.report("'add' needs either clone: N or blank: true", at: node, path: path)
        }
        if let e = byKey["refused"] {
            if case .scalar(let s) = e.value, ["true", "false", "yes", "no"].contains(s.string.lowercased()) {
                action.refused = reader.bool(e.value, path: e.path) == true ? .any : nil
            } else if let text = reader.text(e.value, path: e.path) {
                action.refused = .containing(text)
            }
        }
        step.action = action
        return step
    }
}
