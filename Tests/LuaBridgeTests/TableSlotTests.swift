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

    /// A table that refreshes another before its own entries, as an instance's ctx refreshes its item.
    final class Refreshing: LuaTableSource {
        let held: SlottedTable
        var luaTableSlot: LuaTableSlot? = LuaTableSlot()
        init(_ held: SlottedTable) { self.held = held }
        func write(to table: inout LuaTableWriter) {
            table.refresh(held)
            // How often the held table was built when this one was written: what a tag built after a refresh sees.
            table.set("built", integer: held.writes)
            table.set("held", .table(held))
        }
    }

    /// A slot marked built in an earlier evaluation, whose id in this one is another source's, does not pass for
    /// built: the refresh builds the table again before the refreshing table reads anything of it.
    @Test func aSlotBuiltInAnEarlierEvaluationIsBuiltAgainByARefresh() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile("return { f = function(...) local args = { ... } return args[#args].built end }", chunkName: "@t.lua")
        let held = SlottedTable(["name": .value(.string("Ada"))])
        for round in 1...3 {
            // Round r pushes r + 1 other tables first, so the held table's id of the round before is the refreshing one's.
            let pads: [LuaHostValue] = (0...round).map { _ in .table(SlottedTable([:])) }
            let values = try runtime.evaluate { ev in
                try ev.call(try ev.run(chunk), path: ["f"], pads + [.table(Refreshing(held))]).values
            }
            #expect(values == [.integer(Int64(round))])
        }
    }

    /// Refreshing a table already built in the evaluation writes nothing again; in the next evaluation it is built
    /// afresh first, with that evaluation's data, and is the table the refreshing one holds.
    @Test func aRefreshedSourceIsBuiltOncePerEvaluationAndReadsThatEvaluationsData() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile("return { f = function(a, b) return rawequal(a.held, b), a.held.name end }", chunkName: "@t.lua")
        for (round, name) in ["Ada", "Bob", "Cy"].enumerated() {
            let held = SlottedTable(["name": .value(.string(name))])
            let first = Refreshing(held), second = Refreshing(held)
            let values = try runtime.evaluate { ev in
                let table = try ev.run(chunk)
                let before = try ev.call(table, path: ["f"], [.table(first), .table(held)]).values
                #expect(held.writes == 1)
                let after = try ev.call(table, path: ["f"], [.table(second), .table(held)]).values
                #expect(held.writes == 1, "round \(round + 1)")
                return before + after
            }
            #expect(values == [.boolean(true), .string(name), .boolean(true), .string(name)])
        }
        // The same source in the next evaluation: its slot says built, but in the evaluation before.
        let held = SlottedTable(["name": .value(.string("Dee"))])
        for round in 1...2 {
            let values = try runtime.evaluate { ev in
                try ev.call(try ev.run(chunk), path: ["f"], [.table(Refreshing(held)), .table(held)]).values
            }
            #expect(values == [.boolean(true), .string("Dee")])
            #expect(held.writes == round)
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
