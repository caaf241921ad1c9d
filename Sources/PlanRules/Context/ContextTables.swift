import LuaBridge
import PlanModel

// `ctx` as plain read-only Lua tables, each built in one pass the first time an evaluation pushes it,
// so that a hook's reads are table reads in the Lua VM with no call back into Swift. Used whenever
// nobody tracks reads; `plan explain` uses the lazy objects of ContextWorld.swift, which see each read.
// The world caches every table it makes, so one evaluation builds the client, the plan, each record,
// item and section once, and every hook sees the same tables (as `rawequal` shows).

/// `ctx` itself, one per instance (or one per section, or the plan's own).
final class ContextTable: LuaTableSource {
    unowned(unsafe) let world: ContextWorld
    let item: InstanceRef?
    let section: String?
    init(world: ContextWorld, item: InstanceRef?, section: String?) {
        self.world = world; self.item = item; self.section = section
    }
    var luaTableSize: (list: Int, fields: Int) { (0, 5) }
    func write(to table: inout LuaTableWriter) {
        table.set("today", string: world.input.today)
        table.set("client", .table(world.clientTable))
        table.set("plan", .table(world.planTable))
        if let item, let state = world.itemTable(item) { table.set("item", .table(state)) }
        if let section, let sectionTable = world.sectionTable(section) { table.set("section", .table(sectionTable)) }
    }
}

/// `ctx.section`: `key` and `title`.
final class SectionTable: LuaTableSource {
    let section: TemplateSection
    init(section: TemplateSection) { self.section = section }
    var luaTableSize: (list: Int, fields: Int) { (0, 2) }
    func write(to table: inout LuaTableWriter) {
        table.set("key", string: section.key)
        table.set("title", string: section.title)
    }
}

/// `ctx.client`: `id`, `name`, `profile`, and the functions `records(type)` and `record(id)`.
final class ClientTable: LuaTableSource {
    unowned(unsafe) let world: ContextWorld
    init(world: ContextWorld) { self.world = world }
    var luaTableSize: (list: Int, fields: Int) { (0, 5) }
    func write(to table: inout LuaTableWriter) {
        let client = world.input.client
        table.set("id", string: client.id)
        table.set("name", string: client.name)
        table.set("profile", .table(FieldsTable(values: client.profile)))
        table.set("records", .function { [world] args in
            guard case .string(let type)? = args.first else {
                throw HookResultError("ctx.client.records(type) needs a record type name")
            }
            return .table(world.recordListTable(type: type))
        })
        table.set("record", .function { [world] args in
            guard case .string(let id)? = args.first else { return .value(.nil) }
            return world.recordTable(id).map { .table($0) } ?? .value(.nil)
        })
    }
}

/// Field → value: the client's profile, an item's values.
final class FieldsTable: LuaTableSource {
    let values: FieldValues
    init(values: FieldValues) { self.values = values }
    var luaTableSize: (list: Int, fields: Int) { (0, values.count) }
    func write(to table: inout LuaTableWriter) {
        for (key, value) in values { table.set(key, value.luaValue) }
    }
}

/// One client record: `id`, `type` and its fields.
final class RecordTable: LuaTableSource {
    let record: ClientRecord
    init(record: ClientRecord) { self.record = record }
    var luaTableSize: (list: Int, fields: Int) { (0, record.fields.count + 2) }
    func write(to table: inout LuaTableWriter) {
        for (key, value) in record.fields { table.set(key, value.luaValue) }
        table.set("id", string: record.id)
        table.set("type", string: record.type)
    }
}

/// A list of records, in order.
final class RecordListTable: LuaTableSource {
    unowned(unsafe) let world: ContextWorld
    let ids: [String]
    init(ids: [String], world: ContextWorld) { self.ids = ids; self.world = world }
    var luaTableSize: (list: Int, fields: Int) { (ids.count, 0) }
    func write(to table: inout LuaTableWriter) {
        for id in ids {
            guard let record = world.recordTable(id) else { continue }
            table.append(.table(record))
        }
    }
}

/// `ctx.plan`.
final class PlanTable: LuaTableSource {
    unowned(unsafe) let world: ContextWorld
    init(world: ContextWorld) { self.world = world }
    var luaTableSize: (list: Int, fields: Int) { (0, 8) }
    func write(to table: inout LuaTableWriter) {
        let plan = world.input.plan
        table.set("id", string: plan.id)
        table.set("status", string: plan.status.rawValue)
        table.set("template", string: plan.templateID)
        table.set("template_version", integer: plan.templateVersion)
        if let previous = plan.previousPlanID { table.set("previous_plan", string: previous) }
        if let record = plan.goalAttainmentPlanID.flatMap(world.recordTable) { table.set("goal_attainment_plan", .table(record)) }
        if let record = plan.behaviourSupportPlanID.flatMap(world.recordTable) { table.set("behaviour_support_plan", .table(record)) }
        table.set("item", .function { [world] args in
            let ref = try PlanObject.instanceRef(args)
            guard let ref else { return .value(.nil) }
            return world.itemTable(ref).map { .table($0) } ?? .value(.nil)
        })
    }
}

/// `ctx.item` and `ctx.plan.item(...)`: an instance's state, without visibility.
final class ItemTable: LuaTableSource {
    unowned(unsafe) let world: ContextWorld
    let instance: ItemInstance
    let item: TemplateItem
    init(instance: ItemInstance, item: TemplateItem, world: ContextWorld) {
        self.instance = instance; self.item = item; self.world = world
    }
    var luaTableSize: (list: Int, fields: Int) { (0, 7) }
    func write(to table: inout LuaTableWriter) {
        table.set("key", string: instance.key)
        table.set("instance", integer: instance.instance)
        table.set("kind", string: item.kind.rawValue)
        table.set("status", string: instance.status.rawValue)
        table.set("values", .table(FieldsTable(values: world.input.shownValues(of: instance))))
        table.set("records", .table(world.recordListTable(ids: instance.records)))
        if let url = instance.url { table.set("url", string: url) }
    }
}
