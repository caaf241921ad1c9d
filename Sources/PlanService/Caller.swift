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
    public static func isoNow() -> String { isoTimestamp(Date()) }

    /// An instant in UTC as ISO 8601 with milliseconds, `2026-11-28T09:00:00.123Z`: what
    /// `ISO8601DateFormatter` with `[.withInternetDateTime, .withFractionalSeconds]` writes (to the nearest
    /// millisecond), without making a formatter for each history event — making one was 4 % of the
    /// server's time under load.
    public static func isoTimestamp(_ date: Date) -> String {
        // Milliseconds since 1970 as the formatter computes and rounds them, then whole seconds and the rest.
        let milliseconds = ((date.timeIntervalSinceReferenceDate + 978_307_200) * 1000).rounded()
        let total = Int64(milliseconds)
        var seconds = time_t(total / 1000), fraction = Int(total % 1000)
        if fraction < 0 { seconds -= 1; fraction += 1000 }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return digits(parts.tm_year + 1900, 4) + "-" + digits(parts.tm_mon + 1, 2) + "-" + digits(parts.tm_mday, 2)
            + "T" + digits(parts.tm_hour, 2) + ":" + digits(parts.tm_min, 2) + ":" + digits(parts.tm_sec, 2)
            + "." + digits(Int32(fraction), 3) + "Z"
    }

    /// Today's local date as `YYYY-MM-DD`.
    public static func localToday() -> String {
        let c = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: c.year!, month: c.month!, day: c.day!)!.description
    }
}
