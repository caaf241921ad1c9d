import Testing
@testable import LuaBridge

/// A source whose keys are interned names.
final class NamedTable: LuaTableSource {
    let key: LuaName
    let value: String
    init(_ key: LuaName, _ value: String) { self.key = key; self.value = value }
    func write(to table: inout LuaTableWriter) { table.set(key, string: value) }
}

/// `LuaName`: strings interned once in the runtime that first pushes them.
@Suite struct LuaNameTests {
    static let source = "return { items = { f = { visible = function(t) return t.greeting, t.greeting == 'hi' end } } }"

    @Test func namesFindTheHookAndWriteKeysInEveryEvaluationAndInASecondRuntime() throws {
        let path = ["items", "f", "visible"].map(LuaName.init)
        let greeting = LuaName("greeting")
        let first = try LuaRuntime(limits: .small), second = try LuaRuntime(limits: .small)
        for runtime in [first, second, first] {
            let chunk = try runtime.compile(Self.source, chunkName: "@t.lua")
            for _ in 1...2 {
                let values = try runtime.evaluate { ev in
                    try ev.call(try ev.run(chunk), names: path, [.table(NamedTable(greeting, "hi"))]).values
                }
                #expect(values == [.string("hi"), .boolean(true)])
            }
        }
    }

    @Test func aPathThatLeadsNowhereIsNamedInTheError() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile(Self.source, chunkName: "@t.lua")
        for (path, message) in [(["items", "g", "visible"], "'items.g' is not a table"),
                                (["items", "f", "complete"], "'items.f.complete' is not a function (a nil value)")] {
            let error = runtime.evaluate { ev -> LuaError? in
                do { _ = try ev.call(try ev.run(chunk), names: path.map(LuaName.init), []); return nil }
                catch { return error as? LuaError }
            }
            #expect(error?.message == message)
        }
    }
}
