import PlanModel
import PlanRules
import PlanStore

extension ServiceCall {
    /// Creates a draft plan for a client from the latest published version of an active template.
    public func createPlan(client clientID: String, template templateID: String, goalPlan: String? = nil,
                           behaviourPlan: String? = nil, dryRun: Bool = false) throws -> PlanChange {
        try write(dryRun: dryRun) { tx in
            try authorize(.createPlans, tx)
            guard let client = try tx.client(id: clientID) else { throw ServiceError.notFound("client", clientID, topic: .client) }
            guard let stored = try tx.latestTemplateVersion(id: templateID) else {
                throw ServiceError(.badInput, ["Template '\(templateID)' has not been published"], topic: .unpublishedTemplate, subject: templateID)
            }
            for (id, typeKey, topic) in [(goalPlan, RecordTypeCatalog.goalAttainmentPlan, ServiceError.Topic.goalPlan),
                                         (behaviourPlan, RecordTypeCatalog.behaviourSupportPlan, .behaviourPlan)] {
                guard let id else { continue }
                let what = rules.recordTypes[typeKey]?.label.lowercased() ?? typeKey
                guard let record = try tx.record(id: id) else {
                    throw ServiceError(.notFound, ["No record with id '\(id)' (for the \(what))"], topic: topic, subject: id)
                }
                // A record of another type is a wrong argument, not something the plan's life refuses.
                guard record.type == typeKey else {
                    let actual = rules.recordTypes[record.type]?.label.lowercased() ?? record.type
                    throw ServiceError(.badInput, ["Record \(id) is a \(actual), not a \(what)"], topic: topic, subject: id)
                }
            }
            let lease = try self.rules.lease(stored)
            let template = lease.template, rules = lease.engine
            let records = try tx.records(clientID: client.id)
            let allocation = RecordIDAllocation()
            let bench = try PlanWorkbench.create(
                id: try tx.nextPlanID(), template: template, recordTypes: lease.recordTypes, rules: rules,
                client: client, records: records, goalAttainmentPlan: goalPlan, behaviourSupportPlan: behaviourPlan,
                today: today, user: user, timestamp: clock(), nextRecordID: allocation.allocator(tx), profile: lease.profile)
            try allocation.check()
            let plan = try save(bench, original: nil, tx)
            return PlanChange(plan: plan, evaluation: bench.evaluate(), events: bench.events, dryRun: dryRun,
                              createdRecords: [], upgrade: nil)
        }
    }

    /// Evaluates one plan with the rules of the template version it was made from (from the
    /// evaluation cache when nothing it depends on changed since the last time).
    public func evaluate(_ planID: String) throws -> PlanEvaluation {
        try read { tx in
            let loaded = try loadPlan(planID, tx)
            try authorizeRead(loaded.plan, tx)
            return evaluation(of: loaded)
        }
    }

    /// Evaluates one plan and returns what its hooks printed (for tracing): always a real run, never
    /// the cache, since the log is what the run printed.
    public func evaluateWithLog(_ planID: String) throws -> (evaluation: PlanEvaluation, log: [String]) {
        try read { tx in
            let loaded = try loadPlan(planID, tx)
            try authorizeRead(loaded.plan, tx)
            let traced = LoggingRules(loaded.rules)
            let evaluation = PlanEvaluator.evaluate(
                RulesInput(template: loaded.template, plan: loaded.plan, client: loaded.client, records: loaded.records,
                           recordTypes: loaded.recordTypes, today: today, profile: loaded.profile),
                rules: traced)
            return (evaluation, traced.log)
        }
    }

    /// The plan, its template and its evaluation, for `plan show`.
    public func show(_ planID: String) throws -> PlanView {
        try read { tx in
            let loaded = try loadPlan(planID, tx)
            try authorizeRead(loaded.plan, tx)
            let encoded = encodedEvaluation(of: loaded)
            let evaluation = encoded.evaluation
            // An active plan is flagged by the record edits and imports made since it was agreed (see
            // `editRecord`, `importClients`), and by each item agreed as done whose check fails now.
            let flags = loaded.plan.status == .active
                ? try tx.history(planID: planID).filter { $0.action == "needs_review" }.compactMap(\.after)
                    + evaluation.items.filter(\.visible).compactMap(\.lapseMessage)
                : []
            return PlanView(plan: loaded.plan, template: loaded.template, client: loaded.client, records: loaded.records,
                            recordTypes: loaded.recordTypes, evaluation: evaluation, needsReview: flags, encoded: encoded)
        }
    }

    /// Applies one operation to a draft's workbench and stores the result in one transaction, when the
    /// acting user has `permission`.
    func change(_ planID: String, requiring permission: Permission, dryRun: Bool = false,
                _ operation: (inout PlanWorkbench) throws -> Void) throws -> PlanChange {
        try write(dryRun: dryRun) { tx in
            try authorize(permission, tx)
            let loaded = try loadPlanForChange(planID, tx)
            let allocation = RecordIDAllocation()
            var bench = workbench(loaded, tx, allocationError: allocation)
            try operation(&bench)
            try allocation.check()
            let stored = try save(bench, original: loaded, tx)
            let created = bench.records.filter { r in bench.changedRecordIDs.contains(r.id) && !loaded.records.contains { $0.id == r.id } }
            let after = evaluationAfter(bench, stored: stored, loaded, dryRun: dryRun)
            var change = PlanChange(plan: stored, evaluation: after.evaluation, events: bench.events, dryRun: dryRun,
                                    createdRecords: created, upgrade: nil)
            change.encoded = after.encoded
            return change
        }
    }

    /// Activates a complete draft; the client's previous active plan expires in the same transaction.
    public func activate(_ planID: String, dryRun: Bool = false) throws -> PlanChange {
        try write(dryRun: dryRun) { tx in
            try authorize(.activatePlans, tx)
            let loaded = try loadPlanForChange(planID, tx)
            var bench = workbench(loaded, tx, allocationError: RecordIDAllocation())
            let previous = try tx.activePlan(clientID: loaded.client.id)
            let expired = try bench.activate(previousActive: previous)
            if let expired, let previous { try tx.update(expired, expectedRevision: previous.revision) }
            let stored = try save(bench, original: loaded, tx)
            let after = evaluationAfter(bench, stored: stored, loaded, dryRun: dryRun)
            var change = PlanChange(plan: stored, evaluation: after.evaluation, events: bench.events, dryRun: dryRun,
                                    expiredPlan: expired?.id, createdRecords: [], upgrade: nil)
            change.encoded = after.encoded
            return change
        }
    }

    /// Starts a review of an active plan: a linked draft copy, optionally moved to the template's latest version.
    public func startReview(_ planID: String, upgrade: Bool = false, dryRun: Bool = false) throws -> PlanChange {
        try write(dryRun: dryRun) { tx in
            try authorize(.startReviews, tx)
            let loaded = try loadPlanForChange(planID, tx)
            var newTemplate: PlanTemplate?
            var upgradeLease: RulesLease?
            var newRules: LuaRules = loaded.rules
            if upgrade {
                guard let latest = try tx.latestTemplateVersion(id: loaded.template.id) else {
                    throw ServiceError.badInput("Template '\(loaded.template.id)' has no published version")
                }
                upgradeLease = try self.rules.lease(latest)
                newTemplate = upgradeLease?.template
                newRules = upgradeLease!.engine
            }
            let allocation = RecordIDAllocation()
            let (bench, report) = try PlanWorkbench.startReview(
                of: loaded.plan, newID: try tx.nextPlanID(), hasReviewDraft: try tx.reviewDraft(of: planID) != nil,
                template: loaded.template, upgradeTo: newTemplate, recordTypes: upgradeLease?.recordTypes ?? loaded.recordTypes,
                rules: newRules, client: loaded.client, records: loaded.records,
                today: today, user: user, timestamp: clock(), nextRecordID: allocation.allocator(tx),
                profile: upgradeLease?.profile ?? loaded.profile)
            try allocation.check()
            let stored = try save(bench, original: nil, tx)
            return PlanChange(plan: stored, evaluation: bench.evaluate(), events: bench.events, dryRun: dryRun,
                              createdRecords: [], upgrade: report)
        }
    }

    /// Discards a draft.
    public func discard(_ planID: String, dryRun: Bool = false) throws -> PlanChange {
        try change(planID, requiring: .discardDrafts, dryRun: dryRun) { bench in try bench.discard() }
    }

    public func history(_ planID: String) throws -> [HistoryEvent] {
        try read { tx in
            guard let plan = try tx.plan(id: planID) else { throw ServiceError.notFound("plan", planID, topic: .plan) }
            try authorizeRead(plan, tx)
            return try tx.history(planID: planID)
        }
    }

    public func plans(client: String? = nil, status: SupportPlan.Status? = nil) throws -> [SupportPlan] {
        try read { tx in
            if let client, try tx.client(id: client) == nil { throw ServiceError.notFound("client", client, topic: .client) }
            // Whoever may read only active plans is shown only those.
            if !(try authorize(.readActivePlans, tx).may(.readAnyPlan)) {
                return status == nil || status == .active ? try tx.plans(clientID: client, status: .active) : []
            }
            return try tx.plans(clientID: client, status: status)
        }
    }
}
