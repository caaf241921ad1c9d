@testable import PlanModel
@testable import PlanRules
import Testing

/// `ctx` is built as plain Lua tables once per plan and shared by every hook of the plan: no hook may find a
/// way to write the data behind it (the loop state of `pairs`, `next`, the metatable, a nested table, a table
/// a function returns) and so change what a later hook of the same plan, or the next plan, reads.
@Suite struct CtxEscapeTests {
    @Test(arguments: [
        "local _, d = pairs(ctx); rawset(d, 'today', '1999-01-01')",
        "local _, d = pairs(ctx.client); d.name = 'Mallory'",
        "local _, d = pairs(ctx.client.profile); d.first_name = 'Mallory'",
        "local f, d = pairs(ctx.client.profile); rawset(d, 'first_name', 'Mallory')",
        "local _, d = pairs(ctx.item.values); d.method = 'Mallory'",
        "local _, d = pairs(ctx.plan); d.status = 'active'",
        "local _, d = pairs(ctx.client.records('care_contact')); rawset(d, 1, {name = 'Mallory'})",
        "local _, d = pairs(ctx.client.records('care_contact')[1]); d.name = 'Mallory'",
        "rawset(ctx.client.record('CC-00001'), 'name', 'Mallory')",
        "rawset(ctx.plan.item('communication').values, 'method', 'Mallory')",
        "local _, d = pairs(sp); d.blank = function() return true end",
        "rawset(ctx.client.profile, 'first_name', 'Mallory')",
        "getmetatable(ctx.client).__index.name = 'Mallory'",
        "local k = next(ctx.client); rawset(ctx.client, k or 'name', 'Mallory')",
    ])
    func noHookWritesWhatALaterHookReads(attack: String) throws {
        let source = Fixture.attackSource(attack, reads: """
            { ctx.today, ctx.client.name, ctx.client.profile.first_name,
              tostring(ctx.plan.item('communication').values.method), ctx.plan.status,
              ctx.client.records('care_contact')[1].name, ctx.client.record('CC-00001').name,
              tostring(sp.blank('x')) }
            """)
        let rules = try Fixture.rules(source)
        var bench = try Fixture.bench(rules)
        try bench.set(InstanceRef("communication"), [("method", .text("Written"))])
        for _ in 0..<2 {
            let verdict = rules.evaluate(bench.input(with: rules))
            #expect(verdict.errors.map(\.message) == [])
            #expect(verdict.incomplete[InstanceRef("notes")] == ["2025-06-30 Alex Citizen Alex Written draft Jo Citizen Jo Citizen false"])
        }
    }

    @Test func everyHookOfAPlanSeesTheSameTablesAndTheNextPlanItsOwn() throws {
        let rules = try Fixture.rules("""
            local R = { items = {} }
            R.items.communication = { complete = function(ctx)
              return false, tostring(rawequal(ctx.item, ctx.plan.item('communication'))) .. " " ..
                tostring(rawequal(ctx.client.records('care_contact')[1], ctx.client.record('CC-00001'))) .. " " .. ctx.client.name
            end }
            return R
            """)
        let a = try Fixture.bench(rules, id: "P-A", client: Fixture.client).input
        let b = try Fixture.bench(rules, id: "P-B", client: Fixture.otherClient).input
        for (input, name) in [(a, "Alex Citizen"), (b, "Bo Other"), (a, "Alex Citizen")] {
            #expect(rules.evaluate(input).incomplete[InstanceRef("communication")] == ["true true \(name)"])
        }
    }

    @Test func aHookMayReturnWhatItRead() throws {
        let rules = try Fixture.rules("""
            return { items = { preferred_name = { default = function(ctx) return { pronouns = ctx.item.values.pronouns } end } } }
            """)
        let bench = try Fixture.bench(rules)
        let outcome = rules.defaults(bench.input, for: [InstanceRef("preferred_name")])
        #expect(outcome.errors == [])
        #expect(outcome.defaults[InstanceRef("preferred_name")] == .values(["pronouns": .text("they/them")]))
    }
}
