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
        ("return false, 'Déjà vu — 日本'", .refusal("Déjà vu — 日本")),
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
    /// What `callHook(_:path:_:readingInPlace:)` gives for `body`, with a reader that takes the keys it is given
    /// (true) or refuses the table (false), and the keys it read.
    func readInPlace(_ body: String, taking: Bool) throws -> (converted: [LuaValue]?, keys: [String]) {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile("return { items = { a = { default = function(ctx) \(body) end } } }", chunkName: "@t.lua")
        let top = runtime.stackTop
        var keys: [String] = []
        let converted = try runtime.evaluate { ev in
            try ev.callHook(try ev.run(chunk), path: LuaPath(["items", "a", "default"]), .value(.nil), readingInPlace: { entries in
                while let entry = entries.next() { keys.append(String(decoding: entry.key, as: UTF8.self)) }
                return taking
            })
        }
        #expect(runtime.stackTop == top)
        return (converted, keys.sorted())
    }

    @Test func aFlatTableTheReaderTakesIsNotConverted() throws {
        let (converted, keys) = try readInPlace("return { a = 1, b = 'x', c = true }", taking: true)
        #expect(converted == nil)
        #expect(keys == ["a", "b", "c"])
    }

    @Test func aTableTheReaderRefusesIsConvertedAsCallConvertsIt() throws {
        let (converted, _) = try readInPlace("return { a = 1 }", taking: false)
        #expect(converted == [.map(["a": .integer(1)])])
    }

    @Test(arguments: [
        ("return { a = { 1 } }", [LuaValue.map(["a": .list([.integer(1)])])]),
        ("return { 1, 2 }", [.list([.integer(1), .integer(2)])]),
        ("return 'x'", [.string("x")]),
        ("return { a = 1 }, 2", [.map(["a": .integer(1)]), .integer(2)]),
    ])
    func anAnswerThatIsNotOneFlatTableIsConvertedEvenWhenTheReaderTakesIt(body: String, expected: [LuaValue]) throws {
        #expect(try readInPlace(body, taking: true).converted == expected)
    }
}
