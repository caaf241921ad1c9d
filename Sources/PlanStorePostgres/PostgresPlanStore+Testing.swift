import Logging
import NIOPosix
import PlanStore
import PostgresNIO

extension PostgresPlanStore {
    /// Drops the schema the URL's `schema=` names, with everything in it: for tests that made one each.
    package static func dropSchema(url: String) throws {
        let location = try PostgresLocation(url)
        guard let schema = location.schema else { return }
        let logger = Logger(label: "supportplan.postgres.tests")
        let connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(),
                                                        configuration: try location.connectionConfiguration(),
                                                        id: 0, logger: logger).wait()
        defer { try? connection.close().wait() }
        // An identifier cannot be a bind parameter; `PostgresLocation` admits only [a-z0-9_] names.
        _ = try connection.query("DROP SCHEMA IF EXISTS \(unescaped: "\"\(schema)\"") CASCADE", logger: logger).wait()
    }
}

extension PostgresPlanStore {
    /// How many other sessions of this store (same database and schema) are inside a transaction that has written something:
    /// lets a test wait until a child process is in the middle of its write before killing it.
    package func writingTransactions() throws -> Int {
        try read { reader in
            let session = reader as! PostgresSession
            let row = try session.run("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = current_setting('application_name')
                    AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL
                """).first!
            return Int(try session.value(row, Int64.self))
        }
    }
}

extension PostgresPlanStore {
    /// Ends every other session of this store (same database and schema) on the server, as a server
    /// restart or a network failure would: lets tests lose connections on purpose.
    package func terminateOtherSessions() throws {
        try read { reader in
            let session = reader as! PostgresSession
            try session.run("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = current_setting('application_name')
                    AND pid <> pg_backend_pid()
                """)
        }
    }
}
