import Testing
@testable import LuaBridge

/// A table source over a dictionary, counting how often it is built; `shared` makes it one table for every
/// evaluation of a runtime (`luaTableIsShared`).
final class CountedTable: LuaTableSource {
    let fields: [String: LuaHostValue]
    let shared: Bool
    var writes = 0
    init(_ fields: [String: LuaHostValue], shared: Bool = false) { self.fields = fields; self.shared = shared }
    var luaTableIsShared: Bool { shared }
    func write(to table: inout LuaTableWriter) {
        writes += 1
        for (key, value) in fields { table.set(key, value) }
    }
}

/// Host tables (`LuaHostValue.table`): plain read-only Lua tables built once per evaluation.
@Suite struct HostTableTests {
    @Test func aSourceIsBuiltOnceAndIsOneTablePerEvaluation() throws {
        let inner = CountedTable(["name": .value(.string("Ada"))])
        let outer = CountedTable(["inner": .table(inner), "n": .value(.integer(3))])
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile("return { f = function(a, b) return rawequal(a, b), rawequal(a.inner, b.inner), a.inner.name, a.n end }",
                                        chunkName: "@t.lua")
        for round in 1...2 {
            let values = try runtime.evaluate { ev in
                let table = try ev.run(chunk)
                _ = try ev.call(table, path: ["f"], [.table(outer), .table(outer)])
                return try ev.call(table, path: ["f"], [.table(outer), .table(outer)]).values
            }
            #expect(values == [.boolean(true), .boolean(true), .string("Ada"), .integer(3)])
            #expect(outer.writes == round)
            #expect(inner.writes == round)
        }
    }

    @Test func hostTablesSupportLengthIpairsPairsAndComeBackAsValues() throws {
        let list = CountedTable([:])
        let source = ListTable([.value(.string("a")), .table(list), .value(.string("c"))])
        let result = try value(of: """
            local t = ...
            local n, keys = 0, 0
            for _, v in ipairs(t) do n = n + 1 end
            for k in pairs(t) do keys = keys + k end
            return { #t, n, keys, t }
            """, [.table(source)])
        #expect(result == .list([.integer(3), .integer(3), .integer(6), .list([.string("a"), .map([:]), .string("c")])]))
    }

    /// Every way a script could reach the data table behind a read-only proxy and write it: the loop state
    /// `pairs` returns, `next`, the metatable, a nested table. Each must fail, and nothing may change.
    @Test(arguments: [
        "local _, d = pairs(t); d.name = 'Mallory'",
        "local _, d = pairs(t); rawset(d, 'name', 'Mallory')",
        "local f, d = pairs(t); local k = f(d, nil); rawset(d, k, 'Mallory')",
        "rawset(t, 'name', 'Mallory')",
        "local k = next(t); if k then rawset(t, k, 'Mallory') end; error('next found nothing')",
        "getmetatable(t).__index.name = 'Mallory'",
        "setmetatable(t, nil); t.name = 'Mallory'",
        "t.inner.name = 'Mallory'",
        "local _, d = pairs(t.inner); d.name = 'Mallory'",
        "rawset(t.inner, 'name', 'Mallory')",
        "table.insert(t.list, 'Mallory')",
        "local _, d = pairs(t.list); rawset(d, 1, 'Mallory')",
    ])
    func noWriteReachesAHostTablesData(attack: String) throws {
        let inner = CountedTable(["name": .value(.string("Ada"))])
        let source = CountedTable(["name": .value(.string("Ada")), "inner": .table(inner), "list": .value(.list([.string("Ada")]))])
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile("""
            return {
              attack = function(t) \(attack) end,
              read = function(t) return t.name, t.inner.name, t.list[1], #t.list end,
            }
            """, chunkName: "@t.lua")
        let values = try runtime.evaluate { ev in
            let table = try ev.run(chunk)
            #expect(throws: LuaError.self) { try ev.call(table, path: ["attack"], [.table(source)]) }
            return try ev.call(table, path: ["read"], [.table(source)]).values
        }
        #expect(values == [.string("Ada"), .string("Ada"), .string("Ada"), .integer(1)])
    }

    /// The same for the library tables every evaluation shares: the loop state of `pairs(string)` was once
    /// the real string table, so one evaluation could change `string` for every later one.
    @Test(arguments: ["string", "table", "math", "utf8", "coroutine"])
    func pairsOfALibraryHandsOutNoWritableTable(library: String) throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile("""
            return {
              attack = function()
                local _, d = pairs(\(library))
                return pcall(rawset, d, 'leak', true), pcall(function() d.leak = true end)
              end,
              read = function() return rawget(\(library), 'leak'), \(library).leak end,
            }
            """, chunkName: "@t.lua")
        let attacked = try runtime.evaluate { ev in try ev.call(try ev.run(chunk), path: ["attack"], []).values }
        #expect(attacked.first == .boolean(false))
        #expect(attacked.dropFirst().first == .boolean(false))
        let after = try runtime.evaluate { ev in try ev.call(try ev.run(chunk), path: ["read"], []).values }
        #expect(after == [.nil, .nil])
    }
}

/// A list table source.
final class ListTable: LuaTableSource {
    let items: [LuaHostValue]
    init(_ items: [LuaHostValue]) { self.items = items }
    var luaTableSize: (list: Int, fields: Int) { (items.count, 0) }
    func write(to table: inout LuaTableWriter) {
        for item in items { table.append(item) }
    }
}

/// `pairs` over a read-only table visits list positions in order, then string keys sorted by their bytes,
/// whatever order Lua's string hashes (seeded per state) would give: the same hook gives the same text.
@Suite struct ReadOnlyPairsOrderTests {
    @Test func pairsVisitsKeysInOneFixedOrder() throws {
        let fields = ["zeta", "alpha", "mid", "b", "a_long_key_name_beyond_forty_bytes_of_text_xx", "Alpha"]
        let map = LuaValue.map(Dictionary(uniqueKeysWithValues: fields.map { ($0, LuaValue.boolean(true)) }))
        let list = LuaValue.list([.string("x"), .string("y"), .string("z")])
        let result = try value(of: """
            local m, l = ...
            local a, b = {}, {}
            for k in pairs(m) do a[#a + 1] = k end
            for k, v in pairs(l) do b[#b + 1] = k .. v end
            return { table.concat(a, ","), table.concat(b, ",") }
            """, [.value(map), .value(list)])
        #expect(result == .list([.string("Alpha,a_long_key_name_beyond_forty_bytes_of_text_xx,alpha,b,mid,zeta"), .string("1x,2y,3z")]))
    }
}
