import Testing
@testable import LuaBridge

/// A table source under a recycle key (as an instance's ctx is), over a dictionary.
final class RecycledSource: LuaTableSource {
    let fields: [String: LuaHostValue]
    let key: Int
    init(key: Int, _ fields: [String: LuaHostValue]) { self.key = key; self.fields = fields }
    var luaRecycleKey: Int? { key }
    var luaTableSize: (list: Int, fields: Int) { (0, fields.count) }
    func write(to table: inout LuaTableWriter) {
        for (key, value) in fields { table.set(key, value) }
    }
}

/// Tables kept under a recycle key and rewritten by the next evaluation: a script sees only what this
/// evaluation wrote, and no evaluation gets one kept table for two sources.
@Suite struct RecycledTableTests {
    static let source = """
        local function describe(t)
          local parts = {}
          for k, v in pairs(t) do parts[#parts + 1] = tostring(k) .. "=" .. tostring(v) end
          return table.concat(parts, " ")
        end
        return {
          show = function(t) return describe(t), #t, tostring(t.gone) end,
          same = function(a, b) return rawequal(a, b) end,
          write = function(t) t.x = 1 end,
        }
        """

    @Test func theNextEvaluationOfAKeySeesOnlyWhatItWrote() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile(Self.source, chunkName: "@t.lua")
        let first = RecycledSource(key: 1, ["gone": .value(.string("first")), "a": .value(.integer(1)), "b": .value(.integer(2))])
        let second = RecycledSource(key: 1, ["a": .value(.integer(3))])
        func show(_ source: RecycledSource) throws -> [LuaValue] {
            try runtime.evaluate { ev in try ev.call(try ev.run(chunk), path: ["show"], [.table(source)]).values }
        }
        #expect(try show(first) == [.string("a=1 b=2 gone=first"), .integer(0), .string("first")])
        #expect(runtime.tablesRecycled == 0)
        #expect(try show(second) == [.string("a=3"), .integer(0), .string("nil")])
        #expect(runtime.tablesRecycled == 1)
        #expect(try show(first) == [.string("a=1 b=2 gone=first"), .integer(0), .string("first")])
        #expect(runtime.tablesRecycled == 2)
    }

    @Test func twoSourcesOfOneKeyInOneEvaluationAreTwoTablesEachWithItsOwnEntries() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile(Self.source, chunkName: "@t.lua")
        let first = RecycledSource(key: 7, ["a": .value(.integer(1))])
        let second = RecycledSource(key: 7, ["a": .value(.integer(2))])
        for _ in 1...2 {
            let values = try runtime.evaluate { ev in
                let rules = try ev.run(chunk)
                let same = try ev.call(rules, path: ["same"], [.table(first), .table(second)]).values
                return same + (try ev.call(rules, path: ["show"], [.table(first)]).values)
                    + (try ev.call(rules, path: ["show"], [.table(second)]).values)
            }
            #expect(values == [.boolean(false), .string("a=1"), .integer(0), .string("nil"), .string("a=2"), .integer(0), .string("nil")])
        }
        #expect(runtime.tablesRecycled == 1)
    }

    @Test func aRecycledTableStaysReadOnly() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile(Self.source, chunkName: "@t.lua")
        let source = RecycledSource(key: 2, ["a": .value(.integer(1))])
        for _ in 1...2 {
            let message = runtime.evaluate { ev -> String? in
                do {
                    _ = try ev.call(try ev.run(chunk), path: ["write"], [.table(source)])
                    return nil
                } catch let error as LuaError {
                    return error.message
                } catch {
                    return "\(error)"
                }
            }
            #expect(message == "attempt to modify read-only table (key 'x')")
        }
        #expect(runtime.tablesRecycled == 1)
    }

    @Test func keysOutsideTheLimitAreNeverKept() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile(Self.source, chunkName: "@t.lua")
        for key in [0, -1, LuaRuntime.recycleKeyLimit + 1] {
            let source = RecycledSource(key: key, ["a": .value(.integer(Int64(key)))])
            for _ in 1...2 {
                let shown = try runtime.evaluate { ev in try ev.call(try ev.run(chunk), path: ["show"], [.table(source)]).values }
                #expect(shown == [.string("a=\(key)"), .integer(0), .string("nil")])
            }
        }
        #expect(runtime.tablesRecycled == 0)
    }

    /// Kept tables hold the last evaluation's values until the next rewrites them: when more than half the memory
    /// cap is still in use after a collection, they are let go, so a plan near the cap never leaves the next one
    /// less room than a fresh state would. Garbage alone lets nothing go.
    @Test func nearTheMemoryCapRecycledTablesAreLetGo() throws {
        let runtime = try LuaRuntime(limits: LuaLimits(instructions: 10_000_000, memoryBytes: 4 << 20, wallClockSeconds: 30))
        let chunk = try runtime.compile("""
            return {
              show = function(t) return #t.a end,
              -- About 3 MiB made and let go before the hook returns: garbage, which a collection frees.
              churn = function(t) local parts = {} for i = 1, 3000 do parts[i] = string.rep("x", 1000) .. i end return #t.a end,
            }
            """, chunkName: "@t.lua")
        let small = RecycledSource(key: 3, ["a": .value(.string("x"))])
        // 3 MiB of host data, more than half the cap, reachable from the kept table after its evaluation.
        let large = RecycledSource(key: 3, ["a": .value(.string(String(repeating: "x", count: 3 << 20)))])
        func run(_ hook: String, _ source: RecycledSource) throws -> [LuaValue] {
            try runtime.evaluate { ev in try ev.call(try ev.run(chunk), path: [hook], [.table(source)]).values }
        }
        #expect(try run("show", small) == [.integer(1)])
        #expect(try run("churn", small) == [.integer(1)])
        #expect(try run("show", small) == [.integer(1)])
        #expect(runtime.tablesRecycled == 2)
        #expect(runtime.tablesDropped == 0)
        #expect(try run("show", large) == [.integer(3 << 20)])
        #expect(runtime.tablesRecycled == 3)
        #expect(runtime.tablesDropped == 1)
        // Made afresh after the drop, then recycled again.
        #expect(try run("show", small) == [.integer(1)])
        #expect(runtime.tablesRecycled == 3)
        #expect(try run("show", small) == [.integer(1)])
        #expect(runtime.tablesRecycled == 4)
        #expect(runtime.tablesDropped == 1)
    }
}
