import Testing
@testable import LuaBridge

@Suite struct StackDisciplineTests {
    @Test func tenThousandCallsLeaveTheStackAndMemoryWhereTheyStarted() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile("""
            return { f = function(ctx, n)
              local s = ctx.client.name .. n
              print(s)
              return { name = s, n = n, list = { 1, 2 } }, true
            end }
            """, chunkName: "@r.lua")
        func round() throws {
            try runtime.evaluate { evaluation in
                let table = try evaluation.run(chunk)
                for i in 0..<100 {
                    let ctx = RecordObject(["client": .object(RecordObject(["name": .value(.string("Ann"))]))])
                    let result = try evaluation.call(table, path: ["f"], [.object(ctx), .value(.integer(Int64(i)))])
                    #expect(result.log == ["Ann\(i)"])
                    _ = try? evaluation.call(table, path: ["missing"], [])
                }
            }
        }
        try round()
        let top = runtime.stackTop
        let bytes = runtime.bytesInUse
        for _ in 0..<100 { try round() }
        #expect(runtime.stackTop == top)
        #expect(runtime.bytesInUse <= bytes + 4096)
    }

    @Test func errorsLeaveTheStackWhereItStarted() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile("return { f = function(x) if x then error('x') end while true do end end }", chunkName: "@r.lua")
        let top = runtime.stackTop
        for i in 0..<200 {
            _ = try? runtime.evaluate { try $0.call(try $0.run(chunk), path: ["f"], [.value(.boolean(i % 2 == 0))]) }
        }
        #expect(runtime.stackTop == top)
    }
}
