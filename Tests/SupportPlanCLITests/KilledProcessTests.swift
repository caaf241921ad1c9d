import Foundation
import PlanModel
import PlanStore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Care records must never be half-written: a `supportplan` process killed with SIGKILL in the middle
/// of its write transaction leaves a database that opens with every invariant holding and none of
/// that transaction in it.
@Suite struct KilledProcessTests {
    @Test func anImportKilledMidWriteLeavesTheDatabaseWholeAndUnchanged() throws {
        let ws = try Workspace()
        let before = try ws.dump()
        // Enough clients that the one import transaction spills pages into the WAL well before it commits.
        var lines: [String] = []
        for n in 0..<40_000 {
            let id = String(format: "C-9%05d", n)
            lines.append(#"{"id": "\#(id)", "name": "Client \#(n)", "profile": {"first_name": "Client", "suburb": "Carlton"}, "#
                         + #""records": [{"id": "CC-\#(String(format: "%05d", 10_000 + n))", "type": "care_contact", "name": "Contact \#(n)", "phone": "0400 000 000"}]}"#)
        }
        let file = try ws.write("many.jsonl", lines.joined(separator: "\n"))

        let process = Process()
        process.executableURL = try CommandLineTool.binary.get()
        process.arguments = ["client", "import", file] + ws.globalOptions
        process.currentDirectoryURL = ws.folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let wal = ws.db.path + "-wal"
        let walBefore = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
        try process.run()
        // Kill it once the transaction has written well past what the WAL held: mid-write, not before it.
        var killedMidWrite = false
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline {
            let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
            if size > walBefore + 2_000_000 {
                kill(process.processIdentifier, SIGKILL)
                killedMidWrite = true
                break
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        #expect(killedMidWrite, "the import finished before it could be killed mid-write; make it bigger")
        #expect(process.terminationReason == .uncaughtSignal)

        let store = try SQLitePlanStore(path: ws.db.path)
        #expect(try store.integrityProblems() == [])
        #expect(try ws.dump() == before, "the killed import left part of itself behind")
        let plans = try store.read { try $0.plans(clientID: nil, status: .active) }
        #expect(Set(plans.map(\.clientID)).count == plans.count, "a client has two active plans")
    }
}
