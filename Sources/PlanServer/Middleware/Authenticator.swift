import Foundation
import Hummingbird
import HTTPTypes
import PlanService

/// Establishes the acting user of each request (`context.user`), deciding per request:
///
/// - a store without users is a single-user installation: everyone acts as its local administrator;
/// - with users, the API (`/api/v1/…`, except its OpenAPI document) takes only
///   `Authorization: Bearer TOKEN` (never a token in the query string), answering 401 without one;
/// - with users, the web page takes the session cookie set by signing in; without a live session a
///   page request is sent to `/sign-in` (303) with the page to come back to.
///
/// Whether the user may do what they ask is the service's decision, not this middleware's.
public struct Authenticator: RouterMiddleware {
    public typealias Context = APIRequestContext
    let runner: ServiceRunner
    /// Who acts in a single-user installation, as the CLI's default `--as`.
    let localAdministrator: String
    let presence = UserPresence()

    public init(runner: ServiceRunner, localAdministrator: String = "admin") {
        self.runner = runner; self.localAdministrator = localAdministrator
    }

    /// Paths anyone may fetch, signed in or not.
    static let openPaths: Set<String> = ["/api/v1/openapi.json", "/sign-in", "/static/style.css"]

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard try await presence.hasUsers(runner) else { return try await asLocalAdministrator(request, context, next) }
        if Self.openPaths.contains(path) { return try await next(request, context) }
        guard Self.isAPI(path) else { return try await web(request, context, next) }
        do {
            context.user = try await bearerUser(request)
        } catch let error as ServiceError where error.kind == .unauthenticated {
            // The last user may have been removed since users were seen: then this is single-user again.
            guard try await presence.hasUsers(runner, recheck: true) else { return try await asLocalAdministrator(request, context, next) }
            throw error
        }
        return try await next(request, context)
    }

    private func asLocalAdministrator(_ request: Request, _ context: Context, _ next: (Request, Context) async throws -> Response) async throws -> Response {
        context.user = localAdministrator
        return try await next(request, context)
    }

    /// A page request: the session's user, or a redirect to the sign-in page.
    private func web(_ request: Request, _ context: Context, _ next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = SessionCookie.value(of: request)
        let settings = runner.settings
        let limits = settings.sessionLimits, now = settings.clock()
        if let id, let user = try await runner.perform({ try $0.session(id: id, at: now, limits: limits) }) {
            context.user = user.name
            context.roles = user.roles.map(\.rawValue)
            context.isSignedIn = true
            return try await next(request, context)
        }
        guard try await presence.hasUsers(runner, recheck: true) else { return try await asLocalAdministrator(request, context, next) }
        if request.uri.path == "/sign-out" { return try await next(request, context) }
        var headers: HTTPFields = [.location: SignInPaths.signIn(next: request.method == .get ? request.uri.description : nil),
                                   .cacheControl: "no-store"]
        if request.cookies[SessionCookie.name] != nil { headers[.setCookie] = SessionCookie.clear }
        return Response(status: .seeOther, headers: headers)
    }

    static func isAPI(_ path: String) -> Bool { path == "/api/v1" || path.hasPrefix("/api/v1/") }

    /// The user whose token the request carries, or `unauthenticated` saying what to send.
    private func bearerUser(_ request: Request) async throws -> String {
        guard let header = request.headers[.authorization] else {
            throw ServiceError(.unauthenticated, [Self.missingToken], topic: .user)
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw ServiceError(.unauthenticated, ["The Authorization header must be 'Bearer TOKEN'"], topic: .user)
        }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return try await runner.perform { try $0.authenticate(token: token) }
    }

    static let missingToken = "This server has users: send an API token as 'Authorization: Bearer TOKEN' (`supportplan user token NAME` makes one)"
}
