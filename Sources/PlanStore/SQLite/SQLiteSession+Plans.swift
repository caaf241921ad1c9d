import GRDB
import PlanModel

extension SQLiteSession {
    private static let planColumns = """
        seq, id, client_id, template_id, template_version, status, previous_plan_id, goal_attainment_plan_id, \
        behaviour_support_plan_id, created_on, activation_date, expiry_date, revision
        """

    // MARK: Reading

    func plan(id: String) throws -> SupportPlan? {
        let statement = try db.cachedStatement(sql: "SELECT \(Self.planColumns) FROM plan WHERE id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
        return try plan(from: row)
    }

    func plans(clientID: String?, status: SupportPlan.Status?) throws -> [SupportPlan] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let clientID { conditions.append("client_id = ?"); arguments += [clientID] }
        if let status { conditions.append("status = ?"); arguments += [status.rawValue] }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let statement = try db.cachedStatement(sql: "SELECT \(Self.planColumns) FROM plan\(filter) ORDER BY id")
        return try Row.fetchAll(statement, arguments: arguments).map(plan(from:))
    }

    func planCount(statuses: [SupportPlan.Status]) throws -> Int {
        guard !statuses.isEmpty else { return 0 }
        let marks = Array(repeating: "?", count: statuses.count).joined(separator: ", ")
        let statement = try db.cachedStatement(sql: "SELECT COUNT(*) FROM plan WHERE status IN (\(marks))")
        return try Int.fetchOne(statement, arguments: StatementArguments(statuses.map(\.rawValue))) ?? 0
    }

    func activePlan(clientID: String) throws -> SupportPlan? {
        let statement = try db.cachedStatement(sql: "SELECT \(Self.planColumns) FROM plan WHERE client_id = ? AND status = 'active'")
        return try Row.fetchOne(statement, arguments: [clientID]).map(plan(from:))
    }

    func reviewDraft(of planID: String) throws -> SupportPlan? {
        let statement = try db.cachedStatement(sql: """
            SELECT \(Self.planColumns) FROM plan WHERE previous_plan_id = ? AND status = 'draft' ORDER BY seq LIMIT 1
            """)
        return try Row.fetchOne(statement, arguments: [planID]).map(plan(from:))
    }

    /// Up to `limit` plans of `statuses` stored after position `after`, in storage order, with their positions.
    func planBatch(statuses: [SupportPlan.Status], after: Int64, limit: Int) throws -> [(seq: Int64, plan: SupportPlan)] {
        guard !statuses.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: statuses.count).joined(separator: ", ")
        // Walks the rowid from `after`: keyset pagination, each batch costs the same however far in it is.
        let statement = try db.cachedStatement(sql: """
            SELECT \(Self.planColumns) FROM plan WHERE seq > ? AND status IN (\(marks)) ORDER BY seq LIMIT ?
            """)
        var arguments: StatementArguments = [after]
        arguments += StatementArguments(statuses.map(\.rawValue))
        arguments += [limit]
        return try Row.fetchAll(statement, arguments: arguments).map { row in (row[0], try plan(from: row)) }
    }

    private func plan(from row: Row) throws -> SupportPlan {
        let id: String = row[1]
        let statusText: String = row[5]
        guard let status = SupportPlan.Status(rawValue: statusText) else {
            throw StoreError.corrupt("Plan '\(id)' has an unknown status '\(statusText)'")
        }
        return SupportPlan(id: id, clientID: row[2], templateID: row[3], templateVersion: row[4], status: status,
                           previousPlanID: row[6], goalAttainmentPlanID: row[7], behaviourSupportPlanID: row[8],
                           createdOn: row[9], activationDate: row[10], expiryDate: row[11],
                           instances: try instances(planID: id), revision: row[12])
    }

    private func instances(planID: String) throws -> [ItemInstance] {
        let statement = try db.cachedStatement(sql: """
            SELECT key, instance, status, "values", records, url, not_required_reason, snapshot
            FROM item_instance WHERE plan_id = ? ORDER BY position
            """)
        var result: [ItemInstance] = []
        let rows = try Row.fetchCursor(statement, arguments: [planID])
        while let row = try rows.next() {
            let key: String = row[0]
            let number: Int = row[1]
            func what() -> String { "item '\(InstanceRef(key, number))' of plan '\(planID)'" }
            let statusText: String = row[2]
            guard let status = ItemInstance.Status(rawValue: statusText) else {
                throw StoreError.corrupt("The \(what()) has an unknown status '\(statusText)'")
            }
            let snapshot: String? = row[7]
            result.append(ItemInstance(
                key: key, instance: number, status: status,
                values: try decoded(row[3], "the values of \(what())"),
                records: try decodedList(row[4], "the records of \(what())"),
                url: row[5], notRequiredReason: row[6],
                snapshot: try snapshot.map { try decoded($0, "the snapshot of \(what())") }))
        }
        return result
    }

    // MARK: Writing

    func nextPlanID() throws -> String {
        while true {
            let digits = String(try nextNumber("plan"))
            let id = "SP-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
            if try planExists(id) == nil { return id }
        }
    }

    func insert(_ plan: SupportPlan) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO plan (id, client_id, template_id, template_version, status, previous_plan_id,
                goal_attainment_plan_id, behaviour_support_plan_id, created_on, activation_date, expiry_date, revision)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        if try planExists(plan.id) != nil { throw StoreError.constraint("A plan with id '\(plan.id)' already exists") }
        do {
            try statement.execute(arguments: rowArguments(plan) + [plan.revision])
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw try refusal(for: plan, error)
        }
        try insertInstances(of: plan)
        if plan.id.hasPrefix("SP-"), let (_, number) = try Self.split(plan.id) { try bumpSequence("plan", to: number) }
    }

    @discardableResult
    func update(_ plan: SupportPlan, expectedRevision: Int) throws -> Int {
        let statement = try db.cachedStatement(sql: """
            UPDATE plan SET id = ?, client_id = ?, template_id = ?, template_version = ?, status = ?, previous_plan_id = ?,
                goal_attainment_plan_id = ?, behaviour_support_plan_id = ?, created_on = ?, activation_date = ?,
                expiry_date = ?, revision = ?
            WHERE id = ? AND revision = ?
            """)
        let (revision, overflow) = expectedRevision.addingReportingOverflow(1)
        if overflow { throw StoreError.corrupt("Plan \(plan.id) has revision \(expectedRevision), past the largest a plan can have") }
        do {
            try statement.execute(arguments: rowArguments(plan) + [revision, plan.id, expectedRevision])
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw try refusal(for: plan, error)
        }
        if db.changesCount == 0 {
            guard let stored = try planExists(plan.id) else { throw StoreError.notFound("No plan with id '\(plan.id)'") }
            throw StoreError.conflict("Plan \(plan.id) was changed by someone else (revision \(stored), expected \(expectedRevision)); reload and try again")
        }
        try db.cachedStatement(sql: "DELETE FROM item_instance WHERE plan_id = ?").execute(arguments: [plan.id])
        try insertInstances(of: plan)
        return revision
    }

    private func rowArguments(_ plan: SupportPlan) -> StatementArguments {
        [plan.id, plan.clientID, plan.templateID, plan.templateVersion, plan.status.rawValue, plan.previousPlanID,
         plan.goalAttainmentPlanID, plan.behaviourSupportPlanID, plan.createdOn, plan.activationDate, plan.expiryDate]
    }

    private func insertInstances(of plan: SupportPlan) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO item_instance (plan_id, key, instance, position, status, "values", records, url,
                not_required_reason, snapshot)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, item) in plan.instances.enumerated() {
            let values = try encoded(item.values, "the values of item '\(item.ref)' of plan '\(plan.id)'")
            let snapshot = try item.snapshot.map { try encoded($0, "the snapshot of item '\(item.ref)' of plan '\(plan.id)'") }
            do {
                try statement.execute(arguments: [plan.id, item.key, item.instance, position, item.status.rawValue, values,
                                                  ValueJSON.encode(item.records), item.url, item.notRequiredReason, snapshot])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw StoreError.constraint("Plan \(plan.id) holds item '\(item.ref)' twice")
            }
        }
    }

    /// The stored revision of a plan, nil when there is no such plan.
    private func planExists(_ id: String) throws -> Int? {
        try Int.fetchOne(try db.cachedStatement(sql: "SELECT revision FROM plan WHERE id = ?"), arguments: [id])
    }

    /// Explains a constraint the plan row broke, in the plan's terms.
    private func refusal(for plan: SupportPlan, _ error: DatabaseError) throws -> StoreError {
        let message = error.message ?? ""
        if message.contains("plan.client_id") {
            let other = try activePlan(clientID: plan.clientID)?.id ?? "another plan"
            return .constraint("Client '\(plan.clientID)' already has an active plan (\(other)); \(plan.id) cannot be active too")
        }
        if message.contains("plan.previous_plan_id") {
            let other = try plan.previousPlanID.flatMap { try reviewDraft(of: $0)?.id } ?? "another draft"
            return .constraint("Plan \(plan.previousPlanID ?? "?") already has a review draft (\(other)); \(plan.id) cannot be one too")
        }
        if error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            if try client(id: plan.clientID) == nil {
                return .notFound("Plan \(plan.id) is for client '\(plan.clientID)', which does not exist")
            }
            if try templateVersion(id: plan.templateID, version: plan.templateVersion) == nil {
                return .notFound("Plan \(plan.id) is made from version \(plan.templateVersion) of template '\(plan.templateID)', which has not been published")
            }
            if let previous = plan.previousPlanID, try planExists(previous) == nil {
                return .notFound("Plan \(plan.id) reviews plan '\(previous)', which does not exist")
            }
        }
        return .constraint("Plan \(plan.id) cannot be stored: \(message)")
    }
}
