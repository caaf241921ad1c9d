@testable import PlanModel
@testable import PlanRules
import Testing

/// `explain` of the parts that are not items: the plan's `can_activate`, a section's `visible`, and a
/// form's `fields`, `defaults` and `validate` (of the defaults, as a coordinator would first submit it).
@Suite struct PartExplainTests {
    static let source = """
        local R = { sections = {}, forms = {}, plan = {} }
        R.sections.care = {
          visible = function(ctx) return ctx.client.profile.takes_medication == true end,
        }
        R.forms.care_contact = {
          defaults = function(ctx) return { relationship = "Parent" } end,
          validate = function(values, ctx)
            if values.phone == nil then return { phone = "Give a phone number" } end
            return {}
          end,
        }
        R.plan.can_activate = function(ctx)
          return false, { "Attach the signed consent", "Book the review" }
        end
        return R
        """

    @Test func thePlansCanActivateIsExplainedWithItsMessages() throws {
        let rules = try Fixture.rules(Self.source)
        let runs = rules.explain(try Fixture.bench(rules).input, .plan)
        #expect(runs.map(\.hook) == ["plan.can_activate"])
        #expect(runs.map(\.result) == ["refuses: Attach the signed consent; Book the review"])
        #expect(runs.map(\.location) == ["Rules/t/rules.lua:12"])
    }

    @Test func aSectionIsExplainedByItsVisibleHookAlone() throws {
        let rules = try Fixture.rules(Self.source)
        let runs = rules.explain(try Fixture.bench(rules).input, .section("care"))
        #expect(runs.map(\.hook) == ["sections.care.visible"])
        #expect(runs.map(\.result) == ["visible"])
        #expect(runs.map(\.reads) == [["client.profile.takes_medication"]])
    }

    @Test func aFormIsExplainedWithItsDefaultsAndWhatValidateSaysOfThem() throws {
        let rules = try Fixture.rules(Self.source)
        let runs = rules.explain(try Fixture.bench(rules).input, .form("care_contact", item: InstanceRef("contacts")))
        #expect(runs.map(\.hook) == ["forms.care_contact.defaults", "forms.care_contact.validate"])
        #expect(runs.map(\.result) == ["defaults relationship=Parent", "the defaults are refused: phone: Give a phone number"])
    }

    @Test func aPartWithoutHooksHasNothingToExplain() throws {
        let rules = try Fixture.rules(Self.source)
        #expect(rules.explain(try Fixture.bench(rules).input, .section("about")).isEmpty)
        #expect(rules.explain(try Fixture.bench(rules).input, .form("medication", item: nil)).isEmpty)
    }
}
