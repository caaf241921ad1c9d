import LuaBridge

/// `ctx.schema` as `plan explain` hands it out: the engine's `SchemaTable` tree read lazily, so it reads the
/// same as the tables do and explain shows what a hook depended on: each field or record type it looked up
/// by key, found or not (`schema.record_types.care_contact.fields.emergency`), each value it read of one
/// (`schema.profile.fields.takes_medication.label`), and each list it went through
/// (`schema.record_types.care_contact.field_list`) once, not every element a loop visited.
final class SchemaObject: LuaHostObject {
    let table: SchemaTable
    unowned(unsafe) let world: ContextWorld
    let path: String
    /// Reached through a list, whose read already shows: what is read beneath it does not.
    let quiet: Bool

    init(table: SchemaTable, world: ContextWorld, path: String, quiet: Bool) {
        self.table = table; self.world = world; self.path = path; self.quiet = quiet
    }

    func luaIndex(_ key: LuaKey) throws -> LuaHostValue {
        switch key {
        case .string(let name):
            let at = "\(path).\(name)"
            let entry = table.named[name]
            // A map's own read says nothing: the key read from it next shows.
            var isMap = false
            if case .table(let child)? = entry { isMap = child.kind == .map }
            let value = answer(entry, path: at, quiet: quiet)
            if !quiet && !isMap { world.read(at, value, missing: "not in the schema") }
            return value
        case .index(let position):
            let entry = table.items.indices.contains(position - 1) ? table.items[position - 1] : nil
            return answer(entry, path: "\(path)[\(position)]", quiet: true)
        }
    }

    private func answer(_ entry: SchemaTable.Entry?, path: String, quiet: Bool) -> LuaHostValue {
        switch entry {
        case .value(let value)?: return .value(value)
        case .table(let child)?: return .object(world.schemaObject(child, path: path, quiet: quiet || child.kind == .list))
        case nil: return .value(.nil)
        }
    }

    func luaLength() -> Int { table.items.count }

    func luaKeys() -> [LuaKey] {
        table.items.indices.map { .index($0 + 1) } + table.named.keys.sorted().map(LuaKey.string)
    }
}

extension SchemaObject: ExplainedObject {
    /// `field takes_medication (boolean)`, `record type care_contact`, `a list of 8`.
    var explained: String {
        func text(_ name: String) -> String? {
            if case .value(.string(let text))? = table.named[name] { return text }
            return nil
        }
        switch table.kind {
        case .list: return "a list of \(table.items.count)"
        case .entity:
            guard let key = text("key") else { return "a table" }
            if let type = text("type") { return "field \(key) (\(type))" }
            return "record type \(key)"
        case .map: return "a table"
        }
    }
}
