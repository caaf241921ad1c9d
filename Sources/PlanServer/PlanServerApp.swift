import Hummingbird
import Logging
import NIOCore
import PlanService

/// Builds the server: the router with its middlewares and every controller, and the application
/// that serves it. The web page mounts its controller in `router(...)` beside the API's.
public enum PlanServerApp {
    /// The router of the whole server. `authenticator` establishes the acting user of each request;
    /// nil: an `Authenticator` (bearer tokens and web sessions once the store has users).
    public static func router(runner: ServiceRunner, logger: Logger,
                              authenticator: (any MiddlewareProtocol<Request, Response, APIRequestContext>)? = nil) -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        HealthController(runner: runner).addRoutes(to: router)
        router.add(middleware: authenticator ?? Authenticator(runner: runner))

        let api = router.group("api/v1")
        OpenAPIController().addRoutes(to: api)
        ClientsController(runner: runner).addRoutes(to: api.group("clients"))
        RecordsController(runner: runner).addRoutes(to: api.group("records"))
        TemplatesController(runner: runner).addRoutes(to: api.group("templates"))
        PlansController(runner: runner).addRoutes(to: api.group("plans"))
        ItemsController(runner: runner).addRoutes(to: api.group("plans/:id/items"))
        WebController(runner: runner).addRoutes(to: router)
        return router
    }

    /// The application serving `router` on `host:port` (`port` 0: a free one, told through `onServerRunning`).
    public static func application(router: Router<APIRequestContext>, host: String, port: Int, settings: ServerSettings,
                                   logger: Logger,
                                   onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(router: router,
                    server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(settings.idleTimeout / .nanoseconds(1))))),
                    configuration: .init(address: .hostname(host, port: port), serverName: "supportplan"),
                    onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
                    logger: logger)
    }
}
