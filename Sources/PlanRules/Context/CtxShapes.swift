import LuaBridge
import PlanModel

// Strict ctx: the keys each part of `ctx` may be read by. A misspelt key (`ctx.item.record`,
// `ctx.client.profile.takes_medicaton`) is a rule error naming it with a did-you-mean, while a known field
// that is merely unset reads nil. The plain tables carry the shape to Lua (only misses consult it); the
// lazy objects of `plan explain` check it in Swift, with the same message. A key the data holds is always
// read, shape or not (a value kept from a field since removed), so shapes depend only on definitions and
// the tables of one kind share one metatable.
enum CtxShapes {
    /// `ctx`. `schema` is known so a ctx that offers it is not refused.
    static let ctx = named("ctx", ["today", "client", "plan", "item", "section", "schema"])
    static let client = named("ctx.client", ["id", "name", "profile", "records", "record"])
    static let plan = named("ctx.plan", ["id", "status", "template", "template_version", "previous_plan",
                                         "goal_attainment_plan", "behaviour_support_plan", "item"])
    static let item = named("ctx.item", ["key", "instance", "kind", "status", "values", "records", "url"])
    static let section = named("ctx.section", ["key", "title"])
    /// A list of records: positions past its end read nil; no name is a field of a list.
    static let recordList = LuaKeyShape(known: [], prefix: "a list of records has no field '",
                                        suffix: "' (read it by position, with ipairs or #)")

    /// The client's profile, by profile.yaml.
    static func profile(_ schema: ProfileSchema) -> LuaKeyShape {
        LuaKeyShape(known: schema.fields.map(\.key), prefix: "profile field '", suffix: "' is not in profile.yaml")
    }

    /// A record, by its record type.
    static func record(_ type: RecordType) -> LuaKeyShape {
        LuaKeyShape(known: ["id", "type"] + type.fields.map(\.key), prefix: "record type '\(type.key)' has no field '", suffix: "'")
    }

    /// An item's values, by the item's own fields.
    static func values(of item: TemplateItem) -> LuaKeyShape {
        LuaKeyShape(known: item.fields.map(\.key), prefix: "item '\(item.key)' has no field '", suffix: "'")
    }

    private static func named(_ name: String, _ keys: [String]) -> LuaKeyShape {
        LuaKeyShape(known: keys, prefix: "\(name) has no field '", suffix: "'")
    }

}

extension LuaKeyShape {
    /// The error a read of the unknown `key` raises: the same sentence the Lua side builds.
    func unknown(_ key: String) -> HookResultError {
        HookResultError(prefix + key + suffix + Suggestion.phrase(for: key, among: known))
    }
}

/// The data-dependent shapes of one engine, made once and handed out again while their definitions are
/// unchanged: a runtime keeps one metatable per shape object, so the same object must come back for the
/// same definitions in every evaluation. Used by one evaluation at a time, as its engine is.
final class CtxShapeCache {
    private var profile: (shape: LuaKeyShape, fields: [FieldDefinition])?
    private var records: [String: (shape: LuaKeyShape, type: RecordType)] = [:]
    private var values: [String: (shape: LuaKeyShape, fields: [FieldDefinition])] = [:]

    /// nil (any key reads) when the profile schema is not known.
    func profile(_ schema: ProfileSchema?) -> LuaKeyShape? {
        guard let schema else { return nil }
        if let cached = profile, cached.fields == schema.fields { return cached.shape }
        let shape = CtxShapes.profile(schema)
        profile = (shape, schema.fields)
        return shape
    }

    /// nil (any key reads) when the record's type is not in the catalog.
    func record(_ record: ClientRecord, types: RecordTypeCatalog) -> LuaKeyShape? {
        guard let type = types[record.type] else { return nil }
        if let cached = records[type.key], cached.type == type { return cached.shape }
        let shape = CtxShapes.record(type)
        records[type.key] = (shape, type)
        return shape
    }

    func values(of item: TemplateItem) -> LuaKeyShape {
        if let cached = values[item.key], cached.fields == item.fields { return cached.shape }
        let shape = CtxShapes.values(of: item)
        values[item.key] = (shape, item.fields)
        return shape
    }
}
