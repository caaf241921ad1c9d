import PlanModel

/// Everything a memory store holds, as one value: a write transaction changes a copy and the store
/// keeps the copy only when the transaction commits (copy-on-write makes the copy cheap).
struct MemoryState: Sendable {
    var clients: [String: Client] = [:]
    var records: [String: ClientRecord] = [:]
    /// Record ids of each client, kept beside `records` so a client's records are found without a scan.
    var recordsByClient: [String: Set<String>] = [:]
    /// Last number handed out per id series: `record:CC` for records, `plan` for plans.
    var sequences: [String: Int64] = [:]
    /// Published versions of each template, version 1 first.
    var templates: [String: [StoredTemplateVersion]] = [:]
    var plans: [String: SupportPlan] = [:]
    /// Plan ids in insertion order: a plan's position here (plus one) is its streaming key, as `seq` is in SQL.
    var planOrder: [String] = []
    /// Each plan's position in `planOrder`.
    var planSeq: [String: Int] = [:]
    /// Plan ids of each client in insertion order.
    var plansByClient: [String: [String]] = [:]
    var history: [String: [HistoryEvent]] = [:]
    var clientHistory: [String: [ClientEvent]] = [:]
    var users: [String: StoredUser] = [:]
    /// API tokens by id; ids count up from 1 and are never reused, as SQLite's AUTOINCREMENT.
    var tokens: [Int: StoredToken] = [:]
    var lastTokenID = 0
    /// Web sessions by hash.
    var sessions: [String: StoredSession] = [:]
}
