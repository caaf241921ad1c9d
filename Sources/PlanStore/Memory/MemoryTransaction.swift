import PlanModel

/// A transaction over a copy of a memory store's state: reads see the copy, writes change it, and the
/// store keeps it only when the transaction's body returns.
final class MemoryTransaction: StoreTransaction {
    var state: MemoryState

    init(_ state: MemoryState) { self.state = state }

    // MARK: Clients

    func client(id: String) throws -> Client? { state.clients[id] }

    func allClients() throws -> [Client] {
        state.clients.keys.sorted().map { state.clients[$0]! }
    }

    func upsert(_ client: Client) throws {
        _ = try StoreRefusals.encoded(client.profile, "the profile of client '\(client.id)'")
        state.clients[client.id] = client
    }

    // MARK: Records

    func record(id: String) throws -> ClientRecord? { state.records[id] }

    func records(clientID: String) throws -> [ClientRecord] {
        (state.recordsByClient[clientID] ?? []).sorted().map { state.records[$0]! }
    }

    func upsert(_ record: ClientRecord) throws {
        _ = try StoreRefusals.encoded(record.fields, "the fields of record '\(record.id)'")
        guard state.clients[record.clientID] != nil else {
            throw StoreRefusals.recordOfMissingClient(record: record.id, client: record.clientID)
        }
        if let old = state.records[record.id] { state.recordsByClient[old.clientID]?.remove(record.id) }
        state.records[record.id] = record
        state.recordsByClient[record.clientID, default: []].insert(record.id)
        if let (prefix, number) = try StoreRefusals.split(record.id) { bumpSequence("record:" + prefix, to: number) }
    }

    func nextRecordID(for type: RecordType) throws -> String {
        while true {
            let id = type.recordID(number: try nextNumber("record:" + type.prefix))
            // A record stored under a differently padded id could still hold this one; skip past it.
            if state.records[id] == nil { return id }
        }
    }

    // MARK: Id sequences

    private func nextNumber(_ series: String) throws -> Int {
        let next = try StoreRefusals.number(after: state.sequences[series] ?? 0, series: series)
        state.sequences[series] = Int64(next)
        return next
    }

    private func bumpSequence(_ series: String, to number: Int) {
        state.sequences[series] = max(state.sequences[series] ?? 0, Int64(number))
    }

    // MARK: Templates

    func templateVersion(id: String, version: Int) throws -> StoredTemplateVersion? {
        guard version >= 1, let versions = state.templates[id], version <= versions.count else { return nil }
        return versions[version - 1]
    }

    func latestTemplateVersion(id: String) throws -> StoredTemplateVersion? { state.templates[id]?.last }

    func templateIDs() throws -> [String] {
        state.templates.filter { !$0.value.isEmpty }.keys.sorted()
    }

    func publish(templateID: String, manifest: String, rulesSource: String?, libraries: [String: String],
                 profileSource: String?, recordTypesSource: String?, now: String) throws -> (version: Int, created: Bool) {
        let hash = StoredTemplateVersion.contentHash(manifest: manifest, rulesSource: rulesSource, libraries: libraries,
                                                     profileSource: profileSource, recordTypesSource: recordTypesSource)
        let latest = state.templates[templateID]?.last
        if let latest, latest.hash == hash { return (latest.version, false) }
        let version = (latest?.version ?? 0) + 1
        state.templates[templateID, default: []].append(StoredTemplateVersion(
            id: templateID, version: version, manifest: manifest, rulesSource: rulesSource, libraries: libraries,
            profileSource: profileSource, recordTypesSource: recordTypesSource, hash: hash, publishedAt: now))
        return (version, true)
    }

    // MARK: Plans

    func plan(id: String) throws -> SupportPlan? { state.plans[id] }

    func plans(clientID: String?, status: SupportPlan.Status?) throws -> [SupportPlan] {
        let ids = clientID.map { state.plansByClient[$0] ?? [] } ?? state.planOrder
        return ids.sorted().compactMap { state.plans[$0] }.filter { status == nil || $0.status == status }
    }

    func activePlan(clientID: String) throws -> SupportPlan? {
        (state.plansByClient[clientID] ?? []).lazy.compactMap { self.state.plans[$0] }.first { $0.status == .active }
    }

    func planCount(statuses: [SupportPlan.Status]) throws -> Int {
        let wanted = Set(statuses)
        return state.plans.values.reduce(0) { $0 + (wanted.contains($1.status) ? 1 : 0) }
    }

    func reviewDraft(of planID: String) throws -> SupportPlan? {
        state.planOrder.lazy.compactMap { self.state.plans[$0] }
            .first { $0.previousPlanID == planID && $0.status == .draft }
    }

    func nextPlanID() throws -> String {
        while true {
            let id = StoreRefusals.planID(number: try nextNumber("plan"))
            if state.plans[id] == nil { return id }
        }
    }

    func insert(_ plan: SupportPlan) throws {
        if state.plans[plan.id] != nil { throw StoreRefusals.duplicatePlan(plan.id) }
        try check(plan)
        state.plans[plan.id] = plan
        state.planSeq[plan.id] = state.planOrder.count
        state.planOrder.append(plan.id)
        state.plansByClient[plan.clientID, default: []].append(plan.id)
        if plan.id.hasPrefix("SP-"), let (_, number) = try StoreRefusals.split(plan.id) { bumpSequence("plan", to: number) }
    }

    @discardableResult
    func update(_ plan: SupportPlan, expectedRevision: Int) throws -> Int {
        let (revision, overflow) = expectedRevision.addingReportingOverflow(1)
        if overflow { throw StoreRefusals.revisionOverflow(plan: plan.id, revision: expectedRevision) }
        guard let stored = state.plans[plan.id] else { throw StoreRefusals.noPlan(plan.id) }
        guard stored.revision == expectedRevision else {
            throw StoreRefusals.staleRevision(plan: plan.id, stored: stored.revision, expected: expectedRevision)
        }
        try check(plan)
        var saved = plan
        saved.revision = revision
        state.plans[plan.id] = saved
        if stored.clientID != plan.clientID {
            state.plansByClient[stored.clientID]?.removeAll { $0 == plan.id }
            let seq = state.planSeq[plan.id] ?? 0
            var ids = state.plansByClient[plan.clientID] ?? []
            ids.insert(plan.id, at: ids.firstIndex { (state.planSeq[$0] ?? 0) > seq } ?? ids.endIndex)
            state.plansByClient[plan.clientID] = ids
        }
        return revision
    }

    /// The rules a stored plan row obeys, checked in the order SQLite reports them: unique indexes first,
    /// then references, then the item instances.
    private func check(_ plan: SupportPlan) throws {
        if plan.status == .active, let other = try activePlan(clientID: plan.clientID), other.id != plan.id {
            throw StoreRefusals.secondActivePlan(client: plan.clientID, active: other.id, plan: plan.id)
        }
        if plan.status == .draft, let previous = plan.previousPlanID,
           let other = try reviewDraft(of: previous), other.id != plan.id {
            throw StoreRefusals.secondReviewDraft(of: previous, draft: other.id, plan: plan.id)
        }
        if state.clients[plan.clientID] == nil { throw StoreRefusals.missingClient(plan: plan.id, client: plan.clientID) }
        if try templateVersion(id: plan.templateID, version: plan.templateVersion) == nil {
            throw StoreRefusals.unpublishedTemplate(plan: plan.id, template: plan.templateID, version: plan.templateVersion)
        }
        if let previous = plan.previousPlanID, state.plans[previous] == nil, previous != plan.id {
            throw StoreRefusals.missingPreviousPlan(plan: plan.id, previous: previous)
        }
        var seen = Set<InstanceRef>()
        for item in plan.instances {
            _ = try StoreRefusals.encoded(item.values, "the values of item '\(item.ref)' of plan '\(plan.id)'")
            if let snapshot = item.snapshot {
                _ = try StoreRefusals.encoded(snapshot, "the snapshot of item '\(item.ref)' of plan '\(plan.id)'")
            }
            guard seen.insert(item.ref).inserted else { throw StoreRefusals.itemTwice(plan: plan.id, item: item.ref) }
        }
    }

    // MARK: History

    func append(_ events: [HistoryEvent]) throws {
        for event in events {
            guard state.plans[event.planID] != nil else { throw StoreRefusals.historyOfMissingPlan(event.planID) }
            state.history[event.planID, default: []].append(event)
        }
    }

    func history(planID: String) throws -> [HistoryEvent] { state.history[planID] ?? [] }

    func append(_ events: [ClientEvent]) throws {
        for event in events {
            guard state.clients[event.clientID] != nil else { throw StoreRefusals.historyOfMissingClient(event.clientID) }
            state.clientHistory[event.clientID, default: []].append(event)
        }
    }

    func clientHistory(clientID: String) throws -> [ClientEvent] { state.clientHistory[clientID] ?? [] }
}
