import CLua
import CLuaGuard

/// One evaluation of a runtime: its own globals environment, `require` cache and print log.
///
/// Tables and functions it hands out are only valid until `LuaRuntime.evaluate` returns.
public final class LuaEvaluation {
    // Only touched while `isValid`, which ends before the runtime can go away; plain unowned
    // references would cost an atomic retain on every use in the hot path.
    unowned(unsafe) let runtime: LuaRuntime
    let L: OpaquePointer
    let id: Int
    /// The runtime's token, to tell the paths interned in it.
    let tokenID: ObjectIdentifier
    var isValid = true
    /// Host objects handed to Lua, by id (1-based); each object gets one id, and so one proxy.
    var objects: [LuaHostObject] = []
    var objectIDs: [ObjectIdentifier: lua_Integer] = [:]
    var functions: [([LuaValue]) throws -> LuaHostValue] = []
    /// Host tables pushed in this evaluation, by id (1-based); kept so an identity is never reused.
    var tables: [LuaTableSource] = []
    var tableIDs: [ObjectIdentifier: lua_Integer] = [:]
    var logLines: [String] = []
    /// Kept chunk tables this evaluation used, compared with their snapshots when it ends.
    var prepared: [LuaPreparedTable] = []

    init(runtime: LuaRuntime, id: Int) {
        self.runtime = runtime
        self.L = runtime.L
        self.id = id
        self.tokenID = ObjectIdentifier(runtime.token)
    }

    /// Runs a chunk in this evaluation's environment; its first result must be a table.
    public func run(_ chunk: LuaChunk) throws(LuaError) -> LuaTable {
        try checkValid()
        guard chunk.belongs(to: runtime) else {
            throw LuaError(kind: .runtime, message: "the chunk \(chunk.chunkName) belongs to another runtime")
        }
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        guard lua_checkstack(L, 8) != 0 else { throw stackError() }
        lua_rawgeti(L, clua_registryindex(), lua_Integer(chunk.ref))   // [chunk]
        clg_push_evaluation(L, Int32(CLG_EVAL_ENV))                           // [chunk, env]
        if lua_setupvalue(L, -2, 1) == nil { clua_pop(L, 1) }         // a fresh _ENV for every run
        let status = clg_pcall(runtime.guardState, 0, 1, Int64(runtime.limits.instructions))
        guard status == luaOK else { throw runtime.callError(status: status) }
        guard lua_type(L, -1) == LUA_TTABLE else {
            let typeName = String(cString: lua_typename(L, lua_type(L, -1)))
            throw LuaError(kind: .runtime, message: "the chunk returned a \(typeName) value instead of a table", chunkName: chunk.chunkName)
        }
        return LuaTable(ref: storeHandle(), evaluationID: id)
    }

    /// Runs a chunk like `run(_:)` and tries to keep the table it returns for later evaluations (`LuaPreparedTable`).
    /// Not kept (the refusal says why) when the chunk printed, called the host, or built something of this
    /// evaluation that a later one must not see. At most `maxEntries` table entries and upvalues are kept:
    /// each is compared after every evaluation that uses them.
    public func runKeeping(_ chunk: LuaChunk, maxEntries: Int = 50_000) throws(LuaError) -> (table: LuaTable, kept: LuaPreparedTable) {
        let guardState = runtime.guardState
        let logs = guardState.pointee.logCount, hostCalls = runtime.hostCalls
        let table = try run(chunk)
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        func refused(_ reason: String) -> (LuaTable, LuaPreparedTable) {
            (table, LuaPreparedTable(ref: LUA_NOREF, owner: runtime.token, refusal: "the rules table is not kept: " + reason))
        }
        if guardState.pointee.logCount != logs { return refused("the chunk printed while it ran") }
        if runtime.hostCalls != hostCalls { return refused("the chunk called sp or the host while it ran") }
        let before = runtime.bytesInUse
        pushHandle(table.ref)
        guard clg_prepare(L, -1, lua_Integer(maxEntries)) != 0 else {
            return refused(runtime.string(at: -1) ?? "it could not be walked")
        }
        let kept = LuaPreparedTable(ref: luaL_ref(L, clua_registryindex()), owner: runtime.token, refusal: nil)
        let grown = max(0, runtime.bytesInUse - before)
        kept.reservedBytes = grown
        guardState.pointee.cap += grown
        return (table, kept)
    }

    /// The kept table of `prepared`, bound to this evaluation (its functions see this evaluation's globals and
    /// `require` cache); nil when it is no longer kept, so the caller runs the chunk instead.
    public func use(_ prepared: LuaPreparedTable) throws(LuaError) -> LuaTable? {
        try checkValid()
        guard prepared.isKept, prepared.owner === runtime.token else { return nil }
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        guard lua_checkstack(L, 16) != 0 else { throw stackError() }
        lua_rawgeti(L, clua_registryindex(), lua_Integer(prepared.ref))
        clg_prepared_attach(L, -1)                       // [snapshot, root]
        if !self.prepared.contains(where: { $0 === prepared }) { self.prepared.append(prepared) }
        prepared.uses += 1
        return LuaTable(ref: storeHandle(), evaluationID: id, prepared: prepared)
    }

    /// Describes a table's structure: nested tables, functions (with the line defined) and values.
    public func shape(of table: LuaTable) throws(LuaError) -> LuaShape {
        try checkValid(table.evaluationID)
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        guard lua_checkstack(L, 8) != 0 else { throw stackError() }
        pushHandle(table.ref)
        var converter = LuaConverter(runtime: runtime, evaluation: self, root: "result")
        return try shape(at: lua_gettop(L), converter: &converter)
    }

    /// Calls the function at `table.path[0].path[1]...` (read raw) with `args`.
    public func call(_ table: LuaTable, path: [String], _ args: [LuaHostValue]) throws(LuaError) -> LuaCallResult {
        try call(table, steps: path, push: { runtime.pushString($0) }, text: { $0 }, args)
    }

    /// `call(_:path:_:)` with the path's steps as interned names: a hook called in every evaluation
    /// finds its function without hashing the path's text each time.
    public func call(_ table: LuaTable, names path: [LuaName], _ args: [LuaHostValue]) throws(LuaError) -> LuaCallResult {
        try call(table, steps: path, push: { runtime.push($0) }, text: \.text, args)
    }

    private func call<Step>(_ table: LuaTable, steps path: [Step], push: (Step) -> Void, text: (Step) -> String,
                            _ args: [LuaHostValue]) throws(LuaError) -> LuaCallResult {
        try checkValid(table.evaluationID)
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        guard lua_checkstack(L, 8) != 0 else { throw stackError() }
        try pushFunction(table, steps: path, push: push, text: text)
        return try callFunctionAtTop(args)
    }

    /// Calls the hook at `table.path[0].path[1]...` (read raw) with one argument, for the hooks an evaluation
    /// calls by the hundred: a boolean answer, or false and a message, is read straight off the stack, and
    /// only other answers are converted (as `call` converts them). What the hook prints is in `log`.
    public func callHook(_ table: LuaTable, path: LuaPath, _ argument: LuaHostValue) throws(LuaError) -> LuaHookAnswer {
        try checkValid(table.evaluationID)
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        let call = try callHookAtTop(table, path: path, argument, handler: top + 1)
        switch Int(call.answer) {
        case CLG_ANSWER_TRUE: return .flag(true)
        case CLG_ANSWER_FALSE: return .flag(false)
        case CLG_ANSWER_REFUSAL:
            if let message = runtime.answerString(at: call.base + 1) { return .refusal(message) }
        default: break
        }
        return .values(try convertResults(from: call.base, count: call.count))
    }

    /// `callHook(_:path:_:)` with the path's steps as names.
    public func callHook(_ table: LuaTable, names path: [LuaName], _ argument: LuaHostValue) throws(LuaError) -> LuaHookAnswer {
        try callHook(table, path: LuaPath(path), argument)
    }

    /// `callHook` for a hook whose one table answer the caller reads itself: when the hook returns exactly one
    /// table that `LuaFlatTable` can read, `read` gets its entries in place, and its value (once it has read them all) is the answer; when it
    /// returns anything else, or `read` gives nil (the table was not flat, or not what the caller takes), the
    /// answer is converted as `call` converts it, with the same refusals.
    ///
    /// Inlined into its caller, which so calls the non-generic `callHook(_:path:_:readingInPlace:)`: a generic
    /// function called from another module is not specialized, and looked up its types' metadata on every call.
    @inlinable
    public func callHook<Value>(_ table: LuaTable, path: LuaPath, _ argument: LuaHostValue,
                                reading read: (inout LuaFlatTable) -> Value?) throws(LuaError) -> LuaReadAnswer<Value> {
        var value: Value?
        let converted = try callHook(table, path: path, argument, readingInPlace: { entries in
            value = read(&entries)
            return value != nil
        })
        if let converted { return .values(converted) }
        return .read(value!)
    }

    /// The core of `callHook(_:path:_:reading:)`, with no generic type: nil when `read` took the whole flat table
    /// (gave true, the caller keeping what it read), else the answer converted as `call` converts it.
    public func callHook(_ table: LuaTable, path: LuaPath, _ argument: LuaHostValue,
                         readingInPlace read: (inout LuaFlatTable) -> Bool) throws(LuaError) -> [LuaValue]? {
        try checkValid(table.evaluationID)
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        let call = try callHookAtTop(table, path: path, argument, handler: top + 1)
        let base = call.base
        if call.count == 1, lua_type(L, base) == LUA_TTABLE, runtime.limits.maxDepth > 0, lua_checkstack(L, 4) != 0 {
            var object: lua_Integer = 0
            switch clg_proxy_kind(L, base, &object) {
            case 0:
                var entries = LuaFlatTable(runtime: runtime, index: base)
                let took = read(&entries)
                lua_settop(L, base)
                if entries.isFlat, entries.isFinished, took { return nil }
            case 1:
                clua_pop(L, 1)
            default:
                break
            }
        }
        return try convertResults(from: base, count: call.count)
    }

    /// Calls the hook at `path` with one argument, the message handler at `handler` (the stack's top + 1), leaving
    /// its results on the stack: where they start, how many there are, and how it answered.
    private func callHookAtTop(_ table: LuaTable, path: LuaPath, _ argument: LuaHostValue,
                               handler: Int32) throws(LuaError) -> CLGHookCall {
        try pushHook(table, path: path)
        // Called without the retain and release around it that a call on `runtime` costs (it outlives this evaluation).
        let pushed = Unmanaged.passUnretained(runtime)._withUnsafeGuaranteedRef { $0.push(argument, in: self) }
        guard pushed else { throw stackError() }
        let call = clg_pcall_hook(runtime.guardState, handler, 1, Int64(runtime.limits.instructions))
        guard call.status == luaOK else { throw runtime.callError(status: call.status) }
        return call
    }

    /// Pushes the message handler, then the function at `path` in `table` (read raw), walking it in one call into C
    /// once its steps are interned.
    private func pushHook(_ table: LuaTable, path: LuaPath) throws(LuaError) {
        var reached: Int32 = -1
        let count = path.steps.count
        // Interned in this runtime, the path's references are read straight off it; otherwise the runtime interns them.
        if let refs = path.ownerID == tokenID ? UnsafePointer(path.refs) : runtime.refs(of: path) {
            if let kept = table.prepared, let slot = kept.knownHookSlot(path) ?? kept.hookSlot(path, refs: refs, in: runtime) {
                guard clg_prepared_push_hook(L, kept.hooksRef, slot) != 0 else { throw stackError() }
                return
            }
            reached = clg_push_hook(L, table.ref, refs, Int32(count))
            guard reached != -2 else { throw stackError() }
        }
        if reached == -3 { try requireFunctionAtTop(path.text(count)) }   // throws: not a function
        if reached < 0 {
            guard lua_checkstack(L, 8) != 0 else { throw stackError() }
            clg_push_message_handler(L)
            return try pushFunction(table, steps: path.steps, push: { runtime.push($0) }, text: \.text)
        }
        guard reached == count else { throw notATable(path.text(Int(reached))) }
    }

    /// Pushes the function at `table.path[0].path[1]...` (read raw).
    private func pushFunction<Step>(_ table: LuaTable, steps path: [Step], push: (Step) -> Void,
                                    text: (Step) -> String) throws(LuaError) {
        pushHandle(table.ref)
        for (depth, key) in path.enumerated() {
            guard lua_type(L, -1) == LUA_TTABLE else { throw notATable(path[..<depth].map(text).joined(separator: ".")) }
            push(key)
            lua_rawget(L, -2)
            clua_remove(L, -2)
        }
        try requireFunctionAtTop(path.map(text).joined(separator: "."))
    }

    /// What a path walked into something that is not a table says, `path` being the part walked.
    private func notATable(_ path: String) -> LuaError {
        LuaError(kind: .runtime, message: "'\(path)' is not a table")
    }

    /// Refuses what a path led to (at the top of the stack) unless it is a function.
    private func requireFunctionAtTop(_ path: @autoclosure () -> String) throws(LuaError) {
        guard lua_type(L, -1) != LUA_TFUNCTION else { return }
        let typeName = String(cString: lua_typename(L, lua_type(L, -1)))
        throw LuaError(kind: .runtime, message: "'\(path())' is not a function (a \(typeName) value)")
    }

    /// Calls a function from this evaluation with `args`.
    public func call(_ function: LuaFunction, _ args: [LuaHostValue]) throws(LuaError) -> LuaCallResult {
        try checkValid(function.evaluationID)
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        guard lua_checkstack(L, 8) != 0 else { throw stackError() }
        pushHandle(function.ref)
        return try callFunctionAtTop(args)
    }

    /// Defines a global visible to this evaluation's scripts (e.g. a helper table like `sp`).
    public func define(global name: String, _ value: LuaHostValue) throws(LuaError) {
        try checkValid()
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        clg_push_evaluation(L, Int32(CLG_EVAL_GLOBALS))
        runtime.pushString(name)
        guard runtime.push(value, in: self) else { throw stackError() }
        lua_rawset(L, -3)
    }

    /// Defines a global of this evaluation as a read-only view of a table a chunk made in it
    /// (e.g. helpers written in Lua), so one hook cannot replace what the next one calls.
    public func define(global name: String, table: LuaTable) throws(LuaError) {
        _ = try defineView(global: name, table: table, keeping: false)
    }

    /// Defines a global as `define(global:table:)` does and, when all the table holds is the same in every evaluation
    /// (plain values, the sandbox's library, host functions the runtime keeps, Lua functions of such upvalues and no
    /// environment), keeps its read-only view in the runtime for later evaluations to define again
    /// (`define(global:kept:)`) instead of building it anew: nothing a script does can change it. Nil when not kept.
    /// The runtime keeps one view per name: the last kept.
    public func defineKeeping(global name: String, table: LuaTable) throws(LuaError) -> LuaKeptGlobal? {
        try defineView(global: name, table: table, keeping: true)
    }

    private func defineView(global name: String, table: LuaTable, keeping: Bool) throws(LuaError) -> LuaKeptGlobal? {
        try checkValid(table.evaluationID)
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        guard lua_checkstack(L, 8) != 0 else { throw stackError() }
        // Scripts reach the kept table through the global: what they can change is no longer only what its
        // functions and modules reach, so this evaluation's end compares all of it.
        table.prepared?.exposed = true
        clg_push_evaluation(L, Int32(CLG_EVAL_GLOBALS))   // [globals]
        runtime.pushString(name)                          // [globals, name]
        pushHandle(table.ref)                             // [globals, name, table]
        let same = keeping && clg_same_in_every_evaluation(L, -1) != 0
        clg_make_readonly(L)                              // [globals, name, proxy]
        var kept: LuaKeptGlobal?
        if same {
            lua_pushvalue(L, -1)
            kept = runtime.keep(global: name, ref: luaL_ref(L, clua_registryindex()))
        }
        lua_rawset(L, -3)
        return kept
    }

    /// Defines global `name` as the view `kept` names, kept by `defineKeeping(global:table:)` in an earlier evaluation;
    /// false (nothing defined) when the runtime no longer keeps it. The caller hands out the host functions it holds
    /// (`handOut(_:)`), as it would write them.
    public func define(global name: String, kept: LuaKeptGlobal) throws(LuaError) -> Bool {
        try checkValid()
        guard kept.owner === runtime.token, kept.name == name, let entry = runtime.keptGlobals[name],
              entry.serial == kept.serial else { return false }
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        guard lua_checkstack(L, 8) != 0 else { throw stackError() }
        clg_push_evaluation(L, Int32(CLG_EVAL_GLOBALS))   // [globals]
        runtime.pushString(name)                          // [globals, name]
        lua_rawgeti(L, clua_registryindex(), lua_Integer(entry.ref))
        lua_rawset(L, -3)
        runtime.keptGlobalsDefined += 1
        return true
    }

    /// print() output of this evaluation, in order (arguments joined by tabs).
    public var log: [String] {
        syncLog()
        return logLines
    }

    // MARK: - Internals

    func callFunctionAtTop(_ args: [LuaHostValue]) throws(LuaError) -> LuaCallResult {
        let base = lua_gettop(L)   // the function
        guard lua_checkstack(L, Int32(clamping: args.count + 8)) != 0 else { throw stackError() }
        for argument in args {
            guard runtime.push(argument, in: self) else { throw stackError() }
        }
        let guardState = runtime.guardState
        let logStart = Int(guardState.pointee.logCount)
        let status = clg_pcall(guardState, Int32(args.count), LUA_MULTRET, Int64(runtime.limits.instructions))
        let instructions = Int(guardState.pointee.spent)
        guard status == luaOK else { throw runtime.callError(status: status) }
        let values = try convertResults(from: base, count: lua_gettop(L) - base + 1)
        var log: [String] = []
        if Int(guardState.pointee.logCount) != logStart {
            syncLog()
            if logStart < logLines.count { log = Array(logLines[logStart...]) }
        }
        return LuaCallResult(values: values, instructions: instructions, log: log)
    }

    /// The call's results at `base`..., as values.
    private func convertResults(from base: Int32, count: Int32) throws(LuaError) -> [LuaValue] {
        var values: [LuaValue] = []
        values.reserveCapacity(Int(count))
        for position in 0..<count {
            let root = position == 0 ? "result" : "result#\(position + 1)"
            var converter = LuaConverter(runtime: runtime, evaluation: self, root: root)
            values.append(try converter.value(at: base + position))
        }
        return values
    }

    func shape(at index: Int32, converter: inout LuaConverter) throws(LuaError) -> LuaShape {
        switch lua_type(L, index) {
        case LUA_TFUNCTION:
            lua_pushvalue(L, index)
            var info = lua_Debug()
            lua_pushvalue(L, -1)
            lua_getinfo(L, ">S", &info)
            let source = info.source.map { String(cString: $0) } ?? "?"
            return .function(LuaFunction(chunkName: source, lineDefined: Int(info.linedefined), ref: storeHandle(), evaluationID: id))
        case LUA_TTABLE:
            var object: lua_Integer = 0
            let kind = clg_proxy_kind(L, index, &object)
            if kind != 0 {
                if kind == 1 { clua_pop(L, 1) }
                return .value(try converter.value(at: index))
            }
            guard lua_checkstack(L, 6) != 0 else { throw converter.refuse("a table nested too deeply for the stack") }
            if converter.ancestors.count >= runtime.limits.maxDepth {
                throw converter.refuse("a table nested deeper than \(runtime.limits.maxDepth)")
            }
            guard let pointer = lua_topointer(L, index) else { throw converter.refuse("a table") }
            if converter.ancestors.contains(pointer) { throw converter.refuse("a cyclic table (it contains itself)") }
            converter.ancestors.append(pointer)
            defer { converter.ancestors.removeLast() }
            var fields: [String: LuaShape] = [:]
            var positions: [(Int64, LuaShape)] = []
            lua_pushnil(L)
            while lua_next(L, index) != 0 {
                converter.entriesLeft -= 1
                if converter.entriesLeft < 0 {
                    throw converter.refuse("a table with more than \(runtime.limits.maxTableEntries) entries")
                }
                let value = lua_gettop(L)
                switch lua_type(L, -2) {
                case LUA_TSTRING:
                    guard let key = runtime.validString(at: -2) else {
                        throw converter.refuse("a table with a key that is not valid UTF-8")
                    }
                    converter.parts.append(.field(key))
                    fields[key] = try shape(at: value, converter: &converter)
                    converter.parts.removeLast()
                case LUA_TNUMBER where lua_isinteger(L, -2) != 0:
                    let key = lua_tointegerx(L, -2, nil)
                    converter.parts.append(.index(key))
                    positions.append((key, try shape(at: value, converter: &converter)))
                    converter.parts.removeLast()
                default:
                    let typeName = String(cString: lua_typename(L, lua_type(L, -2)))
                    throw converter.refuse("a table with a key of type \(typeName)")
                }
                lua_settop(L, value - 1)
            }
            var items = [LuaShape](repeating: .value(.nil), count: positions.count)
            for (key, item) in positions {
                guard key >= 1, key <= Int64(items.count) else { throw converter.refuse("a table whose integer keys are not 1...n") }
                items[Int(key - 1)] = item
            }
            return .table(fields, list: items)
        default:
            return .value(try converter.value(at: index))
        }
    }

    /// Keeps the value at the top in this evaluation's handle table (popping it); returns its key.
    func storeHandle() -> Int32 {
        clg_push_evaluation(L, Int32(CLG_EVAL_HANDLES))   // [value, handles]
        lua_rotate(L, -2, 1)                       // [handles, value]
        let ref = luaL_ref(L, -2)
        clua_pop(L, 1)
        return ref
    }

    func pushHandle(_ ref: Int32) {
        clg_push_evaluation(L, Int32(CLG_EVAL_HANDLES))
        lua_rawgeti(L, -1, lua_Integer(ref))
        clua_remove(L, -2)
    }

    func syncLog() {
        guard isValid, Int(runtime.guardState.pointee.logCount) != logLines.count else { return }
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        clg_push_evaluation(L, Int32(CLG_EVAL_LOG))
        guard lua_type(L, -1) == LUA_TTABLE else { return }
        let count = Int(lua_rawlen(L, -1))
        guard count > logLines.count else { return }
        for position in logLines.count..<count {
            lua_rawgeti(L, -1, lua_Integer(position + 1))
            logLines.append(runtime.string(at: -1) ?? "")
            clua_pop(L, 1)
        }
    }

    /// The object's id in this evaluation, the same for every push of the same object.
    func register(_ object: LuaHostObject) -> lua_Integer {
        let identity = ObjectIdentifier(object)
        if let known = objectIDs[identity] { return known }
        objects.append(object)
        let id = lua_Integer(objects.count)
        objectIDs[identity] = id
        return id
    }

    /// The table's id in this evaluation, the same for every push of the same source; `isNew` the first time
    /// (no table can exist for it yet).
    func register(_ source: LuaTableSource) -> (id: lua_Integer, isNew: Bool) {
        // A source with a slot is found by it: the slot is only a hint, trusted when this evaluation's
        // table at that id is the source itself (`tables` keeps every source, so no identity is reused).
        if let slot = source.luaTableSlot {
            if isOwn(slot, of: source) { return (lua_Integer(slot.id), false) }
            let id = append(source)
            source.luaTableSlot = LuaTableSlot(id: Int(id))
            return (id, true)
        }
        let identity = ObjectIdentifier(source)
        if let known = tableIDs[identity] { return (known, false) }
        let id = append(source)
        tableIDs[identity] = id
        return (id, true)
    }

    /// True when `slot` is `source`'s in this evaluation: its table at the slot's id is the source itself (`tables`
    /// keeps every source, so no identity is reused); a slot another evaluation wrote is only a hint.
    func isOwn(_ slot: LuaTableSlot, of source: LuaTableSource) -> Bool {
        slot.id >= 1 && slot.id <= tables.count && tables[slot.id - 1] === source
    }

    private func append(_ source: LuaTableSource) -> lua_Integer {
        // A plan's evaluation makes hundreds of tables: start with room for many rather than doubling from one.
        if tables.isEmpty { tables.reserveCapacity(256) }
        tables.append(source)
        return lua_Integer(tables.count)
    }

    func register(_ function: @escaping ([LuaValue]) throws -> LuaHostValue) -> lua_Integer {
        functions.append(function)
        return lua_Integer(functions.count)
    }

    func object(_ id: lua_Integer) -> LuaHostObject? {
        guard id >= 1, id <= objects.count else { return nil }
        return objects[Int(id - 1)]
    }

    func function(_ id: lua_Integer) -> (([LuaValue]) throws -> LuaHostValue)? {
        guard id >= 1, id <= functions.count else { return nil }
        return functions[Int(id - 1)]
    }

    /// Inlined into every call (a hook call makes it hundreds of times an evaluation); the refusal is built out of line.
    @inline(__always)
    func checkValid(_ evaluationID: Int? = nil) throws(LuaError) {
        // `isValid` holds exactly while this is the runtime's current evaluation: `evaluate` makes it current as it
        // creates it and ends it before letting go, and never nests. So the runtime's `current` is not read here
        // (reading it retains and releases it, in every hook call).
        guard isValid, evaluationID == nil || evaluationID == id else { throw usedOutside() }
        assert(runtime.current === self, "a valid evaluation is its runtime's current one")
    }

    @inline(never)
    private func usedOutside() -> LuaError {
        LuaError(kind: .runtime, message: "a Lua table, function or evaluation was used outside the evaluation that made it")
    }

    func stackError() -> LuaError {
        LuaError(kind: .limit(.stack), message: "stack limit exceeded (the Lua stack cannot grow)")
    }
}

/// What a call into Lua returned, what it cost and what it printed.
public struct LuaCallResult {
    public var values: [LuaValue]
    /// Instructions charged (counted in steps of the hook, plus one per function call).
    public var instructions: Int
    /// Lines printed during this call.
    public var log: [String]

    public init(values: [LuaValue], instructions: Int, log: [String]) {
        self.values = values
        self.instructions = instructions
        self.log = log
    }
}

/// What a hook called with `callHook` answered.
public enum LuaHookAnswer: Equatable, Sendable {
    /// Exactly one boolean.
    case flag(Bool)
    /// `false` and a message.
    case refusal(String)
    /// Any other answer, converted as `call` converts results.
    case values([LuaValue])

    /// The answer as `call` gives it.
    public var values: [LuaValue] {
        switch self {
        case .flag(let flag): return [.boolean(flag)]
        case .refusal(let message): return [.boolean(false), .string(message)]
        case .values(let values): return values
        }
    }
}

/// The structure of a Lua table as the host sees it, read raw.
public indirect enum LuaShape {
    case value(LuaValue)
    case function(LuaFunction)
    case table([String: LuaShape], list: [LuaShape])
}

/// A Lua function found by `shape(of:)`; only valid inside the evaluation that made it.
public final class LuaFunction {
    /// The chunk name it was compiled under (`@Rules/x/rules.lua`), `=[C]` for host functions.
    public let chunkName: String
    public let lineDefined: Int
    let ref: Int32
    let evaluationID: Int

    init(chunkName: String, lineDefined: Int, ref: Int32, evaluationID: Int) {
        self.chunkName = chunkName
        self.lineDefined = lineDefined
        self.ref = ref
        self.evaluationID = evaluationID
    }
}

/// A Lua table returned by `run`; only valid inside the evaluation that made it.
public final class LuaTable {
    let ref: Int32
    let evaluationID: Int
    /// The kept table this is the root of (`LuaEvaluation.use(_:)`), nil for a table made in this evaluation.
    let prepared: LuaPreparedTable?

    init(ref: Int32, evaluationID: Int, prepared: LuaPreparedTable? = nil) {
        self.ref = ref
        self.evaluationID = evaluationID
        self.prepared = prepared
    }
}
