import CLua
import CLuaGuard

/// The owner of one sandboxed, metered Lua state, closed in `deinit`.
///
/// Not thread-safe: use one runtime per thread. Scripts only ever run inside `evaluate`, and
/// nothing one evaluation does (globals, upvalues of a chunk, library tables, the `require`
/// cache, the print log) is visible to the next.
public final class LuaRuntime {
    public let limits: LuaLimits
    let modules: (String) -> LuaModule?
    let collectCoverage: Bool
    let guardState: UnsafeMutablePointer<CLGGuard>
    let L: OpaquePointer
    /// Identifies this runtime to the chunks it compiled (a weak reference back would give the
    /// runtime a side table and make every retain of it slow).
    let token = LuaRuntimeToken()
    /// The token's identity, compared where a reference-counted comparison would cost (unique while the token lives).
    let tokenID: ObjectIdentifier
    var current: LuaEvaluation?
    var nextEvaluationID = 0
    var moduleRefs: [String: Int32] = [:]
    /// The strict metatable of each key shape met so far (registry references); the shape is kept so its
    /// identifier is not reused while it names a metatable.
    var strictMetatables: [ObjectIdentifier: (shape: LuaKeyShape, ref: Int32)] = [:]
    static let strictMetatableLimit = 1024
    /// The highest `LuaTableSource.luaRecycleKey` whose table is kept: a bound on what an engine holds between
    /// evaluations (a few kilobytes per hundred keys); tables of higher keys are made afresh each time.
    public static let recycleKeyLimit = 6144
    /// Per recycle key, the evaluation that last took its table (so no evaluation gets it twice).
    var recycledBy: [Int] = []
    /// Per recycle key, the source that last took its table as it was (`LuaEvaluation.takeKeptTable`), so that a
    /// source's slot saying it took it is trusted only while it is that very source.
    var takenBy: [LuaTableSource?] = []
    /// Per recycle key, the tag its table was last written whole with (`LuaTableWriter.tag`; 0: none, or not known
    /// to be whole), and `recycleGeneration` then.
    var recycleTags: [Int] = []
    var recycleTagGenerations: [Int] = []
    /// Counts the tables kept anew under a recycle key (and the drops): while it stays the same, every kept table
    /// is the one it was, so a table holding only values and kept tables holds the same thing.
    var recycleGeneration = 0
    /// The last `LuaTableWriter.uniqueTag()` given, as a positive count.
    var uniqueTags = 0
    /// An empty list with room for the tables of an evaluation (`LuaEvaluation.tables`), handed from one to the
    /// next; one that grew past `spareTablesLimit` entries is let go with its evaluation instead.
    var spareTables: [LuaTableSource] = []
    static let spareTablesLimit = 1 << 14
    /// How many pushes rewrote a kept table instead of making one (for tests that count work).
    public internal(set) var tablesRecycled = 0
    /// How many of those were left as they were (`LuaTableWriter.holds(tag:)`; for tests).
    public internal(set) var tablesLeftAsTheyWere = 0
    /// How many of those were taken as they were before any push (`LuaEvaluation.takeKeptTable`; for tests).
    public internal(set) var tablesTaken = 0
    /// How many times the recycled tables were let go near the memory cap (for tests).
    public internal(set) var tablesDropped = 0
    /// The last metatable pushed for a few shapes, slotted by the shape's address: a plan's tables cycle through a
    /// handful of shapes (ctx, item, values), so most pushes end here without hashing. Only shapes that
    /// `strictMetatables` holds (and so keeps alive) are ever in it; emptied when that is.
    var recentStrictMetatables = [(shape: ObjectIdentifier?, ref: Int32)](repeating: (nil, 0), count: 16)
    var chunkNamesByID: [String: String] = [:]
    var coverageLines: [String: Set<Int>] = [:]
    var coverageSources: [UnsafeRawPointer: String] = [:]
    var activeLinesCache: [ObjectIdentifier: Set<Int>] = [:]
    /// The read-only tables of shared table sources (`LuaTableSource.luaTableIsShared`), by source.
    var sharedTables: [ObjectIdentifier: (source: LuaTableSource, ref: Int32)] = [:]
    /// Host-object keys as text, by the address of their (anchored, interned) Lua string.
    var keyStrings: [UnsafeRawPointer: String] = [:]
    /// The host functions this runtime keeps (`LuaKeptFunction`), numbered from 1 by their place here.
    var keptFunctions: [LuaKeptFunction] = []
    static let keptFunctionLimit = 1024
    /// The read-only views of globals kept for later evaluations (`LuaEvaluation.defineKeeping`), by name: a registry
    /// reference and the serial of the keep.
    var keptGlobals: [String: (serial: Int, ref: Int32)] = [:]
    var keptGlobalSerial = 0
    /// How many globals' views were kept, and defined again from a kept one (for tests that count work).
    public var globalsKept: Int { keptGlobalSerial }
    public internal(set) var keptGlobalsDefined = 0
    /// Calls scripts made into the host (host functions, lazy objects' reads), for `runKeeping`.
    var hostCalls = 0
    /// Lua interns strings up to 40 bytes: only those are kept, and at most this many.
    static let keyCacheMaxLength = 40
    static let keyCacheLimit = 4096

    /// Hook events between instruction-count checks, before the budget nears its end.
    static let hookGranularity: Int32 = 1000

    /// Creates a state with the allow-listed environment; `modules` resolves `require(name)`.
    public init(
        limits: LuaLimits = .init(), modules: @escaping (String) -> LuaModule? = { _ in nil },
        collectCoverage: Bool = false
    ) throws {
        guard let state = clg_open(max(limits.memoryBytes, 0), LuaRuntime.hookGranularity, collectCoverage ? 1 : 0),
            let L = state.pointee.L
        else {
            throw LuaError(kind: .limit(.memory), message: "could not create a Lua state within \(limits.memoryBytes) bytes")
        }
        self.limits = limits
        self.modules = modules
        self.collectCoverage = collectCoverage
        self.guardState = state
        self.L = L
        self.tokenID = ObjectIdentifier(token)
        state.pointee.callbacks = CLGCallbacks(
            context: Unmanaged.passUnretained(self).toOpaque(),
            index: hostIndexCallback, length: hostLengthCallback, keys: hostKeysCallback,
            call: hostCallCallback, module: moduleCallback,
            line: collectCoverage ? lineCallback : nil)
    }

    deinit {
        clg_close(guardState)
    }

    /// Compiles text (never binary chunks) once; the chunk can be run by any later evaluation.
    public func compile(_ source: String, chunkName: String) throws(LuaError) -> LuaChunk {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        let ref = try load(source, chunkName: chunkName)
        return LuaChunk(chunkName: chunkName, ref: ref, owner: token)
    }

    /// Runs one evaluation: fresh globals, `require` cache and print log; the wall clock starts.
    public func evaluate<T>(_ body: (LuaEvaluation) throws -> T) rethrows -> T {
        precondition(current == nil, "LuaRuntime.evaluate does not nest")
        let top = lua_gettop(L)
        nextEvaluationID += 1
        let evaluation = LuaEvaluation(runtime: self, id: nextEvaluationID)
        // The last evaluation's list of tables, emptied, so a plan of many tables does not grow one anew each time.
        swap(&evaluation.tables, &spareTables)
        clg_begin_evaluation(L)
        current = evaluation
        guardState.pointee.deadline = clg_now() + limits.wallClockSeconds
        defer {
            for kept in evaluation.prepared { kept.verify(in: self) }
            evaluation.isValid = false
            if evaluation.tables.capacity <= LuaRuntime.spareTablesLimit {
                evaluation.tables.removeAll(keepingCapacity: true)
                swap(&evaluation.tables, &spareTables)
            }
            current = nil
            guardState.pointee.deadline = 0
            clg_end_evaluation(L)
            lua_settop(L, top)
            // Recycled tables keep the last plan's ctx reachable until the next plan rewrites them. Near the memory
            // cap that would leave the next plan less room than a fresh state gives it: when more than half the cap
            // is still in use after a full collection, they go.
            if guardState.pointee.used > guardState.pointee.cap / 2 {
                clg_collect(L)
                if guardState.pointee.used > guardState.pointee.cap / 2 { dropRecycledTables() }
            }
            // Whatever the script held at the cap goes now, before the next evaluation starts.
            if guardState.pointee.used > guardState.pointee.cap || guardState.pointee.memoryRefused != 0 {
                clg_collect(L)
            }
        }
        return try body(evaluation)
    }

    /// Keeps the view at registry reference `ref` as global `name`'s, letting the one kept before go.
    func keep(global name: String, ref: Int32) -> LuaKeptGlobal {
        if let old = keptGlobals[name] { luaL_unref(L, clua_registryindex(), old.ref) }
        keptGlobalSerial += 1
        keptGlobals[name] = (keptGlobalSerial, ref)
        return LuaKeptGlobal(name: name, serial: keptGlobalSerial, owner: token)
    }

    /// Lets every recycled table go: the next evaluation makes its tables afresh (and keeps those).
    func dropRecycledTables() {
        clg_recycled_drop(L)
        recycledBy.removeAll(keepingCapacity: true)
        takenBy.removeAll(keepingCapacity: true)
        recycleTags.removeAll(keepingCapacity: true)
        recycleTagGenerations.removeAll(keepingCapacity: true)
        recycleGeneration &+= 1
        tablesDropped &+= 1
    }

    /// Chunk name → lines run, when created with `collectCoverage`.
    public var coverage: [String: Set<Int>] { coverageLines }

    /// Bytes the state's allocator holds, after a full collection.
    public var bytesInUse: Int {
        clg_collect(L)
        return guardState.pointee.used
    }

    /// The Lua stack top; stays where it was across calls (for tests of stack discipline).
    var stackTop: Int { Int(lua_gettop(L)) }

    // MARK: - Loading

    /// Loads text as a function and keeps it in the registry; returns its reference.
    func load(_ source: String, chunkName: String) throws(LuaError) -> Int32 {
        registerChunkName(chunkName)
        var text = source
        let status = text.withUTF8 { buffer in
            luaL_loadbufferx(L, buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buffer.count, chunkName, "t")
        }
        if status != luaOK {
            var error = positionedError(kind: .syntax, message: string(at: -1) ?? "syntax error")
            if error.chunkName == nil { error.chunkName = chunkName }
            throw error
        }
        return luaL_ref(L, clua_registryindex())
    }

    func registerChunkName(_ chunkName: String) {
        chunkNamesByID[LuaRuntime.chunkID(chunkName)] = chunkName
    }

    /// Lua's short form of a chunk name (`luaO_chunkid`), as it appears in error positions.
    static func chunkID(_ name: String) -> String {
        let idSize = 60
        let bytes = Array(name.utf8)
        if name.hasPrefix("=") {
            return String(decoding: bytes.dropFirst().prefix(idSize - 1), as: UTF8.self)
        }
        if name.hasPrefix("@") {
            let rest = bytes.dropFirst()
            if rest.count <= idSize - 1 { return String(decoding: rest, as: UTF8.self) }
            return "..." + String(decoding: rest.suffix(idSize - 1 - 3), as: UTF8.self)
        }
        let firstLine = bytes.prefix { $0 != 10 }
        let limit = idSize - 15
        if firstLine.count < bytes.count || firstLine.count > limit {
            return "[string \"" + String(decoding: firstLine.prefix(limit), as: UTF8.self) + "...\"]"
        }
        return "[string \"" + String(decoding: firstLine, as: UTF8.self) + "\"]"
    }

    // MARK: - Errors

    /// Splits `short_src:line: message` into a located error.
    func positionedError(kind: LuaError.Kind, message: String) -> LuaError {
        if let (source, line, rest) = LuaRuntime.splitPosition(message) {
            return LuaError(kind: kind, message: rest, chunkName: chunkNamesByID[source] ?? source, line: line)
        }
        return LuaError(kind: kind, message: message)
    }

    static func splitPosition(_ message: String) -> (String, Int, String)? {
        var search = message[...]
        while let colon = search.firstIndex(of: ":") {
            let afterColon = message.index(after: colon)
            let digits = message[afterColon...].prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, digits.endIndex < message.endIndex, message[digits.endIndex] == ":",
                let line = Int(digits)
            {
                var rest = message[message.index(after: digits.endIndex)...]
                if rest.hasPrefix(" ") { rest = rest.dropFirst() }
                return (String(message[..<colon]), line, String(rest))
            }
            search = message[afterColon...]
        }
        return nil
    }

    func cString<T>(_ tuple: inout T) -> String {
        withUnsafePointer(to: &tuple) { pointer in
            pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout<T>.size) { String(cString: $0) }
        }
    }

    /// The error of a failed `clg_pcall`, whose message (or limit sentinel) is at the top.
    func callError(status: Int32) -> LuaError {
        let g = guardState
        clg_pushtraceback(L)
        let traceback = string(at: -1)
        clua_pop(L, 1)
        let tripSource = cString(&g.pointee.tripSource)
        let tripLine = Int(g.pointee.tripLine)
        func limitError(_ kind: LuaError.LuaLimitKind, _ message: String) -> LuaError {
            LuaError(
                kind: .limit(kind), message: message, chunkName: tripSource.isEmpty ? nil : tripSource,
                line: tripLine > 0 ? tripLine : nil, traceback: traceback)
        }
        switch g.pointee.tripped {
        case Int32(CLG_LIMIT_INSTRUCTIONS): return limitError(.instructions, "instruction limit of \(limits.instructions) exceeded")
        case Int32(CLG_LIMIT_MEMORY): return limitError(.memory, "memory limit of \(LuaRuntime.format(bytes: limits.memoryBytes)) exceeded")
        case Int32(CLG_LIMIT_WALLCLOCK):
            return limitError(.wallClock, "wall-clock limit of \(LuaRuntime.format(seconds: limits.wallClockSeconds)) exceeded")
        default: break
        }
        let raw = clg_islimitsentinel(L, -1) != 0 ? "limit exceeded" : (string(at: -1) ?? "unknown error")
        if status == luaErrorMemory || (g.pointee.memoryRefused != 0 && raw.hasSuffix("not enough memory")) {
            return limitError(.memory, "memory limit of \(LuaRuntime.format(bytes: limits.memoryBytes)) exceeded")
        }
        var error = positionedError(kind: .runtime, message: raw)
        error.traceback = traceback
        if error.chunkName == nil {
            let source = cString(&g.pointee.errorSource)
            if !source.isEmpty {
                error.chunkName = source
                error.line = g.pointee.errorLine > 0 ? Int(g.pointee.errorLine) : nil
            }
        }
        if error.message.contains("stack overflow") || status == luaErrorInHandler && error.message.contains("error in error handling") && g.pointee.memoryRefused == 0 {
            if error.message.contains("stack overflow") {
                error.kind = .limit(.stack)
                error.message = "stack limit exceeded (\(error.message))"
            }
        }
        return error
    }

    static func format(seconds: Double) -> String {
        if seconds == seconds.rounded(), abs(seconds) < 1e15 { return "\(Int(seconds)) s" }
        return "\(seconds) s"
    }

    static func format(bytes: Int) -> String {
        if bytes > 0, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        return "\(bytes) bytes"
    }

    // MARK: - Stack helpers

    func string(at index: Int32) -> String? {
        guard lua_type(L, index) == LUA_TSTRING || lua_type(L, index) == LUA_TNUMBER else { return nil }
        var length = 0
        guard let pointer = lua_tolstring(L, index, &length) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    func pushString(_ string: String) {
        var text = string
        text.withUTF8 { buffer in
            _ = lua_pushlstring(L, buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buffer.count)
        }
    }

    static func from(_ context: UnsafeMutableRawPointer?) -> LuaRuntime {
        Unmanaged<LuaRuntime>.fromOpaque(context!).takeUnretainedValue()
    }
}

/// The identity of one runtime, shared with its chunks: unique while either is alive.
final class LuaRuntimeToken {}

/// Compiled Lua text, reusable by every evaluation of the runtime that compiled it.
public final class LuaChunk {
    public let chunkName: String
    let ref: Int32
    let owner: LuaRuntimeToken

    init(chunkName: String, ref: Int32, owner: LuaRuntimeToken) {
        self.chunkName = chunkName
        self.ref = ref
        self.owner = owner
    }

    func belongs(to runtime: LuaRuntime) -> Bool { owner === runtime.token }
}
