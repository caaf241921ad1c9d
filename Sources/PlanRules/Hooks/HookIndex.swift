import LuaBridge
import PlanModel

/// Which hooks a rules table defines, and where, checked against its template once when loaded.
struct HookIndex {
    static let topLevel = HookKind.Scope.allCases.map(\.rawValue)

    /// Item key → hook name → line defined.
    var items: [String: [String: Int]] = [:]
    var sections: [String: [String: Int]] = [:]
    var forms: [String: [String: Int]] = [:]
    /// `forms.T.fields` given as a list rather than a function.
    var staticFormFields: [String: LuaValue] = [:]
    var canActivateLine: Int?

    func itemHook(_ key: String, _ hook: String) -> Int? { items[key]?[hook] }

    /// The line `kind`'s function is defined at for `owner` (ignored for plan hooks); nil when the
    /// rules don't define it, 0 for a static value in place of a function.
    func line(of kind: HookKind, owner: String) -> Int? {
        switch kind.scope {
        case .items: return items[owner]?[kind.name]
        case .sections: return sections[owner]?[kind.name]
        case .forms: return forms[owner]?[kind.name]
        case .plan: return kind == .planCanActivate ? canActivateLine : nil
        }
    }

    /// Every definition of `kind`: owner (empty for plan hooks) → line.
    func definitions(of kind: HookKind) -> [(owner: String, line: Int)] {
        let table: [String: [String: Int]]
        switch kind.scope {
        case .items: table = items
        case .sections: table = sections
        case .forms: table = forms
        case .plan: return line(of: kind, owner: "").map { [("", $0)] } ?? []
        }
        return table.compactMap { owner, hooks in hooks[kind.name].map { (owner, $0) } }
    }

    /// Reads the shape of the table `rules.lua` returned, reporting every problem at once.
    static func read(_ shape: LuaShape, template: PlanTemplate, recordTypes: RecordTypeCatalog,
                     file: String, source: String) -> (HookIndex, [RulesLoadError.Problem]) {
        var index = HookIndex()
        var problems: [RulesLoadError.Problem] = []
        // The loaded table knows what is wrong, not where it was typed: the map of the source puts a
        // problem at its key (`complet` on the line and column the author wrote it), and only an entry
        // the map can't follow falls back to the first line naming the key.
        let map = RulesTableMap(source: source)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        func lineMentioning(_ token: String) -> Int? {
            for (i, line) in lines.enumerated() where line.contains(token) { return i + 1 }
            return nil
        }
        func problem(_ message: String, at path: [String]?) {
            if let path, let entry = map.entry(path) {
                problems.append(.init(file: file, line: entry.line, column: entry.column, message: message))
            } else {
                problems.append(.init(file: file, line: path?.last.flatMap(lineMentioning), message: message))
            }
        }
        func suggestion(_ name: String, among known: [String]) -> String {
            Suggestion.phrase(for: name, among: known)
        }

        guard case .table(let top, let list) = shape else {
            problem("rules.lua must return a table (local R = { items = {} } … return R)", at: nil)
            return (index, problems)
        }
        if !list.isEmpty { problem("the returned table has list entries; it takes only items, sections, forms and plan", at: nil) }
        for key in top.keys.sorted() where !topLevel.contains(key) {
            problem("unknown key '\(key)' in the returned table (expected items, sections, forms or plan)\(suggestion(key, among: topLevel))", at: [key])
        }

        func hookTable(_ scope: HookKind.Scope, _ owner: String, _ value: LuaShape) -> [String: Int] {
            let group = scope.rawValue, known = HookKind.names(in: scope)
            // `plan` holds its hooks directly: `plan.can_activate`, not `plan.<owner>.can_activate`.
            let table = owner.isEmpty ? group : "\(group).\(owner)"
            let path = owner.isEmpty ? [group] : [group, owner]
            guard case .table(let hooks, _) = value else {
                problem("\(table) must be a table of hooks", at: path); return [:]
            }
            var found: [String: Int] = [:]
            for (name, hook) in hooks.sorted(by: { $0.key < $1.key }) {
                guard known.contains(name) else {
                    problem("unknown hook '\(name)' in \(table) (expected \(known.joined(separator: ", ")))\(suggestion(name, among: known))", at: path + [name])
                    continue
                }
                switch hook {
                case .function(let f): found[name] = f.lineDefined
                case .table where HookKind.named(name, in: scope)?.allowsStaticValue == true: found[name] = 0
                default: problem("\(table).\(name) must be a function", at: path + [name])
                }
            }
            return found
        }

        func groupTable(_ name: String) -> [String: LuaShape] {
            guard let value = top[name] else { return [:] }
            guard case .table(let entries, let list) = value, list.isEmpty else {
                problem("'\(name)' must be a table keyed by name", at: [name]); return [:]
            }
            return entries
        }

        let itemKeys = template.items.map(\.key)
        for (key, value) in groupTable("items").sorted(by: { $0.key < $1.key }) {
            guard let item = template.item(key) else {
                problem("items.\(key): template '\(template.id)' has no item '\(key)'\(suggestion(key, among: itemKeys))", at: ["items", key])
                continue
            }
            let hooks = hookTable(.items, key, value)
            if hooks[HookKind.itemCandidates.name] != nil && item.kind != .records {
                problem("items.\(key).candidates: item '\(key)' is a \(item.kind.rawValue) item; only records items have candidates", at: ["items", key, "candidates"])
            }
            index.items[key] = hooks
        }
        let sectionKeys = template.sections.map(\.key)
        for (key, value) in groupTable("sections").sorted(by: { $0.key < $1.key }) {
            guard template.section(key) != nil else {
                problem("sections.\(key): template '\(template.id)' has no section '\(key)'\(suggestion(key, among: sectionKeys))", at: ["sections", key])
                continue
            }
            index.sections[key] = hookTable(.sections, key, value)
        }
        let typeKeys = recordTypes.types.map(\.key)
        for (key, value) in groupTable("forms").sorted(by: { $0.key < $1.key }) {
            guard recordTypes[key] != nil else {
                problem("forms.\(key): there is no record type '\(key)' in record-types.yaml\(suggestion(key, among: typeKeys))", at: ["forms", key])
                continue
            }
            index.forms[key] = hookTable(.forms, key, value)
            let fieldsHook = HookKind.formFields.name
            if index.forms[key]?[fieldsHook] == 0, case .table(let hooks, _) = value, let fields = hooks[fieldsHook] {
                index.staticFormFields[key] = fields.plainValue
            }
        }
        if let plan = top["plan"] {
            let hooks = hookTable(.plan, "", plan)
            index.canActivateLine = hooks[HookKind.planCanActivate.name]
        }
        return (index, problems)
    }
}

extension LuaShape {
    /// The shape as plain data, dropping functions.
    var plainValue: LuaValue {
        switch self {
        case .value(let v): return v
        case .function: return .nil
        case .table(let map, let list):
            if !list.isEmpty { return .list(list.map(\.plainValue)) }
            return .map(map.mapValues(\.plainValue))
        }
    }
}
