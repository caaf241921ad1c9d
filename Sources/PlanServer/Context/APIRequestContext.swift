import Hummingbird
import Synchronization

/// The request context of every route, API and web page alike: Hummingbird's core storage plus the
/// acting user, set by the authentication middleware and read by handlers and the request log.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Shared by every middleware of the request, so the log (outside authentication) sees who acted.
    private let acting: ActingUser

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        acting = ActingUser()
    }

    /// The acting user's name once authentication has established it; nil before.
    public var user: String? {
        get { acting.name.withLock { $0 } }
        nonmutating set { acting.name.withLock { $0 = newValue } }
    }
}

/// The acting user of one request, behind a lock because middlewares see copies of the context.
final class ActingUser: Sendable {
    let name = Mutex<String?>(nil)
}
