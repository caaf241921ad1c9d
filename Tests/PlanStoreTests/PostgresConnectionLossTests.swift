import Foundation
import Testing
import PlanModel
@testable import PlanStore
@testable import PlanStorePostgres

/// What the PostgreSQL store does when its connections are lost: retried once where nothing was done
/// yet, otherwise a clear error, and never half a change stored.
@Suite(.enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.notRunMessage)))
struct PostgresConnectionLossTests {
    @Test func aReadWhosePooledConnectionDiedRunsOnAFreshOne() throws {
        let db = try StoreKind.postgres.make()
        try db.seed()
        let store = db.store as! PostgresPlanStore
        #expect(try store.read { try $0.allClients().count } == 1) // a pooled connection now exists
        try (try db.connect() as! PostgresPlanStore).terminateOtherSessions()
        #expect(try store.read { try $0.allClients().map(\.id) } == ["C-1"])
    }

    @Test func aWriteWhosePooledConnectionDiedRunsOnAFreshOne() throws {
        let db = try StoreKind.postgres.make()
        try db.seed()
        let store = db.store as! PostgresPlanStore
        try (try db.connect() as! PostgresPlanStore).terminateOtherSessions()
        try store.write { try $0.upsert(Client(id: "C-2", name: "Two")) }
        #expect(try store.read { try $0.allClients().map(\.id) } == ["C-1", "C-2"])
    }

    @Test func aConnectionLostInTheMiddleOfAWriteIsAClearErrorAndStoresNothing() throws {
        let db = try StoreKind.postgres.make()
        try db.seed()
        let store = db.store as! PostgresPlanStore
        let other = try db.connect() as! PostgresPlanStore
        let before = try db.snapshot()
        var bodyRuns = 0
        #expect(throws: StoreError(.io, "The connection to the PostgreSQL server \(store.displayLocation) was lost in the middle of the change; nothing of it was stored; try again")) {
            try store.write { tx in
                bodyRuns += 1
                try tx.upsert(Client(id: "C-2", name: "Two"))
                try tx.insert(samplePlan("SP-000001", items: 5))
                try other.terminateOtherSessions()
                try tx.upsert(Client(id: "C-3", name: "Three"))
            }
        }
        #expect(bodyRuns == 1, "a write that had begun must not be run again")
        #expect(try db.snapshot() == before)
    }
}

/// URLs the PostgreSQL store cannot use, and servers it cannot reach, are named in the error.
@Suite struct PostgresURLTests {
    @Test func anUnreachableServerIsNamedWithoutItsPassword() throws {
        #expect { try PostgresPlanStore(url: "postgres://kim:secret@127.0.0.1:1/plans?connect_timeout=2") } throws: { error in
            let text = "\(error)"
            return (error as? StoreError)?.kind == .io && text.hasPrefix("Could not connect to the PostgreSQL server 127.0.0.1:1/plans: ")
                && !text.contains("secret")
        }
    }

    @Test(arguments: [
        ("mysql://kim@host/db", "it is not a URL"),
        ("postgres://host/db", "it names no user"),
        ("postgres://kim@host/", "it names no database"),
        ("postgres://kim@host/db?schema=Bad-Name", "schema 'Bad-Name' must be lower-case letters, digits and _"),
        ("postgres://kim@host/db?pool_max=0", "pool_max must be 1 to 100"),
        ("postgres://kim@host/db?colour=blue", "unknown option 'colour'"),
    ])
    func aURLThatCannotBeUsedSaysWhy(url: String, why: String) {
        #expect(throws: StoreError(.io, "The PostgreSQL URL is not usable: \(why) (expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE)")) {
            try PostgresPlanStore(url: url)
        }
    }
}
