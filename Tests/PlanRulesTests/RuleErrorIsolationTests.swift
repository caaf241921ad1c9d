@testable import PlanModel
@testable import PlanRules
import Testing

/// A hook that raises an error spoils only its own item, section, form or plan.
@Suite struct RuleErrorIsolationTests {
    static let source = """
        local R = { items = {}, plan = {} }

        R.items.communication = {
          visible = function(ctx) return ctx.item.instance == 1 end,
          complete = function(ctx) return false, "Say how " .. ctx.client.profile.first_name .. " communicates" end,
        }

        R.items.notes = {
          complete = function(ctx)
            local missing = ctx.item.values.note -- unset, so nil
            return missing.deeper == 1 -- @boom
          end,
        }

        R.items.contacts = {
          complete = function(ctx) return #ctx.item.records > 0, "Link a contact" end,
        }

        R.items.transfer_video = {
          visible = function(ctx) return ctx.client.profile.takes_medication == true end,
        }

        R.plan.can_activate = function(ctx) return true end

        return R
        """

    @Test func aRuntimeErrorInOneItemLeavesEveryOtherItemCorrect() throws {
        var bench = try Fixture.bench(Self.source)
        try bench.addInstance("communication", cloneOf: nil)
        let evaluation = bench.evaluate()

        let error = RuleError(scope: .item(InstanceRef("notes")), hook: "complete",
                              message: "attempt to index a nil value (local 'missing')",
                              location: Fixture.location("@boom", in: Self.source))
        #expect(error.location == "Rules/t/rules.lua:11")
        #expect(evaluation.errors == [error])
        #expect(evaluation.item(InstanceRef("notes"))?.error == error)
        #expect(evaluation.item(InstanceRef("notes"))?.check == .init(ok: false, messages: []))

        #expect(evaluation.item(InstanceRef("communication", 1))?.check
                == .init(ok: false, messages: ["Method is required", "Say how Alex communicates"]))
        #expect(evaluation.item(InstanceRef("communication", 2))?.visible == false)
        #expect(evaluation.item(InstanceRef("contacts"))?.check
                == .init(ok: false, messages: ["Link at least 1 record(s)", "Link a contact"]))
        #expect(evaluation.item(InstanceRef("transfer_video"))?.visible == true)
        #expect(evaluation.item(InstanceRef("medications"))?.check == .init(ok: true, messages: []))
        #expect(evaluation.items.filter { $0.error != nil }.map(\.key) == ["notes"])
        #expect(evaluation.blockers.contains("Rule error: rule 'complete' of item 'notes' (Rules/t/rules.lua:11) failed: attempt to index a nil value (local 'missing')"))
    }

    @Test func theSameRulesWithoutTheFailingItemGiveTheSameVerdictForTheOthers() throws {
        var failing = try Fixture.bench(Self.source)
        try failing.addInstance("communication", cloneOf: nil)
        let healthy = Self.source.replacingOccurrences(of: "return missing.deeper == 1", with: "return true")
        var reference = try Fixture.bench(healthy)
        try reference.addInstance("communication", cloneOf: nil)
        let a = failing.evaluate(), b = reference.evaluate()
        for item in b.items where item.key != "notes" {
            let other = try #require(a.item(item.ref))
            #expect(other.visible == item.visible, "\(item.ref)")
            #expect(other.check == item.check, "\(item.ref)")
            #expect(other.error == nil, "\(item.ref)")
        }
    }

    @Test func anErrorRaisedByTheHookItselfCarriesItsMessageAndLine() throws {
        let source = """
            local R = { items = {} }
            R.items.notes = {
              visible = function(ctx)
                error("notes are switched off")
              end,
            }
            return R
            """
        let evaluation = try Fixture.bench(source).evaluate()
        #expect(evaluation.errors == [RuleError(scope: .item(InstanceRef("notes")), hook: "visible",
                                                message: "notes are switched off", location: "Rules/t/rules.lua:4")])
        #expect(evaluation.item(InstanceRef("notes"))?.visible == true)
    }

    @Test func aFailingSectionHookSpoilsOnlyItsSection() throws {
        let source = """
            local R = { sections = {}, items = {} }
            R.sections.care = { visible = function(ctx) return ctx.nope.x end }
            R.sections.extras = { visible = function(ctx) return false end }
            R.items.communication = { complete = function(ctx) return true end }
            return R
            """
        let evaluation = try Fixture.bench(source).evaluate()
        #expect(evaluation.errors.map(\.scope) == [.section("care")])
        #expect(evaluation.errors.first?.location == "Rules/t/rules.lua:2")
        #expect(evaluation.section("care")?.visible == true)
        #expect(evaluation.section("extras")?.visible == false)
        #expect(evaluation.item(InstanceRef("communication"))?.check == .init(ok: false, messages: ["Method is required"]))
    }

    @Test func anErrorInOneCandidateCallStopsThatItemOnly() throws {
        let source = """
            local R = { items = {} }
            R.items.medications = {
              candidates = function(ctx, record)
                if record.status == "ceased" then return ctx.item.url.x end -- no url, so nil
                return true
              end,
            }
            R.items.contacts = { complete = function(ctx) return true end }
            return R
            """
        let rules = try Fixture.rules(source)
        let bench = try Fixture.bench(rules)
        let outcome = rules.candidates(bench.input, for: InstanceRef("medications"), among: bench.records.filter { $0.type == "medication" })
        #expect(outcome.allowed == [])
        #expect(outcome.errors == [RuleError(scope: .item(InstanceRef("medications")), hook: "candidates",
                                             message: "attempt to index a nil value (field 'url')", location: "Rules/t/rules.lua:4")])
        #expect(bench.evaluate().errors == [], "candidates run only when linking, not in an evaluation")
    }
}
