import Hummingbird
import NIOCore
import Synchronization

/// The request context of every route, API and web page alike: Hummingbird's core storage plus the
/// acting user, set by the authentication middleware and read by handlers and the request log.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Shared by every middleware of the request, so the log (outside authentication) sees who acted.
    private let identity: RequestIdentity
    /// The peer's IP address (`-` when unknown, as under the test router): what sign-in attempts are counted by.
    public let remoteAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = RequestIdentity()
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "-"
    }

    /// The acting user's name once authentication has established it; nil before.
    public var user: String? {
        get { identity.state.withLock { $0.name } }
        nonmutating set { identity.state.withLock { $0.name = newValue } }
    }

    /// The signed-in user's roles, shown in the web page's header; empty for API callers and the local administrator.
    public var roles: [String] {
        get { identity.state.withLock { $0.roles } }
        nonmutating set { identity.state.withLock { $0.roles = newValue } }
    }

    /// Whether the user signed in through the web page (an installation with users), so pages show
    /// who is signed in and offer Sign out.
    public var isSignedIn: Bool {
        get { identity.state.withLock { $0.signedIn } }
        nonmutating set { identity.state.withLock { $0.signedIn = newValue } }
    }
}

/// Who acts in one request, behind a lock because middlewares see copies of the context.
final class RequestIdentity: Sendable {
    struct State { var name: String?; var roles: [String] = []; var signedIn = false }
    let state = Mutex(State())
}
