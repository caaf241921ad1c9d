@testable import PlanModel
@testable import PlanRules
import Testing

/// `explain` answers "why is this item hidden / not complete?": each hook that ran for one instance.
@Suite struct ExplainTests {
    static let source = """
        local R = { sections = {}, items = {} }

        R.sections.extras = {
          visible = function(ctx) return ctx.section.key == "extras" end,
        }

        R.items.notes = {
          visible = function(ctx)
            print("medication?", ctx.client.profile.takes_medication)
            return true
          end,
          default = function(ctx) return { note = "For " .. ctx.client.profile.first_name } end,
          complete = function(ctx)
            if sp.blank(ctx.item.values.note) then return false, "Write a note" end
            return false, { "Sign it", "Date it" }
          end,
        }

        return R
        """

    @Test func explainReportsEachHookThatRanWithItsResultReadsLogAndCost() throws {
        let rules = try Fixture.rules(Self.source)
        let bench = try Fixture.bench(rules)
        let runs = rules.explain(bench.input, InstanceRef("notes"))
        #expect(runs.map(\.hook) == ["sections.extras.visible", "items.notes.visible", "items.notes.default", "items.notes.complete"])
        #expect(runs.map(\.result) == ["visible", "visible", "default note=For Alex", "not complete: Sign it; Date it"])
        #expect(runs.map(\.location) == ["Rules/t/rules.lua:4", "Rules/t/rules.lua:8", "Rules/t/rules.lua:12", "Rules/t/rules.lua:13"])
        #expect(runs.map(\.reads) == [[], ["client.profile.takes_medication"], ["client.profile.first_name"], ["item.values", "item.values.note"]])
        #expect(runs.map(\.log) == [[], ["medication?\ttrue"], [], []])
        #expect(runs.allSatisfy { $0.instructions > 0 })
        #expect(runs.allSatisfy { $0.error == nil })
    }

    @Test func explainShowsAHookThatFailedWithItsErrorAndLine() throws {
        let rules = try Fixture.rules("""
            local R = { items = {} }
            R.items.notes = {
              complete = function(ctx)
                print("before")
                return ctx.item.values.note.length > 0
              end,
            }
            return R
            """)
        let runs = rules.explain(try Fixture.bench(rules).input, InstanceRef("notes"))
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run.hook == "items.notes.complete")
        #expect(run.result == "error")
        #expect(run.error == "attempt to index a nil value (field 'note')")
        #expect(run.location == "Rules/t/rules.lua:5")
        #expect(run.reads == ["item.values", "item.values.note"])
    }

    @Test func explainShowsAWrongReturnType() throws {
        let rules = try Fixture.rules("return { items = { notes = { visible = function(ctx) return 'no' end } } }")
        let run = try #require(rules.explain(try Fixture.bench(rules).input, InstanceRef("notes")).first)
        #expect(run.result == "error")
        #expect(run.error == "'visible' returned a string; expected true or false")
        #expect(run.location == "Rules/t/rules.lua:1")
    }

    @Test func explainRunsCandidatesForEachRecordOfTheType() throws {
        let rules = try Fixture.rules("""
            return { items = { medications = { candidates = function(ctx, record) return record.status == "current" end } } }
            """)
        let runs = rules.explain(try Fixture.bench(rules).input, InstanceRef("medications"))
        #expect(runs.map(\.result) == ["MED-00001 may be linked", "MED-00002 may not be linked"])
        #expect(runs.map(\.reads) == [["record.status"], ["record.status"]])
    }

    @Test func explainOfAnItemWithoutHooksIsEmpty() throws {
        let rules = try Fixture.rules(Self.source)
        #expect(rules.explain(try Fixture.bench(rules).input, InstanceRef("contacts")).isEmpty)
    }
}
