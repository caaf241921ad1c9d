@testable import PlanModel
@testable import PlanRules
import Testing

/// Hooks are found along their path in the rules table at every call: a hook one plan puts in place of another
/// is the one that plan calls from then on, as a fresh rules table would have it, and never the one a later
/// plan calls (the change lets the kept table go, and the next plan runs the chunk afresh).
@Suite struct HookReplacementTests {
    /// In plans of client C-1 only, `communication.visible` replaces `notes.complete`, which runs after it.
    static let source = """
        local R = { items = {} }
        R.items.communication = {
          visible = function(ctx)
            if ctx.client.id == "C-1" then
              R.items.notes.complete = function() return false, "replaced" end
            end
            return true
          end,
        }
        R.items.notes = {
          complete = function(ctx) return false, "original" end,
        }
        return R
        """

    @Test func aHookReplacedByOnePlanIsNotTheOneTheNextPlanCalls() throws {
        let rules = try Fixture.rules(Self.source)
        let kept = try #require(rules.keptRules)
        let a = try Fixture.bench(rules, id: "P-A", client: Fixture.client).input
        let b = try Fixture.bench(rules, id: "P-B", client: Fixture.otherClient).input
        let notes = InstanceRef("notes")
        #expect(rules.evaluate(b).incomplete[notes] == ["original"])
        #expect(kept.isKept)
        #expect(rules.evaluate(a).incomplete[notes] == ["replaced"], "the plan that replaced the hook calls the new one")
        #expect(kept.refusal == "an evaluation changed a table or upvalue the chunk's table reaches")
        #expect(rules.evaluate(b).incomplete[notes] == ["original"], "the next plan calls the chunk's own hook")
        #expect(rules.evaluate(a).incomplete[notes] == ["replaced"])
        #expect(rules.evaluate(b).incomplete[notes] == ["original"])
    }

    @Test func aHookPathThatStopsBeingATableOrAFunctionIsARuleErrorSayingSo() throws {
        let source = """
            local R = { items = {} }
            R.items.communication = {
              visible = function(ctx)
                if ctx.client.id == "C-1" then R.items.notes = 42 else R.items.notes.complete = "yes" end
                return true
              end,
            }
            R.items.notes = { complete = function(ctx) return true end }
            return R
            """
        let rules = try Fixture.rules(source)
        let a = try Fixture.bench(rules, id: "P-A", client: Fixture.client).input
        let b = try Fixture.bench(rules, id: "P-B", client: Fixture.otherClient).input
        #expect(rules.evaluate(a).errors.map(\.message) == ["'items.notes' is not a table"])
        #expect(rules.evaluate(b).errors.map(\.message) == ["'items.notes.complete' is not a function (a string value)"])
        #expect(rules.evaluate(a).errors.map(\.message) == ["'items.notes' is not a table"])
    }
}
