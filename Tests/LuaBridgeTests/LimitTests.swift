import Foundation
import Testing
@testable import LuaBridge

@Suite struct LimitTests {
    func expectLimit(_ body: String, _ kind: LuaError.LuaLimitKind, limits: LuaLimits = .small, sourceLocation: SourceLocation = #_sourceLocation) {
        // Only a wall-clock test races the clock: on a loaded machine (CI, parallel builds) a slow
        // process must still hit the instruction or memory limit it is about.
        var limits = limits
        if kind != .wallClock { limits.wallClockSeconds = max(limits.wallClockSeconds, 30) }
        let start = Date()
        let error = failure(of: body, limits: limits)
        #expect(error?.kind == .limit(kind), "got \(String(describing: error))", sourceLocation: sourceLocation)
        #expect(Date().timeIntervalSince(start) < 30, sourceLocation: sourceLocation)
    }

    @Test func anInfiniteLoopHitsTheInstructionLimitWithChunkAndLine() throws {
        let error = try #require(failure(of: "local x = 0\nwhile true do x = x + 1 end"))
        #expect(error.kind == .limit(.instructions))
        #expect(error.chunkName == "@Rules/test/rules.lua")
        #expect(error.line == 3)
        #expect(error.description == "Rules/test/rules.lua:3: instruction limit of 200000 exceeded")
    }

    @Test func pcallCannotCatchTheLimitAndGoOn() {
        expectLimit("for i = 1, 1000 do pcall(function() while true do end end) end return 'escaped'", .instructions)
        expectLimit("while true do pcall(function() while true do end end) end", .instructions)
        expectLimit("local ok = pcall(function() while true do end end) local x = 0 while true do x = x + 1 end", .instructions)
    }

    @Test func xpcallHandlerCannotRunUnmetered() {
        expectLimit("xpcall(function() while true do end end, function() while true do end end) return 'escaped'", .instructions)
        expectLimit("xpcall(error, function() while true do end end)", .instructions)
        expectLimit("for i = 1, 100 do xpcall(function() while true do end end, function(e) return e end) end", .instructions)
    }

    @Test func coroutinesShareOneBudget() {
        expectLimit("while true do coroutine.wrap(function() for i = 1, 900 do end end)() end", .instructions)
        expectLimit("""
            local co = coroutine.wrap(function() while true do coroutine.yield() end end)
            while true do co() end
            """, .instructions)
        expectLimit("coroutine.wrap(function() while true do end end)()", .instructions)
        expectLimit("local co = coroutine.create(function() while true do end end) coroutine.resume(co) while true do end", .instructions)
    }

    @Test func catastrophicPatternsAreBounded() {
        expectLimit("return string.find(string.rep('a', 40), string.rep('a*', 30) .. 'b')", .instructions)
        expectLimit("return (string.rep('a', 5000)):match('.-.-.-.-b')", .instructions)
        expectLimit("for w in string.gmatch(string.rep('a', 5000), '.-.-.-b') do end", .instructions)
        expectLimit("return string.gsub(string.rep('a', 5000), '.-.-.-b', '')", .instructions)
        expectLimit("local s = string.rep('a', 1 << 20) return s:find(string.rep('a', 1 << 19) .. 'b', 1, true)", .instructions)
    }

    @Test func patternsStillMatchLikeLua() throws {
        let result = try value(of: """
            local out = {}
            out[1] = select(2, string.find("hello world", "o w"))
            out[2] = string.match("key = value", "(%w+)%s*=%s*(%w+)")
            out[3] = (string.gsub("hello world", "o", "0"))
            out[4] = (string.gsub("abc", "%w", "%0%0"))
            local words = {}
            for w in string.gmatch("one two three", "%a+") do words[#words + 1] = w end
            out[5] = table.concat(words, "|")
            out[6] = string.match("[[x]]", "%b[]")
            out[7] = string.find("THE (quick) fox", "%f[%a]%a+", 5)
            out[8] = string.match("2024-02-29", "^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
            out[9] = (string.gsub("$name is $age", "%$(%w+)", {name = "Ann", age = 7}))
            out[10] = (string.gsub("abc", "(b)", function(b) return b:upper() end))
            out[11] = string.match("aaa", "()a-()b?$")
            out[12] = string.find("a.b", ".", 1, true)
            out[13] = string.match("  trim  ", "^%s*(.-)%s*$")
            out[14] = string.match("x]y", "[]]")
            out[15] = string.match("hello", "(h)(e)(l)%3")
            return out
            """)
        #expect(result == .list([
            .integer(7), .string("key"), .string("hell0 w0rld"), .string("aabbcc"), .string("one|two|three"),
            .string("[[x]]"), .integer(6), .string("2024"), .string("Ann is 7"), .string("aBc"), .integer(1),
            .integer(2), .string("trim"), .string("]"), .string("h"),
        ]))
    }

    @Test func malformedPatternsAreErrors() throws {
        #expect(failure(of: "return string.find('a', '[a')")?.description == "Rules/test/rules.lua:2: malformed pattern (missing ']')")
        #expect(failure(of: "return string.find('a', '%')")?.description == "Rules/test/rules.lua:2: malformed pattern (ends with '%')")
        let unfinished = failure(of: "return string.find('a', '(()')")
        #expect(unfinished?.kind == .runtime)
        #expect(unfinished?.description == "Rules/test/rules.lua:2: unfinished capture")
    }

    @Test func stringRepWithEmptyStringAndHugeCountIsBounded() throws {
        #expect(try value(of: "return #string.rep('', math.maxinteger)") == .integer(0))
        #expect(try value(of: "return #string.rep('', 1 << 62, '')") == .integer(0))
        let error = try #require(failure(of: "return pcall(string.rep, 'x', 1 << 40)"))
        #expect(error.description == "Rules/test/rules.lua:2: memory limit of 8 MiB exceeded")
    }

    @Test func tableFunctionsDrivenByMetamethodsAreBounded() {
        let huge = "local t = setmetatable({}, {__len = function() return math.maxinteger - 1 end, __index = rawequal})"
        expectLimit("\(huge) table.insert(t, 1, 'x')", .instructions)
        expectLimit("\(huge) table.remove(t, 1)", .instructions)
        expectLimit("\(huge) return table.concat(t)", .instructions)
        expectLimit("return table.move({}, 1, math.maxinteger - 1, 2, {})", .instructions)
        expectLimit("return table.move(setmetatable({}, {__index = rawequal}), 1, 1 << 40, 1, {})", .instructions)
        expectLimit("local t = setmetatable({}, {__len = function() return (1 << 31) - 2 end, __index = function() return 1 end}) table.sort(t)", .instructions)
        expectLimit("local t = {} for i = 1, 1000 do t[i] = i end while true do pcall(table.sort, t, rawequal) end", .instructions)
        expectLimit("local t = setmetatable({}, {__index = function(t, k) return t[k + 1] end}) return t[1]", .stack, limits: LuaLimits(instructions: 50_000_000, memoryBytes: 64 << 20, wallClockSeconds: 5))
    }

    @Test func theWallClockStopsLongRunningWork() throws {
        let limits = LuaLimits(instructions: Int.max / 8, memoryBytes: 8 << 20, wallClockSeconds: 0.2)
        let start = Date()
        let error = try #require(failure(of: "local x = 0\nwhile true do x = x + 1 end", limits: limits))
        #expect(error.kind == .limit(.wallClock))
        #expect(error.description == "Rules/test/rules.lua:3: wall-clock limit of 0.2 s exceeded")
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test func theWallClockStopsCheapCallsInALoop() throws {
        let limits = LuaLimits(instructions: Int.max / 8, memoryBytes: 16 << 20, wallClockSeconds: 0.2)
        let start = Date()
        let error = try #require(failure(of: "local s = string.rep('x', 1 << 22) while true do s:upper() end", limits: limits))
        #expect(error.kind == .limit(.wallClock))
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test func memoryIsCappedAndNamed() throws {
        let limits = LuaLimits(instructions: 100_000_000, memoryBytes: 8 << 20, wallClockSeconds: 5)
        let error = try #require(failure(of: "local t = {}\nfor i = 1, 1e9 do t[i] = {i} end", limits: limits))
        #expect(error.kind == .limit(.memory))
        #expect(error.message == "memory limit of 8 MiB exceeded")
        #expect(error.chunkName == "@Rules/test/rules.lua")
        #expect(error.line == 3)
        let big = try #require(failure(of: "local s = string.rep('x', 3 << 20)\nreturn s .. s", limits: limits))
        #expect(big.description == "Rules/test/rules.lua:3: memory limit of 8 MiB exceeded")
    }

    @Test func memoryHeldAtTheCapFailsEveryCallWithTheMemoryLimitAndTheHostGoesOn() throws {
        let runtime = try LuaRuntime(limits: LuaLimits(instructions: 100_000_000, memoryBytes: 8 << 20, wallClockSeconds: 5))
        let chunk = try runtime.compile("""
            local keep = {}
            return { f = function(...)
              pcall(function() for i = 1, 1e9 do keep[i] = {i, i, i} end end)
              return keep[1], ...
            end }
            """, chunkName: "@Rules/test/rules.lua")
        let big = LuaValue.map(Dictionary(uniqueKeysWithValues: (0..<2000).map { ("key\($0)", LuaValue.string(String(repeating: "v", count: 100))) }))
        for _ in 0..<3 {
            let errors = try runtime.evaluate { evaluation -> [LuaError] in
                let table = try evaluation.run(chunk)
                // The second call's arguments are pushed while the first call's data holds the cap.
                let arguments: [[LuaHostValue]] = [[], [.value(big), .object(RecordObject(["a": .value(.integer(1))]))]]
                return arguments.compactMap { arguments -> LuaError? in
                    do {
                        _ = try evaluation.call(table, path: ["f"], arguments)
                        return nil
                    } catch let error as LuaError {
                        return error
                    } catch {
                        return LuaError(kind: .runtime, message: "unexpected \(error)")
                    }
                }
            }
            #expect(errors.map { $0.kind } == [.limit(.memory), .limit(.memory)])
            #expect(errors.map { $0.description } == Array(repeating: "Rules/test/rules.lua:3: memory limit of 8 MiB exceeded", count: 2))
        }
        #expect(runtime.bytesInUse < LuaLimits.small.memoryBytes)
        let after = try runtime.compile("return { f = function() return 'ok' end }", chunkName: "@Rules/test/after.lua")
        #expect(try runtime.evaluate { try $0.call(try $0.run(after), path: ["f"], []).values } == [.string("ok")])
    }

    @Test func closeHandlersCannotEscapeTheLimit() {
        expectLimit("""
            local x <close> = setmetatable({}, {__close = function() while true do end end})
            return 1
            """, .instructions)
        expectLimit("""
            local x <close> = setmetatable({}, {__close = function() pcall(function() while true do end end) while true do end end})
            while true do end
            """, .instructions)
    }

    @Test func nestedCoroutineCloseChainsAreRefused() throws {
        let error = try #require(failure(of: """
            local coro = false
            for i = 1, 2000 do
              local previous = coro
              coro = coroutine.create(function()
                local cc <close> = setmetatable({}, {__close = function()
                  if previous then assert(coroutine.close(previous)) end
                end})
                coroutine.yield()
              end)
              coroutine.resume(coro)
            end
            local ok, message = coroutine.close(coro)
            error(message, 0)
            """, limits: LuaLimits(instructions: 50_000_000, memoryBytes: 64 << 20, wallClockSeconds: 10)))
        #expect(error.message.contains("coroutine.close is only allowed outside coroutines"))
        #expect(try value(of: "local co = coroutine.create(function() coroutine.yield() end) coroutine.resume(co) return coroutine.close(co)") == .boolean(true))
    }

    @Test func deepLuaRecursionIsAStackLimit() throws {
        let error = try #require(failure(of: "local function f(n) return 1 + f(n + 1) end return f(1)", limits: LuaLimits(instructions: 50_000_000, memoryBytes: 64 << 20, wallClockSeconds: 5)))
        #expect(error.kind == .limit(.stack))
        #expect(error.chunkName == "@Rules/test/rules.lua")
    }

    @Test func deepCRecursionIsAnErrorNotACrash() throws {
        let error = try #require(failure(of: "local function f(s) return (string.gsub(s, '.', f)) end return f('x')"))
        #expect(error.kind == .limit(.stack) || error.kind == .runtime)
        let viaMeta = try #require(failure(of: "local t = setmetatable({}, {__index = function(t, k) return tostring(t[k]) end}) return t.x"))
        #expect(viaMeta.kind == .limit(.stack) || viaMeta.kind == .runtime)
        // Lua 5.4.4's own "C stack overflow while handling an error" case: survives, reports false.
        let handled = try value(of: "local function loop() assert(pcall(loop)) end return (xpcall(loop, loop))")
        #expect(handled == .boolean(false))
    }

    @Test func errorObjectsWithHostileTostringAreReported() throws {
        let erroring = try #require(failure(of: "error(setmetatable({}, {__tostring = function() error('boom') end}))"))
        #expect(erroring.message == "(error object is a table value)")
        let looping = try #require(failure(of: "error(setmetatable({}, {__tostring = function() while true do end end}))"))
        #expect(looping.message == "(error object is a table value)")
        #expect(looping.chunkName == "@Rules/test/rules.lua")
        #expect(looping.line == 2)
        #expect(try #require(failure(of: "error(42)")).message == "42")
    }

    @Test func theBudgetIsPerCall() throws {
        let runtime = try LuaRuntime(limits: LuaLimits(instructions: 100_000, memoryBytes: 8 << 20, wallClockSeconds: 2))
        let chunk = try runtime.compile("return { f = function() for i = 1, 20000 do end return 1 end }", chunkName: "@r.lua")
        try runtime.evaluate { evaluation in
            let table = try evaluation.run(chunk)
            for _ in 0..<20 {
                let result = try evaluation.call(table, path: ["f"], [])
                #expect(result.instructions > 20_000)
                #expect(result.instructions < 100_000)
            }
        }
    }

    /// A host function that calls back into Lua would start a call with a meter of its own, which would replace the
    /// running call's and leave the rest of it unmetered: the call back is refused, and the running call keeps its
    /// budget, whether its script lets the refusal fail it or catches it and runs on.
    @Test func aHostFunctionCannotCallBackIntoLua() throws {
        let runtime = try LuaRuntime(limits: LuaLimits(instructions: 100_000, memoryBytes: 16 << 20, wallClockSeconds: 30))
        let chunk = try runtime.compile("""
            return {
              inner = function() return 1 end,
              failing = function() reenter() return true end,
              caught = function() local ok = pcall(reenter) local n = 0 for i = 1, 3000000 do n = n + 1 end return ok, n end,
            }
            """, chunkName: "@t.lua")
        let outcomes: [String] = runtime.evaluate { ev in
            guard let rules = try? ev.run(chunk) else { return ["the chunk failed"] }
            var innerCalls = 0
            try? ev.define(global: "reenter", .function({ _ in
                innerCalls += 1
                _ = try ev.call(rules, path: ["inner"], [])
                return .value(.nil)
            }))
            func outcome(_ name: String) -> String {
                do {
                    let values = try ev.call(rules, path: [name], []).values
                    return "\(values)"
                } catch {
                    return "\(error.chunkName ?? "?"):\(error.line ?? 0): \(error.message)"
                }
            }
            let outcomes = [outcome("failing"), outcome("caught")]
            // The runtime is as it was: a call after them runs and is metered as always.
            let after = try? ev.call(rules, path: ["inner"], [])
            return outcomes + ["\(innerCalls) \(after?.values ?? []) \(after?.instructions ?? 0)"]
        }
        #expect(outcomes == [
            "@t.lua:3: Lua was called from a host function while a Lua call ran: calls into Lua cannot nest",
            "@t.lua:4: instruction limit of 100000 exceeded",
            "2 [LuaBridge.LuaValue.integer(1)] 1",
        ])
    }

    @Test func theRuntimeIsUsableAfterEveryKindOfError() throws {
        let runtime = try LuaRuntime(limits: .small)
        let good = try runtime.compile("return { f = function() return 'ok' end }", chunkName: "@good.lua")
        let attacks = [
            "while true do end",
            "local t = {} for i = 1, 1e9 do t[i] = i end",
            "local function f() return 1 + f() end f()",
            "error('plain')",
            "return string.find(string.rep('a', 40), string.rep('a*', 30) .. 'b')",
            "return function() end",
        ]
        for attack in attacks {
            let chunk = try runtime.compile("return { f = function() \(attack) end }", chunkName: "@bad.lua")
            #expect(throws: LuaError.self) {
                try runtime.evaluate { try $0.call(try $0.run(chunk), path: ["f"], []) }
            }
            let after = try runtime.evaluate { try $0.call(try $0.run(good), path: ["f"], []).values }
            #expect(after == [.string("ok")], "after \(attack)")
        }
    }
}
