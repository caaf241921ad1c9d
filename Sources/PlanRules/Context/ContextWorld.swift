import LuaBridge
import PlanModel

/// The data of one plan evaluation as hooks see it through `ctx`: plain read-only Lua tables
/// (ContextTables.swift), each built once per evaluation when first handed to Lua; or, when reads are
/// tracked for `plan explain`, lazy host objects that see every read.
final class ContextWorld {
    let input: RulesInput
    /// The keys its tables write, interned in the engine's runtime.
    let names: ContextNames
    /// `ctx.schema`: the engine's, the same tables for every plan it evaluates.
    let schema: SchemaTable
    /// Records the `ctx` paths hooks read, for `plan explain`; nil when nobody asks.
    let tracker: ReadTracker?
    /// Each instance's hooks, item and values shape by its position in the plan, when the engine found them
    /// for this plan (empty otherwise: each is then looked up in the template).
    let layout: [ItemHooks?]
    private var recordIndex: [String: ClientRecord]?
    private var recordObjects: [String: RecordObject] = [:]
    private var itemObjects: [InstanceRef: ItemObject] = [:]
    private var instanceIndex: [InstanceRef: Int]?
    private var contexts: [InstanceRef: ContextObject] = [:]
    private(set) lazy var client = ClientObject(world: self)
    private(set) lazy var plan = PlanObject(world: self)
    /// By the instance's position in the plan, made on first use: hooks run instance by instance, so the
    /// position is at hand and no lookup by ref is needed.
    private var contextTables: [ContextTable?] = []
    private var itemTables: [ItemTable?] = []
    /// The section table handed out last: instances come section by section, so most lookups end here.
    private var lastSection: SectionTable?
    private var recordTables: [String: RecordTable] = [:]
    private var recordLists: [String: RecordListTable] = [:]
    private(set) lazy var contextBase = ContextBase(world: self)
    /// The engine's kept ones when it has a pool (`InstanceTablePool`), else this world's own.
    private(set) lazy var clientTable = pool?.client(for: self) ?? ClientTable(world: self)
    private(set) lazy var planTable = pool?.plan(for: self) ?? PlanTable(world: self)
    private lazy var noRecords = RecordListTable(ids: [], world: self, recycleKey: RecycleKeys.noRecords)
    private(set) lazy var profileShape = names.shapes.profile(input.profile)
    private var recordShapes: [String: LuaKeyShape?] = [:]
    private var schemaObjects: [ObjectIdentifier: SchemaObject] = [:]

    /// The engine's ctx and item sources kept by position, for a world whose evaluation is the engine's only one
    /// while it lives (a plan's verdict or defaults); nil otherwise.
    let pool: InstanceTablePool?
    /// Tells this world from every other of its pool: a pooled table whose `reusedBy` it is was pointed at this world
    /// (for which the world once kept its own list of them, made and freed in every evaluation).
    let serial: Int

    init(input: RulesInput, names: ContextNames, schema: SchemaTable, tracker: ReadTracker? = nil, layout: [ItemHooks?] = [],
         pool: InstanceTablePool? = nil) {
        self.input = input
        self.names = names
        self.schema = schema
        self.tracker = tracker
        self.layout = layout
        self.pool = tracker == nil ? pool : nil
        serial = self.pool?.newSerial() ?? 0
    }

    /// Records a read and the value it gave for `explain`; path and text are built only when someone is tracking.
    func read(_ path: @autoclosure () -> String, _ value: LuaHostValue, missing: String = "unset") {
        tracker?.read(path()) { ReadValue.describe(value, missing: missing) }
    }

    func record(_ id: String) -> ClientRecord? {
        if recordIndex == nil {
            recordIndex = Dictionary(input.records.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        }
        return recordIndex?[id]
    }

    func recordObject(_ id: String, path: String) -> RecordObject? {
        if let cached = recordObjects[id] { return cached }
        guard let record = record(id) else { return nil }
        let object = RecordObject(record: record, world: self, path: path)
        recordObjects[id] = object
        return object
    }

    func itemObject(_ ref: InstanceRef, path: String) -> ItemObject? {
        if let cached = itemObjects[ref] { return cached }
        guard let (instance, item) = instance(ref) else { return nil }
        let object = ItemObject(instance: instance, item: item, world: self, path: path)
        itemObjects[ref] = object
        return object
    }

    /// The `ctx` a hook receives: a table when nobody tracks reads, else a lazy object that sees them.
    func ctx(item ref: InstanceRef?, section key: String?) -> LuaHostValue {
        guard tracker == nil else { return .object(context(item: ref, section: key)) }
        guard let ref, let position = position(of: ref) else {
            return .table(ContextTable(world: self, position: nil, section: key))
        }
        return ctx(position: position, section: key)
    }

    /// The `ctx` of the instance at `position` in the plan; an instance's hooks share one. When it is the engine's
    /// kept one and `evaluation` is given, its tables are taken as they are when they hold what they would be written
    /// with (`ContextTable.takeKeptTables`).
    func ctx(position: Int, section key: String?, in evaluation: LuaEvaluation? = nil) -> LuaHostValue {
        guard tracker == nil else { return .object(context(item: input.plan.instances[position].ref, section: key)) }
        // The engine's own, pointed at this world the first time it asks (`serial`).
        if let pooled = pool?.context(at: position) {
            if pooled.reusedBy != serial {
                pooled.reuse(world: self, section: key, serial: serial)
                if let evaluation { _ = pooled.takeKeptTables(in: evaluation) }
            }
            return .table(pooled)
        }
        if contextTables.isEmpty { contextTables = Array(repeating: nil, count: input.plan.instances.count) }
        if let cached = contextTables[position] { return .table(cached) }
        let table = ContextTable(world: self, position: position, section: key)
        if let pool, pool.keep(table, at: position) {
            table.reusedBy = serial
        } else {
            contextTables[position] = table
        }
        return .table(table)
    }

    /// A record as a table hooks read: `candidates`' second argument, `ctx.client.record(id)`.
    func recordArgument(_ record: ClientRecord) -> LuaHostValue {
        if tracker != nil { return .object(recordObject(record.id, path: "record") ?? RecordObject(record: record, world: self, path: "record")) }
        return .table(recordTable(record.id) ?? RecordTable(record: record, names: names, shape: recordShape(record)))
    }

    /// The shape of a record's table, by its record type (checked against the engine's once per type and evaluation).
    func recordShape(_ record: ClientRecord) -> LuaKeyShape? {
        if let known = recordShapes[record.type] { return known }
        let shape = names.shapes.record(record, types: input.recordTypes)
        recordShapes[record.type] = shape
        return shape
    }

    func recordTable(_ id: String) -> RecordTable? {
        if let cached = recordTables[id] { return cached }
        guard let record = record(id) else { return nil }
        let table = RecordTable(record: record, names: names, shape: recordShape(record))
        recordTables[id] = table
        return table
    }

    func recordListTable(type: String) -> RecordListTable {
        if let cached = recordLists[type] { return cached }
        let table = RecordListTable(ids: input.records.filter { $0.type == type }.map(\.id), world: self)
        recordLists[type] = table
        return table
    }

    func recordListTable(ids: [String]) -> RecordListTable {
        ids.isEmpty ? noRecords : RecordListTable(ids: ids, world: self)
    }

    func itemTable(_ ref: InstanceRef) -> ItemTable? {
        position(of: ref).flatMap(itemTable(at:))
    }

    func itemTable(at position: Int) -> ItemTable? {
        let hooks = position < layout.count ? layout[position] : nil
        // The engine's own, pointed at this world the first time it asks (`serial`).
        if let hooks, let pooled = pool?.item(at: position) {
            if pooled.reusedBy != serial { pooled.reuse(hooks, world: self, serial: serial) }
            return pooled
        }
        if itemTables.isEmpty { itemTables = Array(repeating: nil, count: input.plan.instances.count) }
        if let cached = itemTables[position] { return cached }
        let table: ItemTable
        if let hooks {
            table = ItemTable(hooks: hooks, position: position, world: self)
            if let pool, pool.keep(table, at: position) {
                table.reusedBy = serial
                return table
            }
        } else {
            guard let item = input.template.item(input.plan.instances[position].key) else { return nil }
            table = ItemTable(kind: item.kind, profileItem: item.kind == .profile ? item : nil,
                              valuesShape: names.shapes.values(of: item), keyName: nil, templateIndex: nil, position: position, world: self)
        }
        itemTables[position] = table
        return table
    }

    /// ctx's tag (`LuaTableWriter.tag`): today's date, the section's table and whether there is an item, as exact
    /// numbers; 0 (none) past their bounds. The client and plan tables are the recycled ones (`refreshBase`) and
    /// the item's is its position's, so these name everything an instance's ctx holds.
    func contextTag(section: SectionTable?, hasItem: Bool) -> Int {
        let day = todayNumber, serial = section?.serial ?? 0
        guard day < 1 << 30, serial < 1 << 30 else { return 0 }
        return day << 32 | serial << 1 | (hasItem ? 1 : 0)
    }

    /// An item table's tag (`LuaTableWriter.tag`) for what it writes beside its values and records: the item by its
    /// position in the template, the instance, kind and status, as exact numbers. 0 (none) when it has a url or
    /// records (a new table per plan), or past the bounds. Its values table is its position's.
    func itemTag(_ instance: borrowing ItemInstance, kind: ItemKind, templateIndex: Int?, records: RecordListTable) -> Int {
        guard records === noRecords else { return 0 }
        return itemTag(instance: instance.instance, status: instance.status, hasURL: instance.url != nil, kind: kind,
                       templateIndex: templateIndex, noRecordsIsKept: records.isKept)
    }

    /// The same, of an instance without records, by its number, status and whether it has a url, and whether the empty
    /// list of records it holds is the kept one.
    func itemTag(instance: Int, status: ItemInstance.Status, hasURL: Bool, kind: ItemKind, templateIndex: Int?,
                 noRecordsIsKept: Bool) -> Int {
        guard let templateIndex, templateIndex < 1 << 24, instance >= 0, instance < 1 << 31, !hasURL, noRecordsIsKept else { return 0 }
        return instance << 29 | templateIndex << 5 | names.number(of: status) << 3 | names.number(of: kind) << 1 | 1
    }

    /// Builds the empty list of records in this evaluation, the first time it is asked, and says whether it is the kept
    /// one; nil when it did not fit on the Lua stack.
    func refreshNoRecords(in evaluation: LuaEvaluation) -> Bool? {
        if let noRecordsIsKept { return noRecordsIsKept }
        let records = noRecords
        guard evaluation.refresh(records) else { return nil }
        noRecordsIsKept = records.isKept
        return records.isKept
    }
    private var noRecordsIsKept: Bool?

    /// This evaluation's date as `ContextNames.number(ofToday:)` counts it, asked once per evaluation.
    private lazy var todayNumber = names.number(ofToday: input.today)

    /// Builds this evaluation's client and plan tables, the first time it is asked, and says whether they are the
    /// recycled ones: false when they are not, or did not fit on the Lua stack (a write that then copies them fails).
    ///
    /// The engine's kept client and plan tables are taken as they are when they hold what they would be written with
    /// (the same client and plan evaluated again); the table every ctx copies them from (`contextBase`) is then built
    /// only if a ctx is written.
    func refreshBase(in evaluation: LuaEvaluation) -> Bool {
        if let baseIsKept { return baseIsKept }
        let taken = pool != nil && clientTable.takeKeptTables(in: evaluation) && planTable.takeKeptTable(in: evaluation)
        guard taken || evaluation.refresh(contextBase) else { return false }
        // Built once per evaluation, so what they are stays so for the rest of it: asked again for every instance.
        let isKept = clientTable.isKept && planTable.isKept
        baseIsKept = isKept
        return isKept
    }
    private var baseIsKept: Bool?

    /// `ctx.client.records(type)`.
    func clientRecords(_ args: [LuaValue]) throws -> LuaHostValue {
        guard case .string(let type)? = args.first else {
            throw HookResultError("ctx.client.records(type) needs a record type name")
        }
        return .table(recordListTable(type: type))
    }

    /// `ctx.client.record(id)`.
    func clientRecord(_ args: [LuaValue]) -> LuaHostValue {
        guard case .string(let id)? = args.first else { return .value(.nil) }
        return recordTable(id).map { .table($0) } ?? .value(.nil)
    }

    /// `ctx.plan.item(key [, instance])`.
    func planItem(_ args: [LuaValue]) throws -> LuaHostValue {
        let ref = try PlanObject.instanceRef(args)
        guard let ref else { return .value(.nil) }
        return itemTable(ref).map { .table($0) } ?? .value(.nil)
    }

    func sectionTable(_ key: String) -> SectionTable? {
        if let last = lastSection, last.key == key { return last }
        guard let title = input.template.sectionTitle(key) else { return nil }
        let table = names.sections.table(key: key, title: title, names: names)
        lastSection = table
        return table
    }

    /// Where the instance sits in the plan; `hint` is checked first (callers walking the plan in order know it).
    func position(of ref: InstanceRef, hint: Int? = nil) -> Int? {
        let instances = input.plan.instances
        if let hint, instances.indices.contains(hint), instances[hint].ref == ref { return hint }
        if instanceIndex == nil {
            instanceIndex = Dictionary(instances.enumerated().map { ($1.ref, $0) }, uniquingKeysWith: { a, _ in a })
        }
        return instanceIndex?[ref]
    }

    private func instance(_ ref: InstanceRef) -> (ItemInstance, TemplateItem)? {
        guard let position = position(of: ref), let item = input.template.item(ref.key) else { return nil }
        return (input.plan.instances[position], item)
    }

    /// A table of `ctx.schema` as explain reads it, one object per table (so `rawequal` holds as with tables).
    func schemaObject(_ table: SchemaTable, path: String, quiet: Bool) -> SchemaObject {
        if let cached = schemaObjects[ObjectIdentifier(table)] { return cached }
        let object = SchemaObject(table: table, world: self, path: path, quiet: quiet)
        schemaObjects[ObjectIdentifier(table)] = object
        return object
    }

    /// The lazy `ctx` of explain; an instance's hooks share one, so what one read is cached for the next.
    func context(item ref: InstanceRef?, section key: String?) -> ContextObject {
        guard let ref, tracker == nil else { return ContextObject(world: self, item: ref, section: key) }
        if let cached = contexts[ref] { return cached }
        let context = ContextObject(world: self, item: ref, section: key)
        contexts[ref] = context
        return context
    }
}

/// A read-only map of plain values, exposed lazily.
class MapObject: LuaHostObject {
    // The world owns every object it hands out and outlives the evaluation that reads them;
    // `unowned(unsafe)` spares a reference-count round trip on every ctx read.
    unowned(unsafe) let world: ContextWorld
    let path: String
    init(world: ContextWorld, path: String) { self.world = world; self.path = path }

    /// The keys this object has; each is converted only when read.
    var keys: [String] { [] }
    /// The keys a script may read (strict ctx); nil lets any key read.
    var shape: LuaKeyShape? { nil }
    func value(_ key: String) -> LuaHostValue { .value(.nil) }

    func luaIndex(_ key: LuaKey) throws -> LuaHostValue {
        guard case .string(let name) = key else { return .value(.nil) }
        try checkKnown(name)
        let answer = value(name)
        // A function is read to be called: the call is what explain shows (`plan.item(notes)`).
        if case .function = answer { return answer }
        world.read(path.isEmpty ? name : "\(path).\(name)", answer)
        return answer
    }

    /// Refuses a key neither the shape nor the data knows, as the plain tables' metatables do.
    func checkKnown(_ name: String) throws {
        guard let shape, !shape.known.contains(name), !keys.contains(name) else { return }
        throw shape.unknown(name)
    }
    func luaLength() -> Int { 0 }
    func luaKeys() -> [LuaKey] { keys.map { .string($0) } }
}

/// `ctx` itself.
final class ContextObject: MapObject {
    let item: InstanceRef?
    let section: String?
    init(world: ContextWorld, item: InstanceRef?, section: String?) {
        self.item = item; self.section = section
        super.init(world: world, path: "")
    }
    override var keys: [String] { ["today", "client", "plan", "item", "section", "schema"] }
    override var shape: LuaKeyShape? { CtxShapes.ctx }
    override func luaIndex(_ key: LuaKey) throws -> LuaHostValue {
        guard case .string(let name) = key else { return .value(.nil) }
        try checkKnown(name)
        // The top-level names are read so often that only what lies beneath them is worth tracking.
        let answer = value(name)
        if name == "today" { world.read("today", answer) }
        return answer
    }
    override func value(_ key: String) -> LuaHostValue {
        switch key {
        case "today": return .value(.string(world.input.today))
        case "client": return .object(world.client)
        case "plan": return .object(world.plan)
        case "schema": return .object(world.schemaObject(world.schema, path: "schema", quiet: false))
        case "item": return item.flatMap { world.itemObject($0, path: "item") }.map { .object($0) } ?? .value(.nil)
        case "section":
            return section.flatMap { world.sectionTable($0) }.map { .table($0) } ?? .value(.nil)
        default: return .value(.nil)
        }
    }
}

/// `ctx.client`.
final class ClientObject: MapObject {
    private lazy var profile = ProfileObject(world: world, path: "client.profile")
    init(world: ContextWorld) { super.init(world: world, path: "client") }
    override var keys: [String] { ["id", "name", "profile", "records", "record"] }
    override var shape: LuaKeyShape? { CtxShapes.client }
    override func luaIndex(_ key: LuaKey) throws -> LuaHostValue {
        guard case .string(let name) = key else { return .value(.nil) }
        try checkKnown(name)
        let answer = value(name)
        if name == "id" || name == "name" { world.read("client.\(name)", answer) }
        return answer
    }
    override func value(_ key: String) -> LuaHostValue {
        let client = world.input.client
        switch key {
        case "id": return .value(.string(client.id))
        case "name": return .value(.string(client.name))
        case "profile": return .object(profile)
        case "records":
            return .function { [world] args in
                guard case .string(let type)? = args.first else {
                    throw HookResultError("ctx.client.records(type) needs a record type name")
                }
                let ids = world.input.records.filter { $0.type == type }.map(\.id)
                let list = LuaHostValue.object(RecordListObject(ids: ids, world: world, path: "client.records(\(type))"))
                world.read("client.records(\(type))", list)
                return list
            }
        case "record":
            return .function { [world] args in
                guard case .string(let id)? = args.first else { return .value(.nil) }
                let record = world.recordObject(id, path: "client.record(\(id))").map { LuaHostValue.object($0) } ?? .value(.nil)
                world.read("client.record(\(id))", record, missing: "no such record")
                return record
            }
        default: return .value(.nil)
        }
    }
}

/// `ctx.client.profile`: field → value, nil when unset.
final class ProfileObject: MapObject {
    override var keys: [String] { world.input.client.profile.keys.sorted() }
    override var shape: LuaKeyShape? { world.profileShape }
    override func value(_ key: String) -> LuaHostValue {
        .value(world.input.client.profile[key]?.luaValue ?? .nil)
    }
}

/// One client record: `id`, `type` and its fields.
final class RecordObject: MapObject {
    let record: ClientRecord
    init(record: ClientRecord, world: ContextWorld, path: String) {
        self.record = record
        super.init(world: world, path: path)
    }
    override var keys: [String] { ["id", "type"] + record.fields.keys.sorted() }
    override var shape: LuaKeyShape? { world.recordShape(record) }
    override func value(_ key: String) -> LuaHostValue {
        switch key {
        case "id": return .value(.string(record.id))
        case "type": return .value(.string(record.type))
        default: return .value(record.fields[key]?.luaValue ?? .nil)
        }
    }
}

/// A list of records, in order.
final class RecordListObject: LuaHostObject {
    let ids: [String]
    unowned(unsafe) let world: ContextWorld
    let path: String
    init(ids: [String], world: ContextWorld, path: String) { self.ids = ids; self.world = world; self.path = path }
    func luaIndex(_ key: LuaKey) throws -> LuaHostValue {
        if case .string(let name) = key { throw CtxShapes.recordList.unknown(name) }
        guard case .index(let i) = key, ids.indices.contains(i - 1) else { return .value(.nil) }
        return world.recordObject(ids[i - 1], path: "\(path)[\(i)]").map { .object($0) } ?? .value(.nil)
    }
    func luaLength() -> Int { ids.count }
    func luaKeys() -> [LuaKey] { ids.indices.map { .index($0 + 1) } }
}

/// `ctx.plan`.
final class PlanObject: MapObject {
    init(world: ContextWorld) { super.init(world: world, path: "plan") }
    override var keys: [String] {
        ["id", "status", "template", "template_version", "previous_plan", "goal_attainment_plan", "behaviour_support_plan", "item"]
    }
    override var shape: LuaKeyShape? { CtxShapes.plan }
    override func value(_ key: String) -> LuaHostValue {
        let plan = world.input.plan
        switch key {
        case "id": return .value(.string(plan.id))
        case "status": return .value(.string(plan.status.rawValue))
        case "template": return .value(.string(plan.templateID))
        case "template_version": return .value(.integer(Int64(plan.templateVersion)))
        case "previous_plan": return .value(plan.previousPlanID.map { .string($0) } ?? .nil)
        case "goal_attainment_plan":
            return plan.goalAttainmentPlanID.flatMap { world.recordObject($0, path: "plan.goal_attainment_plan") }.map { .object($0) } ?? .value(.nil)
        case "behaviour_support_plan":
            return plan.behaviourSupportPlanID.flatMap { world.recordObject($0, path: "plan.behaviour_support_plan") }.map { .object($0) } ?? .value(.nil)
        case "item":
            return .function { [world] args in
                guard let ref = try PlanObject.instanceRef(args) else { return .value(.nil) }
                let state = world.itemObject(ref, path: "plan.item(\(ref))").map { LuaHostValue.object($0) } ?? .value(.nil)
                world.read("plan.item(\(ref))", state, missing: "no such instance")
                return state
            }
        default: return .value(.nil)
        }
    }

    /// The instance `ctx.plan.item(key [, instance])` asks for; nil when the key is not a string.
    static func instanceRef(_ args: [LuaValue]) throws -> InstanceRef? {
        guard case .string(let key)? = args.first else { return nil }
        var instance = 1
        if args.count > 1 {
            switch args[1] {
            case .integer(let n): instance = Int(n)
            case .number(let d) where d == d.rounded() && abs(d) < 1e9: instance = Int(d)
            case .nil: break
            default: throw HookResultError("ctx.plan.item(key, instance): instance must be a whole number")
            }
        }
        return InstanceRef(key, instance)
    }
}

/// `ctx.item` and `ctx.plan.item(...)`: an instance's state, without visibility.
final class ItemObject: MapObject {
    let instance: ItemInstance
    let item: TemplateItem
    private lazy var shown: FieldValues = world.input.shownValues(of: instance)
    init(instance: ItemInstance, item: TemplateItem, world: ContextWorld, path: String) {
        self.instance = instance; self.item = item
        super.init(world: world, path: path)
    }
    override var keys: [String] { ["key", "instance", "kind", "status", "values", "records", "url"] }
    override var shape: LuaKeyShape? { CtxShapes.item }
    override func value(_ key: String) -> LuaHostValue {
        switch key {
        case "key": return .value(.string(instance.key))
        case "instance": return .value(.integer(Int64(instance.instance)))
        case "kind": return .value(.string(item.kind.rawValue))
        case "status": return .value(.string(instance.status.rawValue))
        case "values":
            // An item's values are few and hooks read most of them: one read-only table costs less than a
            // lazy object whose every field is a call into Swift. `explain` keeps the lazy object to see reads.
            if world.tracker == nil { return .table(FieldsTable(values: shown, shape: world.names.shapes.values(of: item))) }
            return .object(ValuesObject(values: shown, item: item, world: world, path: "\(path).values"))
        case "records": return .object(RecordListObject(ids: instance.records, world: world, path: "\(path).records"))
        case "url": return .value(instance.url.map { .string($0) } ?? .nil)
        default: return .value(.nil)
        }
    }
}

/// An item's values: field → value.
final class ValuesObject: MapObject {
    let values: FieldValues
    let item: TemplateItem
    init(values: FieldValues, item: TemplateItem, world: ContextWorld, path: String) {
        self.values = values; self.item = item
        super.init(world: world, path: path)
    }
    override var keys: [String] { values.keys.sorted() }
    override var shape: LuaKeyShape? { world.names.shapes.values(of: item) }
    override func value(_ key: String) -> LuaHostValue { .value(values[key]?.luaValue ?? .nil) }
}

extension RecordObject: ExplainedObject {
    var explained: String { "record \(record.id) (\(record.type))" }
}

extension RecordListObject: ExplainedObject {
    var explained: String { countedRecords(ids.count) }
}

extension ItemObject: ExplainedObject {
    var explained: String { "item \(instance.ref) (\(instance.status.rawValue))" }
}

extension ValuesObject: ExplainedObject {
    var explained: String { values.isEmpty ? "no values set" : values.count == 1 ? "1 value set" : "\(values.count) values set" }
}
