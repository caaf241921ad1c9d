import Testing
@testable import LuaBridge

/// A recycled, slotted source that names what it writes with a tag, as an instance's ctx does.
final class TaggedSource: LuaTableSource {
    var name: String
    var tag: Int
    let key: Int
    var writes = 0
    var luaTableSlot: LuaTableSlot? = LuaTableSlot()
    init(key: Int, name: String, tag: Int) { self.key = key; self.name = name; self.tag = tag }
    var luaRecycleKey: Int? { key }
    var luaWritesEveryKey: Bool { true }
    func write(to table: inout LuaTableWriter) {
        writes += 1
        table.tag = tag
        table.set("name", .value(.string(name)))
    }
}

/// A kept table taken as it is (`LuaEvaluation.takeKeptTable`) instead of pushed and found to hold what it would be
/// written with: only when its tag says so, once per evaluation, for that evaluation and that source only.
@Suite struct TakenKeptTableTests {
    static let source = "return { f = function(a, b) return rawequal(a, b), a.name end }"

    /// What `f(a, b)` answers in one evaluation, after `prepare` ran in it.
    static func call(_ runtime: LuaRuntime, _ chunk: LuaChunk, _ a: TaggedSource, _ b: TaggedSource,
                     prepare: (LuaEvaluation) -> Void = { _ in }) throws -> [LuaValue] {
        try runtime.evaluate { ev in
            prepare(ev)
            return try ev.call(try ev.run(chunk), path: ["f"], [.table(a), .table(b)]).values
        }
    }

    @Test func aTakenTableIsTheKeptOneForEveryPushOfItsEvaluation() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile(Self.source, chunkName: "@t.lua")
        let source = TaggedSource(key: 4, name: "Ada", tag: 5)
        #expect(try Self.call(runtime, chunk, source, source) == [.boolean(true), .string("Ada")])
        var checks: [Bool] = []
        let values = try Self.call(runtime, chunk, source, source) { ev in
            checks = [ev.keptTable(4, holds: 6), ev.keptTable(4, holds: 0), ev.keptTable(4, holds: 5),
                      ev.takeKeptTable(4, for: source), ev.keptTable(4, holds: 5), ev.takeKeptTable(4, for: source)]
        }
        // Only the tag it was written with holds; once taken, the key is this evaluation's and cannot be taken again.
        #expect(checks == [false, false, true, true, false, false])
        #expect(values == [.boolean(true), .string("Ada")])
        #expect(source.writes == 1)
        #expect(runtime.tablesLeftAsTheyWere == 1)
    }

    @Test func aTakenSlotIsTrustedOnlyInItsEvaluationAndForItsSource() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile(Self.source, chunkName: "@t.lua")
        let source = TaggedSource(key: 4, name: "Ada", tag: 5)
        _ = try Self.call(runtime, chunk, source, source)
        // Another source handed the slot of the one that took the kept table still gets a table of its own data.
        let impostor = TaggedSource(key: 9, name: "Mallory", tag: 7)
        let values = try Self.call(runtime, chunk, impostor, source) { ev in
            #expect(ev.takeKeptTable(4, for: source))
            impostor.luaTableSlot = source.luaTableSlot
        }
        #expect(values == [.boolean(false), .string("Mallory")])
        #expect(impostor.writes == 1)
        // The next evaluation does not trust the slot: with another name under the same tag unasked, it writes anew.
        source.name = "Bo"
        source.tag = 8
        #expect(try Self.call(runtime, chunk, source, source) == [.boolean(true), .string("Bo")])
        #expect(source.writes == 2)
    }

    @Test func nothingIsTakenOnceAnotherTableIsKeptAnewOrAllAreLetGo() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile(Self.source, chunkName: "@t.lua")
        let source = TaggedSource(key: 4, name: "Ada", tag: 5)
        let other = TaggedSource(key: 5, name: "Bo", tag: 6)
        _ = try Self.call(runtime, chunk, source, source)
        // A table kept anew under another key: the kept tables are no longer known to be the ones they held.
        var holds: [Bool] = []
        _ = try Self.call(runtime, chunk, other, other) { ev in holds.append(ev.keptTable(4, holds: 5)) }
        _ = try Self.call(runtime, chunk, other, other) { ev in holds.append(ev.keptTable(4, holds: 5)) }
        runtime.dropRecycledTables()
        _ = try Self.call(runtime, chunk, other, other) { ev in
            holds.append(ev.keptTable(5, holds: 6))
            holds.append(ev.takeKeptTable(5, for: other))
        }
        #expect(holds == [true, false, false, false])
    }
}
