import Foundation
import PlanModel

/// Who acts and when, travelling with each call into the service: the name history records, the
/// evaluation date rules see as `ctx.today`, and the clock that stamps history events.
public struct Caller: Sendable {
    /// The acting user's name, as history records it.
    public var user: String
    /// The evaluation date, `YYYY-MM-DD`.
    public var today: String
    /// When events happen, ISO 8601; a function so tests can fix it.
    public var now: @Sendable () -> String

    public init(user: String, today: String, now: @escaping @Sendable () -> String = Caller.isoNow) {
        self.user = user; self.today = today; self.now = now
    }

    /// The current instant as ISO 8601 with milliseconds.
    public static func isoNow() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }

    /// Today's local date as `YYYY-MM-DD`.
    public static func localToday() -> String {
        let c = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: c.year!, month: c.month!, day: c.day!)!.description
    }
}
