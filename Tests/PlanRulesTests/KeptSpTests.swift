@testable import PlanModel
@testable import PlanRules
import Testing

/// The `sp` one evaluation builds is kept by the engine's runtime and defined again in the next evaluation of the same
/// date (`SpHelpers.define`): read-only as ever, its host functions handed out to each, and built anew for another date.
@Suite struct KeptSpTests {
    static let source = """
        local R = { items = {} }
        R.items.notes = {
          complete = function(ctx)
            local changed = pcall(function() sp.blank = nil end)
            return false, table.concat({ ctx.today, sp.age("2000-07-01"), sp.days("2025-01-01", ctx.today),
              tostring(sp.blank("")), tostring(sp.is_email("a@example.org")), tostring(changed) }, " ")
          end,
        }
        return R
        """

    @Test func eachEvaluationReadsAnSpOfItsOwnDate() throws {
        let rules = try Fixture.rules(Self.source)
        let input = try Fixture.bench(rules).input
        var later = input
        later.today = "2025-07-01"
        let runtime = try #require(rules.runtime)
        var reads: [String] = [], kept: [Int] = [], reused: [Int] = []
        for plan in [input, input, input, later, later, input] {
            let before = (runtime.globalsKept, runtime.keptGlobalsDefined)
            reads.append(rules.evaluate(plan).incomplete[InstanceRef("notes")]?.first ?? "no verdict")
            kept.append(runtime.globalsKept - before.0)
            reused.append(runtime.keptGlobalsDefined - before.1)
        }
        let june = "2025-06-30 24 180 true true false", july = "2025-07-01 25 181 true true false"
        #expect(reads == [june, june, june, july, july, june])
        // Built and kept at the first evaluation of each date in a row (the engine's load built one for 1970-01-01),
        // defined again from the kept one in the others.
        #expect(kept == [1, 0, 0, 1, 0, 1])
        #expect(reused == [0, 1, 1, 0, 1, 0])
    }
}
