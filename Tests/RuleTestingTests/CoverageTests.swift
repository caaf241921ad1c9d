import Testing
@testable import RuleTesting

@Suite struct CoverageTests {
    /// One fixture that runs every hook of `legacy`'s small rules file.
    static let rules = """
        local R = { items = {} }
        R.items.check = {
          complete = function(ctx)
            if ctx.item.values.note == "x" then
              return false, "No x"
            end
            return true
          end,
          visible = function(ctx) return true end,
        }
        return R

        """

    @Test func coverageCountsHooksAndLinesRunPerRulesFile() throws {
        let project = try TestProject(["Fixtures/legacy/one.yaml": "template: legacy\nexpect: { complete: { check: true } }\n"],
                                      rules: ["legacy/rules.lua": Self.rules])
        let report = try project.test(filter: "legacy", coverage: true)
        let coverage = try #require(report.coverage)
        let file = try #require(coverage.files.first { $0.file == "Rules/legacy/rules.lua" })
        #expect(file.hooks.map(\.name) == ["items.check.complete", "items.check.visible"])
        #expect(file.hooksRun == ["items.check.complete", "items.check.visible"])
        #expect(file.linesNotRun == [5])
        #expect(file.activeLines.sorted() == [1, 2, 4, 5, 7, 8, 9, 10, 11])
        #expect(file.linesRun.sorted() == [1, 2, 4, 7, 8, 9, 10, 11])
        #expect(report.text == """
            ok   Fixtures/legacy/one.yaml
            coverage:
              Rules/legacy/rules.lua: hooks 2/2 (100.0%), lines 8/9 (88.8%)
                lines not run: 5
                decisions both ways: 0/1 (0.0%)
                  line 4: if ctx.item.values.note == "x" — never true
              total: lines 8/9 (88.8%), decisions 0/1 (0.0%)
            1 passed, 0 failed

            """)
    }

    @Test func coverageBelowTheMinimumFailsTheRun() throws {
        let project = try TestProject(["Fixtures/care/one.yaml": TestProject.preamble],
                                      rules: [:])
        let report = try project.test(minCoverage: 99)
        let coverage = try #require(report.coverage)
        #expect(coverage.files.map(\.file) == ["Rules/care/rules.lua", "Rules/lib/util.lua"])
        let care = coverage.files[0]
        #expect(care.hooksNotRun.map(\.name) == ["items.contacts.candidates", "forms.care_contact.defaults", "forms.care_contact.validate"])
        #expect(report.coverageBelowMinimum)
        #expect(report.status == .failed)
        #expect(report.text.contains("is below the minimum 99.0%\n1 passed, 0 failed\n"))
    }
}
