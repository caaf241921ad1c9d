import Testing
@testable import RuleTesting

/// A fixture's `plan.items` is read pair by pair in place when its keys are all text, and through the reader's
/// entries otherwise: either way every mistake is reported with the same message, place and order.
@Suite struct PlanItemsReadingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String, plan: String, problems: [String]
        init(_ name: String, _ plan: String, _ problems: [String]) { self.name = name; self.plan = plan; self.problems = problems }
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        .init("every wrong setting of one item, on one line",
              "    communication: { records: [CC-00001], url: x, status: bogus, colour: red, values: { method: Loud, mood: 3 } }\n",
              [
               "Fixtures/care/bad.yaml:4:66: plan.items.communication.colour: unknown key 'colour' (expected values, records, url, status or reason)",
               "Fixtures/care/bad.yaml:4:22: plan.items.communication.records: item 'communication' is a fields item; it links no records",
               "Fixtures/care/bad.yaml:4:43: plan.items.communication.url: item 'communication' is a fields item; only video items have a url",
               "Fixtures/care/bad.yaml:4:59: plan.items.communication.status: unknown status 'bogus' (expected open, complete, reviewed or not_required)",
               "Fixtures/care/bad.yaml:4:103: plan.items.communication.values.mood: unknown field of item 'communication' (expected method or notes)",
              ]),
        .init("settings that belong to other kinds of item, one per line",
              "    contacts:\n      values: { name: Bo }\n      url: x\n    preferred_name:\n      records: x\n      status: done\n      reason: 4\n",
              [
               "Fixtures/care/bad.yaml:5:7: plan.items.contacts.values: item 'contacts' is a records item; it holds no values",
               "Fixtures/care/bad.yaml:6:7: plan.items.contacts.url: item 'contacts' is a records item; only video items have a url",
               "Fixtures/care/bad.yaml:8:7: plan.items.preferred_name.records: item 'preferred_name' is a profile item; it links no records",
               "Fixtures/care/bad.yaml:9:15: plan.items.preferred_name.status: unknown status 'done' (expected open, complete, reviewed or not_required)",
              ]),
        .init("an item whose value is not a mapping, and one that is nothing",
              "    video: 3\n    strategies:\n",
              [
               "Fixtures/care/bad.yaml:4:12: plan.items.video: expected a mapping, got '3'",
               "Fixtures/care/bad.yaml:5:16: plan.items.strategies: expected a mapping, got nothing",
              ]),
        .init("an unknown item and an instance past one of an item that does not repeat",
              "    nosuch: { colour: red }\n    communication#2: { values: { method: Verbal } }\n    video#2: { url: ~ }\n",
              [
               "Fixtures/care/bad.yaml:4:5: plan.items.nosuch: unknown item in template 'care'",
               "Fixtures/care/bad.yaml:5:5: plan.items.communication#2: item 'communication' is not repeatable, so it has no instance 2",
              ]),
        .init("an item whose own settings have a key that is not text",
              "    communication: { ? [x] : 1, values: { method: Written }, colour: red }\n",
              [
               "Fixtures/care/bad.yaml:4:24: plan.items.communication: keys must be text, got a list",
               "Fixtures/care/bad.yaml:4:62: plan.items.communication.colour: unknown key 'colour' (expected values, records, url, status or reason)",
              ]),
        .init("items keyed by something that is not text",
              "    ? [a]\n    : { values: {} }\n    communication: { values: { mood: 3 } }\n",
              [
               "Fixtures/care/bad.yaml:4:7: plan.items: keys must be text, got a list",
               "Fixtures/care/bad.yaml:6:32: plan.items.communication.values.mood: unknown field of item 'communication' (expected method or notes)",
              ]),
    ]

    @Test(arguments: cases)
    func everyMistakeInPlanItemsIsReportedAtItsPlace(_ c: Case) throws {
        let report = try TestProject.run("template: care\nplan:\n  items:\n" + c.plan, name: "bad")
        #expect(report.results.first?.outcome == .malformed)
        #expect(report.results.first?.problems.map(\.description) == c.problems)
    }

    @Test func planItemsThatAreNoMappingAreReported() throws {
        let report = try TestProject.run("template: care\nplan:\n  items: [communication]\n", name: "bad")
        #expect(report.results.first?.problems.map(\.description) == ["Fixtures/care/bad.yaml:3:10: plan.items: expected a mapping, got a list"])
    }
}
