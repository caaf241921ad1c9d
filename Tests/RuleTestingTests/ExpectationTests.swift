import Testing
@testable import RuleTesting
import PlanModel

@Suite struct ExpectationTests {
    @Test func everyExpectationKeyPassesWhenThePlanMatches() throws {
        let report = try TestProject.run(TestProject.preamble + """
            plan:
              items:
                communication: { values: { method: Verbal }, status: complete }
            expect:
              visible: { strategies: false, contacts: true }
              sections_visible: { support: true, about: true }
              defaults:
                preferred_name: { preferred_name: Ada }
                communication: { notes: none, method: null }
                video: "https://example.org/v"
                contacts: []
              complete:
                communication: true
                contacts: { ok: false, messages: ["Link at least 1 record(s)"] }
              candidates: { contacts: [CC-00077] }
              progress: { percent: 25, done: 1, total: 4, sections: { about: 50, support: 0 } }
              can_activate: false
              forms:
                care_contact:
                  fields: [name, relationship, phone]
                  defaults: { relationship: Parent }
                  submit: { name: "", phone: "abc" }
                  errors: { name: Name is required, phone: Enter a valid phone number }
              status: draft

            """)
        #expect(report.text == "ok   Fixtures/care/f.yaml\n1 passed, 0 failed\n")
        #expect(report.status == .passed)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let expect: String
        let differences: [String]
        init(_ name: String, _ expect: String, _ differences: [String]) {
            self.name = name; self.expect = expect; self.differences = differences
        }
        var testDescription: String { name }
    }

    static let failures: [Case] = [
        .init("visible", "visible: { strategies: true }", ["expect.visible.strategies: expected true, got false"]),
        .init("sections_visible", "sections_visible: { support: false }", ["expect.sections_visible.support: expected false, got true"]),
        .init("defaults of a fields item", "defaults: { preferred_name: { preferred_name: Bo } }",
              ["expect.defaults.preferred_name.preferred_name: expected \"Bo\", got \"Ada\""]),
        .init("defaults of a video item", "defaults: { video: \"https://example.org/w\" }",
              ["expect.defaults.video: expected \"https://example.org/w\", got \"https://example.org/v\""]),
        .init("complete as a boolean", "complete: { communication: true }",
              ["expect.complete.communication: expected true, got false [\"Choose a method\"]"]),
        .init("complete with messages", "complete: { communication: { ok: false, messages: [Pick one] } }",
              ["expect.complete.communication.messages: expected [\"Pick one\"], got [\"Choose a method\"]"]),
        .init("candidates", "candidates: { contacts: [CC-00077, CC-00078] }",
              ["expect.candidates.contacts: expected [\"CC-00077\", \"CC-00078\"], got [\"CC-00077\"]"]),
        .init("progress", "progress: { percent: 50, done: 2, total: 5, sections: { about: 100 } }",
              ["expect.progress.percent: expected 50, got 0", "expect.progress.done: expected 2, got 0",
               "expect.progress.total: expected 5, got 4", "expect.progress.sections.about: expected 100, got 0"]),
        .init("can_activate", "can_activate: true", ["expect.can_activate: expected true, got false (4 items are not done)"]),
        .init("form fields", "forms: { care_contact: { fields: [name] } }",
              ["expect.forms.care_contact.fields: expected [\"name\"], got [\"name\", \"relationship\", \"phone\"]"]),
        .init("form defaults", "forms: { care_contact: { defaults: { relationship: Sibling } } }",
              ["expect.forms.care_contact.defaults.relationship: expected \"Sibling\", got \"Parent\""]),
        .init("form errors compared whole", "forms: { care_contact: { submit: { name: X }, errors: {} } }",
              ["expect.forms.care_contact.errors.name: expected no message, got \"Not X\""]),
        .init("status", "status: active", ["expect.status: expected active, got draft"]),
        .init("an expected rule error that did not happen", "errors: [{ item: communication, hook: complete }]",
              ["expect.errors[0]: expected rule 'complete' of item 'communication', got no rule error"]),
    ]

    @Test(arguments: failures)
    func aDifferingExpectationFailsWithEachDifference(_ c: Case) throws {
        let report = try TestProject.run(TestProject.preamble + "expect:\n  \(c.expect)\n")
        let result = try #require(report.results.first)
        #expect(result.outcome == .failed)
        #expect(result.differences.map(\.description) == c.differences)
        #expect(report.status == .failed)
        #expect(report.status == .failed)
    }

    @Test func expectedRuleErrorsPassAndMatchMessagesBySubstring() throws {
        let project = try TestProject(["Fixtures/legacy/broken.yaml": """
            template: legacy
            expect:
              complete: { check: false }
              can_activate: false
              errors:
                - { item: check, hook: complete, message: "attempt to index" }

            """])
        let report = try project.test()
        #expect(report.text == "ok   Fixtures/legacy/broken.yaml\n1 passed, 0 failed\n")
    }

    @Test func anUnexpectedRuleErrorFailsTheFixture() throws {
        let project = try TestProject(["Fixtures/legacy/broken.yaml": "template: legacy\nexpect: { progress: { total: 1 } }\n"])
        let result = try #require(try project.test().results.first)
        #expect(result.outcome == .failed)
        let difference = try #require(result.differences.first).description
        #expect(difference.hasPrefix("expect.errors: expected no other rule error, got rule 'complete' of item 'check' (Rules/legacy/rules.lua:5) failed: "))
        #expect(difference.contains("attempt to index"))
    }

    /// The set-up searches for each instance from the one before it; items in any order, and an instance added on the
    /// way (`video#3`), still reach their own instance.
    @Test func plannedItemsInAnyOrderReachTheirInstances() throws {
        let report = try TestProject.run(Self.plannedItems(Self.plannedItemLines.reversed()))
        #expect(report.text == "ok   Fixtures/care/f.yaml\n1 passed, 0 failed\n")
    }

    @Test func anInstanceIsFoundFromAnyStartingPoint() {
        let instances = [ItemInstance(key: "a"), ItemInstance(key: "b"), ItemInstance(key: "b", instance: 2), ItemInstance(key: "c")]
        for start in 0...5 {
            #expect(FixtureExecution.index(of: InstanceRef("b", 2), in: instances, from: start) == 2)
            #expect(FixtureExecution.index(of: InstanceRef("a", 1), in: instances, from: start) == 0)
            #expect(FixtureExecution.index(of: InstanceRef("c", 2), in: instances, from: start) == nil)
        }
        #expect(FixtureExecution.index(of: InstanceRef("a", 1), in: [], from: 3) == nil)
    }

    /// The items of `plannedItemsMergeValuesOverDefaultsAndNullUnsets`, and its fixture with them in any order.
    static let plannedItemLines = [
        "communication: { values: { notes: null, method: Written } }",
        "preferred_name: { values: { preferred_name: Addy }, status: complete }",
        "contacts: { records: [CC-00077] }",
        "\"video#3\": { url: \"https://example.org/ada\", status: not_required }",
    ]

    static func plannedItems(_ lines: [String]) -> String {
        TestProject.preamble + """
            plan:
              behaviour_support_plan: BSP-00003
              items:

            """ + lines.map { "    \($0)\n" }.joined() + """
            expect:
              visible: { strategies: true, "video#2": true, "video#3": true }
              defaults: { "video#2": "https://example.org/v" }
              complete: { communication: true, contacts: true, preferred_name: true }
              progress: { done: 2, total: 7 }

            """
    }

    @Test func plannedItemsMergeValuesOverDefaultsAndNullUnsets() throws {
        let report = try TestProject.run(Self.plannedItems(Self.plannedItemLines))
        #expect(report.text == "ok   Fixtures/care/f.yaml\n1 passed, 0 failed\n")
    }
}
