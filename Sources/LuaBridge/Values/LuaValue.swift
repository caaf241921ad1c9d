/// Plain data that crosses the boundary between Swift and Lua.
///
/// Lua tables become `.list` when their keys are exactly `1...n` (n ≥ 1) and `.map` when every key
/// is a string; an empty table is `.map([:])`. Integers stay integers.
public enum LuaValue: Equatable, Sendable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case list([LuaValue])
    case map([String: LuaValue])
}

/// A key a script reads from a host object: a field name or a 1-based position.
public enum LuaKey: Hashable, Sendable {
    case string(String)
    case index(Int)
}

/// Host data handed to Lua lazily and read-only, so a hook that reads one field pays for one field.
///
/// Within one evaluation an object is one proxy, however often it is handed to Lua (compare with
/// `rawequal`), and `luaIndex` is called at most once per key: answers, nil included, are cached
/// on the Lua side, so answers must not change during an evaluation.
public protocol LuaHostObject: AnyObject {
    /// The value at `key`, or `.value(.nil)` when there is none.
    func luaIndex(_ key: LuaKey) throws -> LuaHostValue
    /// The length seen by `#` and `ipairs` for list-like objects (0 for maps).
    func luaLength() -> Int
    /// The keys `pairs()` visits, in order.
    func luaKeys() -> [LuaKey]
}

/// A value the host hands to Lua.
public enum LuaHostValue {
    /// Plain data; tables arrive read-only (writes raise "attempt to modify read-only table ...").
    case value(LuaValue)
    /// A read-only lazy proxy table calling back into the object.
    case object(LuaHostObject)
    /// A read-only table built from the source once per evaluation; reads never call back into the host.
    case table(LuaTableSource)
    /// A host function callable from Lua; a thrown error becomes a Lua error with its description. It cannot call
    /// back into Lua (`LuaEvaluation.call`, `callHook`, `run`): calls into Lua do not nest, as the running call's meter
    /// would be replaced, so such a call fails (and with it, unless its script catches that, the running call).
    case function(([LuaValue]) throws -> LuaHostValue)
}

/// Limits applied to every script run by a `LuaRuntime`.
public struct LuaLimits: Sendable {
    /// Instruction budget of each call into Lua (a hook call or a chunk run).
    public var instructions: Int = 1_000_000
    /// Memory cap of the whole Lua state.
    public var memoryBytes: Int = 64 << 20
    /// Wall-clock cap of one evaluation.
    public var wallClockSeconds: Double = 2.0
    /// Most table entries one conversion to Swift may read.
    public var maxTableEntries: Int = 100_000
    /// Deepest table nesting a conversion to Swift accepts.
    public var maxDepth: Int = 32

    public init(
        instructions: Int = 1_000_000, memoryBytes: Int = 64 << 20, wallClockSeconds: Double = 2.0,
        maxTableEntries: Int = 100_000, maxDepth: Int = 32
    ) {
        self.instructions = instructions
        self.memoryBytes = memoryBytes
        self.wallClockSeconds = wallClockSeconds
        self.maxTableEntries = maxTableEntries
        self.maxDepth = maxDepth
    }
}

/// The source of a module `require` may load, with the chunk name its errors cite.
public struct LuaModule: Sendable {
    public var source: String
    /// For example `"@Rules/lib/helpers.lua"`.
    public var chunkName: String

    public init(source: String, chunkName: String) {
        self.source = source
        self.chunkName = chunkName
    }
}
