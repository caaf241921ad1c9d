import Hummingbird

/// An authenticator that makes every request act as one named user, whatever the store holds.
///
/// `supportplan serve` uses `Authenticator` (bearer tokens and web sessions once the store has users);
/// this one is for tests about other things, passed to `PlanServerApp.router(authenticator:)`.
/// Handlers only ever read `context.user`, whichever authenticator set it.
public struct SingleUserAuthenticator: RouterMiddleware {
    public typealias Context = APIRequestContext
    public let user: String

    public init(user: String = "admin") { self.user = user }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        context.user = user
        return try await next(request, context)
    }
}
