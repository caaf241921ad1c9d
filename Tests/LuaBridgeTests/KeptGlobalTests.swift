import Testing
@testable import LuaBridge

/// A global's read-only view kept by the runtime for later evaluations (`LuaEvaluation.defineKeeping`): only for a
/// table holding nothing of the evaluation that built it, and defined again only while it is the one kept.
@Suite struct KeptGlobalTests {
    /// What `defineKeeping` says of the table `source` returns, with `h` a table holding a kept function `f` and a
    /// function of the evaluation `e`.
    static func keeps(_ source: String) throws -> Bool {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile(source, chunkName: "@t.lua")
        let holder = KeptFunctionTests.greeter { "hello " }
        return try runtime.evaluate { ev in
            try ev.define(global: "h", .table(holder))
            try ev.define(global: "e", .function { _ in .value(.nil) })
            return try ev.defineKeeping(global: "g", table: try ev.run(chunk)) != nil
        }
    }

    @Test func onlyATableOfWhatIsTheSameInEveryEvaluationIsKept() throws {
        // Plain values, the sandbox's library, a kept host function, and Lua functions of such upvalues.
        #expect(try Self.keeps("""
            local f, type, n = h.f, type, 2
            local function twice(x) return type(x) == "number" and x * n or f(x) end
            return { n = 1, s = "x", yes = true, greet = f, twice = twice, outer = function(x) return twice(x) end, byte = string.byte }
            """))
        // Anything of the evaluation that built it: its environment (a global read), a table, a host table, a function
        // of the evaluation, a metatable.
        #expect(try !Self.keeps("return { f = function() return print end }"))
        #expect(try !Self.keeps("return { t = {} }"))
        #expect(try !Self.keeps("local h = h; return { f = function(x) return h.f(x) end }"))
        #expect(try !Self.keeps("return { e = e }"))
        #expect(try !Self.keeps("return setmetatable({}, {})"))
    }

    @Test func aKeptViewServesLaterEvaluationsWhileItIsTheOneKept() throws {
        let runtime = try LuaRuntime(limits: .small)
        let holder = KeptFunctionTests.greeter { "hello " }
        let build = try runtime.compile("local f = h.f; return { greet = function(x) return f(x) end }", chunkName: "@t.lua")
        let use = try runtime.compile("return { call = function() return g.greet('Ada'), pcall(function() g.greet = nil end) end }",
                                      chunkName: "@u.lua")
        let kept = try #require(try runtime.evaluate { ev in
            try ev.define(global: "h", .table(holder))
            return try ev.defineKeeping(global: "g", table: try ev.run(build))
        })
        let answers = try runtime.evaluate { ev -> [LuaValue] in
            #expect(ev.handOut(holder.function))
            #expect(try ev.define(global: "g", kept: kept))
            return try ev.call(try ev.run(use), path: ["call"], []).values
        }
        // The same view: it answers through the kept function, and stays read-only.
        #expect(answers.count == 3)
        #expect(answers.first == .string("hello Ada"))
        #expect(answers[1] == .boolean(false))
        #expect(answers[2] == .string("u.lua:1: attempt to modify read-only table (key 'greet')"))
        // Another keep under the name lets it go; another name or another runtime never had it.
        _ = try runtime.evaluate { ev in
            try ev.define(global: "h", .table(holder))
            return try ev.defineKeeping(global: "g", table: try ev.run(build))
        }
        let other = try LuaRuntime(limits: .small)
        let defined = try [runtime.evaluate { ev in try ev.define(global: "g", kept: kept) },
                           runtime.evaluate { ev in try ev.define(global: "other", kept: kept) },
                           other.evaluate { ev in try ev.define(global: "g", kept: kept) }]
        #expect(defined == [false, false, false])
    }
}
