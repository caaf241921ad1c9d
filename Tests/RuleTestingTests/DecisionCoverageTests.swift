import Testing
@testable import RuleTesting

/// Decision coverage: which `if`/`elseif` conditions went both ways in the fixtures — the "no date of
/// birth" path that full line coverage hides when the `then` branch and the code after it share lines.
@Suite struct DecisionCoverageTests {
    /// Every line runs in the one fixture, but `name == nil` is never true.
    static let rules = """
        local R = { items = {} }
        R.items.check = {
          complete = function(ctx)
            local name = ctx.client.profile.first_name
            if name == nil then return false, "Add a first name" end
            if ctx.item.values.note == "x" then return false, "No x"
            elseif (ctx.item.values.note or ""):len() > 3 then return true
            end
            return true
          end,
        }
        return R

        """

    static func project(_ fixtures: [String: String]) throws -> TestProject {
        try TestProject(fixtures, rules: ["legacy/rules.lua": rules])
    }

    static let withName = "template: legacy\nclient: { profile: { first_name: Ada } }\nsteps:\n  - { do: set, item: check, values: { note: hello } }\nexpect: { complete: { check: true } }\n"
    static let withoutName = "template: legacy\nexpect: { complete: { check: false } }\n"

    @Test func aConditionThatNeverWentOneWayIsNamedAtItsLineWithTheWayItMissed() throws {
        let report = try Self.project(["Fixtures/legacy/one.yaml": Self.withName]).test(filter: "legacy", coverage: true)
        let file = try #require(report.coverage?.files.first { $0.file == "Rules/legacy/rules.lua" })
        #expect(file.decisions.map(\.line) == [5, 6, 7])
        #expect(file.decisions.map(\.keyword) == ["if", "if", "elseif"])
        #expect(file.decisions.map(\.condition) == ["name == nil", "ctx.item.values.note == \"x\"", "(ctx.item.values.note or \"\"):len() > 3"])
        // The `elseif` went both ways: the hook ran before the note was set (empty) and after (hello).
        #expect(file.decisions.map(\.missing) == ["never true", "never true", nil])
        #expect(report.text.contains("""
                decisions both ways: 1/3 (33.3%)
                  line 5: if name == nil — never true
                  line 6: if ctx.item.values.note == "x" — never true
              total: lines 10/10 (100.0%), decisions 1/3 (33.3%)
            """))
    }

    @Test func aSecondFixtureThatTakesTheOtherWayCompletesTheDecision() throws {
        let report = try Self.project(["Fixtures/legacy/one.yaml": Self.withName, "Fixtures/legacy/two.yaml": Self.withoutName])
            .test(filter: "legacy", coverage: true)
        let file = try #require(report.coverage?.files.first { $0.file == "Rules/legacy/rules.lua" })
        #expect(report.status == .passed)
        #expect(file.decisions.map(\.missing) == [nil, "never true", nil])
        #expect(file.decisionsBothWays == 2)
    }

    @Test func decisionsBelowTheMinimumFailTheRunAndSaySo() throws {
        let report = try Self.project(["Fixtures/legacy/one.yaml": Self.withName]).test(filter: "legacy", minDecisions: 50)
        #expect(report.decisionsBelowMinimum)
        #expect(report.status == .failed)
        #expect(report.text.contains("decision coverage 33.3% is below the minimum 50.0%\n1 passed, 0 failed\n"))
    }

    @Test func instrumentingKeepsEveryLineAndLeavesConditionsWithFunctionsAsWritten() {
        let source = """
            if a then x() end
            if (b and
                c) then y() elseif d then z() end
            if (function() return true end)() then w() end
            local s = "if not then" -- if in a comment then
            """
        let (instrumented, sites) = DecisionInstrumenter.instrument(source)
        #expect(instrumented.split(separator: "\n", omittingEmptySubsequences: false).count == 5)
        #expect(instrumented == """
            if __sp_decision(1, not (a )) then x() end
            if __sp_decision(2, not ((b and
                c) )) then y() elseif __sp_decision(3, not (d )) then z() end
            if (function() return true end)() then w() end
            local s = "if not then" -- if in a comment then
            """)
        #expect(sites.map(\.condition) == ["a", "(b and c)", "d"])
        #expect(sites.map(\.line) == [1, 2, 3])
    }

    @Test func aRuleErrorInAnInstrumentedConditionNamesTheLineAsWritten() throws {
        let rules = """
            local R = { items = {} }
            R.items.check = {
              complete = function(ctx)
                if ctx.client.profile.first_name.year > 2000 then return false end
                return true
              end,
            }
            return R

            """
        let fixture = "template: legacy\nexpect: { complete: { check: true } }\n"
        let plain = try TestProject(["Fixtures/legacy/one.yaml": fixture], rules: ["legacy/rules.lua": rules]).test(filter: "legacy")
        let covered = try TestProject(["Fixtures/legacy/one.yaml": fixture], rules: ["legacy/rules.lua": rules]).test(filter: "legacy", coverage: true)
        let failure = plain.results.first?.differences.map(\.description)
        #expect(failure?.contains { $0.contains("Rules/legacy/rules.lua:4") } == true)
        #expect(covered.results.first?.differences.map(\.description) == failure)
    }
}
