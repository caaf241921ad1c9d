import Testing
@testable import LuaBridge

/// A table source that keeps its table's slot (as ctx's tables do), counting how often it is built.
final class SlottedTable: LuaTableSource {
    let fields: [String: LuaHostValue]
    var writes = 0
    var luaTableSlot: LuaTableSlot? = LuaTableSlot()
    init(_ fields: [String: LuaHostValue]) { self.fields = fields }
    func write(to table: inout LuaTableWriter) {
        writes += 1
        for (key, value) in fields { table.set(key, value) }
    }
}

/// Sources found again by their slot instead of by identity: still one table per source and evaluation.
@Suite struct TableSlotTests {
    static let source = "return { f = function(a, b) return rawequal(a, b), rawequal(a.inner, b.inner), a.inner.name end }"

    @Test func aSlottedSourceIsBuiltOnceAndIsOneTablePerEvaluation() throws {
        let inner = SlottedTable(["name": .value(.string("Ada"))])
        let outer = SlottedTable(["inner": .table(inner)])
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile(Self.source, chunkName: "@t.lua")
        for round in 1...3 {
            let values = try runtime.evaluate { ev in
                let table = try ev.run(chunk)
                _ = try ev.call(table, path: ["f"], [.table(outer), .table(inner)])
                return try ev.call(table, path: ["f"], [.table(outer), .table(outer)]).values
            }
            #expect(values == [.boolean(true), .boolean(true), .string("Ada")])
            #expect(outer.writes == round)
            #expect(inner.writes == round)
        }
    }

    /// A slot is only a hint: another runtime's evaluation overwriting it in the middle of this one costs this
    /// evaluation a second table of the same data, never another source's table.
    @Test func aSlotOverwrittenByAnotherEvaluationNeverGivesAnotherSourcesTable() throws {
        let shared = SlottedTable(["inner": .table(SlottedTable(["name": .value(.string("Ada"))]))])
        let other = SlottedTable(["inner": .table(SlottedTable(["name": .value(.string("Bob"))]))])
        let first = try LuaRuntime(limits: .small), second = try LuaRuntime(limits: .small)
        let chunk = try first.compile(Self.source, chunkName: "@t.lua")
        let secondChunk = try second.compile(Self.source, chunkName: "@t.lua")
        let values = try first.evaluate { ev in
            let table = try ev.run(chunk)
            _ = try ev.call(table, path: ["f"], [.table(shared), .table(shared)])
            try second.evaluate { ev2 in
                let table2 = try ev2.run(secondChunk)
                _ = try ev2.call(table2, path: ["f"], [.table(other), .table(shared)])
            }
            return try ev.call(table, path: ["f"], [.table(shared), .table(shared)]).values
        }
        #expect(values == [.boolean(true), .boolean(true), .string("Ada")])
    }
}
