import Foundation
import Testing

/// Setting a value to what it already is changes nothing worth recording: no history row.
@Suite struct NoOpChangeTests {
    func historyCount(_ ws: Workspace, _ plan: String) throws -> Int {
        try #require(try ws.assertCommand(["plan", "history", plan, "--format", "json"]).json() as? [Any]).count
    }

    @Test(arguments: [["preferred_name", "pronouns=They/them"], ["what_matters", "good_day=Music and a walk"]])
    func settingTheSameValueAgainWritesNoHistory(change: [String]) throws {
        let ws = try Workspace()
        try ws.assertCommand(["item", "set", "SP-000002"] + change)
        let once = try historyCount(ws, "SP-000002")
        try ws.assertCommand(["item", "set", "SP-000002"] + change)
        #expect(try historyCount(ws, "SP-000002") == once)
    }
}
