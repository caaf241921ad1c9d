import Foundation
import PlanService

/// How the server treats requests: limits, and the clocks that date each call.
public struct ServerSettings: Sendable {
    /// Request bodies over this many bytes are refused as bad input.
    public var bodyLimit: Int
    /// A request not answered within this time is answered `503` so a slow client or a stuck
    /// operation cannot hold a connection forever.
    public var requestTimeLimit: Duration
    /// A connection idle this long is closed.
    public var idleTimeout: Duration
    /// Threads that run service operations (SQLite and Lua calls block); about the rules engines kept per template.
    public var serviceThreads: Int
    /// The evaluation date of each request, `YYYY-MM-DD`.
    public var today: @Sendable () -> String
    /// When each request's events happen, ISO 8601.
    public var now: @Sendable () -> String
    /// A web session unused this long ends: the next request goes to the sign-in page.
    public var sessionIdleLimit: Duration
    /// A web session ends this long after sign-in however busy it is.
    public var sessionLifetime: Duration
    /// Failed sign-ins allowed per user name and address within `signInWindow`; the next is answered 429.
    public var signInAttempts: Int
    public var signInWindow: Duration
    /// The instant sessions and sign-in attempts are timed by; a function so tests can move it.
    public var clock: @Sendable () -> Date

    public init(bodyLimit: Int = 1 << 20, requestTimeLimit: Duration = .seconds(30), idleTimeout: Duration = .seconds(60),
                serviceThreads: Int = max(4, ProcessInfo.processInfo.activeProcessorCount * 2),
                today: @escaping @Sendable () -> String = Caller.localToday,
                now: @escaping @Sendable () -> String = Caller.isoNow,
                sessionIdleLimit: Duration = .seconds(30 * 60), sessionLifetime: Duration = .seconds(12 * 3600),
                signInAttempts: Int = 5, signInWindow: Duration = .seconds(15 * 60),
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.bodyLimit = bodyLimit; self.requestTimeLimit = requestTimeLimit; self.idleTimeout = idleTimeout
        self.serviceThreads = serviceThreads; self.today = today; self.now = now
        self.sessionIdleLimit = sessionIdleLimit; self.sessionLifetime = sessionLifetime
        self.signInAttempts = signInAttempts; self.signInWindow = signInWindow; self.clock = clock
    }
}

extension ServerSettings {
    /// The session limits in the service's terms.
    var sessionLimits: SessionLimits {
        SessionLimits(idle: Self.seconds(sessionIdleLimit), lifetime: Self.seconds(sessionLifetime))
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
