@testable import PlanModel
@testable import PlanRules
import Testing

/// Beside PlanIsolationTests' routes, the rest a script has for carrying state from one plan to the next: an
/// upvalue table and the rules table the chunk built, a field of a `require`d module, `math`, and the ctx
/// tables (assignment, `rawset`, the state `pairs` returns). The engine now keeps interned names and each
/// item's hook paths from plan to plan; none of them is reachable from a script, and this shows nothing is.
@Suite struct CarriedStateTests {
    static let source = """
        local lib = require("shared")
        local seen = {}
        local R = { items = {} }
        -- ctx is strict: an unknown key raises, so a mark that was never written reads as nil here.
        local function peek(t) local ok, v = pcall(function() return t.mark end) return ok and v or nil end
        R.items.notes = {
          complete = function(ctx)
            local report = table.concat({
              tostring(("").mark), tostring(string.mark), tostring(math.mark), tostring(sp.mark), tostring(mark),
              tostring(peek(ctx.client)), tostring(peek(ctx.client.profile)), tostring(peek(ctx.plan)),
              tostring(lib.mark), tostring(seen.n), tostring(R.mark),
            }, " ")
            pcall(function() getmetatable("").__index.mark = "set" end)
            pcall(function() string.mark = "set" end)
            pcall(function() math.mark = "set" end)
            pcall(function() sp.mark = "set" end)
            pcall(function() mark = "set" end)
            pcall(function() rawset(ctx.client, "mark", "set") end)
            pcall(function() ctx.client.profile.mark = "set" end)
            pcall(function() local _, state = pairs(ctx.plan); state.mark = "set" end)
            lib.mark = "set"
            seen.n = (seen.n or 0) + 1
            R.mark = "set"
            return false, report
          end,
        }
        return R
        """

    @Test func noUpvalueModuleLibraryOrCtxWriteReachesTheNextPlan() throws {
        let rules = try Fixture.rules(Self.source, libraries: ["shared": "return {}\n"])
        let a = try Fixture.bench(rules, id: "P-A", client: Fixture.client).input
        let b = try Fixture.bench(rules, id: "P-B", client: Fixture.otherClient).input
        let pristine = ["nil nil nil nil nil nil nil nil nil nil nil"]
        for input in [a, b, a, a] {
            #expect(rules.evaluate(input).incomplete[InstanceRef("notes")] == pristine)
        }
    }
}
