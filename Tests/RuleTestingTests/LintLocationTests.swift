import Foundation
import Testing
@testable import RuleTesting

/// Lint problems sit where the author typed them, and evident wrong returns are found without running.
@Suite struct LintLocationTests {
    func lint(_ project: TestProject, _ paths: [String]) -> [String] {
        RulesLinter(baseDirectory: project.root, today: "2026-11-27").lint(paths: paths.map(project.url)).problems.map(\.description)
    }

    @Test func anUnknownHookIsReportedAtItsKeyNotAtTheFirstLineMentioningTheName() throws {
        let project = try TestProject(rules: ["care/rules.lua": """
            -- complete, visible and default are the hooks we use
            local R = { items = {}, forms = {} }

            R.items.communication = {
              complete = function(ctx) return true end,
            }

            R.items.strategies = {
              visible = function(ctx) return true end,
                complet = function(ctx) return true end,
            }

            R.forms.care_contacts = {
              defaults = function(ctx) return {} end,
            }
            return R

            """])
        #expect(lint(project, ["Rules"]) == [
            "Rules/care/rules.lua:10:5: error: unknown hook 'complet' in items.strategies (expected visible, default, complete, candidates) (did you mean 'complete'?)",
            "Rules/care/rules.lua:13:9: error: forms.care_contacts: there is no record type 'care_contacts' in record-types.yaml (did you mean 'care_contact'?)",
        ])
    }

    @Test func entriesBuiltByAssignmentConstructorOrAliasAreLocated() throws {
        let project = try TestProject(rules: ["care/rules.lua": """
            local R = {
              items = {
                ["strategy"] = { visible = function(ctx) return true end },
              },
              plan = {},
            }
            local items = R.items
            items.comunication = {}
            R.items.contacts = {}
            function R.items.contacts.chek(ctx) return true end
            R.plan.can_activat = function(ctx) return true end
            return R

            """])
        let lines = lint(project, ["Rules"])
        #expect(lines.contains { $0.hasPrefix("Rules/care/rules.lua:3:6: error: items.strategy: template 'care' has no item 'strategy'") })
        #expect(lines.contains { $0.hasPrefix("Rules/care/rules.lua:8:7: error: items.comunication: template 'care' has no item 'comunication'") })
        #expect(lines.contains { $0.hasPrefix("Rules/care/rules.lua:10:27: error: unknown hook 'chek' in items.contacts") })
        #expect(lines.contains { $0.hasPrefix("Rules/care/rules.lua:11:8: error: unknown hook 'can_activat' in plan") })
    }

    @Test func aProfileFieldNotInProfileYamlIsFoundWithoutRunningTheRules() throws {
        // Read directly, by a string key and through an alias; `q` is also a record elsewhere, so it is not judged.
        let project = try TestProject(rules: ["care/rules.lua": """
            local R = { items = {} }
            R.items.communication = {
              visible = function(ctx)
                local p = ctx.client.profile
                local q = ctx.client.profile
                if ctx.client.profile.uses_aak then return true end
                return p.prefered_name ~= nil or ctx.client.profile["frist_name"] ~= nil or q.anything or p.first_name ~= nil
              end,
              complete = function(ctx, q)
                return ctx.client.profile.uses_aac == true and q.phone ~= nil
              end,
            }
            return R

            """])
        #expect(lint(project, ["Rules"]) == [
            "Rules/care/rules.lua:6:27: error: profile field 'uses_aak' is not in profile.yaml (did you mean 'uses_aac'?) (reading it is a rule error when the rules run)",
            "Rules/care/rules.lua:7:14: error: profile field 'prefered_name' is not in profile.yaml (did you mean 'preferred_name'?) (reading it is a rule error when the rules run)",
            "Rules/care/rules.lua:7:57: error: profile field 'frist_name' is not in profile.yaml (did you mean 'first_name'?) (reading it is a rule error when the rules run)",
        ])
    }

    @Test func hooksReturningALiteralOfTheWrongTypeAreErrors() throws {
        let project = try TestProject(rules: ["care/rules.lua": """
            local R = { items = {}, sections = {}, forms = {}, plan = {} }
            R.items.strategies = {
              visible = function(ctx)
                if ctx.today > "2026" then return "yes" end
                local f = function() return "nested functions are not the hook" end
                return ctx.client.name == "A"
              end,
            }
            R.items.communication = { default = function(ctx) return "Verbal" end }
            R.items.video = { default = function(ctx) return "https://example.org/x" end }
            R.items.contacts = { default = function(ctx) return {} end }
            R.sections.support = { visible = function(ctx) return "a" .. "b" == "ab" end }
            R.forms.care_contact = { defaults = function(ctx) return 1 end }
            R.plan.can_activate = function(ctx) return { ok = true } end
            return R

            """])
        let says = " (a wrong type is a rule error when the rules run)"
        #expect(lint(project, ["Rules"]) == [
            "Rules/care/rules.lua:4:39: error: items.strategies.visible returns a string, but visible must return true or false" + says,
            "Rules/care/rules.lua:9:58: error: items.communication.default returns a string, but default of a fields item must return a table of field = value" + says,
            "Rules/care/rules.lua:13:58: error: forms.care_contact.defaults returns a number, but defaults must return a table of field = value" + says,
            "Rules/care/rules.lua:14:44: error: plan.can_activate returns a table, but can_activate must return true, or false and a message" + says,
        ])
    }

    @Test func lintingARulesFolderAlsoLintsTheFixturesBesideIt() throws {
        let project = try TestProject(["Fixtures/care/bad.yaml": "template: care\nexpect:\n  visible: { contact: true }\n"])
        let report = RulesLinter(baseDirectory: project.root, today: "2026-11-27").lint(paths: [project.url("Rules")])
        #expect(report.problems.map(\.description) == [
            "Fixtures/care/bad.yaml:3:14: error: expect.visible.contact: unknown item (did you mean 'contacts'?)",
        ])
        let both = RulesLinter(baseDirectory: project.root, today: "2026-11-27").lint(paths: [project.url("Rules"), project.url("Fixtures")])
        #expect(both.text == report.text)
    }
}
