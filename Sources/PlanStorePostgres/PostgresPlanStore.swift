import Foundation
import Logging
import NIOCore
import NIOPosix
import PlanModel
import PlanStore
import PostgresNIO

/// The plan store on a PostgreSQL server, for an organisation's shared deployment: several processes
/// (CLI runs, server instances) on one database keep every rule the SQLite store keeps.
///
/// - Every `read` is one `REPEATABLE READ READ ONLY` transaction: it sees one committed state.
/// - Every `write` is one transaction that first takes a transaction-scoped advisory lock, so writers of
///   every process take turns exactly as SQLite's do (the `PlanStore` contract); readers never wait.
///   The partial unique indexes (one active plan per client, one review draft per plan) and the
///   references are enforced by the database itself as well.
/// - Migrations are applied on open under a session advisory lock, so two processes opening a fresh
///   database at once apply each migration once.
/// - A connection lost before a transaction did anything, or during a read, is retried once on a fresh
///   connection; lost in the middle of a write it is a clear error, and the server has rolled it back.
///
/// `PlanStore` is synchronous: each call blocks its thread while a `PostgresClient`, run as a service
/// on the store's own executor (not Swift's cooperative pool), does the network work. Call it from a
/// thread that may block — a CLI's main thread, worker threads, or `NIOThreadPool`/a dispatch queue
/// from async code; it refuses to run on an event loop thread.
public final class PostgresPlanStore: PlanStore, Sendable {
    /// The opener `StoreFactory.open` takes for `postgres://` and `postgresql://` URLs.
    public static let opener: StoreFactory.ServerOpener = { url, logger in try PostgresPlanStore(url: url, logger: logger) }

    /// `host:port/database` of the server: for messages, never the password.
    public var displayLocation: String { location.display }
    let location: PostgresLocation
    private let pool: PostgresConnectionPool
    private let logger: Logger

    /// Keys of the advisory locks (the two-key form: this class, and the hash of the schema's name).
    static let writeLockClass: Int32 = 0x5350_0001
    static let migrationLockClass: Int32 = 0x5350_0002

    /// Connects to the database the URL names, creating the schema when missing and applying pending
    /// migrations; a database that is not ours, or was made by a newer supportplan, is refused unchanged.
    public init(url: String, logger: Logger = Logger(label: "supportplan.postgres", factory: { _ in SwiftLogNoOpLogHandler() })) throws {
        location = try PostgresLocation(url)
        self.logger = logger
        try PostgresMigrator(location: location, logger: logger).migrate()
        pool = PostgresConnectionPool(location: location, logger: logger)
    }

    deinit { pool.shutdown() }

    public func read<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        try transaction(readOnly: true) { try body($0) }
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try transaction(readOnly: false) { try body($0) }
    }

    public func forEachPlan(statuses: [SupportPlan.Status], batchSize: Int, _ body: (SupportPlan) throws -> Void) throws {
        let batchSize = max(1, batchSize)
        var after: Int64 = 0
        while true {
            // Each batch is its own short read, so the body may write and nothing is held between batches.
            let batch = try transaction(readOnly: true) { try $0.planBatch(statuses: statuses, after: after, limit: batchSize) }
            for (_, plan) in batch { try body(plan) }
            guard batch.count == batchSize, let last = batch.last else { return }
            after = last.seq
        }
    }

    /// The names of the migrations applied to the database, oldest first.
    public func appliedMigrations() throws -> [String] {
        try transaction(readOnly: true) { session in
            try session.run("SELECT name FROM supportplan_migration ORDER BY applied_at, name").map { try session.value($0, String.self) }
        }
    }

    /// Problems with what the database holds that the schema alone would not show; empty when all is well.
    public func integrityProblems() throws -> [String] {
        try transaction(readOnly: true) { session in
            var problems: [String] = []
            for row in try session.run("""
                SELECT client_id, count(*) FROM plan WHERE status = 'active' GROUP BY client_id HAVING count(*) > 1
                """) {
                let (client, count) = try session.decode(row, (String, Int64).self)
                problems.append("client \(client) has \(count) active plans")
            }
            for row in try session.run("""
                SELECT p.id FROM plan p WHERE NOT EXISTS (SELECT 1 FROM item_instance i WHERE i.plan_id = p.id)
                """) {
                problems.append("plan \(try session.value(row, String.self)) has no item instances")
            }
            return problems
        }
    }

    private enum Phase { case begin, body, commit }

    /// Runs `body` in one transaction on a leased connection. A connection found dead before the body ran is
    /// closed (so the pool drops it) and another is tried, as often as the pool has connections: nothing was
    /// done on it. A read whose connection is lost while its body runs is run once more; a write is not.
    private func transaction<T>(readOnly: Bool, _ body: (PostgresSession) throws -> T) throws -> T {
        var deadAtBegin = 0
        var bodyRetried = false
        while true {
            let lease = try pool.lease()
            defer { lease.giveBack() }
            let session = PostgresSession(lease, location: location)
            var phase = Phase.begin
            do {
                if readOnly {
                    try session.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                } else {
                    try session.run("BEGIN ISOLATION LEVEL READ COMMITTED")
                    try session.run("SELECT pg_advisory_xact_lock(\(Self.writeLockClass), hashtext(\(location.schema ?? "")))")
                }
                phase = .body
                let result = try body(session)
                // A statement the body caught and went past has aborted the transaction: it must not look committed.
                if let failure = session.failure { throw PostgresErrors.translate(failure, location) }
                phase = .commit
                do { try session.run("COMMIT") } catch where readOnly && session.lostConnection {
                    return result // a read's answer is whole even when its end could not be said
                }
                return result
            } catch {
                if !session.lostConnection { _ = try? session.run("ROLLBACK") }
                guard session.lostConnection else { throw error }
                lease.discard()
                if phase == .begin && deadAtBegin < location.maximumConnections {
                    deadAtBegin += 1
                    logger.notice("PostgreSQL connection found closed; trying another", metadata: ["server": "\(location.display)"])
                    continue
                }
                if phase == .body && readOnly && !bodyRetried {
                    bodyRetried = true
                    logger.notice("PostgreSQL connection lost during a read; reading once more", metadata: ["server": "\(location.display)"])
                    continue
                }
                throw phase == .commit ? PostgresErrors.lostDuringCommit(location) : PostgresErrors.lostMidTransaction(location)
            }
        }
    }
}
