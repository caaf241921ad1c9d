import Foundation
import Testing

/// A review draft replaces the plan it reviews and nothing else. When another plan was activated
/// meanwhile (the reviewed plan expired), activating the old review is refused with the reason; the
/// draft stays, for the coordinator to read and discard.
@Suite struct StaleReviewTests {
    @Test func aReviewOfAnExpiredPlanCannotReplaceTheNewerActivePlan() throws {
        let ws = try Workspace()
        // A one-item template makes a second plan for Ada that is quick to finish.
        try ws.copyRulesWithQuickCheck()
        try ws.assertCommand(["template", "publish", "quick-check"])
        try ws.reviewEverything()
        try ws.assertCommand(["plan", "create", "--client", "C-0001", "--template", "quick-check"], stdout: ["Created SP-000003"])
        try ws.assertCommand(["item", "complete", "SP-000003", "note"])
        try ws.assertCommand(["plan", "activate", "SP-000003"], stdout: ["activate SP-000003; SP-000001 expires"])

        try ws.assertUnchanged(["plan", "activate", "SP-000002"], exit: 1, stderrEquals:
            "Refused: Plan SP-000002 reviews SP-000001, which is no longer the client's active plan (SP-000003 is); discard this draft and start a review of SP-000003\n")
        try ws.assertCommand(["plan", "list", "--client", "C-0001"], stdoutEquals: """
            SP-000001  C-0001  ndis-core v1  expired
            SP-000002  C-0001  ndis-core v1  draft  reviews SP-000001
            SP-000003  C-0001  quick-check v1  active

            """)
    }
}
