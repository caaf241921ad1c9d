import Foundation
import Testing
@testable import PlanStore

@Suite struct StoreFactoryTests {
    @Test func aDBValueNamesAFileAServerOrMemory() {
        #expect(StoreLocation("plans.sqlite") == .file(path: "plans.sqlite"))
        #expect(StoreLocation("/tmp/memory:") == .file(path: "/tmp/memory:"))
        #expect(StoreLocation("memory:") == .memory)
        #expect(StoreLocation("postgres://kim@localhost/plans") == .postgres(url: "postgres://kim@localhost/plans"))
        #expect(StoreLocation("postgresql://kim@localhost/plans") == .postgres(url: "postgresql://kim@localhost/plans"))
    }

    @Test func memoryOpensAnEmptyStoreOfItsOwn() throws {
        let first = try StoreFactory.open("memory:")
        try first.write { try $0.upsert(.init(id: "C-1", name: "One")) }
        #expect(first is MemoryPlanStore)
        #expect(try StoreFactory.open("memory:").read { try $0.allClients() } == [])
    }

    @Test func aPathOpensASQLiteFile() throws {
        let fixture = try StoreFixture()
        #expect(try StoreFactory.open(fixture.path) is SQLitePlanStore)
    }

    @Test func aPostgresURLWithoutThePostgresStoreSaysSo() {
        #expect(throws: StoreError(.io, "This program has no PostgreSQL store; give a SQLite file path")) {
            try StoreFactory.open("postgres://kim@localhost/plans")
        }
    }
}
