import GRDB
import PlanModel

extension SQLiteSession {
    func append(_ events: [HistoryEvent]) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO history (plan_id, at, user, action, target, "before", "after") VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for event in events {
            do {
                try statement.execute(arguments: [event.planID, event.at, event.user, event.action, event.target,
                                                  event.before, event.after])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw StoreError.notFound("Cannot record history of plan '\(event.planID)', which does not exist")
            }
        }
    }

    func history(planID: String) throws -> [HistoryEvent] {
        let statement = try db.cachedStatement(sql: """
            SELECT plan_id, at, user, action, target, "before", "after" FROM history WHERE plan_id = ? ORDER BY seq
            """)
        return try Row.fetchAll(statement, arguments: [planID]).map { row in
            HistoryEvent(planID: row[0], at: row[1], user: row[2], action: row[3], target: row[4], before: row[5], after: row[6])
        }
    }

    func append(_ events: [ClientEvent]) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO client_history (client_id, at, user, action, target, "before", "after") VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for event in events {
            do {
                try statement.execute(arguments: [event.clientID, event.at, event.user, event.action, event.target,
                                                  event.before, event.after])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw StoreError.notFound("Cannot record history of client '\(event.clientID)', which does not exist")
            }
        }
    }

    func clientHistory(clientID: String) throws -> [ClientEvent] {
        let statement = try db.cachedStatement(sql: """
            SELECT client_id, at, user, action, target, "before", "after" FROM client_history WHERE client_id = ? ORDER BY seq
            """)
        return try Row.fetchAll(statement, arguments: [clientID]).map { row in
            ClientEvent(clientID: row[0], at: row[1], user: row[2], action: row[3], target: row[4], before: row[5], after: row[6])
        }
    }
}
