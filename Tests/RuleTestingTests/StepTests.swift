import Testing
@testable import RuleTesting

@Suite struct StepTests {
    @Test func everyActionRunsThroughAPlansWholeLife() throws {
        let report = try TestProject.run(TestProject.preamble + """
            steps:
              - { do: set, item: communication, values: { method: Written } }
              - { do: complete, item: communication }
              - { do: set, item: preferred_name, values: { preferred_name: Addy } }
              - { do: complete, item: preferred_name }
              - { do: link, item: contacts, records: [CC-00078], refused: "do not allow linking" }
              - { do: create, item: contacts, values: { name: Di, phone: "0400 111 222" } }
              - expect: { complete: { contacts: true }, candidates: { contacts: [CC-00077] } }
              - { do: link, item: contacts, records: [CC-00077] }
              - { do: unlink, item: contacts, records: [CC-00077] }
              - { do: complete, item: contacts }
              - { do: not_required, item: contacts, refused: "the template requires it" }
              - { do: add, item: video, blank: true }
              - { do: add, item: video, clone: 1 }
              - expect: { defaults: { "video#2": "https://example.org/v" }, progress: { total: 6 } }
              - { do: remove, item: "video#3" }
              - { do: not_required, item: video, reason: Not filmed }
              - { do: not_required, item: "video#2" }
              - { do: reinstate, item: "video#2" }
              - { do: not_required, item: "video#2" }
              - expect: { progress: { percent: 100 }, can_activate: true }
              - { do: activate }
              - expect: { status: active }
              - { do: set, item: communication, values: { method: Verbal }, refused: true }
              - { do: start_review }
              - expect: { status: draft, progress: { done: 2, total: 5 } }
              - { do: review, item: communication }
              - { do: complete, item: preferred_name, refused: true }
              - expect: { progress: { done: 3 } }

            """)
        #expect(report.results.first?.differences.map(\.description) == [])
        #expect(report.text == "ok   Fixtures/care/f.yaml\n1 passed, 0 failed\n")
    }

    @Test func anActionRefusedUnexpectedlyFailsWithItsReasons() throws {
        let report = try TestProject.run(TestProject.preamble + "steps:\n  - { do: complete, item: contacts }\n")
        #expect(report.results.first?.differences.map(\.description) == ["steps[0] (complete contacts): refused: Link at least 1 record(s)"])
    }

    @Test func anActionExpectedToBeRefusedThatSucceedsFails() throws {
        let report = try TestProject.run(TestProject.preamble + "steps:\n  - { do: link, item: contacts, records: [CC-00077], refused: true }\n")
        #expect(report.results.first?.differences.map(\.description) == ["steps[0] (link contacts): expected refused, got done"])
    }

    @Test func aRefusalWithOtherReasonsThanExpectedFails() throws {
        let report = try TestProject.run(TestProject.preamble + "steps:\n  - { do: complete, item: contacts, refused: hidden }\n")
        #expect(report.results.first?.differences.map(\.description)
                == ["steps[0] (complete contacts): expected refused with \"hidden\", got refused: Link at least 1 record(s)"])
    }

    @Test func createdRecordsTakeTheNextIdAboveTheFixturesOwn() throws {
        let report = try TestProject.run(TestProject.preamble + """
            steps:
              - { do: create, item: contacts, values: { name: Di } }
              - { do: unlink, item: contacts, records: [CC-00079] }
              - { do: link, item: contacts, records: [CC-00079] }

            """)
        #expect(report.status == .passed)
    }
}
