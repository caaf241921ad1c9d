import LuaBridge
import PlanModel

/// One table of `ctx.schema`: the profile fields and record types of the catalogs a template version was
/// published with, as docs/writing-rules.md shows them:
///
///     ctx.schema.profile.fields.KEY           a field, by key
///     ctx.schema.profile.field_list           the same fields, in profile.yaml's order
///     ctx.schema.record_types.KEY             a record type: key, label, prefix, display, fields, field_list
///     ctx.schema.record_type_list             the same record types, in record-types.yaml's order
///     field                                   key, label, type, required, options, default, help
///
/// The schema is the same for every plan of a version, so an engine builds its tree once and the runtime
/// builds its Lua tables once (`luaTableIsShared`): every later evaluation is handed the same read-only
/// tables and pays nothing for them. `plan explain` reads the same tree through `SchemaObject`.
final class SchemaTable: LuaTableSource {
    enum Entry {
        case value(LuaValue)
        case table(SchemaTable)
    }

    /// Entries by name (a field's `label`, a record type's `fields`…).
    let named: [String: Entry]
    /// Entries by position (`field_list`, `record_type_list`).
    let items: [Entry]
    /// What the table is, for what `explain` shows of a read (see `SchemaObject`).
    enum Kind {
        /// A field, a record type: its reads show.
        case entity
        /// Entities by key (`fields`, `record_types`, `profile` itself): the key read shows, not the map.
        case map
        /// Entities in order (`field_list`, `record_type_list`): the list shows, not what is read from it.
        case list
    }
    let kind: Kind

    init(named: [String: Entry] = [:], items: [Entry] = [], kind: Kind) {
        self.named = named; self.items = items; self.kind = kind
    }

    var luaTableIsShared: Bool { true }
    var luaTableSize: (list: Int, fields: Int) { (items.count, named.count) }

    func write(to table: inout LuaTableWriter) {
        for (key, entry) in named { table.set(key, entry.hostValue) }
        for entry in items { table.append(entry.hostValue) }
    }

    /// `ctx.schema` of these catalogs.
    static func root(profile: ProfileSchema, recordTypes: RecordTypeCatalog) -> SchemaTable {
        let types = recordTypes.types.map(recordType)
        return SchemaTable(named: [
            "profile": .table(fieldSet(profile.fields)),
            "record_types": .table(SchemaTable(named: Dictionary(zip(recordTypes.types.map(\.key), types.map(Entry.table)),
                                                                 uniquingKeysWith: { a, _ in a }), kind: .map)),
            "record_type_list": .table(SchemaTable(items: types.map(Entry.table), kind: .list)),
        ], kind: .map)
    }

    static func recordType(_ type: RecordType) -> SchemaTable {
        var named = fieldSet(type.fields).named
        named["key"] = .value(.string(type.key))
        named["label"] = .value(.string(type.label))
        named["prefix"] = .value(.string(type.prefix))
        named["display"] = .value(.list(type.display.map(LuaValue.string)))
        return SchemaTable(named: named, kind: .entity)
    }

    /// `fields` (by key) and `field_list` (in order), sharing one table per field.
    static func fieldSet(_ fields: [FieldDefinition]) -> SchemaTable {
        let tables = fields.map(field)
        return SchemaTable(named: [
            "fields": .table(SchemaTable(named: Dictionary(zip(fields.map(\.key), tables.map(Entry.table)), uniquingKeysWith: { a, _ in a }),
                                         kind: .map)),
            "field_list": .table(SchemaTable(items: tables.map(Entry.table), kind: .list)),
        ], kind: .map)
    }

    /// A field as YAML defines it; `label` is what people see (the key when none is given), `options` always a list.
    static func field(_ field: FieldDefinition) -> SchemaTable {
        var named: [String: Entry] = [
            "key": .value(.string(field.key)),
            "label": .value(.string(field.displayLabel)),
            "type": .value(.string(field.type.rawValue)),
            "required": .value(.boolean(field.required)),
            "options": .value(.list(field.options.map(LuaValue.string))),
        ]
        if let value = field.defaultValue { named["default"] = .value(value.luaValue) }
        if let help = field.help { named["help"] = .value(.string(help)) }
        return SchemaTable(named: named, kind: .entity)
    }
}

extension SchemaTable.Entry {
    var hostValue: LuaHostValue {
        switch self {
        case .value(let value): return .value(value)
        case .table(let table): return .table(table)
        }
    }
}
