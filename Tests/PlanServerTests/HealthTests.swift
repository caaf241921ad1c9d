import Foundation
import HTTPTypes
import HummingbirdTesting
import PlanServer
import Testing

@Suite struct HealthTests {
    @Test func healthzAnswersOkOnceTheDatabaseIsOpen() async throws {
        let f = try ServerFixture(demo: false)
        try await f.test { client in
            let response = try await client.send("/healthz", .get)
            #expect(response.status == .ok)
            #expect(response.text == #"{"status":"ok"}"#)
        }
    }

    @Test func aPathNothingServesIsNotFoundInTheErrorShape() async throws {
        let f = try ServerFixture(demo: false)
        try await f.test { client in
            let response = try await client.send("/api/v1/nothing-here", .get)
            #expect(response.status == .notFound)
            #expect(response.object["error"] as? String == "not_found")
            #expect(response.object["reasons"] as? [String] == ["Nothing is served at this path"])
        }
    }
}
