import Testing
@testable import LuaBridge

/// A table that copies the entries of a common part and adds its own (as each instance's ctx copies `client`,
/// `plan`, … from one table per evaluation).
final class CopyingTable: LuaTableSource {
    let common: LuaTableSource
    let own: [String: LuaHostValue]
    var luaTableSlot: LuaTableSlot? = LuaTableSlot()
    init(common: LuaTableSource, own: [String: LuaHostValue]) { self.common = common; self.own = own }
    func write(to table: inout LuaTableWriter) {
        table.copyEntries(of: common)
        for (key, value) in own { table.set(key, value) }
    }
}

@Suite struct CopyEntriesTests {
    @Test func copiedEntriesAreTheSameValuesAndTheTableStaysReadOnly() throws {
        let client = SlottedTable(["name": .value(.string("Ada"))])
        let common = SlottedTable(["client": .table(client), "today": .value(.string("2026-11-30"))])
        let first = CopyingTable(common: common, own: ["item": .value(.string("a"))])
        let second = CopyingTable(common: common, own: ["item": .value(.string("b"))])
        let result = try callF("""
            return { f = function(a, b)
              local keys = {}
              for k, v in pairs(a) do keys[#keys + 1] = k end
              local wrote = pcall(function() a.client = 1 end)
              local wroteCopy = pcall(function() a.client.name = 'Mallory' end)
              return rawequal(a.client, b.client), a.client.name, a.today, a.item, b.item,
                table.concat(keys, ','), wrote, wroteCopy, getmetatable(a), #a
            end }
            """, [.table(first), .table(second)])
        #expect(result.values == [.boolean(true), .string("Ada"), .string("2026-11-30"), .string("a"), .string("b"),
                                  .string("client,item,today"), .boolean(false), .boolean(false), .string("read-only"), .integer(0)])
        #expect(common.writes == 1)
        #expect(client.writes == 1)
    }
}
