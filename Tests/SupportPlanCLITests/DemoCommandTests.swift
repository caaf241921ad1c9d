import Foundation
import Testing

@Suite struct DemoCommandTests {
    @Test func demoBuildsTheSampleDatabaseAndPrintsEachStep() throws {
        let ws = try Workspace(demo: false)
        let result = try ws.assertCommand(["demo"], stdout: [
            "1. Imported the sample clients\n   3 clients (C-0001 Ada Nguyen, C-0002 Ron Walsh, C-0003 Mia Roberts) with 13 records\n",
            "2. Published every template in the Rules folder\n   community-access v1\n   home-care v1\n   ndis-core v1\n",
            "3. Created SP-000001 for Ada Nguyen from ndis-core\n",
            "linking MED-00002 is refused: The template's rules do not allow linking MED-00002 to item 'current_medications'",
            "first try (Linh Tran, phone=12): refused — name: Linh Tran is already on file as CC-00002; link that record instead; phone: Enter a valid phone number",
            "10. Activated SP-000001\n   status active, activation date 2026-11-28\n",
            "11. Started a review: SP-000002\n",
            "12. Added users: admin, cora, lee and wes\n   admin (admin), cora (coordinator), lee (team_leader), wes (worker), without passwords or API tokens\n",
            "discarding SP-000002 as wes is refused: wes (worker) may not discard draft plans\n",
            "The sample database is \(ws.db.path). Try:\n  supportplan plan show SP-000001 --db \(ws.db.path) --as cora\n",
        ])
        #expect(result.stderr.isEmpty)
        // No colour codes without a terminal.
        #expect(!result.stdout.contains("\u{1B}["))
        try ws.assertCommand(["plan", "list"], stdoutEquals: """
            SP-000001  C-0001  ndis-core v1  active
            SP-000002  C-0001  ndis-core v1  draft  reviews SP-000001

            """)
    }

    @Test func demoDryRunPrintsEveryStepAndMakesNoDatabase() throws {
        let ws = try Workspace(demo: false)
        let result = try ws.assertCommand(["demo", "--dry-run"], stdout: [
            "1. Imported the sample clients\n", "10. Activated SP-000001\n", "11. Started a review: SP-000002\n",
            "\nNothing was changed (--dry-run): the demo ran on a scratch database, now removed; \(ws.db.path) was not touched.\n",
        ])
        #expect(!result.stdout.contains("The sample database is"))
        #expect(!FileManager.default.fileExists(atPath: ws.db.path))
    }

    @Test func demoDryRunWithReplaceLeavesTheExistingDatabaseAsItWas() throws {
        let ws = try Workspace()
        try ws.assertCommand(["item", "set", "SP-000002", "goals", "progress_notes=Going well"])
        try ws.assertUnchanged(["demo", "--replace", "--dry-run"], exit: 0, stdout: ["11. Started a review: SP-000002\n"])
        try ws.assertUnchanged(["demo", "--dry-run"], exit: 2, stderrEquals:
            "Error: \(ws.db.path) exists; the demo builds a fresh database: pass --replace, or --db another path\n")
    }

    @Test func demoRefusesToOverwriteADatabaseWithoutReplace() throws {
        let ws = try Workspace()
        try ws.assertUnchanged(["demo"], exit: 2, stderrEquals:
            "Error: \(ws.db.path) exists; the demo builds a fresh database: pass --replace, or --db another path\n")
    }

    @Test func demoWithReplaceStartsAgain() throws {
        let ws = try Workspace()
        try ws.assertCommand(["item", "set", "SP-000002", "goals", "progress_notes=Going well"])
        try ws.assertCommand(["demo", "--replace"], stdout: ["11. Started a review: SP-000002"])
        let goals = try #require(try ws.item("SP-000002", "goals"))
        #expect((goals["values"] as? [String: Any])?["progress_notes"] == nil)
    }
}
