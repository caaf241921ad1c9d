import Foundation
import GRDB

/// The gate in front of a database path: a missing file is created whole, an existing one is opened
/// only when it is ours and not newer than this build, and anything else is refused untouched.
///
/// A new database is built under a temporary name and linked into place, so a file at `path` is always
/// either complete or not ours: a zero-byte file, another program's SQLite file or a file made by a newer
/// supportplan is never given our tables, switched to WAL or migrated.
enum DatabaseFile {
    /// How an accepted file may be opened.
    enum Access: Equatable {
        /// Writable: pending migrations of an older supportplan are applied on open.
        case readWrite
        /// Marked read-only (no write permission bit, or not writable by us): reads only, no migration.
        case readOnly
    }

    /// The schema version written to `PRAGMA user_version`: the number of migrations this build knows.
    static var schemaVersion: Int { StoreMigrations.migrator.migrations.count }

    /// Creates the file when missing, then checks what is at `path`; throws a store error naming the
    /// path when it must not be opened, having changed nothing.
    static func prepare(path: String, busyTimeout: TimeInterval) throws -> Access {
        if !FileManager.default.fileExists(atPath: path) {
            try create(at: path)
        }
        return try inspect(path: path, busyTimeout: busyTimeout)
    }

    /// Refuses what is not ours; says whether the file may be written.
    static func inspect(path: String, busyTimeout: TimeInterval) throws -> Access {
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
            throw StoreError.io("Could not open the database '\(path)': \(error.localizedDescription)")
        }
        if (attributes[.type] as? FileAttributeType) == .typeDirectory {
            throw StoreError.io("Could not open the database '\(path)': it is a folder, not a database file")
        }
        if (attributes[.size] as? NSNumber)?.int64Value == 0 {
            throw StoreError.io("'\(path)' is an empty file, not a supportplan database; nothing was changed (remove it, or open a path that does not exist yet)")
        }
        let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o644
        let writable = permissions & 0o222 != 0 && access(path, W_OK) == 0

        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        config.label = "PlanStore.inspect"
        let facts: (tables: [String], applied: [String], version: Int)
        do {
            let queue = try DatabaseQueue(path: readingPath(path), configuration: config)
            defer { try? queue.close() }
            facts = try queue.read { db in
                let tables = try String.fetchAll(db, sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
                    """)
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                guard tables.contains("grdb_migrations") else { return (tables, [], version) }
                let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
                return (tables, applied, version)
            }
        } catch let error as DatabaseError {
            throw StoreError.io("Could not open the database '\(path)': \(error.message ?? error.description)")
        }
        guard facts.applied.contains(StoreMigrations.first) else {
            let tables = facts.tables.isEmpty ? "no tables" : "tables " + facts.tables.joined(separator: ", ")
            throw StoreError.io("'\(path)' is a SQLite database but not a supportplan one (it has \(tables)); nothing was changed (open a supportplan database, or a path that does not exist yet)")
        }
        let known = Set(StoreMigrations.migrator.migrations)
        let unknown = facts.applied.filter { !known.contains($0) }
        if !unknown.isEmpty || facts.version > schemaVersion {
            let detail = unknown.isEmpty ? "schema version \(facts.version), this one knows \(schemaVersion)"
                : "migrations \(unknown.joined(separator: ", ")) are unknown here"
            throw StoreError.io("'\(path)' was made by a newer supportplan (\(detail)); use that version or a later one")
        }
        if !writable {
            let pending = StoreMigrations.migrator.migrations.filter { !facts.applied.contains($0) }
            if !pending.isEmpty {
                throw StoreError.io("'\(path)' is read-only and needs upgrading (migrations \(pending.joined(separator: ", "))); make it writable once to upgrade it")
            }
            return .readOnly
        }
        return .readWrite
    }

    /// The name to open `path` read-only under without leaving anything behind. With no `-wal` file
    /// no connection is writing, so the file is read as immutable: SQLite then creates no `-shm` or
    /// `-wal` beside another program's database. Otherwise the plain path, whose companions already exist.
    static func readingPath(_ path: String) -> String {
        guard !FileManager.default.fileExists(atPath: path + "-wal") else { return path }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        guard let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) else { return path }
        return "file:\(encoded)?immutable=1"
    }

    /// Builds a complete database beside `path` and links it into place; when another process got there
    /// first, its file stays and ours is dropped.
    static func create(at path: String) throws {
        let temporary = path + ".creating-\(UUID().uuidString)"
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
        }
        do {
            var config = Configuration()
            config.journalMode = .wal
            config.label = "PlanStore.create"
            let queue = try DatabaseQueue(path: temporary, configuration: config)
            try StoreMigrations.migrator.migrate(queue)
            try queue.write { db in try db.execute(sql: "PRAGMA user_version = \(schemaVersion)") }
            try queue.close()
        } catch let error as DatabaseError {
            throw StoreError.io("Could not create the database '\(path)': \(error.message ?? error.description)")
        }
        if link(temporary, path) != 0 {
            let failure = errno
            if failure == EEXIST { return }
            // A file system without hard links: rename, unless someone made the file meanwhile.
            if FileManager.default.fileExists(atPath: path) { return }
            if rename(temporary, path) != 0 {
                throw StoreError.io("Could not create the database '\(path)': \(String(cString: strerror(failure)))")
            }
        }
    }
}
