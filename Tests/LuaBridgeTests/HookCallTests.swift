import Testing
@testable import LuaBridge

/// `callHook`: the one-argument call of the hooks an evaluation runs by the hundred, whose usual answers are
/// read straight off the stack.
@Suite struct HookCallTests {
    func answer(_ body: String, _ argument: LuaHostValue = .value(.nil)) throws -> LuaHookAnswer {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile("return { items = { a = { visible = function(ctx) \(body) end } } }", chunkName: "@t.lua")
        let path = ["items", "a", "visible"].map(LuaName.init)
        return try runtime.evaluate { ev in try ev.callHook(try ev.run(chunk), names: path, argument) }
    }

    @Test(arguments: [
        ("return true", LuaHookAnswer.flag(true)),
        ("return false", .flag(false)),
        ("return false, 'Enter a value'", .refusal("Enter a value")),
        ("return false, nil", .values([.boolean(false), .nil])),
        ("return true, 'ignored'", .values([.boolean(true), .string("ignored")])),
        ("return false, 'a', 'b'", .values([.boolean(false), .string("a"), .string("b")])),
        ("return false, { 'a', 'b' }", .values([.boolean(false), .list([.string("a"), .string("b")])])),
        ("return nil", .values([.nil])),
        ("return", .values([])),
        ("return { value = ctx }", .values([.map(["value": .integer(7)])])),
    ])
    func answersAreReadAsCallReadsThem(body: String, expected: LuaHookAnswer) throws {
        #expect(try answer(body, .value(.integer(7))) == expected)
    }

    @Test func theAnswerGivesTheValuesCallGives() {
        #expect(LuaHookAnswer.flag(true).values == [.boolean(true)])
        #expect(LuaHookAnswer.refusal("no").values == [.boolean(false), .string("no")])
        #expect(LuaHookAnswer.values([.nil]).values == [.nil])
    }

    @Test func theArgumentIsTheHostTable() throws {
        let ctx = SlottedTable(["flag": .value(.boolean(true))])
        #expect(try answer("return ctx.flag", .table(ctx)) == .flag(true))
    }

    @Test func aMessageThatIsNotUTF8IsRefusedAsCallRefusesIt() {
        #expect(throws: LuaError.self) { try answer("return false, '\\255'") }
        do {
            _ = try answer("return false, '\\255'")
        } catch let error as LuaError {
            #expect(error.message == "result#2: cannot convert a string that is not valid UTF-8")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func anErrorIsRaisedWithItsPosition() {
        do {
            _ = try answer("error('boom')")
            Issue.record("no error")
        } catch let error as LuaError {
            #expect(error.message == "boom")
            #expect(error.line == 1)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aPathThatIsNotAFunctionIsRefused() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile("return { items = { a = {} } }", chunkName: "@t.lua")
        #expect(throws: LuaError.self) {
            try runtime.evaluate { ev in try ev.callHook(try ev.run(chunk), names: ["items", "a", "visible"].map(LuaName.init), .value(.nil)) }
        }
    }
}
