import PlanModel
import PlanStore
import PostgresNIO

extension PostgresSession {
    // MARK: Reading

    func plan(id: String) throws -> SupportPlan? {
        try plans(from: run("""
            SELECT seq, id, client_id, template_id, template_version, status, previous_plan_id, goal_attainment_plan_id,
                behaviour_support_plan_id, created_on, activation_date, expiry_date, revision
            FROM plan WHERE id = \(id)
            """)).first?.plan
    }

    func plans(clientID: String?, status: SupportPlan.Status?) throws -> [SupportPlan] {
        let status = status?.rawValue
        return try plans(from: run("""
            SELECT seq, id, client_id, template_id, template_version, status, previous_plan_id, goal_attainment_plan_id,
                behaviour_support_plan_id, created_on, activation_date, expiry_date, revision
            FROM plan
            WHERE (\(clientID)::text IS NULL OR client_id = \(clientID)) AND (\(status)::text IS NULL OR status = \(status))
            ORDER BY id
            """)).map(\.plan)
    }

    func activePlan(clientID: String) throws -> SupportPlan? {
        try plans(from: run("""
            SELECT seq, id, client_id, template_id, template_version, status, previous_plan_id, goal_attainment_plan_id,
                behaviour_support_plan_id, created_on, activation_date, expiry_date, revision
            FROM plan WHERE client_id = \(clientID) AND status = 'active'
            """)).first?.plan
    }

    func planCount(statuses: [SupportPlan.Status]) throws -> Int {
        guard !statuses.isEmpty else { return 0 }
        let rows = try run("SELECT count(*) FROM plan WHERE status = ANY(\(statuses.map(\.rawValue)))")
        return Int(try value(rows.first!, Int64.self))
    }

    func reviewDraft(of planID: String) throws -> SupportPlan? {
        try plans(from: run("""
            SELECT seq, id, client_id, template_id, template_version, status, previous_plan_id, goal_attainment_plan_id,
                behaviour_support_plan_id, created_on, activation_date, expiry_date, revision
            FROM plan WHERE previous_plan_id = \(planID) AND status = 'draft' ORDER BY seq LIMIT 1
            """)).first?.plan
    }

    /// Up to `limit` plans of `statuses` stored after position `after`, in storage order, with their positions.
    /// Keyset pagination on `seq`: each batch costs the same however far into the table it is.
    func planBatch(statuses: [SupportPlan.Status], after: Int64, limit: Int) throws -> [(seq: Int64, plan: SupportPlan)] {
        guard !statuses.isEmpty else { return [] }
        return try plans(from: run("""
            SELECT seq, id, client_id, template_id, template_version, status, previous_plan_id, goal_attainment_plan_id,
                behaviour_support_plan_id, created_on, activation_date, expiry_date, revision
            FROM plan WHERE seq > \(after) AND status = ANY(\(statuses.map(\.rawValue))) ORDER BY seq LIMIT \(limit)
            """))
    }

    /// The plans of `rows` (plan columns in the order of the queries above), with their instances read in one query.
    private func plans(from rows: PostgresQueryResult) throws -> [(seq: Int64, plan: SupportPlan)] {
        guard !rows.isEmpty else { return [] }
        var plans: [(seq: Int64, plan: SupportPlan)] = []
        for row in rows {
            let (seq, id, client, template, version, statusText, previous, gap, bsp, created, activated, expires, revision)
                = try decode(row, (Int64, String, String, String, Int, String, String?, String?, String?, String, String?, String?, Int).self)
            guard let status = SupportPlan.Status(rawValue: statusText) else {
                throw StoreError.corrupt("Plan '\(id)' has an unknown status '\(statusText)'")
            }
            plans.append((seq, SupportPlan(id: id, clientID: client, templateID: template, templateVersion: version, status: status,
                                           previousPlanID: previous, goalAttainmentPlanID: gap, behaviourSupportPlanID: bsp,
                                           createdOn: created, activationDate: activated, expiryDate: expires, revision: revision)))
        }
        let instances = try self.instances(planIDs: plans.map(\.plan.id))
        for index in plans.indices { plans[index].plan.instances = instances[plans[index].plan.id] ?? [] }
        return plans
    }

    private func instances(planIDs: [String]) throws -> [String: [ItemInstance]] {
        var result: [String: [ItemInstance]] = [:]
        let rows = try run("""
            SELECT plan_id, key, instance, status, "values", records, url, not_required_reason, snapshot
            FROM item_instance WHERE plan_id = ANY(\(planIDs)) ORDER BY plan_id, position
            """)
        for row in rows {
            let (planID, key, number, statusText, values, records, url, reason, snapshot)
                = try decode(row, (String, String, Int, String, String, String, String?, String?, String?).self)
            func what() -> String { "item '\(InstanceRef(key, number))' of plan '\(planID)'" }
            guard let status = ItemInstance.Status(rawValue: statusText) else {
                throw StoreError.corrupt("The \(what()) has an unknown status '\(statusText)'")
            }
            result[planID, default: []].append(ItemInstance(
                key: key, instance: number, status: status,
                values: try StoreRefusals.decoded(values, "the values of \(what())"),
                records: try StoreRefusals.decodedList(records, "the records of \(what())"),
                url: url, notRequiredReason: reason,
                snapshot: try snapshot.map { try StoreRefusals.decoded($0, "the snapshot of \(what())") }))
        }
        return result
    }

    // MARK: Writing

    func nextPlanID() throws -> String {
        while true {
            let id = StoreRefusals.planID(number: try nextNumber("plan"))
            if try run("SELECT 1 FROM plan WHERE id = \(id)").isEmpty { return id }
        }
    }

    func insert(_ plan: SupportPlan) throws {
        let facts = try self.facts(about: plan)
        if facts.storedRevision != nil { throw StoreRefusals.duplicatePlan(plan.id) }
        try check(plan, facts)
        let instances = try instanceRows(of: plan)
        try run("""
            INSERT INTO plan (id, client_id, template_id, template_version, status, previous_plan_id, goal_attainment_plan_id,
                behaviour_support_plan_id, created_on, activation_date, expiry_date, revision)
            VALUES (\(plan.id), \(plan.clientID), \(plan.templateID), \(plan.templateVersion), \(plan.status.rawValue),
                \(plan.previousPlanID), \(plan.goalAttainmentPlanID), \(plan.behaviourSupportPlanID), \(plan.createdOn),
                \(plan.activationDate), \(plan.expiryDate), \(plan.revision))
            """)
        try insertInstances(instances, of: plan.id)
        if plan.id.hasPrefix("SP-"), let (_, number) = try StoreRefusals.split(plan.id) { try bumpSequence("plan", to: number) }
    }

    @discardableResult
    func update(_ plan: SupportPlan, expectedRevision: Int) throws -> Int {
        let (revision, overflow) = expectedRevision.addingReportingOverflow(1)
        if overflow { throw StoreRefusals.revisionOverflow(plan: plan.id, revision: expectedRevision) }
        let facts = try self.facts(about: plan)
        guard let stored = facts.storedRevision else { throw StoreRefusals.noPlan(plan.id) }
        guard stored == expectedRevision else {
            throw StoreRefusals.staleRevision(plan: plan.id, stored: stored, expected: expectedRevision)
        }
        try check(plan, facts)
        let instances = try instanceRows(of: plan)
        try run("""
            UPDATE plan SET client_id = \(plan.clientID), template_id = \(plan.templateID), template_version = \(plan.templateVersion),
                status = \(plan.status.rawValue), previous_plan_id = \(plan.previousPlanID),
                goal_attainment_plan_id = \(plan.goalAttainmentPlanID), behaviour_support_plan_id = \(plan.behaviourSupportPlanID),
                created_on = \(plan.createdOn), activation_date = \(plan.activationDate), expiry_date = \(plan.expiryDate),
                revision = \(revision)
            WHERE id = \(plan.id) AND revision = \(expectedRevision)
            """)
        try run("DELETE FROM item_instance WHERE plan_id = \(plan.id)")
        try insertInstances(instances, of: plan.id)
        return revision
    }

    /// What the rules of a plan row depend on, read in one round trip.
    private struct Facts {
        var storedRevision: Int?
        var otherActive: String?
        var otherReviewDraft: String?
        var clientExists: Bool
        var templateExists: Bool
        var previousExists: Bool
    }

    private func facts(about plan: SupportPlan) throws -> Facts {
        let rows = try run("""
            SELECT
                (SELECT revision FROM plan WHERE id = \(plan.id)),
                (SELECT id FROM plan WHERE client_id = \(plan.clientID) AND status = 'active' AND id <> \(plan.id) LIMIT 1),
                (SELECT id FROM plan WHERE previous_plan_id = \(plan.previousPlanID) AND status = 'draft' AND id <> \(plan.id)
                    ORDER BY seq LIMIT 1),
                EXISTS (SELECT 1 FROM client WHERE id = \(plan.clientID)),
                EXISTS (SELECT 1 FROM template_version WHERE template_id = \(plan.templateID) AND version = \(plan.templateVersion)),
                (\(plan.previousPlanID)::text IS NULL OR \(plan.previousPlanID) = \(plan.id)
                    OR EXISTS (SELECT 1 FROM plan WHERE id = \(plan.previousPlanID)))
            """)
        let (revision, active, draft, client, template, previous)
            = try decode(rows.first!, (Int?, String?, String?, Bool, Bool, Bool).self)
        return Facts(storedRevision: revision, otherActive: active, otherReviewDraft: draft, clientExists: client,
                     templateExists: template, previousExists: previous)
    }

    /// The rules a stored plan row obeys, in the order SQLite reports them: unique indexes, then references.
    private func check(_ plan: SupportPlan, _ facts: Facts) throws {
        if plan.status == .active, let other = facts.otherActive {
            throw StoreRefusals.secondActivePlan(client: plan.clientID, active: other, plan: plan.id)
        }
        if plan.status == .draft, let previous = plan.previousPlanID, let other = facts.otherReviewDraft {
            throw StoreRefusals.secondReviewDraft(of: previous, draft: other, plan: plan.id)
        }
        if !facts.clientExists { throw StoreRefusals.missingClient(plan: plan.id, client: plan.clientID) }
        if !facts.templateExists {
            throw StoreRefusals.unpublishedTemplate(plan: plan.id, template: plan.templateID, version: plan.templateVersion)
        }
        if let previous = plan.previousPlanID, !facts.previousExists {
            throw StoreRefusals.missingPreviousPlan(plan: plan.id, previous: previous)
        }
    }

    private struct InstanceRow: Encodable {
        var position: Int
        var key: String
        var instance: Int
        var status: String
        var values: String
        var records: String
        var url: String?
        var not_required_reason: String?
        var snapshot: String?
    }

    /// The plan's instances as rows, refusing an item held twice or values that cannot be stored.
    private func instanceRows(of plan: SupportPlan) throws -> [InstanceRow] {
        var seen = Set<InstanceRef>()
        return try plan.instances.enumerated().map { position, item in
            let values = try StoreRefusals.encoded(item.values, "the values of item '\(item.ref)' of plan '\(plan.id)'")
            let snapshot = try item.snapshot.map { try StoreRefusals.encoded($0, "the snapshot of item '\(item.ref)' of plan '\(plan.id)'") }
            guard seen.insert(item.ref).inserted else { throw StoreRefusals.itemTwice(plan: plan.id, item: item.ref) }
            return InstanceRow(position: position, key: item.key, instance: item.instance, status: item.status.rawValue,
                               values: values, records: ValueJSON.encode(item.records), url: item.url,
                               not_required_reason: item.notRequiredReason, snapshot: snapshot)
        }
    }

    /// All of a plan's instances in one statement: the rows travel as one JSON bind.
    private func insertInstances(_ rows: [InstanceRow], of planID: String) throws {
        guard !rows.isEmpty else { return }
        try run("""
            INSERT INTO item_instance (plan_id, key, instance, position, status, "values", records, url, not_required_reason, snapshot)
            SELECT \(planID), x.key, x.instance, x.position, x.status, x."values", x.records, x.url, x.not_required_reason, x.snapshot
            FROM json_to_recordset(\(try Self.json(rows))::json) AS x(position int, key text, instance int, status text,
                "values" text, records text, url text, not_required_reason text, snapshot text)
            """)
    }
}
