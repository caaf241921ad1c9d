import Testing
@testable import LuaBridge

/// Hitting the memory cap ends the call with the memory limit, whatever the script does to catch
/// Lua's "not enough memory" (as the instruction budget does).
@Suite struct MemoryLimitTests {
    static let limits = LuaLimits(instructions: 50_000_000, memoryBytes: 64 << 20, wallClockSeconds: 10)
    static let grow = "local t = {} for i = 1, 1e9 do t[i] = {i} end"

    static let attempts: [String] = [
        // The issue's own case: Lua would answer false, "not enough memory" and go on.
        #"local ok, message = pcall(string.rep, "x", 1 << 26) return "escaped""#,
        "pcall(function() \(grow) end) return 'escaped'",
        "for i = 1, 100 do pcall(string.rep, 'x', 1 << 26) end return 'escaped'",
        "local ok = pcall(pcall, pcall, string.rep, 'x', 1 << 26) return 'escaped'",
        "xpcall(function() \(grow) end, function(message) return message end) return 'escaped'",
        "xpcall(string.rep, function() return 'handled' end, 'x', 1 << 26) while true do end",
        "pcall(coroutine.wrap(function() \(grow) end)) return 'escaped'",
        "local co = coroutine.create(function() \(grow) end) local ok = coroutine.resume(co) return 'escaped'",
        "local co = coroutine.wrap(function() pcall(string.rep, 'x', 1 << 26) coroutine.yield(1) return 2 end) co() return 'escaped'",
        """
        local ok = pcall(function()
          local guard <close> = setmetatable({}, {__close = function() end})
          string.rep('x', 1 << 26)
        end)
        return 'escaped'
        """,
        """
        local ok = pcall(function()
          local guard <close> = setmetatable({}, {__close = function() pcall(string.rep, 'x', 1 << 26) end})
          return 1
        end)
        return 'escaped'
        """,
        """
        local co = coroutine.wrap(function()
          return pcall(function()
            local ok = pcall(coroutine.wrap(function() xpcall(string.rep, print, 'x', 1 << 26) end))
            return ok
          end)
        end)
        pcall(co)
        return 'escaped'
        """,
    ]

    @Test(arguments: attempts)
    func catchingTheMemoryLimitStillEndsTheCallWithIt(_ body: String) throws {
        let error = try #require(failure(of: body, limits: Self.limits))
        #expect(error.kind == .limit(.memory))
        #expect(error.message == "memory limit of 64 MiB exceeded")
        #expect(error.chunkName == "@Rules/test/rules.lua")
    }

    @Test func aCallThatStaysUnderTheCapIsUntouched() throws {
        #expect(try value(of: "local s = string.rep('x', 1 << 20) return #s", limits: Self.limits) == .integer(1 << 20))
    }
}
