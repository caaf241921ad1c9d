import Foundation
import Testing

/// Commands that used to contradict themselves or each other now give one answer.
@Suite struct ContradictionTests {
    /// A hidden item is hidden and nothing more: no check line, no complete hook saying "not complete".
    @Test func explainOnAHiddenItemSaysItIsHiddenAndShowsOnlyWhatHidIt() throws {
        let ws = try Workspace()
        let result = try ws.assertCommand(["plan", "explain", "SP-000002", "aac_video"])
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 6, "\(result)")
        #expect(lines[0] == "Using my AAC device (video)  [aac_video]  hidden  open")
        #expect(lines[1] == "Hidden by the template's rules, so no check applies to it while it is hidden.")
        #expect(lines[3].hasPrefix("items.aac_video.visible  → hidden  (Rules/ndis-core/rules.lua:"))
        #expect(lines[4] == "  read: client.profile.uses_aac = false")
        let json = try ws.assertCommand(["plan", "explain", "SP-000002", "aac_video", "--format", "json"]).jsonObject()
        #expect((json["hooks"] as? [[String: Any]])?.map { $0["hook"] as? String } == ["items.aac_video.visible"])
    }

    /// `item create` refuses a link-only item, so `item form` says it has no create-new form (same exit status).
    @Test func formOfALinkOnlyItemSaysItHasNoCreateForm() throws {
        let ws = try Workspace()
        try ws.assertUnchanged(["item", "form", "SP-000002", "allied_health"], exit: 1,
                               stderrEquals: "Refused: Item 'allied_health' does not allow creating new records, so it has no create-new form\n")
        try ws.assertUnchanged(["item", "create", "SP-000002", "allied_health", "title=OT report"], exit: 1)
    }
}
