@testable import PlanModel
@testable import PlanRules
import Testing

/// One engine evaluates plan after plan, and each evaluation starts clean: whatever a hook of one
/// plan stashes — in a module table, a coroutine, the `string` or `sp` tables, a global, the string
/// metatable — the next plan's hooks cannot see it, nor the previous plan's `ctx`.
@Suite struct PlanIsolationTests {
    static let source = """
        local stash = require("stash")
        local R = { items = {} }

        R.items.communication = {
          complete = function(ctx)
            local seen = {}
            seen[#seen + 1] = "module:" .. tostring(stash.client and stash.client.name)
            stash.client = ctx.client
            seen[#seen + 1] = "coroutine:" .. tostring(stash.co and select(2, coroutine.resume(stash.co)))
            stash.co = coroutine.create(function() coroutine.yield(ctx.client.name) end)
            seen[#seen + 1] = "string:" .. tostring(string.leak)
            pcall(function() string.leak = ctx.client.name end)
            seen[#seen + 1] = "sp:" .. tostring(sp.leak)
            pcall(function() sp.leak = ctx.client.name end)
            seen[#seen + 1] = "global:" .. tostring(leak)
            pcall(function() leak = ctx.client.name end)
            pcall(rawset, _ENV, "leak", ctx.client.name)
            seen[#seen + 1] = "metatable:" .. tostring(("x").leak)
            pcall(function() getmetatable("").__index.leak = ctx.client.name end)
            return false, ctx.client.name .. " sees " .. table.concat(seen, " ")
          end,
        }

        return R
        """

    static let clean = "module:nil coroutine:nil string:nil sp:nil global:nil metatable:nil"

    @Test func nothingAHookStashesReachesTheNextPlan() throws {
        let rules = try Fixture.rules(Self.source, libraries: ["stash": "return {}\n"])
        let a = try Fixture.bench(rules, id: "P-A", client: Fixture.client).input
        let b = try Fixture.bench(rules, id: "P-B", client: Fixture.otherClient).input
        for (input, name) in [(a, "Alex Citizen"), (b, "Bo Other"), (a, "Alex Citizen"), (b, "Bo Other")] {
            let verdict = rules.evaluate(input)
            #expect(verdict.errors == [])
            #expect(verdict.incomplete[InstanceRef("communication")] == ["\(name) sees \(Self.clean)"])
        }
    }
}
