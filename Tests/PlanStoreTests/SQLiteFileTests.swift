import Foundation
import GRDB
import PlanModel
import Testing
@testable import PlanStore

/// What only a SQLite file can meet: files that are not ours, newer, read-only.
@Suite struct SQLiteFileTests {
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

    /// A temporary folder for one test, removed afterwards.
    private func withFolder(_ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("planstore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder)
    }

    /// The names in a folder and the bytes of each file.
    private func snapshot(_ folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            out[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return out
    }

    @Test func aZeroByteFileIsRefusedAndLeftAsItWas() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("empty.sqlite").path
            FileManager.default.createFile(atPath: path, contents: Data())
            let before = try snapshot(folder)
            #expect { try SQLitePlanStore(path: path) } throws: { error in
                "\(error)" == "'\(path)' is an empty file, not a supportplan database; nothing was changed (remove it, or open a path that does not exist yet)"
            }
            #expect(try snapshot(folder) == before)
        }
    }

    @Test func anUnrelatedSQLiteDatabaseIsRefusedAndLeftAsItWas() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("other.sqlite").path
            let other = try DatabaseQueue(path: path)
            try other.write { db in try db.execute(sql: "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')") }
            try other.close()
            let before = try snapshot(folder)
            #expect { try SQLitePlanStore(path: path) } throws: { error in
                "\(error)" == "'\(path)' is a SQLite database but not a supportplan one (it has tables notes); nothing was changed (open a supportplan database, or a path that does not exist yet)"
            }
            #expect(try snapshot(folder) == before)
        }
    }

    @Test func aDatabaseWithAMigrationThisBuildDoesNotKnowIsRefusedAsNewer() throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        try DatabaseQueue(path: fixture.path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')")
        }
        #expect { try SQLitePlanStore(path: fixture.path) } throws: { error in
            "\(error)" == "'\(fixture.path)' was made by a newer supportplan (migrations v9-from-the-future are unknown here); use that version or a later one"
        }
    }

    @Test func aDatabaseWithAHigherSchemaVersionIsRefusedAsNewer() throws {
        let fixture = try StoreFixture()
        try DatabaseQueue(path: fixture.path).write { db in try db.execute(sql: "PRAGMA user_version = 99") }
        #expect { try SQLitePlanStore(path: fixture.path) } throws: { error in
            "\(error)".contains("was made by a newer supportplan (schema version 99, this one knows \(StoreKind.currentMigrations.count))")
        }
    }

    @Test func aDatabaseMadeBeforeVersionsKeptTheirCatalogsIsUpgradedAndItsVersionsReadWithoutThem() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("planstore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path
        // The schema as the previous release left it, with a version published then.
        let queue = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(queue, upTo: "v4-web-sessions")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO template_version (template_id, version, manifest, rules_source, libraries, hash, published_at)
                VALUES ('t', 1, 'id: t', NULL, '{}', 'h', '2025-01-01')
                """)
        }
        try queue.close()
        let store = try SQLitePlanStore(path: path)
        #expect(try store.appliedMigrations() == StoreKind.currentMigrations)
        let old = try #require(try store.read { try $0.templateVersion(id: "t", version: 1) })
        #expect(old.manifest == "id: t" && old.profileSource == nil && old.recordTypesSource == nil)
    }

    @Test func aReadOnlyFileCanBeReadButNotWritten() throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: fixture.path)
        let before = try Data(contentsOf: URL(fileURLWithPath: fixture.path))
        let store = try SQLitePlanStore(path: fixture.path)
        #expect(store.writable == false)
        #expect(try store.read { try $0.client(id: "C-1")?.name } == "Client C-1")
        #expect { try store.write { try $0.upsert(Client(id: "C-2", name: "Two")) } } throws: { error in
            "\(error)" == "The database is read-only; only reading commands can use it"
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.path)) == before)
    }
}
