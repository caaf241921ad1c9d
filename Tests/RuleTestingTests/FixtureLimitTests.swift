import Foundation
import PlanModel
import Testing
@testable import RuleTesting

/// Fixtures are bounded where they are parsed (steps, records, instances, values, text, file size),
/// each excess a malformed fixture at its file:line; what stays allowed runs in time linear in its size.
@Suite struct FixtureLimitTests {
    static func problems(_ report: TestRunReport) -> [String] {
        report.results.flatMap(\.problems).map(\.description) + report.problems.map(\.description)
    }

    @Test func moreStepsThanTheLimitIsMalformedAtTheStepsKey() throws {
        let steps = String(repeating: "  - { do: set, item: communication, values: { method: Verbal } }\n", count: DataLimits.stepsPerFixture + 1)
        let report = try TestProject.run(TestProject.preamble + "steps:\n" + steps)
        #expect(Self.problems(report) == ["Fixtures/care/f.yaml:12:3: steps: 10001 steps; a fixture may take at most 10000"])
        #expect(report.status == .malformed)
    }

    @Test func moreRecordsThanTheLimitIsMalformedAtTheRecordsKey() throws {
        let records = (1...(DataLimits.recordsPerClient + 1)).map { "    - { id: CC-\($0), type: care_contact, name: N }" }
        let report = try TestProject.run("template: care\nclient:\n  id: C-1\n  name: Ada\n  records:\n" + records.joined(separator: "\n") + "\n")
        #expect(Self.problems(report) == ["Fixtures/care/f.yaml:6:5: client.records: 10001 records; a fixture's client may have at most 10000"])
    }

    @Test func anAliasBombStopsAtTheValueLimit() throws {
        var yaml = "template: care\nclient: { id: C-1, name: Ada }\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 { yaml += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let report = try TestProject.run(yaml)
        #expect(Self.problems(report)
                == ["Fixtures/care/f.yaml:1:1: the document has more than 200000 values (counting each use of an alias); split it up"])
    }

    @Test func aTextLongerThanTheLimitIsMalformedAtItsLine() throws {
        let long = String(repeating: "a", count: DataLimits.textBytes + 1)
        let report = try TestProject.run("template: care\nclient:\n  id: C-1\n  name: \(long)\n")
        #expect(Self.problems(report) == ["Fixtures/care/f.yaml:4:9: a text of 65537 bytes is longer than the 65536 a text may have"])
    }

    @Test func aFixtureFileLargerThanTheLimitIsNotRead() throws {
        let padding = String(repeating: "# padding\n", count: DataLimits.fixtureFileBytes / 10 + 1)
        let report = try TestProject.run(TestProject.preamble + padding)
        #expect(Self.problems(report) == ["Fixtures/care/f.yaml: is \(TestProject.preamble.utf8.count + padding.utf8.count) bytes, more than the 2097152 a fixture may have; split it up"])
    }

    @Test func anInstanceNumberPastTheLimitIsMalformedWithoutMakingInstances() throws {
        let report = try TestProject.run(TestProject.preamble + "plan:\n  items:\n    \"video#50000000\": { url: \"https://example.org/x\" }\n")
        #expect(Self.problems(report)
                == ["Fixtures/care/f.yaml:13:5: plan.items.video#50000000: 'video#50000000' is not an item instance (write key or key#N, N from 1 to 1000)"])
    }

    @Test func aFixtureOfThousandsOfStepsRuns() throws {
        // Each step saves a copy of the workbench to roll back a refusal; the history it used to keep
        // across steps made every append copy all earlier events: 1k steps 1.1 s, 10k steps 22 s (release).
        let report = try TestProject.run(TestProject.preamble + "steps:\n"
            + String(repeating: "  - { do: set, item: communication, values: { method: Verbal } }\n", count: 2_000))
        #expect(report.results.first?.outcome == .passed)
    }
}
