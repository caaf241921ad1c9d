import Foundation
import PlanModel
import PlanStore
import PostgresNIO

/// A store transaction over one leased connection. Every statement is a `PostgresQuery` built by string
/// interpolation, so every value is sent as a bind parameter, never spliced into the SQL.
///
/// Rules the schema enforces (unique indexes, references) are checked with a query before the statement
/// that could break them, because a failed statement aborts a PostgreSQL transaction: a refusal is then
/// a store error like SQLite's, and the transaction stays usable. The indexes remain the final word.
final class PostgresSession: StoreTransaction {
    let lease: LeasedConnection
    let location: PostgresLocation
    /// The first statement the server refused; once set, the transaction can only roll back.
    private(set) var failure: (any Error)?
    /// True once the connection itself failed during this transaction.
    private(set) var lostConnection = false

    init(_ lease: LeasedConnection, location: PostgresLocation) {
        self.lease = lease; self.location = location
    }

    /// Runs one statement; a refusal or a lost connection is remembered and thrown as a store error.
    @discardableResult
    func run(_ query: PostgresQuery) throws -> PostgresQueryResult {
        do {
            return try lease.query(query)
        } catch {
            if PostgresErrors.isConnectionLoss(error) { lostConnection = true }
            if failure == nil { failure = error }
            throw PostgresErrors.translate(error, location)
        }
    }

    /// Decodes a row, reporting a column of an unexpected type as stored content that cannot be read.
    func decode<each Column: PostgresDecodable>(_ row: PostgresRow, _ type: (repeat each Column).Type) throws -> (repeat each Column) {
        do { return try row.decode(type) } catch {
            throw StoreError.corrupt("A stored row could not be read: \(error)")
        }
    }

    /// Decodes a one-column row.
    func value<T: PostgresDecodable>(_ row: PostgresRow, _ type: T.Type) throws -> T {
        do { return try row.decode(T.self) } catch {
            throw StoreError.corrupt("A stored row could not be read: \(error)")
        }
    }

    // MARK: Clients

    func client(id: String) throws -> Client? {
        try run("SELECT id, name, profile, latest_plan_id FROM client WHERE id = \(id)").first.map(client(from:))
    }

    func allClients() throws -> [Client] {
        try run("SELECT id, name, profile, latest_plan_id FROM client ORDER BY id").map(client(from:))
    }

    func upsert(_ client: Client) throws {
        let profile = try StoreRefusals.encoded(client.profile, "the profile of client '\(client.id)'")
        try run("""
            INSERT INTO client (id, name, profile, latest_plan_id) VALUES (\(client.id), \(client.name), \(profile), \(client.latestPlanID))
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, profile = excluded.profile, latest_plan_id = excluded.latest_plan_id
            """)
    }

    private func client(from row: PostgresRow) throws -> Client {
        let (id, name, profile, latest) = try decode(row, (String, String, String, String?).self)
        return Client(id: id, name: name, profile: try StoreRefusals.decoded(profile, "the profile of client '\(id)'"),
                      latestPlanID: latest)
    }

    // MARK: Records

    func record(id: String) throws -> ClientRecord? {
        try run("SELECT id, type, client_id, fields FROM record WHERE id = \(id)").first.map(record(from:))
    }

    func records(clientID: String) throws -> [ClientRecord] {
        try run("SELECT id, type, client_id, fields FROM record WHERE client_id = \(clientID) ORDER BY id").map(record(from:))
    }

    func upsert(_ record: ClientRecord) throws {
        let fields = try StoreRefusals.encoded(record.fields, "the fields of record '\(record.id)'")
        let series = try StoreRefusals.split(record.id)
        // Stores nothing when the client is missing, instead of breaking the reference and aborting the transaction.
        let result = try run("""
            INSERT INTO record (id, type, client_id, fields)
            SELECT \(record.id), \(record.type), \(record.clientID), \(fields) WHERE EXISTS (SELECT 1 FROM client WHERE id = \(record.clientID))
            ON CONFLICT (id) DO UPDATE SET type = excluded.type, client_id = excluded.client_id, fields = excluded.fields
            """)
        if result.metadata.rows == 0 {
            throw StoreRefusals.recordOfMissingClient(record: record.id, client: record.clientID)
        }
        if let (prefix, number) = series { try bumpSequence("record:" + prefix, to: number) }
    }

    func nextRecordID(for type: RecordType) throws -> String {
        while true {
            let id = type.recordID(number: try nextNumber("record:" + type.prefix))
            // A record stored under a differently padded id could still hold this one; skip past it.
            if try run("SELECT 1 FROM record WHERE id = \(id)").isEmpty { return id }
        }
    }

    private func record(from row: PostgresRow) throws -> ClientRecord {
        let (id, type, clientID, fields) = try decode(row, (String, String, String, String).self)
        return ClientRecord(id: id, type: type, clientID: clientID,
                            fields: try StoreRefusals.decoded(fields, "the fields of record '\(id)'"))
    }

    // MARK: Id sequences

    /// The next number of a series, in one statement: the series' row is created or counted up, unless it
    /// reached `DataLimits.idNumber`, when no row comes back and the series refuses.
    func nextNumber(_ series: String) throws -> Int {
        let limit = Int64(DataLimits.idNumber)
        let rows = try run("""
            INSERT INTO id_sequence (name, last) VALUES (\(series), 1)
            ON CONFLICT (name) DO UPDATE SET last = GREATEST(id_sequence.last + 1, 1) WHERE id_sequence.last < \(limit)
            RETURNING last
            """)
        guard let row = rows.first else { throw StoreRefusals.seriesUsedUp(series) }
        return Int(try value(row, Int64.self))
    }

    /// Moves a series past `number`, so an id stored from outside (an import) is never handed out again.
    func bumpSequence(_ series: String, to number: Int) throws {
        try run("""
            INSERT INTO id_sequence (name, last) VALUES (\(series), \(Int64(number)))
            ON CONFLICT (name) DO UPDATE SET last = GREATEST(id_sequence.last, excluded.last)
            """)
    }

    // MARK: History

    func append(_ events: [HistoryEvent]) throws {
        guard !events.isEmpty else { return }
        let planIDs = Array(Set(events.map(\.planID)))
        let existing = Set(try run("SELECT id FROM plan WHERE id = ANY(\(planIDs))").map { try value($0, String.self) })
        if let missing = events.first(where: { !existing.contains($0.planID) }) {
            throw StoreRefusals.historyOfMissingPlan(missing.planID)
        }
        try insertHistory(events.enumerated().map { n, event in
            HistoryRow(n: n, owner: event.planID, at: event.at, user: event.user, action: event.action,
                       target: event.target, before: event.before, after: event.after)
        }, into: "history", ownerColumn: "plan_id")
    }

    func history(planID: String) throws -> [HistoryEvent] {
        try run("""
            SELECT plan_id, at, "user", action, target, "before", "after" FROM history WHERE plan_id = \(planID) ORDER BY seq
            """).map { row in
            let (plan, at, user, action, target, before, after) = try decode(row, (String, String, String, String, String, String?, String?).self)
            return HistoryEvent(planID: plan, at: at, user: user, action: action, target: target, before: before, after: after)
        }
    }

    func append(_ events: [ClientEvent]) throws {
        guard !events.isEmpty else { return }
        let clientIDs = Array(Set(events.map(\.clientID)))
        let existing = Set(try run("SELECT id FROM client WHERE id = ANY(\(clientIDs))").map { try value($0, String.self) })
        if let missing = events.first(where: { !existing.contains($0.clientID) }) {
            throw StoreRefusals.historyOfMissingClient(missing.clientID)
        }
        try insertHistory(events.enumerated().map { n, event in
            HistoryRow(n: n, owner: event.clientID, at: event.at, user: event.user, action: event.action,
                       target: event.target, before: event.before, after: event.after)
        }, into: "client_history", ownerColumn: "client_id")
    }

    /// One statement for the lot, numbered in the order given so history keeps that order. `table` and
    /// `ownerColumn` are this file's own names, never input.
    private func insertHistory(_ rows: [HistoryRow], into table: String, ownerColumn: String) throws {
        try run("""
            INSERT INTO \(unescaped: table) (\(unescaped: ownerColumn), at, "user", action, target, "before", "after")
            SELECT x.owner, x.at, x."user", x.action, x.target, x."before", x."after"
            FROM json_to_recordset(\(try Self.json(rows))::json)
                AS x(n int, owner text, at text, "user" text, action text, target text, "before" text, "after" text)
            ORDER BY x.n
            """)
    }

    func clientHistory(clientID: String) throws -> [ClientEvent] {
        try run("""
            SELECT client_id, at, "user", action, target, "before", "after" FROM client_history WHERE client_id = \(clientID) ORDER BY seq
            """).map { row in
            let (client, at, user, action, target, before, after) = try decode(row, (String, String, String, String, String, String?, String?).self)
            return ClientEvent(clientID: client, at: at, user: user, action: action, target: target, before: before, after: after)
        }
    }

    /// One history row as JSON; `plan_id` holds the client's id for client history.
    private struct HistoryRow: Encodable {
        var n: Int
        var owner, at, user, action, target: String
        var before, after: String?
    }

    /// Rows as one JSON text, sent as a single bind and unpacked by `json_to_recordset`.
    static func json<T: Encodable>(_ rows: [T]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        do { return String(decoding: try encoder.encode(rows), as: UTF8.self) } catch {
            throw StoreError.constraint("Cannot store the rows: \(error)")
        }
    }
}
