@testable import PlanModel
@testable import PlanRules
import Testing

/// `ctx.section` is built once per engine and handed to every plan (a shared table): every plan still reads its
/// own template's section.
@Suite struct SectionTableTests {
    @Test func everyPlanOfAnEngineReadsTheSectionAsItsTemplateHasIt() throws {
        let rules = try Fixture.rules(Fixture.probeSource(["ctx.section.key", "ctx.section.title"]))
        let input = try Fixture.bench(rules).input
        var renamed = input
        let extras = try #require(renamed.template.sections.firstIndex { $0.key == "extras" })
        renamed.template.sections[extras].title = "Other things"
        #expect(rules.evaluate(input).incomplete[InstanceRef("notes")] == ["extras", "Extras"])
        #expect(rules.evaluate(renamed).incomplete[InstanceRef("notes")] == ["extras", "Other things"])
        #expect(rules.evaluate(input).incomplete[InstanceRef("notes")] == ["extras", "Extras"])
    }

    @Test func aSharedSectionTableStaysReadOnlyForTheNextPlan() throws {
        let source = """
            local R = { items = {} }
            R.items.notes = {
              complete = function(ctx)
                local wrote = pcall(function() ctx.section.title = "changed" end)
                local raw = pcall(rawset, ctx.section, "title", "changed")
                return false, { tostring(wrote), tostring(raw), ctx.section.title }
              end,
            }
            return R
            """
        let rules = try Fixture.rules(source)
        let input = try Fixture.bench(rules).input
        for _ in 0..<2 {
            #expect(rules.evaluate(input).incomplete[InstanceRef("notes")] == ["false", "false", "Extras"])
        }
    }
}
