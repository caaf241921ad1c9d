import Foundation
import FoundationXML
import Testing
@testable import RuleTesting

@Suite struct ReportTests {
    @Test func aFailingFixtureShowsEachDifferenceAndItsRuleLog() throws {
        let project = try TestProject([
            "Fixtures/care/basic.yaml": TestProject.preamble + "expect: { complete: { contacts: false } }\n",
            "Fixtures/care/comm.yaml": TestProject.preamble + "expect: { complete: { communication: true }, progress: { done: 1 } }\n",
        ])
        let report = try project.test()
        #expect(report.text == """
            ok   Fixtures/care/basic.yaml
            FAIL Fixtures/care/comm.yaml
                expect.complete.communication: expected true, got false ["Choose a method"]
                expect.progress.done: expected 1, got 0
                log items.communication.complete: no method for Ada Nguyen
            1 passed, 1 failed

            """)
        #expect(report.status == .failed)
    }

    @Test func theFilterRunsOnlyMatchingFixtures() throws {
        let project = try TestProject([
            "Fixtures/care/basic.yaml": TestProject.preamble,
            "Fixtures/care/other.yaml": TestProject.preamble + "expect: { status: active }\n",
        ])
        #expect(try project.test(filter: "basic").text == "ok   Fixtures/care/basic.yaml\n1 passed, 0 failed\n")
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        let name: String, yaml: String, problem: String
        init(_ name: String, _ yaml: String, _ problem: String) { self.name = name; self.yaml = yaml; self.problem = problem }
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        .init("unknown key", "template: care\nexpect:\n  visibel: { contacts: true }\n",
              "Fixtures/care/bad.yaml:3:3: expect.visibel: unknown key 'visibel' (did you mean 'visible'?)"),
        .init("unknown item", "template: care\nexpect:\n  visible: { contact: true }\n",
              "Fixtures/care/bad.yaml:3:14: expect.visible.contact: unknown item (did you mean 'contacts'?)"),
        .init("unknown record", "template: care\nplan:\n  items:\n    contacts: { records: [CC-00001] }\n",
              "Fixtures/care/bad.yaml:4:27: plan.items.contacts.records[0]: unknown record 'CC-00001': not among client.records"),
        .init("unknown template", "template: cares\n",
              "Fixtures/care/bad.yaml:1:11: template: unknown template 'cares' (did you mean 'care'?)"),
        .init("unknown section", "template: care\nexpect:\n  sections_visible: { suport: true }\n",
              "Fixtures/care/bad.yaml:3:23: expect.sections_visible.suport: unknown section (did you mean 'support'?)"),
        .init("unknown form", "template: care\nexpect:\n  forms: { contact: { fields: [] } }\n",
              "Fixtures/care/bad.yaml:3:12: expect.forms.contact: unknown form: no record type 'contact' (expected care_contact, goal_attainment_plan or behaviour_support_plan)"),
        .init("bad YAML", "template: care\nexpect: { visible: [\n",
              "Fixtures/care/bad.yaml:3:1: invalid YAML: did not find expected node content (while parsing a flow node at line 3)"),
        .init("wrong value type", "template: care\nexpect:\n  progress: { percent: most }\n",
              "Fixtures/care/bad.yaml:3:24: expect.progress.percent: expected a whole number, got 'most'"),
        .init("unknown step action", "template: care\nsteps:\n  - { do: finish, item: contacts }\n",
              "Fixtures/care/bad.yaml:3:11: steps[0].do: unknown action 'finish' (expected set, create, link, unlink, complete, review, not_required, reinstate, add, remove, activate or start_review)"),
        .init("unknown field", "template: care\nplan:\n  items:\n    communication: { values: { metod: Verbal } }\n",
              "Fixtures/care/bad.yaml:4:32: plan.items.communication.values.metod: unknown field of item 'communication' (did you mean 'method'?)"),
        .init("unknown field and a bad value", "template: care\nplan:\n  items:\n    communication:\n      values:\n        metod: Verbal\n        method: [a]\n",
              "Fixtures/care/bad.yaml:6:9: plan.items.communication.values.metod: unknown field of item 'communication' (did you mean 'method'?)\n"
              + "Fixtures/care/bad.yaml:7:17: plan.items.communication.values.method: expected text, got a list"),
        .init("a key that is not text among values", "template: care\nplan:\n  items:\n    communication: { values: { [a]: Verbal } }\n",
              "Fixtures/care/bad.yaml:4:32: plan.items.communication.values: keys must be text, got a list"),
        .init("values that are not a mapping", "template: care\nplan:\n  items:\n    communication: { values: [Verbal] }\n",
              "Fixtures/care/bad.yaml:4:30: plan.items.communication.values: expected a mapping, got a list"),
    ]

    @Test(arguments: malformed)
    func aMalformedFixtureIsAnErrorWithFileAndLine(_ c: Malformed) throws {
        let project = try TestProject(["Fixtures/care/bad.yaml": c.yaml])
        let report = try project.test()
        #expect(report.results.first?.outcome == .malformed)
        // Each problem on a line of its own, in the order they are reported.
        #expect(report.results.first?.problems.map(\.description) == c.problem.components(separatedBy: "\n"))
        #expect(report.text == c.problem + "\n0 passed, 0 failed, 1 malformed\n")
        #expect(report.status == .malformed)
        #expect(report.status == .malformed)
    }

    @Test func junitOutputParsesWithASuitePerTemplateAndACasePerFixture() throws {
        let project = try TestProject([
            "Fixtures/care/basic.yaml": TestProject.preamble,
            "Fixtures/care/fails <&>.yaml": TestProject.preamble + "expect: { status: active }\n",
            "Fixtures/legacy/broken.yaml": "template: legacy\nexpect: { errors: [{ item: check }] }\n",
            "Fixtures/legacy/bad.yaml": "template: legacy\nexpect: { colour: red }\n",
        ])
        let report = try project.test()
        let document = try XMLDocument(xmlString: JUnitWriter.xml(report))
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        #expect(root.attribute(forName: "tests")?.stringValue == "4")
        #expect(root.attribute(forName: "failures")?.stringValue == "1")
        #expect(root.attribute(forName: "errors")?.stringValue == "1")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.map { $0.attribute(forName: "name")?.stringValue } == ["care", "legacy", "malformed"])
        let failing = try #require(suites[0].elements(forName: "testcase").first { $0.attribute(forName: "name")?.stringValue == "fails <&>" })
        let failure = try #require(failing.elements(forName: "failure").first)
        #expect(failure.attribute(forName: "message")?.stringValue == "expect.status: expected active, got draft")
        let error = try #require(suites[2].elements(forName: "testcase").first?.elements(forName: "error").first)
        #expect(error.stringValue == "Fixtures/legacy/bad.yaml:2:11: expect.colour: unknown key 'colour' (expected visible, sections_visible, defaults, values, complete, candidates, progress, can_activate, forms, errors or status)")
    }

    @Test func aPathThatDoesNotExistIsMalformed() throws {
        let project = try TestProject()
        let report = try project.runner().run(paths: [project.url("Fixtures/nowhere")])
        #expect(report.text == "Fixtures/nowhere: no such file or folder\n0 passed, 0 failed, 1 malformed\n")
        #expect(report.status == .malformed)
    }
}
