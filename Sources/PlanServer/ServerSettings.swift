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

    public init(bodyLimit: Int = 1 << 20, requestTimeLimit: Duration = .seconds(30), idleTimeout: Duration = .seconds(60),
                serviceThreads: Int = max(4, ProcessInfo.processInfo.activeProcessorCount * 2),
                today: @escaping @Sendable () -> String = Caller.localToday,
                now: @escaping @Sendable () -> String = Caller.isoNow) {
        self.bodyLimit = bodyLimit; self.requestTimeLimit = requestTimeLimit; self.idleTimeout = idleTimeout
        self.serviceThreads = serviceThreads; self.today = today; self.now = now
    }
}
