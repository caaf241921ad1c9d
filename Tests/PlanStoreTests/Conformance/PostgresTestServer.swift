import Foundation
import Testing
import PlanStore
@testable import PlanStorePostgres

/// The PostgreSQL server the tests use: `SUPPORTPLAN_TEST_POSTGRES`, set by `scripts/test-postgres.sh run`
/// (which `make test` uses) to a throwaway cluster. Each test gets a schema of its own in that database.
enum PostgresTestServer {
    static let variable = "SUPPORTPLAN_TEST_POSTGRES"
    static var url: String? { ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 } }
    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
    /// PostgreSQL tests run when a server is given, and under CI always (failing when none is).
    static var shouldRun: Bool { url != nil || inCI }

    static let notRunMessage = "PostgreSQL tests not run: SUPPORTPLAN_TEST_POSTGRES is not set (`make test` or `scripts/test-postgres.sh run swift test` starts a throwaway cluster)"

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "SUPPORTPLAN_TEST_POSTGRES is not set, so the PostgreSQL store cannot be tested, and CI must test it; see the output of scripts/test-postgres.sh for why the cluster did not start"
        }
    }

    /// The test server's URL with a new schema of its own, so tests running at once never meet.
    static func freshSchemaURL() throws -> String {
        guard let url else { throw Missing() }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        return url + (url.contains("?") ? "&" : "?") + "schema=\(schema)"
    }

    /// Drops the schema a test made; failures are ignored (the cluster is thrown away anyway).
    static func drop(_ url: String) {
        try? PostgresPlanStore.dropSchema(url: url)
    }
}

@Suite struct PostgresTestServerTests {
    @Test(.enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.notRunMessage)))
    func thePostgreSQLTestServerAnswers() throws {
        let url = try PostgresTestServer.freshSchemaURL()
        defer { PostgresTestServer.drop(url) }
        #expect(try PostgresPlanStore(url: url).appliedMigrations() == StoreKind.currentMigrations)
    }
}
