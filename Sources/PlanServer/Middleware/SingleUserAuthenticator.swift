import Hummingbird

/// The authentication seam: establishes the acting user of a request (`context.user`).
///
/// Until the store has users, the installation is single-user and every request acts as its local
/// administrator, as the CLI does. An authenticator that reads bearer tokens or sessions takes this
/// one's place in `PlanServerApp.router(...)`; handlers only ever read `context.user`.
public struct SingleUserAuthenticator: RouterMiddleware {
    public typealias Context = APIRequestContext
    public let user: String

    public init(user: String = "admin") { self.user = user }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        context.user = user
        return try await next(request, context)
    }
}
