import Foundation
import Testing
import PlanModel
@testable import PlanStore

@Suite struct CrashImageTests {
    /// What a crash would leave on disk: the database and its WAL copied while a write transaction is
    /// half done (and has spilled uncommitted pages into the WAL), without the shared-memory index.
    @Test func aCrashInTheMiddleOfWritesLeavesADatabaseThatOpensWithEveryInvariant() throws {
        let fixture = try StoreFixture()
        try fixture.seed(clients: ["C-1", "C-2"])
        // Committed work: three transactions, the last one activating a plan of C-1.
        for n in 1...3 {
            try fixture.store.write { tx in try tx.insert(samplePlan(String(format: "SP-%06d", n), items: 100)) }
        }
        try fixture.store.write { tx in
            var plan = try tx.requirePlan(id: "SP-000001")
            plan.status = .active
            try tx.update(plan, expectedRevision: 0)
            try tx.append([HistoryEvent(planID: "SP-000001", at: "t", user: "u", action: "activate")])
        }
        let committed = try fixture.store.contentDump()

        let image = fixture.folder.appendingPathComponent("image")
        try FileManager.default.createDirectory(at: image, withIntermediateDirectories: true)
        let walBefore = try walSize(fixture.path)
        var walDuring = 0
        // The transaction writes far more than the page cache holds, then is "killed" by copying the files.
        #expect(throws: Boom.self) {
            try fixture.store.write { tx in
                var old = try tx.requirePlan(id: "SP-000001")
                old.status = .expired
                try tx.update(old, expectedRevision: old.revision)
                for n in 4...400 {
                    try tx.insert(samplePlan(String(format: "SP-%06d", n), client: n % 2 == 0 ? "C-1" : "C-2", items: 100))
                }
                try tx.append([HistoryEvent(planID: "SP-000001", at: "t", user: "u", action: "expire")])
                walDuring = try walSize(fixture.path)
                for suffix in ["", "-wal"] {
                    try FileManager.default.copyItem(atPath: fixture.path + suffix,
                                                     toPath: image.appendingPathComponent("plans.sqlite").path + suffix)
                }
                throw Boom()
            }
        }
        #expect(walDuring > walBefore, "the half-done transaction should have reached the WAL")

        let reopened = try SQLitePlanStore(path: image.appendingPathComponent("plans.sqlite").path)
        #expect(try reopened.integrityProblems() == [])
        #expect(try reopened.appliedMigrations() == StoreKind.currentMigrations)
        #expect(try reopened.contentDump() == committed)
        try reopened.read { (tx) throws in
            let plans = try tx.plans(clientID: nil, status: nil)
            #expect(plans.map(\.id) == ["SP-000001", "SP-000002", "SP-000003"])
            #expect(plans.allSatisfy { $0.instances.count == 100 })
            #expect(try tx.activePlan(clientID: "C-1")?.id == "SP-000001")
        }
        // The original is untouched by the rolled-back transaction too.
        #expect(try fixture.store.contentDump() == committed)
    }

    private func walSize(_ path: String) throws -> Int {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path + "-wal")
        return (attributes?[.size] as? NSNumber)?.intValue ?? 0
    }
}
