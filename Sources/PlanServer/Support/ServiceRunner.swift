import Hummingbird
import NIOPosix
import PlanService

/// Runs service operations for requests: on their own threads, because SQLite and Lua calls block
/// and would otherwise stall the tasks that serve connections, as the acting user of the request.
public final class ServiceRunner: Sendable {
    public let service: SupportPlanService
    public let settings: ServerSettings
    private let pool: NIOThreadPool

    public init(service: SupportPlanService, settings: ServerSettings) {
        self.service = service
        self.settings = settings
        pool = NIOThreadPool(numberOfThreads: settings.serviceThreads)
        pool.start()
    }

    deinit { pool.shutdownGracefully { _ in } }

    /// The service bound to the request's acting user, dated now; unauthenticated when no user was established.
    public func call(_ context: APIRequestContext) throws -> ServiceCall {
        guard let user = context.user else { throw APIError(ServiceError(.unauthenticated, ["Sign in or send a bearer token to use the API"])) }
        return service.call(as: Caller(user: user, today: settings.today(), now: settings.now))
    }

    /// Runs `body` with the request's service call on a service thread.
    public func run<T: Sendable>(_ context: APIRequestContext, _ body: @escaping @Sendable (ServiceCall) throws -> T) async throws -> T {
        let call = try call(context)
        return try await perform { _ in try body(call) }
    }

    /// Runs `body` on a service thread before anyone acts: what authentication asks the service
    /// (whether the store has users, whose token or session this is).
    public func perform<T: Sendable>(_ body: @escaping @Sendable (SupportPlanService) throws -> T) async throws -> T {
        let pool = self.pool, service = self.service
        return try await TimeLimit.run(settings.requestTimeLimit, what: "The operation") { finish in
            // As `NIOThreadPool.runIfActive`, without its task: a pool shutting down cancels the work.
            pool.submit { state in
                switch state {
                case .active: finish(Result { try body(service) })
                case .cancelled: finish(.failure(CancellationError()))
                }
            }
        }
    }
}
