import GRDB
import PlanModel

/// A store transaction over one GRDB `Database`; read transactions see it as a `StoreReader`.
///
/// Statements are cached on the connection, so repeated calls (bulk imports, plans of 100 items) prepare
/// each SQL text once.
struct SQLiteSession: StoreTransaction {
    let db: Database

    init(_ db: Database) { self.db = db }

    // MARK: Clients

    func client(id: String) throws -> Client? {
        let statement = try db.cachedStatement(sql: "SELECT id, name, profile, latest_plan_id FROM client WHERE id = ?")
        return try Row.fetchOne(statement, arguments: [id]).map(client(from:))
    }

    func allClients() throws -> [Client] {
        try Row.fetchAll(db, sql: "SELECT id, name, profile, latest_plan_id FROM client ORDER BY id").map(client(from:))
    }

    func upsert(_ client: Client) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO client (id, name, profile, latest_plan_id) VALUES (?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, profile = excluded.profile,
                latest_plan_id = excluded.latest_plan_id
            """)
        let profile = try encoded(client.profile, "the profile of client '\(client.id)'")
        try statement.execute(arguments: [client.id, client.name, profile, client.latestPlanID])
    }

    private func client(from row: Row) throws -> Client {
        let id: String = row[0]
        return Client(id: id, name: row[1], profile: try decoded(row[2], "the profile of client '\(id)'"), latestPlanID: row[3])
    }

    // MARK: Records

    func record(id: String) throws -> ClientRecord? {
        let statement = try db.cachedStatement(sql: "SELECT id, type, client_id, fields FROM record WHERE id = ?")
        return try Row.fetchOne(statement, arguments: [id]).map(record(from:))
    }

    func records(clientID: String) throws -> [ClientRecord] {
        let statement = try db.cachedStatement(sql: "SELECT id, type, client_id, fields FROM record WHERE client_id = ? ORDER BY id")
        return try Row.fetchAll(statement, arguments: [clientID]).map(record(from:))
    }

    func upsert(_ record: ClientRecord) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO record (id, type, client_id, fields) VALUES (?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET type = excluded.type, client_id = excluded.client_id, fields = excluded.fields
            """)
        let fields = try encoded(record.fields, "the fields of record '\(record.id)'")
        do {
            try statement.execute(arguments: [record.id, record.type, record.clientID, fields])
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            if try client(id: record.clientID) == nil {
                throw StoreError.notFound("Record '\(record.id)' belongs to client '\(record.clientID)', which does not exist")
            }
            throw error
        }
        if let (prefix, number) = try Self.split(record.id) {
            try bumpSequence("record:" + prefix, to: number)
        }
    }

    func nextRecordID(for type: RecordType) throws -> String {
        while true {
            let id = type.recordID(number: try nextNumber("record:" + type.prefix))
            // A record stored under a differently padded id could still hold this one; skip past it.
            if try record(id: id) == nil { return id }
        }
    }

    private func record(from row: Row) throws -> ClientRecord {
        let id: String = row[0]
        return ClientRecord(id: id, type: row[1], clientID: row[2], fields: try decoded(row[3], "the fields of record '\(id)'"))
    }

    // MARK: Id sequences

    /// Hands out the next number of a series; numbers are never handed out twice once committed, and
    /// none past `DataLimits.idNumber`: a used-up series refuses instead of overflowing.
    func nextNumber(_ series: String) throws -> Int {
        let read = try db.cachedStatement(sql: "SELECT last FROM id_sequence WHERE name = ?")
        let last = try Int64.fetchOne(read, arguments: [series]) ?? 0
        guard last < Int64(DataLimits.idNumber) else {
            throw StoreError.constraint("Every number of the id series '\(series)' up to \(DataLimits.idNumber) is used; no new id can be handed out")
        }
        let next = max(1, last + 1)
        let write = try db.cachedStatement(sql: """
            INSERT INTO id_sequence (name, last) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET last = excluded.last
            """)
        try write.execute(arguments: [series, next])
        return Int(next)
    }

    /// Moves a series past `number`, so an id stored from outside (an import) is never handed out again.
    func bumpSequence(_ series: String, to number: Int) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO id_sequence (name, last) VALUES (?, ?)
            ON CONFLICT (name) DO UPDATE SET last = max(last, excluded.last)
            """)
        try statement.execute(arguments: [series, number])
    }

    /// `CC-00077` → (`CC`, 77); see `StoreRefusals.split`.
    static func split(_ id: String) throws -> (prefix: String, number: Int)? { try StoreRefusals.split(id) }

    // MARK: JSON columns

    func encoded(_ values: FieldValues, _ what: @autoclosure () -> String) throws -> String {
        do { return try ValueJSON.encode(values) } catch {
            throw StoreError.constraint("Cannot store \(what()): \(error)")
        }
    }

    func decoded(_ text: String, _ what: @autoclosure () -> String) throws -> FieldValues {
        do { return try ValueJSON.decodeValues(text) } catch {
            throw StoreError.corrupt("Cannot read \(what()): \(error)")
        }
    }

    func decodedList(_ text: String, _ what: @autoclosure () -> String) throws -> [String] {
        do { return try ValueJSON.decodeList(text) } catch {
            throw StoreError.corrupt("Cannot read \(what()): \(error)")
        }
    }
}
