import Foundation
@testable import PlanModel
@testable import PlanRules
import Testing

/// A hook is a function of `ctx` alone: evaluating a plan twice, or after another plan, gives the same result.
@Suite struct DeterminismTests {
    /// Rules that would leak if anything survived between evaluations: a counter in an upvalue, a field
    /// of a required `Rules/lib` module table, and a field of the rules table itself.
    static let leaky = """
        local memo = require("memo")
        local calls = 0
        local R = { items = {}, plan = {} }

        R.items.notes = {
          visible = function(ctx)
            calls = calls + 1
            return calls == 1
          end,
        }

        R.items.communication = {
          complete = function(ctx)
            memo.first = memo.first or ctx.client.name
            return false, "first client seen: " .. memo.first
          end,
        }

        R.items.contacts = {
          complete = function(ctx)
            R.items.contacts.seen = (R.items.contacts.seen or 0) + 1
            return false, "seen " .. R.items.contacts.seen .. " time(s)"
          end,
        }

        R.plan.can_activate = function(ctx)
          if ctx.client.profile.takes_medication then return false, "Check medications with " .. ctx.client.name end
          return true
        end

        return R
        """

    static let libraries = ["memo": "local M = {}\nreturn M\n"]

    static func rules() throws -> LuaRules { try Fixture.rules(leaky, libraries: libraries) }

    static func json(_ evaluation: PlanEvaluation) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(evaluation), as: UTF8.self)
    }

    @Test func theSamePlanEvaluatedTwiceGivesTheSameVerdict() throws {
        let rules = try Self.rules()
        let input = try Fixture.bench(rules).input
        let first = rules.evaluate(input)
        let second = rules.evaluate(input)
        #expect(first == second)
        #expect(first.hiddenItems == [], "notes is visible because its counter starts at 0 in every evaluation")
        #expect(first.incomplete[InstanceRef("communication")] == ["first client seen: Alex Citizen"])
        #expect(first.incomplete[InstanceRef("contacts")] == ["seen 1 time(s)"])
        #expect(first.activationRefusal == ["Check medications with Alex Citizen"])
        #expect(try Self.json(PlanEvaluator.evaluate(input, rules: rules)) == Self.json(PlanEvaluator.evaluate(input, rules: rules)))
    }

    @Test func aPlanEvaluatedAfterAnotherGivesTheSameResultAsAlone() throws {
        let aRules = try Self.rules()
        let bRules = try Self.rules()
        let a = try Fixture.bench(aRules, id: "P-A", client: Fixture.client).input
        let b = try Fixture.bench(bRules, id: "P-B", client: Fixture.otherClient).input

        let bAlone = try Self.rules().evaluate(b)
        #expect(bAlone.incomplete[InstanceRef("communication")] == ["first client seen: Bo Other"])
        #expect(bAlone.activationRefusal == nil)

        let shared = try Self.rules()
        let aFirst = shared.evaluate(a)
        let bAfterA = shared.evaluate(b)
        let aAfterB = shared.evaluate(a)
        #expect(bAfterA == bAlone)
        #expect(aAfterB == aFirst)
        #expect(aFirst == (try Self.rules().evaluate(a)))
        #expect(try Self.json(PlanEvaluator.evaluate(b, rules: shared)) == Self.json(PlanEvaluator.evaluate(b, rules: try Self.rules())))
    }

    @Test func anyOrderOfManyEvaluationsGivesTheSameResults() throws {
        let rules = try Self.rules()
        let inputs = [try Fixture.bench(rules, id: "P-A", client: Fixture.client).input,
                      try Fixture.bench(rules, id: "P-B", client: Fixture.otherClient).input]
        let alone = try inputs.map { try Self.rules().evaluate($0) }
        for index in [0, 1, 1, 0, 1, 0, 0, 1] {
            #expect(rules.evaluate(inputs[index]) == alone[index], "evaluation of plan \(index)")
        }
    }

    @Test func defaultsAndFormsDoNotLeakEither() throws {
        let source = """
            local n = 0
            local R = { items = {}, forms = {} }
            R.items.notes = { default = function(ctx) n = n + 1; return { note = ctx.client.name .. " " .. n } end }
            R.forms.care_contact = { defaults = function(ctx) n = n + 1; return { suburb = "call " .. n } end }
            return R
            """
        let rules = try Fixture.rules(source)
        let a = try Fixture.bench(rules, id: "P-A", client: Fixture.client)
        let b = try Fixture.bench(rules, id: "P-B", client: Fixture.otherClient)
        #expect(a.plan.instance(InstanceRef("notes"))?.values == ["note": .text("Alex Citizen 1")])
        #expect(b.plan.instance(InstanceRef("notes"))?.values == ["note": .text("Bo Other 1")])
        let type = Fixture.recordTypes["care_contact"]!
        #expect(rules.form(a.input, recordType: type, for: nil).defaults["suburb"] == .text("call 1"))
        #expect(rules.form(b.input, recordType: type, for: nil).defaults["suburb"] == .text("call 1"))
    }

    @Test func printedLinesDoNotCarryOverBetweenExplains() throws {
        let rules = try Fixture.rules("return { items = { notes = { visible = function(ctx) print(ctx.client.name) return true end } } }")
        let a = try Fixture.bench(rules, id: "P-A", client: Fixture.client).input
        let b = try Fixture.bench(rules, id: "P-B", client: Fixture.otherClient).input
        #expect(rules.explain(a, InstanceRef("notes")).first?.log == ["Alex Citizen"])
        #expect(rules.explain(b, InstanceRef("notes")).first?.log == ["Bo Other"])
    }

    @Test func oneHookCannotChangeSpForAnotherHookOfTheSamePlan() throws {
        let bench = try Fixture.bench("""
            local R = { items = {} }
            R.items.communication = {
              visible = function(ctx)
                pcall(function() sp.is_phone = function() return true end end)
                return true
              end,
            }
            R.items.notes = { complete = function(ctx) return false, tostring(sp.is_phone("not a phone")) end }
            return R
            """)
        #expect(bench.rules.evaluate(bench.input).incomplete[InstanceRef("notes")] == ["false"])
        // It still cannot reach the next evaluation.
        let rules = try Fixture.rules(Fixture.probeSource(["sp.is_phone('not a phone')"]))
        #expect(rules.evaluate(bench.input(with: rules)).incomplete[InstanceRef("notes")] == ["false"])
    }
}
