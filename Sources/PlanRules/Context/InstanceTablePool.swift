/// An engine's ctx and item table sources by position in the plan, kept from one evaluation to the next and
/// pointed at each new evaluation's world: making and freeing two objects per instance and plan cost more than
/// reusing them. One evaluation uses it at a time, as it uses the engine; only the positions whose tables are
/// recycled are kept (`RecycleKeys`, within `LuaRuntime.recycleKeyLimit`), which bounds what it holds.
final class InstanceTablePool {
    private var contexts: [ContextTable?] = []
    private var items: [ItemTable?] = []
    static let positions = 2_000

    func context(at position: Int) -> ContextTable? { position < contexts.count ? contexts[position] : nil }
    func item(at position: Int) -> ItemTable? { position < items.count ? items[position] : nil }

    func keep(_ table: ContextTable, at position: Int) {
        guard position < Self.positions else { return }
        if position >= contexts.count { contexts.append(contentsOf: repeatElement(nil, count: position + 1 - contexts.count)) }
        contexts[position] = table
    }

    func keep(_ table: ItemTable, at position: Int) {
        guard position < Self.positions else { return }
        if position >= items.count { items.append(contentsOf: repeatElement(nil, count: position + 1 - items.count)) }
        items[position] = table
    }
}
