import Foundation
import GRDB
import PlanModel

/// The plan store in one SQLite file: WAL journal, foreign keys on, IMMEDIATE write transactions and a
/// busy timeout, so several processes can share the file and writers wait their turn instead of failing.
public final class SQLitePlanStore: PlanStore {
    /// The file this store reads and writes.
    public let path: String
    /// False when the file is marked read-only: reads work, writes are refused.
    public let writable: Bool
    private let pool: any DatabaseWriter

    /// Opens the database at `path`, creating it when missing and bringing an older schema up to date.
    /// A file that is not ours (empty, another program's database, made by a newer supportplan) is
    /// refused with a store error naming it, and left exactly as it was.
    public init(path: String, busyTimeout: TimeInterval = 5) throws {
        self.path = path
        let access = try DatabaseFile.prepare(path: path, busyTimeout: busyTimeout)
        writable = access == .readWrite
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(busyTimeout)
        config.label = "PlanStore"
        do {
            if access == .readOnly {
                config.readonly = true
                pool = try DatabaseQueue(path: DatabaseFile.readingPath(path), configuration: config)
                return
            }
            config.journalMode = .wal
            pool = try DatabasePool(path: path, configuration: config)
            do {
                try migrate()
            } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR {
                // Another process may have applied a migration between our look and our write; look again.
                try migrate()
            }
        } catch let error as DatabaseError {
            throw StoreError.io("Could not open the database '\(path)': \(error.message ?? error.description)")
        }
    }

    private func migrate() throws {
        try StoreMigrations.migrator.migrate(pool)
        // Files made before the schema version was written get it once; a current file is not written.
        if try pool.read({ db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }) < DatabaseFile.schemaVersion {
            try pool.write { db in try db.execute(sql: "PRAGMA user_version = \(DatabaseFile.schemaVersion)") }
        }
    }

    public func read<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        try translatingErrors {
            try pool.read { db in try body(SQLiteSession(db)) }
        }
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try translatingErrors {
            try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(SQLiteSession(db))
                    return .commit
                }
                return result!
            }
        }
    }

    public func forEachPlan(statuses: [SupportPlan.Status], batchSize: Int, _ body: (SupportPlan) throws -> Void) throws {
        let batchSize = max(1, batchSize)
        var after: Int64 = 0
        while true {
            // Each batch is its own short read, so the body may write and nothing is held between batches.
            let batch = try translatingErrors {
                try pool.read { db in try SQLiteSession(db).planBatch(statuses: statuses, after: after, limit: batchSize) }
            }
            for (_, plan) in batch { try body(plan) }
            guard batch.count == batchSize, let last = batch.last else { return }
            after = last.seq
        }
    }

    /// The names of the migrations applied to the file, oldest first.
    public func appliedMigrations() throws -> [String] {
        try translatingErrors { try pool.read { db in try StoreMigrations.migrator.appliedMigrations(db) } }
    }

    /// Every row of every table as text, tables by name and rows sorted: equal dumps mean equal content.
    public func contentDump() throws -> String {
        try translatingErrors {
            try pool.read { db in
                var out = ""
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                for table in tables {
                    out += "== \(table)\n"
                    let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier)")
                    out += rows.map(\.description).sorted().joined(separator: "\n") + "\n"
                }
                return out
            }
        }
    }

    /// SQLite's own consistency checks: `integrity_check` and `foreign_key_check`; empty when all is well.
    public func integrityProblems() throws -> [String] {
        try translatingErrors {
            try pool.read { db in
                var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
                for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                    problems.append("foreign key of table \(row[0] as String? ?? "?") row \(row[1] as Int64? ?? 0) points at a missing \(row[2] as String? ?? "?")")
                }
                return problems
            }
        }
    }
}

/// Turns SQLite errors that escaped a session into store errors; store errors and the body's own errors pass through.
func translatingErrors<T>(_ work: () throws -> T) throws -> T {
    do {
        return try work()
    } catch let error as DatabaseError {
        switch error.resultCode {
        case .SQLITE_CONSTRAINT:
            throw StoreError.constraint("The change breaks a rule of the database: \(error.message ?? "constraint failed")")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            throw StoreError.corrupt("The database is damaged: \(error.message ?? error.description)")
        case .SQLITE_READONLY:
            throw StoreError.io("The database is read-only; only reading commands can use it")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            throw StoreError.conflict("The database stayed busy with another writer; try again")
        default:
            throw StoreError.io("Database error \(error.resultCode.rawValue): \(error.message ?? error.description)")
        }
    }
}
