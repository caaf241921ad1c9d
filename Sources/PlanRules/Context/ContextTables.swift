import LuaBridge
import PlanModel

// `ctx` as plain read-only Lua tables, each built in one pass the first time an evaluation pushes it,
// so that a hook's reads are table reads in the Lua VM with no call back into Swift. Used whenever
// nobody tracks reads; `plan explain` uses the lazy objects of ContextWorld.swift, which see each read.
// The world caches every table it makes, so one evaluation builds the client, the plan, each record,
// item and section once, and every hook sees the same tables (as `rawequal` shows).

/// `ctx` itself, one per instance (or one per section, or the plan's own).
final class ContextTable: LuaTableSource {
    var luaTableSlot: LuaTableSlot? = LuaTableSlot()
    unowned(unsafe) private(set) var world: ContextWorld
    /// The instance's position in the plan; nil for a section's or the plan's own ctx.
    let position: Int?
    private(set) var section: String?
    init(world: ContextWorld, position: Int?, section: String?) {
        self.world = world; self.position = position; self.section = section
    }

    /// The same position's ctx in another evaluation (`InstanceTablePool`), for the world of `serial`.
    func reuse(world: ContextWorld, section: String?, serial: Int) {
        self.world = world; self.section = section; reusedBy = serial
    }
    /// The serial of the world it was last pointed at (`ContextWorld.serial`); 0 when none.
    var reusedBy = 0
    /// Its section's table in its world.
    private var sectionTable: SectionTable? {
        guard let section else { return nil }
        return world.sectionTable(section)
    }
    var luaTableSize: (list: Int, fields: Int) { (0, 5) }
    var luaKeyShape: LuaKeyShape? { CtxShapes.ctx }
    var luaRecycleKey: Int? { position.map { RecycleKeys.ctx(at: $0) } }
    var luaWritesEveryKey: Bool { true }
    func write(to table: inout LuaTableWriter) {
        let names = world.names
        let item = position.flatMap(world.itemTable(at:))
        let sectionTable = self.sectionTable
        // An instance's ctx holds only values and recycled tables: when the kept one was written with the same
        // ones, it is left as it is, once the tables it holds are rewritten for this plan (they may be made anew,
        // which `holds` then sees).
        let tag = position == nil ? 0 : world.contextTag(section: sectionTable, hasItem: item != nil)
        if tag != 0 {
            let baseIsRecycled = world.refreshBase(in: table.evaluation)
            if let item { table.refresh(item) }
            if baseIsRecycled, item?.isKept ?? true {
                if table.holds(tag: tag) { return table.leaveAsItWas(tag: tag) }
                table.tag = tag
            }
        }
        table.copyEntries(of: world.contextBase)
        // Both keys written, nil when absent: a recycled table is rewritten over the last plan's entries.
        table.set(names.item, item.map { .table($0) } ?? .value(.nil))
        table.set(names.section, sectionTable.map { .table($0) } ?? .value(.nil))
    }

    /// Takes this position's kept ctx, item and values tables for `evaluation` as they are, when each holds exactly
    /// what its write would set now (what `write` and `ItemTable.write` find table by table, found here in a few
    /// comparisons before anything is pushed): what evaluating a plan again mostly finds. The ctx's push then finds
    /// its table built. False when any of them would be written: nothing is taken then (the client, plan and empty
    /// records tables that every ctx holds are built for this evaluation all the same).
    func takeKeptTables(in evaluation: LuaEvaluation) -> Bool {
        // The tables every ctx holds are this evaluation's first (they may be made anew, which the checks then see).
        let world = self.world
        guard let position, let item = world.itemTable(at: position), world.refreshBase(in: evaluation),
              item.keptTablesHoldInstance(in: evaluation) else { return false }
        let key = RecycleKeys.ctx(at: position)
        guard evaluation.keptTable(key, holds: world.contextTag(section: sectionTable, hasItem: true)),
              item.takeKeptTables(in: evaluation) else { return false }
        return evaluation.takeKeptTable(key, for: self)
    }
}

/// What every `ctx` of an evaluation holds: `today`, `client`, `plan` and `schema`. Written once per evaluation
/// and copied into each ctx (`LuaTableWriter.copyEntries`); never handed to a script itself.
final class ContextBase: LuaTableSource {
    var luaTableSlot: LuaTableSlot? = LuaTableSlot()
    unowned(unsafe) let world: ContextWorld
    init(world: ContextWorld) { self.world = world }
    var luaTableSize: (list: Int, fields: Int) { (0, 4) }
    func write(to table: inout LuaTableWriter) {
        let names = world.names
        table.set(names.today, string: world.input.today)
        table.set(names.client, .table(world.clientTable))
        table.set(names.plan, .table(world.planTable))
        table.set(names.schema, .table(world.schema))
    }
}

/// `ctx.section`: `key` and `title`. The same for every plan of a template, so the runtime builds it once and
/// hands every evaluation the same read-only table (`luaTableIsShared`), as it does `ctx.schema`'s.
final class SectionTable: LuaTableSource {
    var luaTableSlot: LuaTableSlot? = LuaTableSlot()
    let key: String
    let title: String
    let names: ContextNames
    /// Tells this table from every other the engine made (`SectionTableCache`): part of ctx's tag.
    let serial: Int
    init(key: String, title: String, names: ContextNames, serial: Int) {
        self.key = key; self.title = title; self.names = names; self.serial = serial
    }
    var luaTableSize: (list: Int, fields: Int) { (0, 2) }
    var luaKeyShape: LuaKeyShape? { CtxShapes.section }
    var luaTableIsShared: Bool { true }
    func write(to table: inout LuaTableWriter) {
        table.set(names.key, string: key)
        table.set(names.title, string: title)
    }
}

/// `ctx.client`: `id`, `name`, `profile`, and the functions `records(type)` and `record(id)`.
///
/// The engine's own (`InstanceTablePool`) is kept from one evaluation to the next, with its profile table and
/// functions (`LuaKeptFunction`), so a client evaluated again finds its kept table holding what it would write and
/// takes it as it is (`takeKeptTables`). Any other is made for one world, with functions of its evaluation.
final class ClientTable: LuaTableSource {
    var luaTableSlot: LuaTableSlot? = LuaTableSlot()
    unowned(unsafe) private(set) var world: ContextWorld
    /// The engine's (kept) client table has these; any other has none.
    private let profile: ProfileTable?
    private var kept: (records: LuaKeptFunction, record: LuaKeptFunction)?
    init(world: ContextWorld, kept: Bool = false) {
        self.world = world
        profile = kept ? ProfileTable(world: world) : nil
        guard kept else { return }
        // Not retained (the runtime keeps the functions; a retain would make a cycle, and a weak reference slows every
        // retain of this table): they only run in an evaluation this table handed them to, while the world of that
        // evaluation holds it.
        self.kept = (LuaKeptFunction { [unowned(unsafe) self] args in try records(args) },
                     LuaKeptFunction { [unowned(unsafe) self] args in record(args) })
    }

    /// The engine's client table in another evaluation (`InstanceTablePool`).
    func reuse(world: ContextWorld) {
        self.world = world
        profile?.reuse(world: world)
        isKept = false
    }
    var luaTableSize: (list: Int, fields: Int) { (0, 5) }
    var luaKeyShape: LuaKeyShape? { CtxShapes.client }
    /// One table for every plan the engine evaluates, rewritten for each: so each ctx holding it holds the same table.
    var luaRecycleKey: Int? { RecycleKeys.client }
    var luaWritesEveryKey: Bool { true }
    /// Whether its table in this evaluation is the kept one (`LuaTableWriter.isKept`), noted when it is written.
    private(set) var isKept = false
    /// What the engine's client table last wrote into its kept table: a unique tag, the id and the name (its profile
    /// is its own kept table, and its functions are kept by the runtime).
    private var writtenTag = 0
    private var written: (id: String, name: String)?

    /// True when what the engine's client table last wrote is what it would write now, its profile aside: this id and
    /// name, and its functions, which this runtime keeps, so they are the very ones the table holds (handed out to
    /// `evaluation` here).
    private func wroteClient(in evaluation: LuaEvaluation) -> Bool {
        guard let kept, let written else { return false }
        let client = world.input.client
        return written.id == client.id && written.name == client.name
            && evaluation.handOut(kept.records) && evaluation.handOut(kept.record)
    }

    /// Takes the engine's kept client and profile tables for `evaluation` as they are, when they hold what they would be
    /// written with: the same client evaluated again. False when the client table would be written (its profile's
    /// may be taken all the same).
    func takeKeptTables(in evaluation: LuaEvaluation) -> Bool {
        guard let profile, profile.takeKeptTable(in: evaluation), evaluation.keptTable(RecycleKeys.client, holds: writtenTag),
              wroteClient(in: evaluation), evaluation.takeKeptTable(RecycleKeys.client, for: self) else { return false }
        isKept = true
        return true
    }

    func write(to table: inout LuaTableWriter) {
        isKept = table.isKept
        let client = world.input.client, names = world.names
        guard let kept, let profile else {
            table.set(names.id, string: client.id)
            table.set(names.name, string: client.name)
            table.set(names.profile, .table(FieldsTable(values: client.profile, shape: world.profileShape)))
            table.set(names.records, .function { [world] args in try world.clientRecords(args) })
            table.set(names.record, .function { [world] args in world.clientRecord(args) })
            return
        }
        // The profile's table first: the tag below says it is the kept one.
        table.refresh(profile)
        if profile.isKept, table.holds(tag: writtenTag), wroteClient(in: table.evaluation) {
            return table.leaveAsItWas(tag: writtenTag)
        }
        table.set(names.id, string: client.id)
        table.set(names.name, string: client.name)
        table.set(names.profile, .table(profile))
        table.set(names.records, function: kept.records)
        table.set(names.record, function: kept.record)
        guard table.isKept, profile.isKept else { return }
        table.tag = table.uniqueTag()
        (writtenTag, written) = (table.tag, (client.id, client.name))
    }

    private func records(_ args: [LuaValue]) throws -> LuaHostValue { try world.clientRecords(args) }
    private func record(_ args: [LuaValue]) -> LuaHostValue { world.clientRecord(args) }
}

/// The engine's `ctx.client.profile`: field → value, kept from one evaluation to the next (`ClientTable`) and left
/// as it was when the client's profile is the very one it last wrote.
final class ProfileTable: LuaTableSource {
    var luaTableSlot: LuaTableSlot? = LuaTableSlot()
    unowned(unsafe) private(set) var world: ContextWorld
    init(world: ContextWorld) { self.world = world }
    func reuse(world: ContextWorld) {
        self.world = world
        isKept = false
    }
    var luaTableSize: (list: Int, fields: Int) { (0, world.input.client.profile.count) }
    var luaKeyShape: LuaKeyShape? { world.profileShape }
    var luaRecycleKey: Int? { RecycleKeys.profile }
    var luaWritesEveryKey: Bool { true }
    private(set) var isKept = false
    /// What it last wrote into its kept table: a unique tag, the shape its metatable was made for (held, so no other
    /// shape can take its identity) and the values (one dictionary storage, never changed in place while held here).
    private var writtenTag = 0
    private var writtenShape: LuaKeyShape?
    private var writtenValues: FieldValues = [:]

    private func wrote(_ values: FieldValues, shape: LuaKeyShape?) -> Bool {
        writtenShape === shape && writtenValues.isSameStorage(as: values)
    }

    /// Takes the kept profile table for `evaluation` as it is, when it holds what it would be written with.
    func takeKeptTable(in evaluation: LuaEvaluation) -> Bool {
        guard wrote(world.input.client.profile, shape: world.profileShape),
              evaluation.keptTable(RecycleKeys.profile, holds: writtenTag),
              evaluation.takeKeptTable(RecycleKeys.profile, for: self) else { return false }
        isKept = true
        return true
    }

    func write(to table: inout LuaTableWriter) {
        isKept = table.isKept
        let values = world.input.client.profile, shape = world.profileShape
        if table.holds(tag: writtenTag), wrote(values, shape: shape) { return table.leaveAsItWas(tag: writtenTag) }
        table.removeAll()
        for (key, value) in values { table.set(key, field: value) }
        guard table.isKept else { return }
        table.tag = table.uniqueTag()
        (writtenTag, writtenShape, writtenValues) = (table.tag, shape, values)
    }
}

/// Field → value: the client's profile, an item's values.
final class FieldsTable: LuaTableSource {
    var luaTableSlot: LuaTableSlot? = LuaTableSlot()
    let values: FieldValues
    let luaKeyShape: LuaKeyShape?
    init(values: FieldValues, shape: LuaKeyShape?) { self.values = values; self.luaKeyShape = shape }
    var luaTableSize: (list: Int, fields: Int) { (0, values.count) }
    func write(to table: inout LuaTableWriter) {
        for (key, value) in values { table.set(key, field: value) }
    }
}

/// One client record: `id`, `type` and its fields.
final class RecordTable: LuaTableSource {
    var luaTableSlot: LuaTableSlot? = LuaTableSlot()
    let record: ClientRecord
    let names: ContextNames
    let luaKeyShape: LuaKeyShape?
    init(record: ClientRecord, names: ContextNames, shape: LuaKeyShape?) {
        self.record = record; self.names = names; self.luaKeyShape = shape
    }
    var luaTableSize: (list: Int, fields: Int) { (0, record.fields.count + 2) }
    func write(to table: inout LuaTableWriter) {
        for (key, value) in record.fields { table.set(key, field: value) }
        table.set(names.id, string: record.id)
        table.set(names.type, string: record.type)
    }
}

/// A list of records, in order.
final class RecordListTable: LuaTableSource {
    var luaTableSlot: LuaTableSlot? = LuaTableSlot()
    unowned(unsafe) let world: ContextWorld
    let ids: [String]
    /// Only the empty list every instance without records shares is recycled (`RecycleKeys.noRecords`).
    let luaRecycleKey: Int?
    init(ids: [String], world: ContextWorld, recycleKey: Int? = nil) { self.ids = ids; self.world = world; self.luaRecycleKey = recycleKey }
    var luaTableSize: (list: Int, fields: Int) { (ids.count, 0) }
    var luaKeyShape: LuaKeyShape? { CtxShapes.recordList }
    /// As `ClientTable.isKept`.
    private(set) var isKept = false
    func write(to table: inout LuaTableWriter) {
        isKept = table.isKept
        for id in ids {
            guard let record = world.recordTable(id) else { continue }
            table.append(.table(record))
        }
    }
}

/// `ctx.plan`. The engine's own is kept from one evaluation to the next with its function, as `ClientTable` is.
final class PlanTable: LuaTableSource {
    var luaTableSlot: LuaTableSlot? = LuaTableSlot()
    unowned(unsafe) private(set) var world: ContextWorld
    private var kept: LuaKeptFunction?
    init(world: ContextWorld, kept: Bool = false) {
        self.world = world
        guard kept else { return }
        // Not retained, as `ClientTable`'s.
        self.kept = LuaKeptFunction { [unowned(unsafe) self] args in try item(args) }
    }

    /// The engine's plan table in another evaluation (`InstanceTablePool`).
    func reuse(world: ContextWorld) {
        self.world = world
        isKept = false
    }
    var luaTableSize: (list: Int, fields: Int) { (0, 8) }
    var luaKeyShape: LuaKeyShape? { CtxShapes.plan }
    var luaRecycleKey: Int? { RecycleKeys.plan }
    var luaWritesEveryKey: Bool { true }
    /// As `ClientTable.isKept`.
    private(set) var isKept = false
    /// What the engine's plan table last wrote into its kept table: a unique tag and the plan's parts it wrote.
    private var writtenTag = 0
    private var written: Written?
    private struct Written: Equatable {
        var id: String, status: SupportPlan.Status, template: String, version: Int, previous: String?
    }

    /// The parts of the world's plan that its table holds, when they are all it holds (no linked record: those are
    /// tables of one evaluation).
    private var plain: Written? {
        let plan = world.input.plan
        guard plan.goalAttainmentPlanID == nil, plan.behaviourSupportPlanID == nil else { return nil }
        return Written(id: plan.id, status: plan.status, template: plan.templateID, version: plan.templateVersion, previous: plan.previousPlanID)
    }

    /// As `ClientTable.wroteClient`, for the plan.
    private func wrotePlan(in evaluation: LuaEvaluation) -> Bool {
        guard let kept, let written, written == plain else { return false }
        return evaluation.handOut(kept)
    }

    /// Takes the engine's kept plan table for `evaluation` as it is, when it holds what it would be written with.
    func takeKeptTable(in evaluation: LuaEvaluation) -> Bool {
        guard evaluation.keptTable(RecycleKeys.plan, holds: writtenTag), wrotePlan(in: evaluation),
              evaluation.takeKeptTable(RecycleKeys.plan, for: self) else { return false }
        isKept = true
        return true
    }

    func write(to table: inout LuaTableWriter) {
        isKept = table.isKept
        if table.holds(tag: writtenTag), wrotePlan(in: table.evaluation) {
            return table.leaveAsItWas(tag: writtenTag)
        }
        table.removeAll()
        let plan = world.input.plan, names = world.names
        table.set(names.id, string: plan.id)
        table.set(names.status, string: plan.status.rawValue)
        table.set(names.template, string: plan.templateID)
        table.set(names.templateVersion, integer: plan.templateVersion)
        if let previous = plan.previousPlanID { table.set(names.previousPlan, string: previous) }
        if let record = plan.goalAttainmentPlanID.flatMap(world.recordTable) { table.set(names.goalAttainmentPlan, .table(record)) }
        if let record = plan.behaviourSupportPlanID.flatMap(world.recordTable) { table.set(names.behaviourSupportPlan, .table(record)) }
        guard let kept else {
            table.set(names.item, .function { [world] args in try world.planItem(args) })
            return
        }
        table.set(names.item, function: kept)
        guard table.isKept, let plain else { return }
        table.tag = table.uniqueTag()
        (writtenTag, written) = (table.tag, plain)
    }

    private func item(_ args: [LuaValue]) throws -> LuaHostValue { try world.planItem(args) }
}

/// `ctx.item` and `ctx.plan.item(...)`: an instance's state, without visibility.
final class ItemTable: LuaTableSource {
    var luaTableSlot: LuaTableSlot? = LuaTableSlot()
    unowned(unsafe) private(set) var world: ContextWorld
    private(set) var kind: ItemKind
    /// The template item, kept only for a `profile` item, whose shown values depend on it (a copy of the
    /// whole template item per instance and evaluation cost more than writing the table).
    private(set) var profileItem: TemplateItem?
    private(set) var valuesShape: LuaKeyShape
    /// The item's key interned, and its position in the template, when the engine has them at hand.
    private(set) var keyName: LuaName?
    private(set) var templateIndex: Int?
    /// The instance's position in the plan, where its table reads it (a copy of the instance per plan and position
    /// cost more than the reads); its table, and its values', are recycled by it from plan to plan.
    let position: Int
    /// `profileItem` is the template item when it is a `profile` item, else nil (handing a template item over
    /// by value copies it, so only the items that need it are handed over).
    init(kind: ItemKind, profileItem: TemplateItem?, valuesShape: LuaKeyShape, keyName: LuaName?,
         templateIndex: Int?, position: Int, world: ContextWorld) {
        self.kind = kind; self.profileItem = profileItem; self.valuesShape = valuesShape
        self.keyName = keyName; self.templateIndex = templateIndex; self.position = position; self.world = world
    }

    /// The item of `hooks` (its kind, profile item, values shape, key and template position), when made from one.
    private(set) var hooks: ItemHooks?

    /// An item table made from the engine's hooks of its item.
    convenience init(hooks: ItemHooks, position: Int, world: ContextWorld) {
        let kind = hooks.item.kind
        self.init(kind: kind, profileItem: kind == .profile ? hooks.item : nil, valuesShape: hooks.valuesShape, keyName: hooks.keyName,
                  templateIndex: hooks.index, position: position, world: world)
        self.hooks = hooks
    }

    /// The serial of the world it was last pointed at (`ContextWorld.serial`); 0 when none.
    var reusedBy = 0

    /// The same position's item in another evaluation (`InstanceTablePool`), as `init(hooks:position:world:)` makes it,
    /// for the world of `serial`.
    func reuse(_ hooks: ItemHooks, world: ContextWorld, serial: Int) {
        reusedBy = serial
        // Most often the same item as at this position in the plan before: it holds that item's parts already.
        if self.hooks !== hooks {
            let kind = hooks.item.kind
            self.kind = kind; profileItem = kind == .profile ? hooks.item : nil; valuesShape = hooks.valuesShape
            keyName = hooks.keyName; templateIndex = hooks.index; self.hooks = hooks
        }
        self.world = world
        isKept = false
    }
    var luaTableSize: (list: Int, fields: Int) { (0, 7) }
    var luaKeyShape: LuaKeyShape? { CtxShapes.item }
    /// Whether its table in this evaluation is the one kept under its recycle key (`LuaTableWriter.isKept`), noted
    /// when it is written: the item's table is written once per evaluation, before any ctx holding it.
    private(set) var isKept = false
    var luaRecycleKey: Int? { RecycleKeys.item(at: position) }
    var luaWritesEveryKey: Bool { true }
    /// What this source last wrote into its position's kept values table: the write's unique tag, the shape its
    /// metatable was made for (held, so no other shape can take its identity), and the values; kept from one
    /// evaluation to the next, as the source is (`InstanceTablePool`).
    /// (Three properties, not one tuple: reading one part of a tuple property copied the others.)
    private var writtenTag = 0
    private var writtenShape: LuaKeyShape?
    private var writtenValues: FieldValues = [:]

    /// True when `values` are the very ones (one dictionary storage, never changed in place while held here) this
    /// position last wrote into its kept values table, under this item's shape.
    private func wroteValues(_ values: FieldValues) -> Bool {
        writtenShape === valuesShape && writtenValues.isSameStorage(as: values)
    }
    func write(to table: inout LuaTableWriter) {
        world.input.plan.instances.withUnsafeBufferPointer { instances in write(instances.baseAddress! + position, to: &table) }
    }

    /// True when this position's kept item and values tables hold what `write` would set for the instance now, as
    /// `write` finds it: its values are the very ones last written, under the same shape, and its tag is the table's
    /// (the empty records list it holds built in this evaluation first, as `write` builds it). Never for a profile item,
    /// whose shown values are made anew for each write. The values are compared first: a plan other than the last one
    /// at this position is told in one comparison.
    func keptTablesHoldInstance(in evaluation: LuaEvaluation) -> Bool {
        guard kind != .profile else { return false }
        let world = self.world
        // The instance's parts the tag names, read in one pass over it in place. An item holding records has no tag (a
        // new list per plan): it is written.
        let (held, number, status, hasURL) = world.input.plan.instances.withUnsafeBufferPointer { instances in
            let instance = instances.baseAddress! + position
            return (instance.pointee.records.isEmpty && wroteValues(instance.pointee.values), instance.pointee.instance,
                    instance.pointee.status, instance.pointee.url != nil)
        }
        guard held, let noRecordsIsKept = world.refreshNoRecords(in: evaluation) else { return false }
        let tag = world.itemTag(instance: number, status: status, hasURL: hasURL, kind: kind, templateIndex: templateIndex,
                                noRecordsIsKept: noRecordsIsKept)
        return evaluation.keptTable(RecycleKeys.values(at: position), holds: writtenTag)
            && evaluation.keptTable(RecycleKeys.item(at: position), holds: tag)
    }

    /// Takes the kept item and values tables for `evaluation` as they are (after `keptTablesHoldInstance`).
    func takeKeptTables(in evaluation: LuaEvaluation) -> Bool {
        guard evaluation.takeKeptTable(RecycleKeys.item(at: position), for: self),
              evaluation.takeKeptTable(RecycleKeys.values(at: position), for: nil) else { return false }
        isKept = true
        return true
    }

    private func write(_ instance: UnsafePointer<ItemInstance>, to table: inout LuaTableWriter) {
        let names = world.names
        isKept = table.isKept
        // Only a profile item's values depend on the client; asking the input for the others would copy it.
        let shown = profileItem.map { world.input.shownValues(of: instance.pointee, item: $0) } ?? instance.pointee.values
        // The values are reached only through this table, so they are written with it, with no source of their own.
        // When the kept table still holds the very values this position last wrote (its tag says no other write
        // came since) and they equal this instance's, it is left as it was: a plan evaluated again, as every
        // fixture step and every change does, mostly has the same values at each position.
        let valuesRecycled = table.set(names.values, tableOf: (0, shown.count), shape: valuesShape,
                                       recycleKey: RecycleKeys.values(at: position), writesEveryKey: true) { values in
            if values.holds(tag: writtenTag), wroteValues(shown) {
                return values.leaveAsItWas(tag: writtenTag)
            }
            values.removeAll()
            for (key, value) in shown { values.set(key, field: value) }
            guard values.isKept else { return }
            values.tag = values.uniqueTag()
            (writtenTag, writtenShape, writtenValues) = (values.tag, valuesShape, shown)
        }
        let records = world.recordListTable(ids: instance.pointee.records)
        // The empty list every instance without records shares is built first (once per evaluation), so the tag knows
        // whether it is the kept one.
        if instance.pointee.records.isEmpty { table.refresh(records) }
        // The rest is the same from plan to plan for most instances at a position: left as it was when the kept
        // table holds it (the values just set are its own recycled table, and the tag names the kept empty records).
        let tag = valuesRecycled ? world.itemTag(instance.pointee, kind: kind, templateIndex: templateIndex, records: records) : 0
        if table.holds(tag: tag) { return table.leaveAsItWas(tag: tag) }
        table.tag = tag
        table.set(names.records, .table(records))
        if let keyName { table.set(names.key, name: keyName) } else { table.set(names.key, string: instance.pointee.key) }
        table.set(names.instance, integer: instance.pointee.instance)
        table.set(names.kind, name: names.name(of: kind))
        table.set(names.status, name: names.name(of: instance.pointee.status))
        // Written when absent too (nil), as every key is: a recycled table is rewritten over the last plan's entries.
        if let url = instance.pointee.url { table.set(names.url, string: url) } else { table.set(names.url, .value(.nil)) }
    }
}

/// The recycle keys of ctx's tables (`LuaTableSource.luaRecycleKey`): the client's, the plan's, the empty list of
/// records and the client's profile, then three per
/// instance, by its position in the plan, so the instance at the same position of the next plan an engine evaluates
/// rewrites the same three tables instead of making new ones.
enum RecycleKeys {
    static let client = 1
    static let plan = 2
    static let noRecords = 3
    static let profile = 4
    static func ctx(at position: Int) -> Int { 3 * position + 5 }
    static func item(at position: Int) -> Int { 3 * position + 6 }
    static func values(at position: Int) -> Int { 3 * position + 7 }
}
