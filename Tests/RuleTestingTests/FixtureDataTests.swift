import Testing
@testable import RuleTesting

/// Fixture data is held to what real data can be, `expect.values` sees what a coordinator sees, and a
/// rule error that persists through the steps is reported once.
@Suite struct FixtureDataTests {
    struct Malformed: CustomTestStringConvertible, Sendable {
        let name: String, records: String, problem: String
        init(_ name: String, _ records: String, _ problem: String) { self.name = name; self.records = records; self.problem = problem }
        var testDescription: String { name }
    }

    /// What `client import` refuses, a fixture refuses too, at its line and column.
    static let importChecks: [Malformed] = [
        .init("a record without a required field", "    - { id: CC-00079, type: care_contact, relationship: Parent }\n",
              "Fixtures/care/bad.yaml:5:7: client.records[0].name: Name is required"),
        .init("a required field left blank", "    - { id: CC-00079, type: care_contact, name: \"\" }\n",
              "Fixtures/care/bad.yaml:5:49: client.records[0].name: Name is required"),
        .init("a choice outside its options", "    - { id: CC-00079, type: care_contact, name: Bo, relationship: Cousin }\n",
              "Fixtures/care/bad.yaml:5:67: client.records[0].relationship: Choose one of: Parent, Sibling, Other"),
        .init("a phone that is no phone number", "    - { id: CC-00079, type: care_contact, name: Bo, phone: call me }\n",
              "Fixtures/care/bad.yaml:5:60: client.records[0].phone: Enter a valid phone number"),
    ]

    @Test(arguments: importChecks)
    func fixtureRecordsAreCheckedAsClientImportChecksThem(_ c: Malformed) throws {
        let report = try TestProject.run("template: care\nclient:\n  id: C-0001\n  records:\n" + c.records, name: "bad")
        #expect(report.results.first?.outcome == .malformed)
        #expect(report.results.first?.problems.map(\.description) == [c.problem])
    }

    @Test func fixtureProfilesAreCheckedAsClientImportChecksThem() throws {
        let project = try TestProject(["Fixtures/care/bad.yaml": "template: care\nclient:\n  profile: { born: 1990-02-30 }\n"],
                                      rules: ["profile.yaml": "fields:\n  - { key: preferred_name, type: text }\n  - { key: first_name, type: text }\n  - { key: born, type: date }\n"])
        let report = try project.test()
        #expect(report.results.first?.problems.map(\.description) == [
            "Fixtures/care/bad.yaml:3:20: client.profile.born: Enter a valid date (YYYY-MM-DD)",
        ])
    }

    @Test func expectValuesComparesWhatTheCoordinatorSeesNotWhatTheDefaultHookGave() throws {
        // The default hook gives preferred_name = first_name (Ada); the live profile says Addy, and that is shown.
        let passing = try TestProject.run("""
            template: care
            client: { profile: { first_name: Ada, preferred_name: Addy } }
            plan:
              items:
                communication: { values: { method: Written } }
            expect:
              defaults: { preferred_name: { preferred_name: Ada } }
              values:
                preferred_name: { preferred_name: Addy }
                communication: { method: Written, notes: none }
                video: "https://example.org/v"
                contacts: []
            steps:
              - { do: set, item: communication, values: { notes: null } }
              - { expect: { values: { communication: { notes: null } } } }

            """)
        #expect(passing.text == "ok   Fixtures/care/f.yaml\n1 passed, 0 failed\n")

        let failing = try TestProject.run("""
            template: care
            client: { profile: { first_name: Ada } }
            expect:
              values: { preferred_name: { preferred_name: Addy }, communication: { method: Verbal } }

            """)
        #expect(failing.results.first?.differences.map(\.description) == [
            "expect.values.preferred_name.preferred_name: expected \"Addy\", got \"Ada\"",
            "expect.values.communication.method: expected \"Verbal\", got unset",
        ])
    }

    @Test func aRuleErrorSeenAtEveryStepIsOneDifferenceNamingTheSteps() throws {
        let project = try TestProject(["Fixtures/legacy/broken.yaml": """
            template: legacy
            steps:
              - { do: set, item: check, values: { note: a } }
              - { do: set, item: check, values: { note: b } }
              - { expect: { status: draft } }

            """])
        let result = try #require(try project.test().results.first)
        #expect(result.differences.count == 1)
        let difference = try #require(result.differences.first).description
        #expect(difference.hasPrefix("expect.errors: expected no other rule error, got rule 'complete' of item 'check' (Rules/legacy/rules.lua:5) failed: "))
        #expect(difference.hasSuffix(" (also at steps[2].expect)"))
    }
}
