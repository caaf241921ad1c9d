@testable import PlanModel
@testable import PlanRules
import Testing

/// A cached engine holds nothing of one evaluation for the next: the date comes with each input and
/// what hooks print goes to the caller that asked for it.
@Suite struct EngineStateTests {
    static let printing = """
        return { items = { notes = { complete = function(ctx)
          print(ctx.client.name .. " on " .. ctx.today)
          return false, tostring(sp.age("2000-02-29"))
        end } } }
        """

    @Test func eachEvaluationMeasuresToItsOwnDateWhateverCameBefore() throws {
        let rules = try Fixture.rules(Self.printing)
        var early = try Fixture.bench(rules).input
        early.today = "2025-02-28"
        var late = early
        late.today = "2025-03-01"
        #expect(rules.evaluate(late).incomplete[InstanceRef("notes")] == ["25"])
        #expect(rules.evaluate(early).incomplete[InstanceRef("notes")] == ["24"])
        #expect(rules.evaluate(late).incomplete[InstanceRef("notes")] == ["25"])
    }

    @Test func theLogBelongsToTheCallerThatAskedForIt() throws {
        let rules = try Fixture.rules(Self.printing)
        let a = try Fixture.bench(rules, id: "P-A", client: Fixture.client).input
        let b = try Fixture.bench(rules, id: "P-B", client: Fixture.otherClient).input
        let tracingA = LoggingRules(rules)
        let tracingB = LoggingRules(rules)
        _ = tracingA.evaluate(a)
        _ = rules.evaluate(b)
        _ = tracingB.evaluate(b)
        _ = rules.evaluate(a)
        #expect(tracingA.log == ["Alex Citizen on 2025-06-30"])
        #expect(tracingB.log == ["Bo Other on 2025-06-30"])
    }

    @Test func aTracedEvaluationGivesTheSameVerdictAsAnUntracedOne() throws {
        let rules = try Fixture.rules(Self.printing)
        let input = try Fixture.bench(rules).input
        #expect(LoggingRules(rules).evaluate(input) == rules.evaluate(input))
    }
}
