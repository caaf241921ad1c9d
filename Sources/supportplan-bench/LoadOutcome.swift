/// What one run of the serve load saw, from either load client: the answers by status, the plan
/// reads and changes answered 200, latency, and the changes acknowledged, for the lost-update check.
struct LoadOutcome {
    /// Latency percentiles in milliseconds.
    struct Latency { var p50: Double; var p99: Double }

    /// How long the load ran, as the client measured it.
    var seconds: Double
    var reads = 0
    var changes = 0
    /// Every answer, by status.
    var statuses: [UInt: Int] = [:]
    /// Plan → the values acknowledged for it (each used once).
    var acknowledged: [String: [String]] = [:]
    /// All requests, reads and changes together.
    var all: Latency
    /// Reads and changes apart, when the client keeps every latency (wrk keeps one distribution).
    var read: Latency?
    var change: Latency?
    /// Failures seen only by the client: socket errors, a change answered 200 whose value could not be read back.
    var clientErrors: [String] = []

    var requests: Int { statuses.values.reduce(0, +) }
    var fiveHundreds: Int { statuses.filter { $0.key >= 500 }.values.reduce(0, +) }
    /// `404×3 412×1`, or `none`.
    var otherStatuses: String {
        let other = statuses.filter { $0.key != 200 }.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }
        return other.isEmpty ? "none" : other.joined(separator: " ")
    }
}
