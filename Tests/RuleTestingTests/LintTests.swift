import Foundation
import Testing
@testable import RuleTesting

@Suite struct LintTests {
    func lint(_ project: TestProject, _ paths: [String]) -> LintReport {
        RulesLinter(baseDirectory: project.root, today: "2026-11-27").lint(paths: paths.map(project.url))
    }

    @Test func aCleanRulesFolderHasNoProblems() throws {
        let project = try TestProject()
        let report = lint(project, ["Rules"])
        #expect(report.problems == [])
        #expect(!report.failed)
    }

    @Test func accidentalGlobalsAndMissingModulesAreReportedAtTheirPlace() throws {
        let project = try TestProject(rules: ["legacy/rules.lua": """
            local dates = require("datez")
            local R = { items = {} }
            R.items.check = {
              complete = function(ctx)
                count = 1
                local t = { total = 2 }
                return ctx.item.values.note ~= nil or totl == t.total
              end,
            }
            function helper() end
            return R

            """])
        let report = lint(project, ["Rules"])
        #expect(report.text == """
            Rules/legacy/rules.lua:1:23: error: require of missing module 'datez': no lib/datez.lua (lib has util)
            Rules/legacy/rules.lua:5:5: error: assignment to undeclared global 'count' (add 'local'; assigning a global is an error when the rules run)
            Rules/legacy/rules.lua:7:43: warning: 'totl' is not defined: a global that doesn't exist reads as nil (a misspelt local?)
            Rules/legacy/rules.lua:10:10: error: assignment to undeclared global 'helper' (add 'local'; assigning a global is an error when the rules run)
            3 errors, 1 warning in 3 files

            """)
        #expect(report.failed)
    }

    /// The count names every Lua file lint read (each template's rules.lua and each lib module), so a
    /// problem in lib/ is in a counted file.
    @Test func problemsInALibModuleAreCountedInItsFile() throws {
        let project = try TestProject(rules: ["lib/util.lua": """
            local M = {}
            function M.ok(ctx) seen = true; return ctx.client.name ~= "Blocked" end
            return M

            """])
        #expect(lint(project, ["Rules"]).text == """
            Rules/lib/util.lua:2:20: error: assignment to undeclared global 'seen' (add 'local'; assigning a global is an error when the rules run)
            1 error, 0 warnings in 3 files

            """)
    }

    @Test func hooksForUnknownItemsAndSyntaxErrorsComeFromLoadingTheRules() throws {
        let project = try TestProject(rules: [
            "legacy/rules.lua": "local R = { items = {} }\nR.items.chek = { complete = function(ctx) return true end }\nreturn R\n",
            "care/rules.lua": "local R = {\nreturn R\n",
        ])
        let lines = lint(project, ["Rules"]).problems.map(\.description)
        #expect(lines.contains { $0.hasPrefix("Rules/care/rules.lua:2:1: error: ") })
        #expect(lines.contains("Rules/legacy/rules.lua:2:9: error: items.chek: template 'legacy' has no item 'chek' (did you mean 'check'?)"))
    }

    @Test func fixturesNamingUnknownThingsAreErrors() throws {
        let project = try TestProject(["Fixtures/care/bad.yaml": "template: care\nexpect:\n  visible: { contact: true }\n"])
        let report = lint(project, ["Rules", "Fixtures"])
        #expect(report.text == """
            Fixtures/care/bad.yaml:3:14: error: expect.visible.contact: unknown item (did you mean 'contacts'?)
            1 error, 0 warnings in 4 files

            """)
    }

    @Test func rulesFolderProblemsAreErrorsWithFileLineAndColumn() throws {
        let project = try TestProject(rules: ["legacy/template.yaml": """
            id: legacy
            name: Legacy
            sections:
              - key: main
                title: Main
                items:
                  - { key: check, title: Check, kind: fields, fields: [{ key: note, type: txt }] }

            """])
        let lines = lint(project, ["Rules"]).problems.map(\.description)
        #expect(lines == ["Rules/legacy/template.yaml:7:79: error: sections[0].items[0].fields[0].type: unknown type 'txt' (did you mean 'text'?)"])
    }
}

extension LintTests {
    @Test func aTemplateReadInPartDoesNotMakeItsRulesLookWrong() throws {
        let project = try TestProject(rules: [
            "legacy/template.yaml": """
                id: legacy
                name: Legacy
                sections:
                  - key: main
                    title: Main
                    items:
                      - { key: check, title: Check, kind: feilds, fields: [{ key: note, type: text }] }

                """,
            "legacy/rules.lua": "local R = { items = {} }\nR.items.check = { complete = function(ctx) return true end }\nreturn R\n",
        ])
        let lines = lint(project, ["Rules"]).problems.map(\.description)
        #expect(lines.contains { $0.hasPrefix("Rules/legacy/template.yaml:") && $0.contains("unknown kind 'feilds'") })
        #expect(!lines.contains { $0.contains("has no item 'check'") }, "\(lines)")
    }
}
