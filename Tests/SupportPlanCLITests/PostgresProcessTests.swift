import Foundation
import PlanModel
import PlanStore
@testable import PlanStorePostgres
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `supportplan` processes on one PostgreSQL database: killed mid-write or racing each other, they leave
/// every invariant and nothing half-written. Runs against `SUPPORTPLAN_TEST_POSTGRES` (`make test`
/// starts a throwaway cluster); under CI a missing server fails these tests.
@Suite struct PostgresProcessTests {
    static var serverURL: String? { ProcessInfo.processInfo.environment["SUPPORTPLAN_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 } }
    static var shouldRun: Bool { serverURL != nil || ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The test server's URL with a new schema of its own (`schema=…`, created when first opened).
    static func freshSchemaURL() throws -> String {
        guard let server = serverURL else {
            throw ToolError("SUPPORTPLAN_TEST_POSTGRES is not set, so the PostgreSQL process tests cannot run, and CI must run them")
        }
        let schema = "cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        return server + (server.contains("?") ? "&" : "?") + "schema=\(schema)"
    }

    /// A workspace whose `--db` is a schema of its own on the test server, filled by `supportplan demo`.
    private func demoOnPostgres() throws -> (Workspace, String) {
        let url = try Self.freshSchemaURL()
        let ws = try Workspace(demo: false)
        ws.database = url
        try ws.assertCommand(["demo"], stdout: ["The sample database is"])
        return (ws, url)
    }

    /// Everything the store holds, read through the store protocol.
    private struct Content: Equatable {
        var clients: [Client] = []
        var records: [ClientRecord] = []
        var plans: [SupportPlan] = []
        var history: [HistoryEvent] = []
        var templates: [StoredTemplateVersion?] = []
    }

    private func content(_ store: any PlanStore) throws -> Content {
        try store.read { tx in
            var out = Content()
            out.clients = try tx.allClients()
            out.records = try out.clients.flatMap { try tx.records(clientID: $0.id) }
            out.plans = try tx.plans(clientID: nil, status: nil)
            out.history = try out.plans.flatMap { try tx.history(planID: $0.id) }
            out.templates = try tx.templateIDs().map { try tx.latestTemplateVersion(id: $0) }
            return out
        }
    }

    private func expectInvariants(_ store: PostgresPlanStore, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try store.integrityProblems() == [], sourceLocation: sourceLocation)
        let active = try store.read { try $0.plans(clientID: nil, status: .active) }
        #expect(Set(active.map(\.clientID)).count == active.count, "a client has two active plans", sourceLocation: sourceLocation)
    }

    @Test(.enabled(if: shouldRun, "PostgreSQL tests not run: SUPPORTPLAN_TEST_POSTGRES is not set (`make test` starts a throwaway cluster)"))
    func anImportKilledMidWriteLeavesPostgreSQLWholeAndUnchanged() throws {
        let (ws, url) = try demoOnPostgres()
        defer { try? PostgresPlanStore.dropSchema(url: url) }
        let store = try PostgresPlanStore(url: url)
        let before = try content(store)
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
        try process.run()
        // Kill it a moment after its one transaction is first seen writing: mid-write, not before or after it. The
        // moment is slept, not polled for: on a loaded machine the next poll (a query) came after the commit once,
        // and the import was never killed.
        var killedMidWrite = false
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline {
            if try store.writingTransactions() > 0 {
                usleep(300_000)
                kill(process.processIdentifier, SIGKILL)
                killedMidWrite = true
                break
            }
            usleep(10_000)
        }
        process.waitUntilExit()
        #expect(killedMidWrite, "the import finished before it could be killed mid-write; make it bigger")
        #expect(process.terminationReason == .uncaughtSignal)
        // The server rolls the dead session's transaction back once it notices the connection is gone.
        for _ in 0..<500 where try store.writingTransactions() > 0 { usleep(20_000) }

        #expect(try store.writingTransactions() == 0)
        let after = try content(store)
        #expect(after == before, "the killed import left part of itself behind: \(after.clients.count - before.clients.count) clients more")
        try expectInvariants(store)
        // The store still takes writes: the killed writer's lock went with its session.
        try ws.assertCommand(["client", "import", try ws.write("one.jsonl", lines[0])])
    }

    @Test(.enabled(if: shouldRun, "PostgreSQL tests not run: SUPPORTPLAN_TEST_POSTGRES is not set (`make test` starts a throwaway cluster)"))
    func twoProcessesRacingToActivateOneReviewLeaveOneActivePlan() throws {
        let (ws, url) = try demoOnPostgres()
        defer { try? PostgresPlanStore.dropSchema(url: url) }
        try ws.reviewEverything()
        let store = try PostgresPlanStore(url: url)
        let client = try store.read { try $0.requirePlan(id: "SP-000002").clientID }

        let processes = try (0..<2).map { _ -> (Process, Pipe) in
            let process = Process()
            process.executableURL = try CommandLineTool.binary.get()
            process.arguments = ["plan", "activate", "SP-000002"] + ws.globalOptions
            process.currentDirectoryURL = ws.folder
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            return (process, errors)
        }
        for (process, _) in processes { try process.run() }
        var statuses: [Int32] = []
        for (process, errors) in processes {
            _ = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            statuses.append(process.terminationStatus)
        }
        // One activates; the other finds the plan active already and is refused.
        #expect(statuses.filter { $0 == 0 }.count == 1 && statuses.contains { $0 != 0 }, "exit statuses \(statuses)")
        try store.read { (tx) throws in
            #expect(try tx.activePlan(clientID: client)?.id == "SP-000002")
            #expect(try tx.requirePlan(id: "SP-000001").status == .expired)
            #expect(try tx.history(planID: "SP-000002").filter { $0.action == "activate" }.count == 1)
        }
        try expectInvariants(store)
    }
}
