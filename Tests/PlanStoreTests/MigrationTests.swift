import Foundation
import Testing
@testable import PlanStore

@Suite struct MigrationTests {
    @Test func anEmptyFileIsMigratedToTheCurrentSchema() throws {
        let fixture = try StoreFixture()
        #expect(try fixture.store.appliedMigrations() == ["v1-initial"])
        #expect(try fixture.store.integrityProblems() == [])
        #expect(try fixture.store.read { try $0.allClients() } == [])
    }

    @Test func reopeningAMigratedFileKeepsItsContent() throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        let reopened = try SQLitePlanStore(path: fixture.path)
        #expect(try reopened.appliedMigrations() == ["v1-initial"])
        #expect(try reopened.read { try $0.client(id: "C-1")?.name } == "Client C-1")
    }

    @Test func aFileThatIsNotADatabaseIsRefusedWithItsPath() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("planstore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("notes.sqlite").path
        try String(repeating: "not a database ", count: 100).write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try SQLitePlanStore(path: path) } throws: { error in
            (error as? StoreError)?.kind == .io && "\(error)".contains(path)
        }
    }
}
