import Foundation
import Logging
import NIOCore
import NIOPosix
import PlanStore
import PostgresNIO

/// The store's pooled connections: one `PostgresClient` run as a long-lived task on the store's own
/// executor, from which synchronous callers lease a connection for the length of one transaction.
final class PostgresConnectionPool: Sendable {
    let location: PostgresLocation
    let logger: Logger
    private let client: PostgresClient
    private let executor: BridgeExecutor
    private let runner: Task<Void, Never>

    init(location: PostgresLocation, logger: Logger) {
        self.location = location
        self.logger = logger
        let executor = BridgeExecutor(label: "supportplan.postgres")
        let client = PostgresClient(configuration: location.clientConfiguration(),
                                    eventLoopGroup: MultiThreadedEventLoopGroup.singleton, backgroundLogger: logger)
        self.executor = executor
        self.client = client
        // The client is a service: it runs until this task is cancelled, which closes every connection.
        runner = Task(executorPreference: executor) { await client.run() }
    }

    /// Stops the client and closes its connections; later leases fail.
    func shutdown() { runner.cancel() }

    /// A connection of the pool for one transaction, waiting up to `pool_timeout` for one to be free.
    /// Must not be called on an event loop thread: the caller blocks until the connection arrives.
    func lease() throws -> LeasedConnection {
        if MultiThreadedEventLoopGroup.currentEventLoop != nil {
            throw StoreError(.io, "The PostgreSQL store was called on a network event loop thread, where waiting would stop the network; call it from another thread")
        }
        let handoff = Handoff<PostgresConnection>()
        let release = OneShot()
        let client = self.client
        let leaser = Task(executorPreference: executor) {
            do {
                try await client.withConnection { connection in
                    // The connection stays leased until the transaction's thread fires `release`.
                    guard handoff.give(.success(connection)) else { return }
                    await release.wait()
                }
            } catch {
                handoff.give(.failure(error))
            }
        }
        guard let result = handoff.take(within: location.poolTimeout) else {
            leaser.cancel()
            throw StoreError(.io, "No connection to the PostgreSQL server \(location.display) came free within \(Self.seconds(location.poolTimeout)) (at most \(location.maximumConnections) are open); try again, or raise pool_max or pool_timeout in the URL")
        }
        switch result {
        case .success(let connection): return LeasedConnection(connection, release: release, logger: logger)
        case .failure(let error): throw PostgresErrors.unreachable(location, error)
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

/// One pooled connection leased to a synchronous caller; `release()` gives it back (exactly once).
final class LeasedConnection: @unchecked Sendable {
    let connection: PostgresConnection
    private let release: OneShot
    private let logger: Logger

    init(_ connection: PostgresConnection, release: OneShot, logger: Logger) {
        self.connection = connection; self.release = release; self.logger = logger
    }

    /// Runs one statement and waits for all its rows. A statement sent on a connection that closes
    /// meanwhile may never be answered, so the wait looks at the connection every half second.
    func query(_ query: PostgresQuery) throws -> PostgresQueryResult {
        if connection.isClosed { throw ConnectionClosed() }
        let answer = Handoff<PostgresQueryResult>()
        connection.query(query, logger: logger).whenComplete { answer.give($0) }
        while true {
            if let result = answer.take(within: 0.5, keepWaiting: true) { return try result.get() }
            if connection.isClosed {
                if let result = answer.take(within: 0.05) { return try result.get() }
                throw ConnectionClosed()
            }
        }
    }

    func giveBack() { release.fire() }

    /// Closes a connection found dead, so the pool replaces it instead of leasing it again.
    func discard() { connection.close().whenComplete { _ in } }
}

/// The connection closed under a statement that was never answered.
struct ConnectionClosed: Error, CustomStringConvertible {
    var description: String { "the connection closed before the server answered" }
}
