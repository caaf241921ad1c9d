import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PlanServer

/// Acts as the user a test names in the `X-Test-User` header (or `admin`), so one router serves
/// requests from several users and a form fetched by one can be posted by another.
struct TestAuthenticator: RouterMiddleware {
    typealias Context = APIRequestContext
    static let header = HTTPField.Name("X-Test-User")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        context.user = request.headers[Self.header] ?? "admin"
        return try await next(request, context)
    }
}

extension ServerFixture {
    /// Runs `test` against the router with `TestAuthenticator` in place of the server's authenticator.
    func testAsUsers<T>(_ test: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let router = PlanServerApp.router(runner: runner, logger: logger, authenticator: TestAuthenticator())
        let app = PlanServerApp.application(router: router, host: "127.0.0.1", port: 0, settings: runner.settings, logger: logger)
        return try await app.test(.router, test)
    }
}
