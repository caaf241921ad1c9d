import Foundation
import PlanModel
import Testing
@testable import PlanStore
@testable import PlanStorePostgres

/// A kind of store the conformance suite holds to the `PlanStore` contract. Every conformance test takes
/// one as its argument, so each test is written once and runs against every store.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, memory, postgres

    /// The stores this run tests: PostgreSQL when a test server is given (`make test` starts one), and
    /// always under CI, where a missing server must fail the run rather than skip it.
    static var underTest: [StoreKind] { PostgresTestServer.shouldRun ? allCases : [.sqlite, .memory] }

    var testDescription: String { rawValue }

    /// The migrations a store of this build has applied once open: the same names in every store with a schema.
    static let currentMigrations = ["v1-initial", "v2-client-history", "v3-users", "v4-web-sessions", "v5-template-catalogs"]

    /// A fresh, empty store of this kind.
    func make() throws -> StoreUnderTest {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("planstore-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("plans.sqlite").path
            return StoreUnderTest(kind: self, store: try SQLitePlanStore(path: path), location: path,
                                  connect: { try SQLitePlanStore(path: path) },
                                  migrations: { try ($0 as! SQLitePlanStore).appliedMigrations() },
                                  cleanup: { try? FileManager.default.removeItem(at: folder) })
        case .memory:
            let store = MemoryPlanStore()
            return StoreUnderTest(kind: self, store: store, location: "memory:", connect: { store },
                                  migrations: nil, cleanup: {})
        case .postgres:
            let url = try PostgresTestServer.freshSchemaURL()
            return StoreUnderTest(kind: self, store: try PostgresPlanStore(url: url), location: url,
                                  connect: { try PostgresPlanStore(url: url) },
                                  migrations: { try ($0 as! PostgresPlanStore).appliedMigrations() },
                                  cleanup: { PostgresTestServer.drop(url) })
        }
    }

    /// A location where no store exists yet, and how to open a store there; nil where there is no such thing.
    func freshLocation() throws -> (open: @Sendable () throws -> any PlanStore, migrations: (any PlanStore) throws -> [String],
                                    cleanup: () -> Void)? {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("planstore-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("fresh.sqlite").path
            return ({ try SQLitePlanStore(path: path) }, { try ($0 as! SQLitePlanStore).appliedMigrations() },
                    { try? FileManager.default.removeItem(at: folder) })
        case .memory:
            return nil
        case .postgres:
            let url = try PostgresTestServer.freshSchemaURL()
            return ({ try PostgresPlanStore(url: url) }, { try ($0 as! PostgresPlanStore).appliedMigrations() },
                    { PostgresTestServer.drop(url) })
        }
    }
}

/// One store under test: the store, a way to open another connection to the same data (as another
/// process would), and the clean-up of whatever the store left behind.
final class StoreUnderTest: @unchecked Sendable {
    let kind: StoreKind
    let store: any PlanStore
    /// The `--db` value naming this store.
    let location: String
    private let connectBody: @Sendable () throws -> any PlanStore
    private let migrationsBody: ((any PlanStore) throws -> [String])?
    private let cleanup: () -> Void

    init(kind: StoreKind, store: any PlanStore, location: String, connect: @escaping @Sendable () throws -> any PlanStore,
         migrations: ((any PlanStore) throws -> [String])?, cleanup: @escaping () -> Void) {
        self.kind = kind; self.store = store; self.location = location; self.connectBody = connect
        self.migrationsBody = migrations; self.cleanup = cleanup
    }

    deinit { cleanup() }

    /// Another store on the same data, with connections of its own (the same store for memory).
    func connect() throws -> any PlanStore { try connectBody() }

    /// The names of the migrations applied, oldest first; nil for a store without a schema.
    func appliedMigrations(of store: (any PlanStore)? = nil) throws -> [String]? {
        try migrationsBody?(store ?? self.store)
    }

    /// Stores clients (`C-1` by default) and version 1 of template `ndis-core`, which most plans need.
    func seed(clients: [String] = ["C-1"]) throws {
        try store.write { tx in
            for id in clients { try tx.upsert(Client(id: id, name: "Client \(id)")) }
            _ = try tx.publish(templateID: "ndis-core", manifest: "id: ndis-core\n", rulesSource: nil, libraries: [:],
                               now: "2025-01-01T09:00:00Z")
        }
    }

    /// Everything the store holds, read through the protocol alone.
    func snapshot() throws -> StoreSnapshot { try StoreSnapshot(of: store) }
}
