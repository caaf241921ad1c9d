import Testing
@testable import LuaBridge

/// A recycled source holding a kept host function, tagged like `TaggedSource`.
final class GreeterSource: LuaTableSource {
    let function: LuaKeptFunction
    var writes = 0
    var luaTableSlot: LuaTableSlot? = LuaTableSlot()
    init(function: LuaKeptFunction) { self.function = function }
    var luaRecycleKey: Int? { 4 }
    var luaWritesEveryKey: Bool { true }
    func write(to table: inout LuaTableWriter) {
        writes += 1
        table.tag = 5
        table.set(LuaName("f"), function: function)
    }
}

/// A host function its runtime keeps from one evaluation to the next (`LuaKeptFunction`), so a kept table holding it
/// can be taken as it is: callable only in an evaluation it was handed to, whatever table still holds it.
@Suite struct KeptFunctionTests {
    static let source = "return { call = function(t, x) return t.f(x) end }"

    /// A function answering what `answer` says now, and a source holding it.
    static func greeter(_ answer: @escaping () -> String) -> GreeterSource {
        GreeterSource(function: LuaKeptFunction { args in
            guard case .string(let x)? = args.first else { return .value(.nil) }
            return .value(.string(answer() + x))
        })
    }

    /// What `t.f("Ada")` answers or raises in one evaluation, after `prepare` ran in it.
    static func call(_ runtime: LuaRuntime, _ chunk: LuaChunk, _ source: GreeterSource,
                     prepare: (LuaEvaluation) -> Void = { _ in }) throws -> String {
        try runtime.evaluate { ev in
            prepare(ev)
            do {
                let values = try ev.call(try ev.run(chunk), path: ["call"], [.table(source), .value(.string("Ada"))]).values
                guard case .string(let text)? = values.first else { return "no text" }
                return text
            } catch let error as LuaError {
                return error.message
            }
        }
    }

    @Test func aKeptFunctionInATakenTableIsCallableOnlyOnceHandedOut() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile(Self.source, chunkName: "@t.lua")
        var greeting = "hello "
        let source = Self.greeter { greeting }
        #expect(try Self.call(runtime, chunk, source) == "hello Ada")
        // Taken as it is, the table still holds the function written in the evaluation before: not handed out to this
        // one, it refuses, even though its runtime keeps it.
        let refused = try Self.call(runtime, chunk, source) { ev in
            #expect(ev.keptTable(4, holds: 5) && ev.takeKeptTable(4, for: source))
        }
        #expect(refused == "host function called outside its evaluation")
        // Handed out, the very same function answers, reading what its body reads now.
        greeting = "hi "
        let answered = try Self.call(runtime, chunk, source) { ev in
            #expect(ev.keptTable(4, holds: 5) && ev.handOut(source.function) && ev.takeKeptTable(4, for: source))
        }
        #expect(answered == "hi Ada")
        #expect(source.writes == 1)
    }

    @Test func aFunctionAnotherRuntimeKeepsIsAFunctionOfEachEvaluationHere() throws {
        let keeper = try LuaRuntime(limits: .small)
        let other = try LuaRuntime(limits: .small)
        let source = Self.greeter { "hello " }
        #expect(try Self.call(keeper, try keeper.compile(Self.source, chunkName: "@t.lua"), source) == "hello Ada")
        let chunk = try other.compile(Self.source, chunkName: "@t.lua")
        // Written here with a function of the evaluation: it answers, but cannot be handed out to a later one, so the
        // table holding it is written again rather than taken.
        #expect(try Self.call(other, chunk, source) == "hello Ada")
        var handed: [Bool] = []
        #expect(try Self.call(other, chunk, source) { ev in handed.append(ev.handOut(source.function)) } == "hello Ada")
        #expect(handed == [false])
        #expect(source.writes == 3)
    }

    @Test func aRuntimeKeepsAtMostItsLimitAndMakesTheRestFunctionsOfEachEvaluation() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile(Self.source, chunkName: "@t.lua")
        for _ in 0..<LuaRuntime.keptFunctionLimit { _ = try Self.call(runtime, chunk, Self.greeter { "" }) }
        #expect(runtime.keptFunctions.count == LuaRuntime.keptFunctionLimit)
        let past = Self.greeter { "past " }
        var handed: [Bool] = []
        #expect(try Self.call(runtime, chunk, past) { ev in handed.append(ev.handOut(past.function)) } == "past Ada")
        #expect(try Self.call(runtime, chunk, past) { ev in handed.append(ev.handOut(past.function)) } == "past Ada")
        #expect(handed == [false, false])
        #expect(runtime.keptFunctions.count == LuaRuntime.keptFunctionLimit)
    }
}
