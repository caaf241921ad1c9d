@testable import PlanModel
@testable import PlanRules
import Testing

/// A hook that runs too long is stopped by the template's instruction budget: a rule error naming the
/// limit, isolated to its item, and the rules keep working for the next evaluation.
@Suite struct HookLimitTests {
    static let source = """
        local R = { items = {} }

        R.items.notes = {
          visible = function(ctx)
            if ctx.client.profile.takes_medication then
              while true do end -- @loop
            end
            return true
          end,
        }

        R.items.communication = {
          complete = function(ctx) return false, "Checked" end,
        }

        return R
        """

    @Test func anEndlessLoopIsARuleErrorNamingTheLimitAndTheNextEvaluationWorks() throws {
        let rules = try Fixture.rules(Self.source, instructions: 20_000)
        let looping = try Fixture.bench(rules, id: "P-A", client: Fixture.client)
        let evaluation = looping.evaluate()
        #expect(evaluation.errors == [RuleError(scope: .item(InstanceRef("notes")), hook: "visible",
                                                message: "instruction limit of 20000 exceeded",
                                                location: Fixture.location("@loop", in: Self.source))])
        #expect(evaluation.item(InstanceRef("notes"))?.visible == true)
        #expect(evaluation.item(InstanceRef("communication"))?.check.messages == ["Method is required", "Checked"])

        let calm = try Fixture.bench(rules, id: "P-B", client: Fixture.otherClient)
        let next = calm.evaluate()
        #expect(next.errors == [])
        #expect(next.item(InstanceRef("communication"))?.check.messages == ["Method is required", "Checked"])
        #expect(looping.evaluate().errors.count == 1, "the same plan fails the same way again")
    }

    @Test func pcallDoesNotEscapeTheLimit() throws {
        let rules = try Fixture.rules("""
            return { items = { notes = { visible = function(ctx)
              local ok = pcall(function() while true do end end)
              return not ok
            end } } }
            """, instructions: 20_000)
        let errors = try Fixture.bench(rules).evaluate().errors
        #expect(errors.map(\.message) == ["instruction limit of 20000 exceeded"])
    }

    @Test func pcallDoesNotEscapeTheMemoryLimit() throws {
        let rules = try Fixture.rules("""
            return { items = { notes = { visible = function(ctx)
              local ok, message = pcall(string.rep, "x", 1 << 26)
              return not ok
            end } } }
            """)
        let errors = try Fixture.bench(rules).evaluate().errors
        #expect(errors.map(\.message) == ["memory limit of 16 MiB exceeded"])
        #expect(errors.map(\.hook) == ["visible"])
    }

    @Test func eachHookCallHasItsOwnBudget() throws {
        // Each call spends most of the budget; together they spend far more than one budget.
        let rules = try Fixture.rules("""
            local function spend() local x = 0 for i = 1, 3000 do x = x + i end return x end
            local R = { items = {} }
            for _, key in ipairs({ "preferred_name", "communication", "contacts", "medications", "transfer_video", "notes" }) do
              R.items[key] = { visible = function(ctx) return spend() > 0 end }
            end
            return R
            """, instructions: 20_000)
        let evaluation = try Fixture.bench(rules).evaluate()
        #expect(evaluation.errors == [])
        #expect(evaluation.items.allSatisfy { $0.visible })
    }

    @Test func aLimitHitWhileLoadingIsALoadError() throws {
        let error = try #require({ () -> RulesLoadError? in
            do { _ = try Fixture.rules("while true do end\nreturn {}", instructions: 20_000); return nil } catch { return error as? RulesLoadError }
        }())
        #expect(error.kind == .run)
        #expect(error.problems == [.init(file: "Rules/t/rules.lua", line: 1, message: "instruction limit of 20000 exceeded")])
    }
}
