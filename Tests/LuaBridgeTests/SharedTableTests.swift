import Testing
@testable import LuaBridge

/// Shared host tables (`luaTableIsShared`): built by the first evaluation that pushes them, then the same
/// read-only table in every later evaluation of the runtime, which no evaluation can change for the next.
@Suite struct SharedTableTests {
    @Test func aSharedSourceIsBuiltOnceForEveryEvaluationOfItsRuntime() throws {
        let inner = CountedTable(["name": .value(.string("Ada"))])
        let shared = CountedTable(["inner": .table(inner), "list": .value(.list([.string("a"), .string("b")]))], shared: true)
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile("return { f = function(a, b) return rawequal(a, b), a.inner.name, #a.list end }", chunkName: "@t.lua")
        for _ in 1...3 {
            let values = try runtime.evaluate { ev in
                try ev.call(try ev.run(chunk), path: ["f"], [.table(shared), .table(shared)]).values
            }
            #expect(values == [.boolean(true), .string("Ada"), .integer(2)])
        }
        #expect(shared.writes == 1)
        #expect(inner.writes == 1)
    }

    @Test(arguments: [
        "local _, d = pairs(t); d.inner = 'Mallory'",
        "local f, s = pairs(t); rawset(s, 'inner', 'Mallory')",
        "rawset(t, 'extra', 'Mallory')",
        "getmetatable(t).__index.inner = 'Mallory'",
        "setmetatable(t, nil)",
        "t.inner.name = 'Mallory'",
        "rawset(t.inner, 'name', 'Mallory')",
        "table.insert(t.list, 'Mallory')",
        "table.remove(t.list)",
        "table.sort(t.list, function(a, b) return a > b end)",
        "local _, d = pairs(t.list); rawset(d, 1, 'Mallory')",
    ])
    func noEvaluationChangesASharedTableForTheNext(attack: String) throws {
        let shared = CountedTable(["inner": .table(CountedTable(["name": .value(.string("Ada"))])),
                                   "list": .value(.list([.string("a"), .string("b")]))], shared: true)
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile("""
            return {
              attack = function(t) \(attack) end,
              read = function(t) return t.inner.name, table.concat(t.list, ","), rawget(t, 'extra'), t.extra end,
            }
            """, chunkName: "@t.lua")
        try runtime.evaluate { ev in
            #expect(throws: LuaError.self) { try ev.call(try ev.run(chunk), path: ["attack"], [.table(shared)]) }
        }
        let values = try runtime.evaluate { ev in try ev.call(try ev.run(chunk), path: ["read"], [.table(shared)]).values }
        #expect(values == [.string("Ada"), .string("a,b"), .nil, .nil])
    }
}
