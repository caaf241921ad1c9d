import Foundation
import Testing

/// Ids and instance numbers near `Int64.max` are bad input where they enter (import, fixtures, item
/// arguments): exit 2 naming where, never a trap, a loop or a changed database.
@Suite struct OutOfRangeNumberTests {
    @Test(arguments: ["CC-9223372036854775807", "CC-9223372036854775808", "CC-1000000000"])
    func anImportedRecordIDPastTheLargestNumberIsBadInputAndImportsNothing(id: String) throws {
        let ws = try Workspace()
        let file = try ws.write("big.json", """
            [{"id": "C-0001", "name": "Ada Nguyen", "records": [{"id": "\(id)", "type": "care_contact", "name": "Bo"}]}]
            """)
        try ws.assertUnchanged(["client", "import", file], exit: 2, stderrEquals: """
            Error: \(file): entry 1 (C-0001), records[0].id: '\(id)' has a number outside 1 to 999999999, the numbers record ids may use\n
            """)
        // The create-new form still hands out the next ordinary id.
        try ws.assertCommand(["item", "create", "SP-000002", "emergency_contacts", "name=Cy Nguyen", "relationship=Sibling",
                              "phone=0400 111 222"], stdout: ["CC-"])
    }

    @Test func aFixtureRecordIDPastTheLargestNumberIsMalformedAtItsLine() throws {
        let ws = try Workspace(demo: false)
        let file = try ws.write("big.yaml", """
            template: ndis-core
            today: "2026-11-27"
            client:
              id: C-1
              name: Ada
              records:
                - { id: CC-9223372036854775807, type: care_contact, name: Bo }
            steps:
              - { do: create, item: emergency_contacts, values: { name: Cy } }

            """)
        try ws.assertCommand(["test", file], exit: 2, stdoutEquals: """
            big.yaml:7:13: client.records[0].id: 'CC-9223372036854775807' has a number outside 1 to 999999999, the numbers record ids may use
            0 passed, 0 failed, 1 malformed\n\n
            """)
    }

    @Test(arguments: ["transfer_video#50000000", "transfer_video#9223372036854775807", "transfer_video#1001"])
    func aFixtureInstancePastTheLimitIsMalformedWithoutAllocatingIt(ref: String) throws {
        let ws = try Workspace(demo: false)
        let file = try ws.write("many.yaml", """
            template: ndis-core
            today: "2026-11-27"
            client: { id: C-1, name: Ada }
            plan:
              items:
                "\(ref)": { url: "https://example.org/x" }

            """)
        try ws.assertCommand(["test", file], exit: 2, stdout: [
            "many.yaml:6:5: plan.items.\(ref): '\(ref)' is not an item instance (write key or key#N, N from 1 to 1000)",
        ])
    }

    @Test(arguments: [["item", "review", "SP-000002", "community_activities#9223372036854775807"],
                      ["item", "remove", "SP-000002", "community_activities#99999999999999999999"],
                      ["item", "add", "SP-000002", "community_activities", "--clone", "9223372036854775807"]])
    func anInstanceNumberPastTheLimitIsBadInput(arguments: [String]) throws {
        let ws = try Workspace()
        let result = try ws.assertUnchanged(arguments, exit: 2)
        #expect(result.stderr.hasPrefix("Error: "))
        #expect(result.stderr.contains("N from 1 to 1000"), "\(result)")
    }
}
