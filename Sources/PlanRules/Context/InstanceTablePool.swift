/// An engine's client and plan table sources, and its ctx and item table sources by position in the plan, kept from
/// one evaluation to the next and pointed at each new evaluation's world: making and freeing two objects per instance
/// and plan cost more than reusing them. One evaluation uses it at a time, as it uses the engine; only the positions whose tables are
/// recycled are kept (`RecycleKeys`, within `LuaRuntime.recycleKeyLimit`), which bounds what it holds.
final class InstanceTablePool {
    private var client: ClientTable?
    private var plan: PlanTable?
    private var contexts: [ContextTable?] = []
    private var items: [ItemTable?] = []
    static let positions = 2_000

    /// The engine's client and plan tables, pointed at `world`.
    func client(for world: ContextWorld) -> ClientTable {
        if let client { client.reuse(world: world); return client }
        let made = ClientTable(world: world, kept: true)
        client = made
        return made
    }

    func plan(for world: ContextWorld) -> PlanTable {
        if let plan { plan.reuse(world: world); return plan }
        let made = PlanTable(world: world, kept: true)
        plan = made
        return made
    }

    func context(at position: Int) -> ContextTable? { position < contexts.count ? contexts[position] : nil }
    func item(at position: Int) -> ItemTable? { position < items.count ? items[position] : nil }

    /// Keeps `table` for the position; false past the positions kept.
    func keep(_ table: ContextTable, at position: Int) -> Bool {
        guard position < Self.positions else { return false }
        if position >= contexts.count { contexts.append(contentsOf: repeatElement(nil, count: position + 1 - contexts.count)) }
        contexts[position] = table
        return true
    }

    func keep(_ table: ItemTable, at position: Int) -> Bool {
        guard position < Self.positions else { return false }
        if position >= items.count { items.append(contentsOf: repeatElement(nil, count: position + 1 - items.count)) }
        items[position] = table
        return true
    }

    /// A number no other world of this pool has had (`ContextWorld.serial`), from 1.
    func newSerial() -> Int {
        serials += 1
        return serials
    }
    private var serials = 0
}
