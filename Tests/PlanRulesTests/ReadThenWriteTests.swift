@testable import PlanModel
@testable import PlanRules
import Testing

/// A value already read is cached in its proxy; writing it afterwards must fail all the same, or one
/// hook could change what the next hook of the same plan reads.
@Suite struct ReadThenWriteTests {
    @Test(arguments: [
        "local _ = ctx.client.profile.first_name; ctx.client.profile.first_name = 'Mallory'",
        "local _ = ctx.today; ctx.today = '1999-01-01'",
        "local _ = ctx.client.name; ctx.client.name = 'Mallory'",
        "local _ = ctx.item.values; ctx.item.values = {}",
        "local _ = ctx.plan.status; ctx.plan.status = 'active'",
    ])
    func aFieldReadBeforeIsStillReadOnly(statement: String) throws {
        let source = """
            local R = { items = {} }
            R.items.communication = {
              visible = function(ctx)
                pcall(function() \(statement) end)
                return true
              end,
            }
            R.items.notes = {
              complete = function(ctx)
                return false, ctx.client.profile.first_name .. " " .. ctx.today .. " " .. ctx.client.name .. " " .. ctx.plan.status
              end,
            }
            return R
            """
        let bench = try Fixture.bench(source)
        #expect(bench.rules.evaluate(bench.input).incomplete[InstanceRef("notes")] == ["Alex 2025-06-30 Alex Citizen draft"])
    }
}
