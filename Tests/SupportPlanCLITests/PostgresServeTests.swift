import Foundation
import PlanModel
import PlanStore
@testable import PlanStorePostgres
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `supportplan serve --db postgres://…` processes on one database, as behind a load balancer: racing each
/// other through HTTP, or killed mid-write, they leave every invariant and nothing half-written. The databases
/// have no users, so each server acts as the local administrator. Runs against `SUPPORTPLAN_TEST_POSTGRES`
/// (`make test` starts a throwaway cluster); under CI a missing server fails these tests.
@Suite struct PostgresServeTests {
    /// One answered change of the raced plan: the revision it was based on (`If-Match`) and what it wrote.
    private struct Change { var status: Int; var base: Int; var value: String; var revision: Int? }

    /// A workspace on a schema of its own with the quick-check template published and clients C-0001 and C-0002.
    private func quickCheckOnPostgres() throws -> (Workspace, String) {
        let url = try PostgresProcessTests.freshSchemaURL()
        let ws = try Workspace(demo: false)
        ws.database = url
        try ws.copyRulesWithQuickCheck()
        try ws.assertCommand(["template", "publish", "quick-check"])
        try ws.assertCommand(["client", "import", try ws.write("clients.json",
            #"[{"id": "C-0001", "name": "Ada Nguyen"}, {"id": "C-0002", "name": "Ron Walsh"}]"#)])
        return (ws, url)
    }

    /// Creates a quick-check plan for `client` through the server and returns its id.
    private func createPlan(_ server: ServeProcess, client: String, complete: Bool) throws -> String {
        let connection = try server.connect()
        let created = try connection.exchange("POST", "/api/v1/plans", body: #"{"client": "\#(client)", "template": "quick-check"}"#)
        guard created.status == 201, let id = created.headers["location"]?.split(separator: "/").last.map(String.init) else {
            throw ToolError("creating a plan: \(created)")
        }
        if complete {
            let done = try connection.exchange("POST", "/api/v1/plans/\(id)/items/note/complete")
            guard done.status == 200 else { throw ToolError("completing \(id)'s note: \(done)") }
        }
        return id
    }

    @Test(.enabled(if: PostgresProcessTests.shouldRun, "PostgreSQL tests not run: SUPPORTPLAN_TEST_POSTGRES is not set (`make test` starts a throwaway cluster)"))
    func twoServersRacingActivationsAndChangesKeepEveryInvariant() throws {
        let (ws, url) = try quickCheckOnPostgres()
        defer { try? PostgresPlanStore.dropSchema(url: url) }
        let servers = [try ServeProcess(ws), try ServeProcess(ws)]
        defer { for server in servers { server.stop() } }
        let drafts = try (0..<6).map { i in try createPlan(servers[i % 2], client: "C-0001", complete: true) }
        let raced = try createPlan(servers[0], client: "C-0002", complete: false)
        let startRevision = try servers[1].connect().exchange("GET", "/api/v1/plans/\(raced)").revision ?? -1

        // Six activations of different plans of one client, and four coordinators changing one plan, all at once,
        // alternating between the two servers. Each change is based on the revision its coordinator last read.
        let results = Locked(([Int: HTTPAnswer](), [Change]()))
        try Parallel.run(drafts.count + 4) { worker in
            if worker < drafts.count {
                let answer = try servers[worker % 2].connect().exchange("POST", "/api/v1/plans/\(drafts[worker])/activate")
                results.withLock { $0.0[worker] = answer }
                return
            }
            for n in 0..<8 {
                let read = try servers[(worker + n) % 2].connect().exchange("GET", "/api/v1/plans/\(raced)")
                guard let base = read.revision else { throw ToolError("no ETag on \(read)") }
                let value = "coordinator \(worker) change \(n)"
                let answer = try servers[(worker + n + 1) % 2].connect().exchange(
                    "PATCH", "/api/v1/plans/\(raced)/items/note", body: #"{"values": {"text": "\#(value)"}}"#, headers: ["If-Match": "\"\(base)\""])
                results.withLock { $0.1.append(Change(status: answer.status, base: base, value: value, revision: answer.revision)) }
            }
        }
        let (activations, changes) = results.withLock { $0 }

        // Activations are serialized by the database: every one succeeds and expires the one before it.
        #expect(activations.values.map(\.status) == Array(repeating: 200, count: drafts.count), "\(activations)")
        let expiredByAnswers = activations.values.compactMap { $0.object["expired_plan"] as? String }
        #expect(expiredByAnswers.count == drafts.count - 1 && Set(expiredByAnswers).count == drafts.count - 1, "\(expiredByAnswers)")
        let store = try PostgresPlanStore(url: url)
        #expect(try store.integrityProblems() == [])
        try store.read { (tx) throws in
            let plans = try tx.plans(clientID: "C-0001", status: nil)
            let active = plans.filter { $0.status == .active }
            #expect(active.count == 1)
            #expect(Set(plans.filter { $0.status == .expired }.map(\.id)) == Set(expiredByAnswers))
            #expect(!expiredByAnswers.contains(active.first?.id ?? ""))
            for id in drafts {
                let actions = try tx.history(planID: id).map(\.action)
                #expect(actions.filter { $0 == "activate" }.count == 1, "\(id): \(actions)")
                #expect(actions.filter { $0 == "expire" }.count == (expiredByAnswers.contains(id) ? 1 : 0), "\(id): \(actions)")
            }
        }

        // Changes: each one acknowledged moved the plan on by one revision from a distinct base (no two writers
        // overwrote the same revision), is in history, and the last of them is what the plan holds; every other
        // answer is 412, for a base that was stale.
        let acknowledged = changes.filter { $0.status == 200 }
        #expect(!acknowledged.isEmpty)
        #expect(changes.allSatisfy { $0.status == 200 || $0.status == 412 }, "\(changes.filter { $0.status != 200 && $0.status != 412 })")
        #expect(Set(acknowledged.map(\.base)).count == acknowledged.count, "two changes were acknowledged from one revision")
        #expect(acknowledged.allSatisfy { $0.revision == $0.base + 1 })
        #expect(changes.filter { $0.status == 412 }.allSatisfy { $0.revision != $0.base }, "a 412 for a base that was current")
        try store.read { (tx) throws in
            let plan = try tx.requirePlan(id: raced)
            #expect(plan.revision == startRevision + acknowledged.count)
            let written = try tx.history(planID: raced).filter { $0.action == "set" }.compactMap(\.after)
            #expect(written.count == acknowledged.count)
            for change in acknowledged {
                #expect(written.contains { $0.contains(change.value) }, "acknowledged but not in history: \(change.value)")
            }
            let last = acknowledged.max { $0.base < $1.base }!
            #expect(plan.instances.first { $0.ref.key == "note" }?.values["text"]?.displayText == last.value)
        }
    }

    @Test(.enabled(if: PostgresProcessTests.shouldRun, "PostgreSQL tests not run: SUPPORTPLAN_TEST_POSTGRES is not set (`make test` starts a throwaway cluster)"))
    func aServerKilledMidWriteLeavesPostgreSQLWholeAndWorking() throws {
        let (ws, url) = try quickCheckOnPostgres()
        defer { try? PostgresPlanStore.dropSchema(url: url) }
        let server = try ServeProcess(ws)
        defer { server.stop() }
        let plans = try (0..<4).map { _ in try createPlan(server, client: "C-0001", complete: false) }
        let created = try server.connect().exchange("GET", "/api/v1/plans/\(plans[0])").revision ?? -1
        let store = try PostgresPlanStore(url: url)

        // Coordinators hammer the server with item changes and new plans until it dies; the test kills it with
        // SIGKILL once 20 of them were acknowledged and the database shows a transaction of its writing.
        let acknowledged = Locked(([String](), [String: [String]]()))
        let killed = Locked(false)
        let hammerDone = DispatchSemaphore(value: 0)
        Thread {
            try? Parallel.run(6) { worker in
                var n = 0
                while !killed.withLock({ $0 }) {
                    n += 1
                    do {
                        if n % 4 == 0 {
                            let answer = try server.connect().exchange("POST", "/api/v1/plans", body: #"{"client": "C-0001", "template": "quick-check"}"#)
                            if answer.status == 201, let id = answer.headers["location"]?.split(separator: "/").last {
                                acknowledged.withLock { $0.0.append(String(id)) }
                            }
                        } else {
                            let plan = plans[(worker + n) % plans.count], value = "worker \(worker) change \(n)"
                            let answer = try server.connect().exchange("PATCH", "/api/v1/plans/\(plan)/items/note", body: #"{"values": {"text": "\#(value)"}}"#)
                            if answer.status == 200 { acknowledged.withLock { $0.1[plan, default: []].append(value) } }
                        }
                    } catch {
                        return // the server is gone
                    }
                }
            }
            hammerDone.signal()
        }.start()
        // Some work first, so the kill lands among acknowledged writes, then the kill at the next write in progress.
        let deadline = Date().addingTimeInterval(60)
        while acknowledged.withLock({ $0.0.count + $0.1.values.map(\.count).reduce(0, +) }) < 20 && Date() < deadline { usleep(10_000) }
        var sawWrite = false
        while !sawWrite && Date() < deadline {
            sawWrite = try store.writingTransactions() > 0
            if !sawWrite { usleep(2_000) }
        }
        server.signal(SIGKILL)
        killed.withLock { $0 = true }
        #expect(sawWrite, "no write of the server's was seen within 60 s")
        #expect(server.waitForExit() == 128 + SIGKILL)
        #expect(hammerDone.wait(timeout: .now() + 60) == .success, "the coordinators did not stop within 60 s of the kill")
        // PostgreSQL rolls the dead sessions' transactions back once it notices their connections are gone.
        for _ in 0..<500 where try store.writingTransactions() > 0 { usleep(20_000) }
        #expect(try store.writingTransactions() == 0)

        let (createdIDs, changed) = acknowledged.withLock { $0 }
        #expect(createdIDs.count + changed.values.map(\.count).reduce(0, +) >= 20, "the server was killed before 20 writes were acknowledged")
        #expect(try store.integrityProblems() == [])
        try store.read { (tx) throws in
            for id in createdIDs { #expect(try tx.plan(id: id) != nil, "plan \(id) was acknowledged but is not stored") }
            for plan in try tx.plans(clientID: nil, status: nil) {
                // Every change is one revision and one history event, or neither.
                let sets = try tx.history(planID: plan.id).filter { $0.action == "set" }
                #expect(plan.revision == created + sets.count, "plan \(plan.id): revision \(plan.revision), \(sets.count) changes in history")
                for value in changed[plan.id] ?? [] {
                    #expect(sets.contains { $0.after?.contains(value) == true }, "acknowledged but not in history: \(plan.id) \(value)")
                }
            }
        }
        // A new server on the same database takes writes: the dead one's locks went with its sessions.
        let again = try ServeProcess(ws)
        defer { again.stop() }
        #expect(try again.connect().exchange("PATCH", "/api/v1/plans/\(plans[0])/items/note", body: #"{"values": {"text": "after"}}"#).status == 200)
    }
}
