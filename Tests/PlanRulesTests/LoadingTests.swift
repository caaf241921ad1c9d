@testable import PlanModel
@testable import PlanRules
import Testing

/// Loading checks a template's rules once: a syntax error names the file and line, and the returned
/// table is checked against the template before any hook runs.
@Suite struct LoadingTests {
    @Test func aSyntaxErrorNamesTheFileAndLine() throws {
        let error = try #require(Fixture.loadError("""
            local R = { items = {} }
            R.items.notes = {
              visible = function(ctx) return ctx.item.values.note ~= nil end
              complete = function(ctx) return true end,
            }
            return R
            """))
        #expect(error.kind == .syntax)
        #expect(error.problems.count == 1)
        #expect(error.problems.first?.file == "Rules/t/rules.lua")
        #expect(error.problems.first?.line == 4)
        #expect(error.problems.first?.message.contains("'}' expected") == true)
        #expect(error.description.hasPrefix("Rules/t/rules.lua:4: "))
    }

    @Test func aChunkThatFailsWhenRunIsALoadError() throws {
        let error = try #require(Fixture.loadError("""
            local R = {}
            error("not ready")
            return R
            """))
        #expect(error.kind == .run)
        #expect(error.problems == [.init(file: "Rules/t/rules.lua", line: 2, message: "not ready")])
    }

    @Test func rulesThatDoNotReturnATableAreRefused() throws {
        let error = try #require(Fixture.loadError("return 42"))
        #expect(error.kind == .run)
        #expect(error.problems == [.init(file: "Rules/t/rules.lua", line: nil,
                                         message: "the chunk returned a number value instead of a table")])
    }

    @Test func anUnknownTopLevelKeyIsAProblem() throws {
        let error = try #require(Fixture.loadError("""
            local R = { items = {} }
            R.itmes = {}
            return R
            """))
        #expect(error.kind == .structure)
        #expect(error.problems == [.init(file: "Rules/t/rules.lua", line: 2, column: 3,
            message: "unknown key 'itmes' in the returned table (expected items, sections, forms or plan) (did you mean 'items'?)")])
    }

    @Test func aHookForAnItemTheTemplateDoesNotHaveIsAProblem() throws {
        let error = try #require(Fixture.loadError("""
            local R = { items = {} }
            R.items.note = { visible = function(ctx) return true end }
            return R
            """))
        #expect(error.problems == [.init(file: "Rules/t/rules.lua", line: 2, column: 9,
                                         message: "items.note: template 't' has no item 'note' (did you mean 'notes'?)")])
    }

    @Test func aHookForASectionTheTemplateDoesNotHaveIsAProblem() throws {
        let error = try #require(Fixture.loadError("""
            return { sections = { safety = { visible = function(ctx) return true end } } }
            """))
        #expect(error.problems.map(\.message) == ["sections.safety: template 't' has no section 'safety'"])
    }

    @Test func aFormForAnUnknownRecordTypeIsAProblem() throws {
        let error = try #require(Fixture.loadError("""
            local R = { forms = {} }
            R.forms.care_contacts = { validate = function(values, ctx) return {} end }
            return R
            """))
        #expect(error.problems == [.init(file: "Rules/t/rules.lua", line: 2, column: 9,
            message: "forms.care_contacts: there is no record type 'care_contacts' in record-types.yaml (did you mean 'care_contact'?)")])
    }

    @Test func aLoadProblemIsPlacedAtTheKeyTheAuthorTypedNotTheFirstLineNamingIt() throws {
        // `complet` and `notes` appear in a comment and a string first; the problem is where the key is.
        let error = try #require(Fixture.loadError("""
            -- notes: is complet when a note is written
            local label = "complet"
            local R = { items = {} }
            R.items.notes = {
              visible = function(ctx) return true end,
                complet = function(ctx) return true end,
            }
            return R
            """))
        #expect(error.problems == [.init(file: "Rules/t/rules.lua", line: 6, column: 5,
            message: "unknown hook 'complet' in items.notes (expected visible, default, complete, candidates) (did you mean 'complete'?)")])
        #expect(error.description == "Rules/t/rules.lua:6: unknown hook 'complet' in items.notes (expected visible, default, complete, candidates) (did you mean 'complete'?)")
    }

    @Test func anUnknownHookNameSuggestsTheNearestHook() throws {
        let error = try #require(Fixture.loadError("""
            local R = { items = {} }
            R.items.notes = {
              visibel = function(ctx) return true end,
            }
            return R
            """))
        #expect(error.kind == .structure)
        #expect(error.problems == [.init(file: "Rules/t/rules.lua", line: 3, column: 3,
            message: "unknown hook 'visibel' in items.notes (expected visible, default, complete, candidates) (did you mean 'visible'?)")])
    }

    @Test func aHookThatIsNotAFunctionIsAProblem() throws {
        let error = try #require(Fixture.loadError("""
            local R = { items = {}, plan = {} }
            R.items.notes = { visible = true }
            R.plan.can_activate = "yes"
            return R
            """))
        #expect(error.problems == [
            .init(file: "Rules/t/rules.lua", line: 2, column: 19, message: "items.notes.visible must be a function"),
            .init(file: "Rules/t/rules.lua", line: 3, column: 8, message: "plan.can_activate must be a function"),
        ])
    }

    @Test func candidatesOnAnItemThatDoesNotLinkRecordsIsAProblem() throws {
        let error = try #require(Fixture.loadError("""
            return { items = { notes = { candidates = function(ctx, record) return true end } } }
            """))
        #expect(error.problems.map(\.message)
                == ["items.notes.candidates: item 'notes' is a fields item; only records items have candidates"])
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let error = try #require(Fixture.loadError("""
            local R = { items = {}, sections = {} }
            R.items.nope = {}
            R.sections.about = { hidden = function() return true end }
            R.extra = 1
            return R
            """))
        #expect(error.problems.count == 3)
    }

    @Test func rulesThatLoadReportTheHooksTheyDefine() throws {
        let rules = try Fixture.rules("""
            local R = { items = {}, forms = {}, plan = {} }
            R.items.notes = { visible = function(ctx) return true end }
            R.forms.care_contact = { fields = { { key = "name" } }, validate = function(v, ctx) return {} end }
            R.plan.can_activate = function(ctx) return true end
            return R
            """)
        #expect(rules.definedHooks == [
            RuleHook(name: "items.notes.visible", line: 2),
            RuleHook(name: "forms.care_contact.validate", line: 3),
            RuleHook(name: "plan.can_activate", line: 4),
        ])
    }

    @Test func aTemplateWithoutRulesBehavesAsEveryHookAbsent() throws {
        let rules = try LuaRules(template: Fixture.template(nil), profile: Fixture.profile, recordTypes: Fixture.recordTypes)
        let bench = try Fixture.bench(rules)
        #expect(rules.evaluate(bench.input) == RulesVerdict())
        #expect(bench.plan.instance(InstanceRef("transfer_video"))?.url == "https://example.org/transfers")
    }
}

@Suite struct PlanHookLoadingTests {
    @Test func anUnknownPlanHookNamesThePlanTable() throws {
        let error = try #require(Fixture.loadError("""
            local R = { plan = {} }
            R.plan.can_activte = function(ctx) return true end
            return R
            """))
        #expect(error.problems == [.init(file: "Rules/t/rules.lua", line: 2, column: 8,
            message: "unknown hook 'can_activte' in plan (expected can_activate) (did you mean 'can_activate'?)")])
    }

    @Test func aPlanThatIsNotATableIsAProblem() throws {
        let error = try #require(Fixture.loadError("return { plan = function() return true end }"))
        #expect(error.problems.map(\.message) == ["plan must be a table of hooks"])
    }
}
