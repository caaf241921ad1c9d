import Foundation
import GRDB
import Testing

/// `--db` pointing at files that are not ours, or not ours to change: refused with exit 2 and left
/// byte for byte as they were; a read-only database still serves reading commands.
@Suite struct HostileDatabaseTests {
    /// Every file in the workspace folder and its bytes (the runner's own output files are gone by then).
    static func files(_ ws: Workspace) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: ws.folder.path) {
            out[name] = try Data(contentsOf: ws.folder.appendingPathComponent(name))
        }
        return out
    }

    static let commands: [[String]] = [["plan", "list"], ["client", "show", "C-0001"], ["template", "publish", "ndis-core"]]

    @Test(arguments: commands)
    func aZeroByteDatabaseFileIsRefusedAndNothingIsCreatedOrChanged(command: [String]) throws {
        let ws = try Workspace(demo: false)
        FileManager.default.createFile(atPath: ws.db.path, contents: Data())
        let before = try Self.files(ws)
        try ws.assertCommand(command, exit: 2, stderrEquals: """
            Error: '\(ws.db.path)' is an empty file, not a supportplan database; \
            nothing was changed (remove it, or open a path that does not exist yet)\n
            """)
        #expect(try Self.files(ws) == before)
    }

    @Test(arguments: commands)
    func anUnrelatedSQLiteDatabaseIsRefusedAndKeepsItsBytesAndJournalMode(command: [String]) throws {
        let ws = try Workspace(demo: false)
        let other = try DatabaseQueue(path: ws.db.path)
        try other.write { db in try db.execute(sql: "CREATE TABLE invoices (number INTEGER); INSERT INTO invoices VALUES (7)") }
        try other.close()
        let before = try Self.files(ws)
        try ws.assertCommand(command, exit: 2, stderr: [
            "'\(ws.db.path)' is a SQLite database but not a supportplan one (it has tables invoices); nothing was changed",
        ])
        #expect(try Self.files(ws) == before)
    }

    @Test func aDatabaseMadeByANewerSupportplanIsRefusedAndNotWritten() throws {
        let ws = try Workspace()
        let queue = try DatabaseQueue(path: ws.db.path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v7-plan-tags')") }
        try queue.close()
        let before = try Self.files(ws)
        try ws.assertCommand(["item", "set", "SP-000002", "preferred_name", "pronouns=They/them"], exit: 2, stderrEquals: """
            Error: '\(ws.db.path)' was made by a newer supportplan \
            (migrations v7-plan-tags are unknown here); use that version or a later one\n
            """)
        #expect(try Self.files(ws) == before)
    }

    @Test func aReadOnlyDatabaseServesReadingCommandsAndRefusesWritingOnes() throws {
        let ws = try Workspace()
        for name in try FileManager.default.contentsOfDirectory(atPath: ws.folder.path) {
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: ws.folder.appendingPathComponent(name).path)
        }
        let before = try Data(contentsOf: ws.db)
        try ws.assertCommand(["plan", "list"], stdout: ["SP-000001", "SP-000002"])
        try ws.assertCommand(["plan", "show", "SP-000001"], stdout: ["SP-000001"])
        try ws.assertCommand(["client", "show", "C-0001"], stdout: ["Ada Nguyen"])
        try ws.assertCommand(["item", "set", "SP-000002", "preferred_name", "pronouns=They/them"], exit: 2,
                             stderrEquals: "Error: The database is read-only; only reading commands can use it\n")
        #expect(try Data(contentsOf: ws.db) == before)
    }
}
