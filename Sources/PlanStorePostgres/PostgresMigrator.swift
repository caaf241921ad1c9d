import Logging
import NIOCore
import NIOPosix
import PlanStore
import PostgresNIO

/// Brings a database up to this build's schema when a store opens, on one connection of its own that
/// holds a session advisory lock while it looks and migrates, so concurrent openers take turns (the lock
/// ends with the session, so a killed opener never leaves it held).
struct PostgresMigrator {
    let location: PostgresLocation
    let logger: Logger

    func migrate() throws {
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(),
                                                        configuration: try location.connectionConfiguration(),
                                                        id: 0, logger: logger).wait()
        } catch {
            throw PostgresErrors.unreachable(location, error)
        }
        defer { try? connection.close().wait() }
        func run(_ query: PostgresQuery) throws -> PostgresQueryResult {
            do { return try connection.query(query, logger: logger).wait() } catch {
                throw StoreError(.io, "Could not prepare the PostgreSQL database \(location.display): \(PostgresErrors.reason(error))")
            }
        }
        let schemaKey = location.schema ?? ""
        try run("SELECT pg_advisory_lock(\(PostgresPlanStore.migrationLockClass), hashtext(\(schemaKey)))")
        defer { _ = try? run("SELECT pg_advisory_unlock(\(PostgresPlanStore.migrationLockClass), hashtext(\(schemaKey)))") }

        if let schema = location.schema {
            // An identifier cannot be a bind parameter; `PostgresLocation` admits only [a-z0-9_] names.
            try run("CREATE SCHEMA IF NOT EXISTS \(unescaped: "\"\(schema)\"")")
        }
        let hasLedger = try run("SELECT to_regclass('supportplan_migration') IS NOT NULL").first!.decode(Bool.self)
        if !hasLedger {
            let tables = try run("""
                SELECT table_name::text FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_name = ANY(\(PostgresMigrations.ownTables)) ORDER BY 1
                """).map { try $0.decode(String.self) }
            if !tables.isEmpty {
                throw StoreError(.io, "The PostgreSQL database \(location.display) has tables \(tables.joined(separator: ", ")) but is not a supportplan database; nothing was changed (use an empty database, or give the store a schema of its own with ?schema=NAME)")
            }
            try run("CREATE TABLE supportplan_migration (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())")
        }
        let applied = try run("SELECT name FROM supportplan_migration ORDER BY applied_at, name").map { try $0.decode(String.self) }
        let known = PostgresMigrations.all.map(\.name)
        let unknown = applied.filter { !known.contains($0) }
        if !unknown.isEmpty {
            throw StoreError(.io, "The PostgreSQL database \(location.display) was made by a newer supportplan (migrations \(unknown.joined(separator: ", ")) are unknown here); use that version or a later one")
        }
        for migration in PostgresMigrations.all where !applied.contains(migration.name) {
            logger.info("applying migration", metadata: ["migration": "\(migration.name)", "server": "\(location.display)"])
            _ = try run("BEGIN")
            do {
                for statement in migration.statements { _ = try run(statement) }
                _ = try run("INSERT INTO supportplan_migration (name) VALUES (\(migration.name))")
                _ = try run("COMMIT")
            } catch {
                _ = try? run("ROLLBACK")
                throw error
            }
        }
    }
}
