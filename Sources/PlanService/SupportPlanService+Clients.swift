import Foundation
import PlanModel
import PlanStore

/// A client with everything `client show` prints.
public struct ClientSummary: Sendable {
    public var client: Client
    public var records: [ClientRecord]
    public var plans: [SupportPlan]
}

/// A client as every front end shows it, in JSON:
/// `{"client", "records", "plans": [PlanRow], "history": [ClientEvent]}`.
public struct ClientView: Sendable, Encodable {
    public var summary: ClientSummary
    public var history: [ClientEvent]

    public init(summary: ClientSummary, history: [ClientEvent]) { self.summary = summary; self.history = history }

    enum CodingKeys: String, CodingKey { case client, records, plans, history }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(summary.client, forKey: .client); try c.encode(summary.records, forKey: .records)
        try c.encode(summary.plans.map(PlanRow.init), forKey: .plans); try c.encode(history, forKey: .history)
    }
}

/// What an import did (or would do).
public struct ImportReport: Sendable, Encodable {
    public var created: [String]
    public var updated: [String]
    /// Clients the file names whose stored content it would not change.
    public var unchanged: [String]
    public var records: Int
    public var dryRun: Bool
    /// Every field the import changes, in file order.
    public var changes: [FieldChange]

    enum CodingKeys: String, CodingKey { case created, updated, unchanged, records, dryRun = "dry_run", changes }
}

/// One field an import changes: `C-0001` `profile.phone`, or `CC-00077` `phone`; nil for unset.
public struct FieldChange: Sendable, Encodable, Equatable {
    public var client: String
    public var target: String
    public var before: String?
    public var after: String?
}

extension ServiceCall {
    /// Imports clients from a JSON array or JSON lines. Each entry merges over what is stored: a key
    /// left out keeps its value, `null` clears it; with `replace`, an entry's profile and each listed
    /// record's fields are replaced whole. Every changed field is recorded in the client's history, and
    /// a record's changes also in the history of each plan linking it (an active one is flagged as
    /// needing review); nothing is imported when any entry is invalid.
    public func importClients(data: Data, file: String, replace: Bool = false, dryRun: Bool = false) throws -> ImportReport {
        _ = try read { tx in try authorize(.importClients, tx) }
        let parsed = try ClientImport.read(data: data, file: file, profile: rules.profile, recordTypes: rules.recordTypes)
        let now = clock()
        return try write(dryRun: dryRun) { tx in
            try authorize(.importClients, tx)
            var report = ImportReport(created: [], updated: [], unchanged: [], records: 0, dryRun: dryRun, changes: [])
            var problems: [String] = []
            var clientWrites: [Client] = []
            var recordWrites: [ClientRecord] = []
            var events: [ClientEvent] = []
            func change(_ client: String, _ action: String, _ target: String, _ before: FieldValue?, _ after: FieldValue?) {
                guard before != after else { return }
                let (b, a) = (before.map(\.displayText), after.map(\.displayText))
                report.changes.append(FieldChange(client: client, target: target, before: b, after: a))
                events.append(ClientEvent(clientID: client, at: now, user: user, action: action, target: target,
                                          before: HistoryEvent.text(before), after: HistoryEvent.text(after)))
            }
            for entry in parsed.entries {
                let existing = try tx.client(id: entry.id)
                guard existing != nil || entry.name != nil else {
                    problems.append("\(file): \(entry.label), name: is required for a new client"); continue
                }
                var client = existing ?? Client(id: entry.id, name: entry.name ?? "")
                let before = client
                if let name = entry.name { client.name = name }
                if replace { client.profile = FieldValues() }
                for (key, value) in entry.profile { client.profile[key] = value }
                let changesBefore = report.changes.count
                if existing == nil {
                    report.created.append(entry.id)
                    change(entry.id, "import", "name", nil, .text(client.name))
                } else if before.name != client.name {
                    change(entry.id, "import", "name", .text(before.name), .text(client.name))
                }
                for key in Set(before.profile.keys).union(client.profile.keys).sorted() {
                    change(entry.id, "import", "profile.\(key)", existing == nil ? nil : before.profile[key], client.profile[key])
                }
                for recordEntry in entry.records {
                    guard let type = rules.recordTypes[recordEntry.type] else { continue }
                    let stored = try tx.record(id: recordEntry.id)
                    if let stored, stored.clientID != entry.id {
                        problems.append("\(file): record \(recordEntry.id) belongs to client \(stored.clientID), not \(entry.id)"); continue
                    }
                    if let stored, stored.type != recordEntry.type {
                        problems.append("\(file): \(recordEntry.label).type: record \(recordEntry.id) is a \(stored.type), not a \(recordEntry.type)"); continue
                    }
                    var record = stored ?? ClientRecord(id: recordEntry.id, type: recordEntry.type, clientID: entry.id)
                    if replace { record.fields = FieldValues() }
                    for (key, value) in recordEntry.fields { record.fields[key] = value }
                    for (key, p) in type.problems(with: record.fields) { problems.append("\(file): \(recordEntry.label).\(key): \(p)") }
                    report.records += 1
                    let fieldsBefore = stored?.fields ?? FieldValues()
                    for key in Set(fieldsBefore.keys).union(record.fields.keys).sorted() {
                        change(entry.id, "import_record", "\(record.id).\(key)", fieldsBefore[key], record.fields[key])
                    }
                    if stored == nil && record.fields.isEmpty { change(entry.id, "import_record", record.id, nil, .text(record.type)) }
                    if stored != record { recordWrites.append(record) }
                }
                if existing != nil {
                    if report.changes.count > changesBefore { report.updated.append(entry.id) } else { report.unchanged.append(entry.id) }
                }
                if existing != client { clientWrites.append(client) }
            }
            guard problems.isEmpty else { throw ServiceError.badInput(problems) }
            let planEvents = try linkedPlanEvents(events, recordWrites, tx)
            for client in clientWrites { try tx.upsert(client) }
            for record in recordWrites { try tx.upsert(record) }
            try tx.append(events)
            try tx.append(planEvents)
            return report
        }
    }

    /// The history rows an import's record changes add to the plans linking those records: each changed
    /// field as `import_record` (as in the client's history), and for an active plan one `needs_review`
    /// per record, as an edit outside the plan flags it (see `editRecord`). Plans of every status that
    /// link the record get the rows, as record edits give them.
    private func linkedPlanEvents(_ events: [ClientEvent], _ records: [ClientRecord],
                                  _ tx: any StoreReader) throws -> [HistoryEvent] {
        var planEvents: [HistoryEvent] = []
        var plansByClient: [String: [SupportPlan]] = [:]
        for record in records {
            if plansByClient[record.clientID] == nil { plansByClient[record.clientID] = try tx.plans(clientID: record.clientID, status: nil) }
            let linking = plansByClient[record.clientID]!.filter { plan in plan.instances.contains { $0.records.contains(record.id) } }
            guard !linking.isEmpty else { continue }
            let changes = events.filter { $0.action == "import_record" && $0.clientID == record.clientID
                && ($0.target == record.id || $0.target.hasPrefix(record.id + ".")) }
            guard let first = changes.first else { continue }
            for plan in linking {
                planEvents += changes.map { HistoryEvent(planID: plan.id, at: $0.at, user: $0.user, action: $0.action,
                                                         target: $0.target, before: $0.before, after: $0.after) }
                if plan.status == .active {
                    planEvents.append(HistoryEvent(planID: plan.id, at: first.at, user: first.user, action: "needs_review",
                                                   target: record.id, after: "Record \(record.id) was changed by an import after activation"))
                }
            }
        }
        return planEvents
    }

    /// The changes made to a client and its records outside plans, oldest first.
    public func clientHistory(_ id: String) throws -> [ClientEvent] {
        try read { tx in
            guard try tx.client(id: id) != nil else { throw ServiceError.notFound("client", id, topic: .client) }
            _ = try readableClientPlans(id, tx)
            return try tx.clientHistory(clientID: id)
        }
    }

    /// Clients whose id or name contains `query` (any case), in id order; every client when it is nil
    /// or blank. At most `limit` of them.
    public func clients(matching query: String?, limit: Int = 100) throws -> [Client] {
        let needle = query?.trimmingCharacters(in: .whitespaces) ?? ""
        guard (1...1000).contains(limit) else { throw ServiceError.badInput("A client search returns 1 to 1000 clients, not \(limit)") }
        return try read { tx in
            let all = try tx.allClients()
            let found = needle.isEmpty ? all : all.filter {
                $0.id.range(of: needle, options: .caseInsensitive) != nil || $0.name.range(of: needle, options: .caseInsensitive) != nil
            }
            return Array(found.prefix(limit))
        }
    }

    public func client(_ id: String) throws -> ClientSummary {
        try read { tx in
            guard let client = try tx.client(id: id) else { throw ServiceError.notFound("client", id, topic: .client) }
            let plans = try readableClientPlans(id, tx)
            return ClientSummary(client: client, records: try tx.records(clientID: id), plans: plans)
        }
    }

    public func record(_ id: String) throws -> ClientRecord {
        try read { tx in
            guard let record = try tx.record(id: id) else { throw ServiceError.notFound("record", id, topic: .record) }
            _ = try readableClientPlans(record.clientID, tx)
            return record
        }
    }

    /// Edits a record, validated by its record type and by the form of every draft plan that links it.
    ///
    /// Each such draft re-checks the items linking the record and reopens those whose check now fails,
    /// with history, as an edit made inside the plan would. An active plan is what was agreed: its items
    /// are not touched; its history notes the edit and the plan is flagged as needing review
    /// (`needs_review` events, shown by `plan show` until a review replaces it).
    public func editRecord(_ id: String, _ assignments: [Assignment], dryRun: Bool = false) throws -> RecordChange {
        try write(dryRun: dryRun) { tx in
            try authorize(.editRecords, tx)
            guard var record = try tx.record(id: id) else { throw ServiceError.notFound("record", id, topic: .record) }
            guard let type = rules.recordTypes[record.type] else {
                throw ServiceError.badInput("Record \(id) has type '\(record.type)', which record-types.yaml does not define")
            }
            let before = record.fields
            let typed = try Assignment.typed(assignments, fields: type.fields, owner: "Record type '\(type.key)'")
            for (key, value) in typed { record.fields[key] = value }
            var messages: [String] = []
            for (key, p) in type.problems(with: record.fields) { messages.append("\(key): \(p)") }
            guard messages.isEmpty else { throw ServiceError.refused(messages) }

            let linking = try tx.plans(clientID: record.clientID, status: nil)
                .filter { plan in plan.instances.contains { $0.records.contains(id) } }
            var benches: [(LoadedPlan, PlanWorkbench)] = []
            var reasons: [String] = []
            var fieldMessages: [String: String] = [:]
            for plan in linking where plan.status == .draft {
                let loaded = try loadPlan(plan.id, tx)
                var bench = workbench(loaded, tx, allocationError: RecordIDAllocation())
                do throws(PlanRefusal) {
                    try bench.editRecord(id, typed)
                } catch {
                    for reason in error.reasons where !reasons.contains(reason) { reasons.append(reason) }
                    fieldMessages.merge(error.fieldMessages) { first, _ in first }
                }
                benches.append((loaded, bench))
            }
            guard reasons.isEmpty else { throw ServiceError.refused(reasons, fieldMessages: fieldMessages) }

            var effects: [RecordChange.PlanEffect] = []
            for (loaded, bench) in benches {
                try save(bench, original: loaded, tx)
                effects.append(.init(plan: bench.plan.id, status: bench.plan.status, needsReview: false,
                                     reopened: bench.events.filter { $0.action == "reopen" }.map(\.target)))
            }
            // Stored after the drafts', so the record type's reading of the values is the one kept.
            try tx.upsert(record)
            for plan in linking where plan.status != .draft {
                var events = [HistoryEvent(planID: plan.id, at: clock(), user: user, action: "edit_record", target: id,
                                           before: HistoryEvent.text(before), after: HistoryEvent.text(record.fields))]
                if plan.status == .active {
                    events.append(HistoryEvent(planID: plan.id, at: clock(), user: user, action: "needs_review", target: id,
                                               after: "Record \(id) was edited after activation"))
                }
                try tx.append(events)
                effects.append(.init(plan: plan.id, status: plan.status, needsReview: plan.status == .active, reopened: []))
            }
            return RecordChange(record: record, dryRun: dryRun, plans: effects.sorted { $0.plan < $1.plan })
        }
    }
}

/// What a record edit did (or, in a dry run, would do): the record after, and what it did to each plan
/// linking it. As JSON, the record's keys with `dry_run` and `plans` beside them.
public struct RecordChange: Sendable, Encodable {
    public var record: ClientRecord
    public var dryRun: Bool
    public var plans: [PlanEffect]

    /// One plan linking the record: the draft items the edit reopened, or an active plan now needing review.
    public struct PlanEffect: Sendable, Encodable, Equatable {
        public var plan: String
        public var status: SupportPlan.Status
        public var needsReview: Bool
        public var reopened: [String]

        public init(plan: String, status: SupportPlan.Status, needsReview: Bool, reopened: [String]) {
            self.plan = plan; self.status = status; self.needsReview = needsReview; self.reopened = reopened
        }

        enum CodingKeys: String, CodingKey { case plan, status, needsReview = "needs_review", reopened }
    }

    enum CodingKeys: String, CodingKey { case id, type, clientID = "client_id", fields, dryRun = "dry_run", plans }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(record.id, forKey: .id); try c.encode(record.type, forKey: .type)
        try c.encode(record.clientID, forKey: .clientID); try c.encode(record.fields, forKey: .fields)
        try c.encode(dryRun, forKey: .dryRun); try c.encode(plans, forKey: .plans)
    }
}

extension ServiceCall {
    /// The client's plans the acting user may see: all of them, or, for whoever reads only active plans,
    /// the active one, and then only of a client who has one.
    func readableClientPlans(_ clientID: String, _ tx: any StoreReader) throws -> [SupportPlan] {
        let acting = try authorize(.readActivePlans, tx)
        let plans = try tx.plans(clientID: clientID, status: nil)
        if acting.may(.readAnyClient) { return plans }
        let active = plans.filter { $0.status == .active }
        guard !active.isEmpty else { throw ServiceError.forbidden("\(acting.described) may not \(Permission.readAnyClient.phrase)") }
        return active
    }
}
