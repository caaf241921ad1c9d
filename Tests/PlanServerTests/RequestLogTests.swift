import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PlanServer
import Testing

/// What the request log says about answers the server gives on purpose and about failures it did not expect.
@Suite struct RequestLogTests {
    /// A router with the request log in front of three routes: one that answers `503 timeout` as the time
    /// limit does, one refused, one that fails in a way the server did not expect.
    func answers(_ lines: LogLines) async throws -> [Int] {
        let logger = Logger(label: "test") { _ in lines }
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        router.get("/slow") { _, _ -> Response in
            throw APIError(kind: "timeout", status: .serviceUnavailable, reasons: ["Running the request took longer than the server's limit of 1.0 seconds"])
        }
        router.get("/refused") { _, _ -> Response in
            throw APIError(kind: "refused", status: .unprocessableContent, reasons: ["Plan SP-000001 is active"])
        }
        struct Unexpected: Error {}
        router.get("/broken") { _, _ -> Response in throw Unexpected() }
        return try await Application(router: router).test(.router) { client in
            var statuses: [Int] = []
            for path in ["/slow", "/refused", "/broken"] {
                statuses.append(try await client.execute(uri: path, method: .get).status.code)
            }
            return statuses
        }
    }

    @Test func aTimeoutIsLoggedAsItsRequestLineAndOnlyAnUnexpectedFailureAsAnError() async throws {
        let lines = LogLines()
        #expect(try await answers(lines) == [503, 422, 500])
        let log = lines.leveled.map { $0.replacingOccurrences(of: #" [0-9.]+ms "#, with: " _ms ", options: .regularExpression) }
        #expect(log == [
            "info: GET /slow 503 _ms user=-",
            "info: GET /refused 422 _ms user=-",
            "error: request failed",
            "info: GET /broken 500 _ms user=-",
        ])
    }
}
