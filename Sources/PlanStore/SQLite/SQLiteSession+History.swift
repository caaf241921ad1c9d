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
}
