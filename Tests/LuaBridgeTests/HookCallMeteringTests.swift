import CLua
import Testing
@testable import LuaBridge

/// `callHook` finds its hook and makes its protected call its own way (the message handler pushed once below the
/// walk, the answer read in C): every limit, message, position and traceback is still the one `call` gives, and the
/// stack is left where it was.
@Suite struct HookCallMeteringTests {
    static let limits = LuaLimits(instructions: 100_000, memoryBytes: 16 << 20, wallClockSeconds: 30)

    static let failing: [String] = [
        "error('boom')",
        "error(42)",
        "error({})",
        "error(setmetatable({}, { __tostring = function() while true do end end }))",
        "local t = nil\nreturn t.field",
        "while true do end",
        "local function f() return f() + 1 end\nreturn f()",
        "local ok = pcall(string.rep, 'x', 1 << 26)\nreturn true",
        "local t = {} for i = 1, 1e9 do t[i] = {i} end",
        "for i = 1, 100 do pcall(error, 'inner') end\nerror('outer', 2)",
    ]

    /// What `call` and `callHook` do with the hook `items.a.visible` whose body is `body`, each in a fresh runtime.
    func outcomes(_ body: String) throws -> (call: Result<[LuaValue], LuaError>, hook: Result<[LuaValue], LuaError>) {
        let source = "return { items = { a = { visible = function(ctx)\n\(body)\nend } } }"
        func run(_ body: (LuaEvaluation, LuaTable) throws(LuaError) -> [LuaValue]) throws -> Result<[LuaValue], LuaError> {
            let runtime = try LuaRuntime(limits: Self.limits)
            let chunk = try runtime.compile(source, chunkName: "@Rules/a/rules.lua")
            let top = runtime.stackTop
            let result = runtime.evaluate { ev in
                Result { () throws(LuaError) -> [LuaValue] in try body(ev, try ev.run(chunk)) }
            }
            #expect(runtime.stackTop == top)
            return result
        }
        let call = try run { ev, rules throws(LuaError) in try ev.call(rules, path: ["items", "a", "visible"], [.value(.nil)]).values }
        let hook = try run { ev, rules throws(LuaError) in try ev.callHook(rules, path: LuaPath(["items", "a", "visible"]), .value(.nil)).values }
        return (call, hook)
    }

    @Test(arguments: failing)
    func aHookFailsExactlyAsCallFails(_ body: String) throws {
        let (call, hook) = try outcomes(body)
        guard case .failure(let expected) = call, case .failure(let error) = hook else {
            Issue.record("call gave \(call), callHook gave \(hook)")
            return
        }
        #expect(error.kind == expected.kind)
        #expect(error.message == expected.message)
        #expect(error.chunkName == expected.chunkName)
        #expect(error.line == expected.line)
        #expect(error.traceback == expected.traceback)
    }

    @Test func theLimitsAreTheOnesTheyWere() throws {
        let looping = try #require(try outcomes("while true do end").hook.failure)
        #expect(looping.kind == .limit(.instructions))
        #expect(looping.message == "instruction limit of 100000 exceeded")
        #expect(looping.chunkName == "@Rules/a/rules.lua")
        #expect(looping.line == 2)
        let caught = try #require(try outcomes("local ok = pcall(string.rep, 'x', 1 << 26)\nreturn true").hook.failure)
        #expect(caught.kind == .limit(.memory))
        #expect(caught.message == "memory limit of 16 MiB exceeded")
    }

    /// The instructions charged for a hook call, counted as `call` counts them.
    @Test(arguments: ["return true", "for i = 1, 5000 do end return false, 'no'", "local n = 0 for i = 1, 999 do n = n + i end return n",
                      "local function f(n) if n > 0 then return f(n - 1) end return true end return f(300)"])
    func aHookIsChargedWhatCallIsCharged(_ body: String) throws {
        let runtime = try LuaRuntime(limits: Self.limits)
        let chunk = try runtime.compile("return { items = { a = { visible = function(ctx) \(body) end } } }", chunkName: "@t.lua")
        let path = LuaPath(["items", "a", "visible"])
        try runtime.evaluate { ev in
            let rules = try ev.run(chunk)
            for _ in 0..<3 {
                let charged = try ev.call(rules, path: ["items", "a", "visible"], [.value(.nil)]).instructions
                _ = try ev.callHook(rules, path: path, .value(.nil))
                #expect(Int(runtime.guardState.pointee.spent) == charged)
            }
        }
    }

    /// A call's count hook is set afresh for it (and left alone while its budget is far): a limit hit in one call, or
    /// a call that came near its budget (the count tightened), in the main thread or a coroutine, changes nothing that
    /// the next calls are charged, down to the instruction, near their own budget too.
    @Test(arguments: [("while true do end", .instructions), ("local t = {} for i = 1, 1e9 do t[i] = string.rep('x', 1 << 20) .. i end", .memory),
                      ("local co = coroutine.wrap(function() while true do end end) co()", .instructions),
                      ("for i = 1, 99700 do end return true", nil)] as [(String, LuaError.LuaLimitKind?)])
    func aLimitHitInOneCallLeavesTheNextCallsChargesAsTheyWere(_ tripping: String, limit: LuaError.LuaLimitKind?) throws {
        let bodies = ["return true", "for i = 1, 5000 do end return true", "for i = 1, 99500 do end return true",
                      "local co = coroutine.wrap(function() for i = 1, 3000 do end return true end) return co()"]
        let hooks = bodies.enumerated().map { "h\($0.offset) = { visible = function(ctx) \($0.element) end }" }
        let source = "return { items = { trip = { visible = function(ctx) \(tripping) end }, \(hooks.joined(separator: ", ")) } }"
        func charges(trippingFirst: Bool) throws -> [Int] {
            let runtime = try LuaRuntime(limits: Self.limits)
            let chunk = try runtime.compile(source, chunkName: "@t.lua")
            return try runtime.evaluate { ev in
                let rules = try ev.run(chunk)
                if trippingFirst {
                    let first = Result { () throws(LuaError) in try ev.callHook(rules, path: LuaPath(["items", "trip", "visible"]), .value(.nil)) }
                    #expect(first.failure?.kind == limit.map { .limit($0) })
                    #expect(limit != nil || Int(runtime.guardState.pointee.spent) > 99_000)
                }
                return try bodies.indices.flatMap { index throws(LuaError) -> [Int] in
                    let path = LuaPath(["items", "h\(index)", "visible"])
                    return try (0..<2).map { _ throws(LuaError) -> Int in
                        #expect(try ev.callHook(rules, path: path, .value(.nil)) == .flag(true))
                        return Int(runtime.guardState.pointee.spent)
                    }
                }
            }
        }
        let fresh = try charges(trippingFirst: false)
        #expect(fresh.allSatisfy { $0 > 0 && $0 < 100_000 })
        #expect(try charges(trippingFirst: true) == fresh)
    }

    /// The count is tightened as the budget nears, in the main thread and in a coroutine, so a loop is stopped one
    /// instruction past its budget however its calls (one instruction each) fall between the counted steps, in every call.
    @Test(arguments: ["while true do end", "local function f() end local n = 0 while true do n = n + 1 if n % 997 == 0 then f() end end",
                      "local function f() end local n = 0 while true do n = n + 1 if n % 331 == 0 then f() f() end end",
                      "local co = coroutine.wrap(function() local function f() end local n = 0 while true do n = n + 1 if n % 997 == 0 then f() end end end) co()"])
    func theInstructionLimitStopsOnePastTheBudget(_ body: String) throws {
        let runtime = try LuaRuntime(limits: Self.limits)
        let chunk = try runtime.compile("return { items = { a = { visible = function(ctx) \(body) end } } }", chunkName: "@t.lua")
        let path = LuaPath(["items", "a", "visible"])
        let spent = runtime.evaluate { ev in
            (0..<2).map { _ in
                let error = Result { () throws(LuaError) in try ev.callHook(try ev.run(chunk), path: path, .value(.nil)) }.failure
                #expect(error?.kind == .limit(.instructions))
                return Int(runtime.guardState.pointee.spent)
            }
        }
        #expect(spent == [100_001, 100_001])
    }

    /// The count hook stays set after a call (the next call sets it afresh): what Lua runs outside any call, even right
    /// after a call that hit its limit, is neither metered nor stopped by it.
    @Test func theHookLeftSetBetweenCallsDoesNothingOutsideACall() throws {
        let runtime = try LuaRuntime(limits: Self.limits)
        let chunk = try runtime.compile("return { items = { a = { visible = function(ctx) while true do end end } } }", chunkName: "@t.lua")
        try runtime.evaluate { ev in
            let rules = try ev.run(chunk)
            let failure = Result { () throws(LuaError) in try ev.callHook(rules, path: LuaPath(["items", "a", "visible"]), .value(.nil)) }.failure
            #expect(failure?.kind == .limit(.instructions))
            let spent = runtime.guardState.pointee.spent
            // Plain Lua run the way no host code runs it: not through a call.
            let L = runtime.L
            let top = lua_gettop(L)
            defer { lua_settop(L, top) }
            #expect(luaL_loadstring(L, "local n = 0 for i = 1, 5000 do n = n + 1 end return n") == LUA_OK)
            #expect(lua_pcallk(L, 0, 1, 0, 0, nil) == LUA_OK)
            #expect(lua_tointegerx(L, -1, nil) == 5000)
            #expect(runtime.guardState.pointee.spent == spent)
        }
    }

    @Test func theStackIsWhereItWasAfterEveryAnswerAndEveryRefusedPath() throws {
        let runtime = try LuaRuntime(limits: Self.limits)
        let chunk = try runtime.compile("""
            return { items = { a = { visible = function(ctx) return ctx end }, b = 1, c = { visible = 2 } } }
            """, chunkName: "@t.lua")
        let paths = [["items", "a", "visible"], ["items", "b", "visible"], ["items", "c", "visible"], ["items", "d", "visible"], ["x"]]
            .map { (steps: [String]) in LuaPath(steps) }
        let top = runtime.stackTop
        try runtime.evaluate { ev in
            let rules = try ev.run(chunk)
            let inside = runtime.stackTop
            for argument: LuaValue in [.boolean(true), .boolean(false), .string("s"), .nil, .list([.integer(1)])] {
                for path in paths {
                    _ = try? ev.callHook(rules, path: path, .value(argument))
                    _ = try? ev.callHook(rules, path: path, .value(argument), reading: { _ in 1 })
                    #expect(runtime.stackTop == inside)
                }
            }
        }
        #expect(runtime.stackTop == top)
    }

    @Test func aPathIsRefusedWithTheStepItStoppedAt() throws {
        let runtime = try LuaRuntime(limits: Self.limits)
        let chunk = try runtime.compile("return { items = { b = 1, c = { visible = 2 } } }", chunkName: "@t.lua")
        let messages = try runtime.evaluate { ev in
            let rules = try ev.run(chunk)
            let paths: [[String]] = [["items", "b", "visible"], ["items", "c", "visible"], ["items", "d", "visible"], []]
            return paths.map { steps -> String in
                do { _ = try ev.callHook(rules, path: LuaPath(steps), .value(.nil)); return "called" }
                catch { return (error as? LuaError)?.message ?? "\(error)" }
            }
        }
        #expect(messages == ["'items.b' is not a table", "'items.c.visible' is not a function (a number value)",
                             "'items.d' is not a table", "'' is not a function (a table value)"])
    }

    @Test func aHookReplacedByAnotherIsTheOneCalledNext() throws {
        let runtime = try LuaRuntime(limits: Self.limits)
        let chunk = try runtime.compile("""
            local R = { items = { a = {} } }
            R.items.a.visible = function() R.items.a.visible = function() return false, 'replaced' end return true end
            return R
            """, chunkName: "@t.lua")
        let path = LuaPath(["items", "a", "visible"])
        let answers = try runtime.evaluate { ev in
            let rules = try ev.run(chunk)
            return try (0..<3).map { _ in try ev.callHook(rules, path: path, .value(.nil)) }
        }
        #expect(answers == [.flag(true), .refusal("replaced"), .refusal("replaced")])
    }

    /// The walk starts at a registry reference the runtime keeps for every evaluation's handles: what is compiled
    /// between evaluations gets a reference of its own.
    @Test func aChunkCompiledBetweenEvaluationsKeepsItsOwnReference() throws {
        let runtime = try LuaRuntime(limits: Self.limits)
        var chunks: [LuaChunk] = []
        for number in 1...4 {
            chunks.append(try runtime.compile("return { f = function() return \(number) end }", chunkName: "@t\(number).lua"))
            let answers = try runtime.evaluate { ev in
                try chunks.map { chunk in try ev.call(try ev.run(chunk), path: ["f"], []).values }
            }
            #expect(answers == (1...number).map { [.integer(Int64($0))] })
        }
    }

    /// A walk starts again from the table it last started at without reading the evaluation's handles: each table's
    /// own hook is found when walks alternate between tables, and in a later evaluation, whose tables have the same
    /// handles as the earlier one's, its own tables' hooks are.
    @Test func eachWalkStartsAtItsOwnTableInItsOwnEvaluation() throws {
        let runtime = try LuaRuntime(limits: Self.limits)
        let chunks = try ["return true", "return false", "return false, 'third'"].map { body in
            try runtime.compile("return { items = { a = { visible = function() \(body) end } } }", chunkName: "@t.lua")
        }
        let path = LuaPath(["items", "a", "visible"])
        let answers = try (0..<2).map { first in
            try runtime.evaluate { ev in
                let tables = try [chunks[first], chunks[2]].map { chunk throws(LuaError) in try ev.run(chunk) }
                return try [0, 1, 1, 0, 1, 0].map { index throws(LuaError) in try ev.callHook(tables[index], path: path, .value(.nil)) }
            }
        }
        let third = LuaHookAnswer.refusal("third")
        #expect(answers == [[.flag(true), third, third, .flag(true), third, .flag(true)],
                            [.flag(false), third, third, .flag(false), third, .flag(false)]])
    }

    @Test func aPathInternedInOneRuntimeFindsTheHookInAnother() throws {
        let path = LuaPath(["items", "a", "visible"])
        var answers: [LuaHookAnswer] = []
        for body in ["return true", "return false", "return false, 'second'"] {
            let runtime = try LuaRuntime(limits: Self.limits)
            let chunk = try runtime.compile("return { items = { a = { visible = function() \(body) end } } }", chunkName: "@t.lua")
            answers.append(try runtime.evaluate { ev in try ev.callHook(try ev.run(chunk), path: path, .value(.nil)) })
        }
        #expect(answers == [.flag(true), .flag(false), .refusal("second")])
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
