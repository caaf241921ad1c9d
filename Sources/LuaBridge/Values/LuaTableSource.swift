/// Host data handed to Lua as a plain read-only table, built in one pass the first time it is pushed in
/// an evaluation: reads are then ordinary table reads in the Lua VM, with no call back into Swift.
///
/// Within one evaluation a source is one table, however often it is pushed (compare with `rawequal`),
/// and `write(to:)` runs at most once, so what it writes must not change during an evaluation. The table
/// is read-only as `LuaHostValue.value` tables are: an empty proxy whose protected metatable reads the
/// data table, which no script can reach.
public protocol LuaTableSource: AnyObject {
    /// How many list positions and fields the table will hold (a size hint, so it is allocated once).
    var luaTableSize: (list: Int, fields: Int) { get }
    /// Writes every entry of the table.
    func write(to table: inout LuaTableWriter)
    /// The keys the table may be read by; nil (the default) lets any missing key read nil.
    var luaKeyShape: LuaKeyShape? { get }
    /// True for a table the runtime builds once, the first time any evaluation pushes it, and hands to every
    /// later evaluation as the same read-only table: for data that is the same in every evaluation of the
    /// runtime (a template version's schema), so no evaluation pays to build it again. What it writes must
    /// never change, and only plain values and tables: host objects and functions belong to one evaluation.
    var luaTableIsShared: Bool { get }
    /// A key (1 through `LuaRuntime.recycleKeyLimit`) under which the runtime keeps this source's table after
    /// its evaluation, to empty and rewrite for the source of the same key in a later evaluation instead of
    /// making a new one: for a part that every evaluation of the runtime has anew (an instance's ctx in a
    /// plan of a template). Only the first source of a key in an evaluation gets the kept table; nil (the
    /// default) makes a new table in every evaluation.
    var luaRecycleKey: Int? { get }
    /// True when every `write(to:)` sets the same keys (nil for the ones it has no value for), so a recycled
    /// table is rewritten over its old entries without being emptied first. False (the default) empties it.
    var luaWritesEveryKey: Bool { get }
    /// Where the runtime notes the source's table in the evaluation that pushed it last, so a later push
    /// finds it without a lookup by identity; nil (the default) for a source without such storage. A source
    /// with a slot is best pushed by one evaluation at a time (ctx's tables are made per evaluation): a slot
    /// another evaluation overwrote only costs a second, equal table.
    var luaTableSlot: LuaTableSlot? { get set }
}

/// A source's table in the evaluation that pushed it last; only `LuaRuntime` reads or writes it.
public struct LuaTableSlot: Sendable {
    var id: Int = 0
    /// Set once the table of that evaluation is built and kept in it (a later push finds it without writing).
    var isBuilt = false
    /// For a source that took the table kept under a recycle key as it was (`LuaEvaluation.takeKeptTable`): the key,
    /// and the evaluation that took it (0, 0 otherwise). Its table in that evaluation is the kept one, with no id.
    var takenKey = 0
    var takenBy = 0
    public init() {}
    init(id: Int) { self.id = id }
}

extension LuaTableSource {
    public var luaTableSize: (list: Int, fields: Int) { (0, 8) }
    public var luaKeyShape: LuaKeyShape? { nil }
    public var luaTableIsShared: Bool { false }
    public var luaRecycleKey: Int? { nil }
    public var luaWritesEveryKey: Bool { false }
    public var luaTableSlot: LuaTableSlot? {
        get { nil }
        set {}
    }
}
