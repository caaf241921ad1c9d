import CLua
import CLuaGuard

// Calls from Lua into the host. The C side lifts the memory cap around them and raises any
// error they report, so no Lua error ever unwinds through a Swift frame.

let hostIndexCallback: @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, lua_Integer) -> Int32 = {
    context, _, object in
    Unmanaged<LuaRuntime>.fromOpaque(context!)._withUnsafeGuaranteedRef { $0.hostIndex(object) }
}
let hostLengthCallback: @convention(c) (UnsafeMutableRawPointer?, lua_Integer) -> lua_Integer = { context, object in
    LuaRuntime.from(context).hostLength(object)
}
let hostKeysCallback: @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, lua_Integer) -> Int32 = {
    context, _, object in
    LuaRuntime.from(context).hostKeys(object)
}
let hostCallCallback: @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, lua_Integer, Int32) -> Int32 = {
    context, _, function, count in
    LuaRuntime.from(context).hostCall(function, argumentCount: count)
}
let moduleCallback: @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, UnsafePointer<CChar>?) -> Int32 = {
    context, _, name in
    LuaRuntime.from(context).resolveModule(String(cString: name!))
}
let lineCallback: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, Int32) -> Void = {
    context, source, line in
    LuaRuntime.from(context).recordLine(source: source!, line: Int(line))
}

extension LuaRuntime {
    /// Answers the first read of a key of a host object in this evaluation (the key is at the top
    /// of the stack); the proxy caches the answer, so the object is never asked for it again.
    func hostIndex(_ object: lua_Integer) -> Int32 {
        hostCalls &+= 1
        guard let evaluation = current, let host = evaluation.object(object) else {
            lua_pushnil(L)
            return guardOK
        }
        let keyIndex = lua_gettop(L)
        let key: LuaKey
        switch lua_type(L, keyIndex) {
        case LUA_TSTRING:
            guard let text = keyString(at: keyIndex) else {
                lua_pushnil(L)
                return guardOK
            }
            key = .string(text)
        case LUA_TNUMBER:
            var isInteger: Int32 = 0
            let integer = lua_tointegerx(L, keyIndex, &isInteger)
            guard isInteger != 0, let index = Int(exactly: integer) else {
                lua_pushnil(L)
                return guardOK
            }
            key = .index(index)
        default:
            lua_pushnil(L)
            return guardOK
        }
        return pushAnswer(in: evaluation) { try host.luaIndex(key) }
    }

    /// Pushes what the host answers, or its error message; the status tells the C side which it is.
    private func pushAnswer(in evaluation: LuaEvaluation, _ answer: () throws -> LuaHostValue) -> Int32 {
        do {
            guard push(try answer(), in: evaluation) else {
                pushString("host value too large for the Lua stack")
                return guardError
            }
            return guardOK
        } catch {
            pushString(String(describing: error))
            return guardError
        }
    }

    func hostLength(_ object: lua_Integer) -> lua_Integer {
        guard let host = current?.object(object) else { return 0 }
        return lua_Integer(host.luaLength())
    }

    func hostKeys(_ object: lua_Integer) -> Int32 {
        guard let host = current?.object(object) else {
            clua_newtable(L)
            return guardOK
        }
        let keys = host.luaKeys()
        lua_createtable(L, Int32(clamping: keys.count), 0)
        for (position, key) in keys.enumerated() {
            switch key {
            case .string(let text): pushString(text)
            case .index(let index): lua_pushinteger(L, lua_Integer(index))
            }
            lua_rawseti(L, -2, lua_Integer(position + 1))
        }
        return guardOK
    }

    func hostCall(_ function: lua_Integer, argumentCount: Int32) -> Int32 {
        hostCalls &+= 1
        // A negative number is a function the runtime keeps (`LuaKeptFunction`), callable where it was handed out.
        guard let evaluation = current,
              let body = function < 0 ? keptFunction(function, in: evaluation) : evaluation.function(function) else {
            pushString("host function called outside its evaluation")
            return guardError
        }
        var arguments: [LuaValue] = []
        arguments.reserveCapacity(Int(argumentCount))
        do {
            for index in 0..<argumentCount {
                var converter = LuaConverter(runtime: self, evaluation: evaluation, root: "argument \(index + 1)")
                arguments.append(try converter.value(at: index + 1))
            }
        } catch {
            pushString(error.message)
            return guardError
        }
        return pushAnswer(in: evaluation) { try body(arguments) }
    }

    /// The body of the kept function pushed as `pushed` (minus its number) when it was handed to `evaluation`
    /// (`LuaKeptFunction`).
    func keptFunction(_ pushed: lua_Integer, in evaluation: LuaEvaluation) -> (([LuaValue]) throws -> LuaHostValue)? {
        guard pushed <= -1, pushed >= -lua_Integer(keptFunctions.count) else { return nil }
        let function = keptFunctions[Int(-pushed - 1)]
        return function.handedTo == evaluation.id ? function.body : nil
    }

    /// Pushes `function` for `evaluation` and hands it out there: the Lua value this runtime keeps for it, or, when
    /// another runtime keeps it (or this one keeps as many as it may), a host function of this evaluation only.
    func push(_ function: LuaKeptFunction, in evaluation: LuaEvaluation) {
        if function.keeper == nil, keptFunctions.count < LuaRuntime.keptFunctionLimit {
            keptFunctions.append(function)
            function.keeper = token
            function.number = keptFunctions.count
        }
        guard evaluation.handOut(function) else {
            clg_push_hostfunction(L, evaluation.register(function.body))
            return
        }
        clg_push_hostfunction(L, -lua_Integer(function.number))
    }

    func resolveModule(_ name: String) -> Int32 {
        if let ref = moduleRefs[name] {
            lua_rawgeti(L, clua_registryindex(), lua_Integer(ref))
            return guardOK
        }
        guard let module = modules(name) else { return guardNotFound }
        do {
            let ref = try load(module.source, chunkName: module.chunkName)
            moduleRefs[name] = ref
            lua_rawgeti(L, clua_registryindex(), lua_Integer(ref))
            return guardOK
        } catch {
            pushString(error.description)
            return guardError
        }
    }

    func recordLine(source: UnsafePointer<CChar>, line: Int) {
        let key = UnsafeRawPointer(source)
        let name: String
        if let known = coverageSources[key] {
            name = known
        } else {
            name = String(cString: source)
            coverageSources[key] = name
        }
        coverageLines[name, default: []].insert(line)
    }

    // MARK: - Pushing host values

    /// Pushes a host value; false when the Lua stack cannot grow.
    func push(_ value: LuaHostValue, in evaluation: LuaEvaluation) -> Bool {
        guard lua_checkstack(L, 8) != 0 else { return false }
        switch value {
        case .value(let plain):
            return push(plain)
        case .object(let object):
            clg_push_object(L, evaluation.register(object))
        case .table(let source):
            if let slot = source.luaTableSlot, evaluation.hasTaken(slot, source), clg_recycled_push(L, lua_Integer(slot.takenKey)) != 0 {
                return true
            }
            let (id, isNew) = evaluation.register(source)
            if !isNew, clg_push_table(L, id) != 0 { return true }
            if source.luaTableIsShared, pushShared(source) {
                clg_keep_table(L, id)
                source.luaTableSlot?.isBuilt = true
                return true
            }
            guard pushReadOnlyTable(size: source.luaTableSize, shape: source.luaKeyShape, recycleKey: source.luaRecycleKey,
                                    writesEveryKey: source.luaWritesEveryKey, in: evaluation, source.write) != .failed else { return false }
            if source.luaTableIsShared { keepShared(source) }
            clg_keep_table(L, id)
            source.luaTableSlot?.isBuilt = true
        case .function(let function):
            clg_push_hostfunction(L, evaluation.register(function))
        }
        return true
    }

    /// Pushes a read-only table that `write` fills, with misses strict to `shape` when given: a new one, or
    /// the one kept under `recycleKey` from an earlier evaluation, emptied first unless `writesEveryKey` (see
    /// `LuaTableSource.luaRecycleKey`); a writer that finds it already holds what it would write
    /// (`LuaTableWriter.holds(tag:)`) leaves it as it is. Failed when a value did not fit on the Lua stack;
    /// nothing is pushed then.
    func pushReadOnlyTable(size: (list: Int, fields: Int), shape: LuaKeyShape?, recycleKey: Int?, writesEveryKey: Bool = false,
                           in evaluation: LuaEvaluation, _ write: (inout LuaTableWriter) -> Void) -> ReadOnlyTablePush {
        let key = recycleKey.flatMap { claimRecycleKey($0, by: evaluation) }
        let recycled = key.map { clg_recycled_begin(L, lua_Integer($0), writesEveryKey ? 0 : 1) != 0 } ?? false
        if !recycled { lua_createtable(L, Int32(clamping: size.list), Int32(clamping: size.fields)) }
        var writer = LuaTableWriter(runtime: self, evaluation: evaluation)
        writer.isKept = key != nil
        if let key, recycled, writesEveryKey {
            writer.kept = (recycleTags[key], recycleTagGenerations[key])
        }
        // Not known to be whole while it is written: a write that fails leaves it part old, part new.
        if let key { recycleTags[key] = 0 }
        write(&writer)
        guard writer.succeeded else {
            lua_settop(L, recycled ? -3 : -2)   // the table, and a recycled one's proxy below it
            return .failed
        }
        // A table left as it was keeps its metatable too.
        if let shape, !writer.leftAsItWas {
            pushStrictMetatable(shape)
            lua_setmetatable(L, -2)
        } else if recycled, !writer.leftAsItWas {
            lua_pushnil(L)
            lua_setmetatable(L, -2)
        }
        if recycled {
            clua_pop(L, 1)   // the data table: its proxy is left
            tablesRecycled &+= 1
            if writer.leftAsItWas { tablesLeftAsTheyWere &+= 1 }
        } else {
            clg_make_readonly(L)
            if let key {
                clg_recycled_keep(L, lua_Integer(key))
                recycleGeneration &+= 1
            }
        }
        guard let key else { return .made }
        recycleTags[key] = writer.tag
        recycleTagGenerations[key] = recycleGeneration
        return recycled ? .recycled : .made
    }

    /// What `pushReadOnlyTable` did.
    enum ReadOnlyTablePush {
        /// A value did not fit on the Lua stack: nothing is pushed.
        case failed
        /// A new table (kept under the recycle key for later evaluations, when it has one).
        case made
        /// The table kept under the recycle key, rewritten in place.
        case recycled
    }

    /// `key` when this evaluation may take the table kept under it (in range, and not taken yet by this evaluation).
    private func claimRecycleKey(_ key: Int, by evaluation: LuaEvaluation) -> Int? {
        guard key >= 1, key <= LuaRuntime.recycleKeyLimit else { return nil }
        if key >= recycledBy.count {
            recycledBy.append(contentsOf: repeatElement(0, count: key + 1 - recycledBy.count))
            takenBy.append(contentsOf: repeatElement(nil, count: key + 1 - takenBy.count))
            recycleTags.append(contentsOf: repeatElement(0, count: key + 1 - recycleTags.count))
            recycleTagGenerations.append(contentsOf: repeatElement(0, count: key + 1 - recycleTagGenerations.count))
        }
        guard recycledBy[key] != evaluation.id else { return nil }
        recycledBy[key] = evaluation.id
        return key
    }

    /// Pushes the metatable that makes a data table's misses strict to `shape`: one per shape object for
    /// the runtime's life, so a table costs one `lua_setmetatable` however many keys its shape knows.
    func pushStrictMetatable(_ shape: LuaKeyShape) {
        let identity = ObjectIdentifier(shape)
        let slot = Int(truncatingIfNeeded: UInt(bitPattern: identity) >> 4) & (recentStrictMetatables.count - 1)
        if recentStrictMetatables[slot].shape == identity {
            lua_rawgeti(L, clua_registryindex(), lua_Integer(recentStrictMetatables[slot].ref))
            return
        }
        if let known = strictMetatables[identity] {
            recentStrictMetatables[slot] = (identity, known.ref)
            lua_rawgeti(L, clua_registryindex(), lua_Integer(known.ref))
            return
        }
        if strictMetatables.count >= LuaRuntime.strictMetatableLimit {
            for known in strictMetatables.values { luaL_unref(L, clua_registryindex(), known.ref) }
            strictMetatables.removeAll(keepingCapacity: true)
            for index in recentStrictMetatables.indices { recentStrictMetatables[index] = (nil, 0) }
        }
        lua_createtable(L, Int32(clamping: shape.known.count), Int32(clamping: shape.known.count))
        for (position, key) in shape.known.enumerated() {
            pushString(key)
            lua_rawseti(L, -2, lua_Integer(position + 1))
            pushString(key)
            lua_pushboolean(L, 1)
            lua_rawset(L, -3)
        }
        pushString(shape.prefix)
        pushString(shape.suffix)
        clg_push_strict_metatable(L)
        lua_pushvalue(L, -1)
        let ref = luaL_ref(L, clua_registryindex())
        strictMetatables[identity] = (shape, ref)
        recentStrictMetatables[slot] = (identity, ref)
    }

    /// Pushes the read-only table an earlier evaluation built for a shared source; false when none did yet.
    func pushShared(_ source: LuaTableSource) -> Bool {
        guard let ref = sharedTables[ObjectIdentifier(source)]?.ref else { return false }
        lua_rawgeti(L, clua_registryindex(), lua_Integer(ref))
        return true
    }

    /// Keeps the read-only table at the top (not popped) for every later push of the shared source, in the
    /// registry, out of every script's reach; the source is kept too, so its identity is never reused.
    func keepShared(_ source: LuaTableSource) {
        lua_pushvalue(L, -1)
        sharedTables[ObjectIdentifier(source)] = (source, luaL_ref(L, clua_registryindex()))
    }

    /// Pushes plain data; tables arrive as read-only proxies.
    func push(_ value: LuaValue) -> Bool {
        guard lua_checkstack(L, 8) != 0 else { return false }
        switch value {
        case .nil: lua_pushnil(L)
        case .boolean(let flag): lua_pushboolean(L, flag ? 1 : 0)
        case .integer(let integer): lua_pushinteger(L, integer)
        case .number(let number): lua_pushnumber(L, number)
        case .string(let text): pushString(text)
        case .list(let items):
            lua_createtable(L, Int32(clamping: items.count), 0)
            for (position, item) in items.enumerated() {
                guard push(item) else { return false }
                lua_rawseti(L, -2, lua_Integer(position + 1))
            }
            clg_make_readonly(L)
        case .map(let fields):
            lua_createtable(L, 0, Int32(clamping: fields.count))
            for (key, item) in fields {
                pushString(key)
                guard push(item) else { return false }
                lua_rawset(L, -3)
            }
            clg_make_readonly(L)
        }
        return true
    }

    /// A string key as Swift text: valid UTF-8 only (other keys have no host answer).
    ///
    /// Keys are few and asked for again in every evaluation (each new object is asked for the same
    /// names), so the text of a short string is kept by the address of the Lua string, which Lua
    /// interns; the string is anchored in the registry so its address cannot be reused.
    func keyString(at index: Int32) -> String? {
        var length = 0
        guard let pointer = lua_tolstring(L, index, &length) else { return nil }
        let address = UnsafeRawPointer(pointer)
        if let known = keyStrings[address] { return known }
        guard let text = String(validating: UnsafeRawBufferPointer(start: address, count: length), as: UTF8.self) else {
            return nil
        }
        if length <= LuaRuntime.keyCacheMaxLength {
            let reset = keyStrings.count >= LuaRuntime.keyCacheLimit
            if reset { keyStrings.removeAll(keepingCapacity: true) }
            clg_anchor_string(L, index, reset ? 1 : 0)
            keyStrings[address] = text
        }
        return text
    }

    func validString(at index: Int32) -> String? {
        var length = 0
        guard let pointer = lua_tolstring(L, index, &length) else { return nil }
        return String(validating: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }
}

extension LuaEvaluation {
    /// True when `source`'s table is built and kept in this evaluation, as its slot tells (a source without a slot
    /// is not known to be).
    func hasBuilt(_ source: LuaTableSource) -> Bool {
        guard let slot = source.luaTableSlot else { return false }
        return slot.isBuilt && isOwn(slot, of: source) || hasTaken(slot, source)
    }

    /// Makes `function` callable in this evaluation, for a source that took a kept table holding it
    /// (`takeKeptTable`): true when this runtime keeps it, so a table of this runtime that was written with it holds
    /// this very function; false when it does not (such a table holds a function of the evaluation that wrote it,
    /// and must be written again).
    public func handOut(_ function: LuaKeptFunction) -> Bool {
        guard function.keeper === runtime.token else { return false }
        function.handedTo = id
        return true
    }

    /// True when `slot` says `source` took a kept table in this evaluation (`takeKeptTable`), and the runtime agrees:
    /// the key is still this evaluation's and the source that took it last is this one (a slot is only a hint).
    func hasTaken(_ slot: LuaTableSlot, _ source: LuaTableSource) -> Bool {
        let key = slot.takenKey
        guard key > 0, slot.takenBy == id else { return false }
        return Unmanaged.passUnretained(runtime)._withUnsafeGuaranteedRef { runtime in
            key < runtime.recycledBy.count && runtime.recycledBy[key] == id && runtime.takenBy[key] === source
        }
    }

    /// Builds `source`'s table in this evaluation if it is not built yet, without handing it anywhere (what a table left
    /// as it was does for the tables it holds, which must be this evaluation's before a script reads them); false when
    /// it did not fit on the Lua stack.
    public func refresh(_ source: LuaTableSource) -> Bool {
        if hasBuilt(source) { return true }
        return Unmanaged.passUnretained(runtime)._withUnsafeGuaranteedRef { runtime in
            guard runtime.push(.table(source), in: self) else { return false }
            clua_pop(L, 1)
            return true
        }
    }

    /// True when the table kept under `recycleKey` was last written whole with `tag` (nonzero), no table has been kept
    /// anew under any key since, and this evaluation has not taken it yet: then it holds exactly what that write set,
    /// as `LuaTableWriter.holds(tag:)` tells a source while it writes. Ask after refreshing the tables it holds.
    public func keptTable(_ recycleKey: Int, holds tag: Int) -> Bool {
        guard tag != 0, recycleKey >= 1 else { return false }
        return Unmanaged.passUnretained(runtime)._withUnsafeGuaranteedRef { runtime in
            recycleKey < runtime.recycleTags.count && runtime.recycleTags[recycleKey] == tag
                && runtime.recycleTagGenerations[recycleKey] == runtime.recycleGeneration && runtime.recycledBy[recycleKey] != id
        }
    }

    /// Takes the table kept under `recycleKey` for this evaluation as it is, once `keptTable(_:holds:)` said it holds
    /// what its source would write: `source`'s table from now on (its pushes hand out the kept table, with no write),
    /// or, with no source, a table only its parent holds (an item's values), taken so no other write of this evaluation
    /// rewrites it. Counted as a table recycled and left as it was, as a push that found the same counts it. False when
    /// the key is taken already in this evaluation, or `source` (which needs a slot) has a table in it; nothing is
    /// taken then.
    public func takeKeptTable(_ recycleKey: Int, for source: LuaTableSource?) -> Bool {
        Unmanaged.passUnretained(runtime)._withUnsafeGuaranteedRef { runtime in
            guard recycleKey >= 1, recycleKey < runtime.recycledBy.count, runtime.recycledBy[recycleKey] != id else { return false }
            if let source {
                guard source.luaTableSlot != nil, !hasBuilt(source) else { return false }
                // Most often the very source that took it in the evaluation before: no reference to swap then.
                if runtime.takenBy[recycleKey] !== source { runtime.takenBy[recycleKey] = source }
                var taken = LuaTableSlot()
                taken.takenKey = recycleKey
                taken.takenBy = id
                source.luaTableSlot = taken
            }
            runtime.recycledBy[recycleKey] = id
            runtime.tablesRecycled &+= 1
            runtime.tablesLeftAsTheyWere &+= 1
            runtime.tablesTaken &+= 1
            return true
        }
    }
}
