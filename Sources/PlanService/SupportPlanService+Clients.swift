import Foundation
import PlanModel
import PlanStore

/// A client with everything `client show` prints.
public struct ClientSummary: Sendable {
    public var client: Client
    public var records: [ClientRecord]
    public var plans: [SupportPlan]
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
    /// record's fields are replaced whole. Every changed field is recorded in the client's history;
    /// nothing is imported when any entry is invalid.
    public func importClients(data: Data, file: String, replace: Bool = false, dryRun: Bool = false) throws -> ImportReport {
        let parsed = try ClientImport.read(data: data, file: file, profile: rules.profile, recordTypes: rules.recordTypes)
        let now = clock()
        return try write(dryRun: dryRun) { tx in
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
            for client in clientWrites { try tx.upsert(client) }
            for record in recordWrites { try tx.upsert(record) }
            try tx.append(events)
            return report
        }
    }

    /// The changes made to a client and its records outside plans, oldest first.
    public func clientHistory(_ id: String) throws -> [ClientEvent] {
        try read { tx in
            guard try tx.client(id: id) != nil else { throw ServiceError.notFound("client", id, topic: .client) }
            return try tx.clientHistory(clientID: id)
        }
    }

    public func client(_ id: String) throws -> ClientSummary {
        try read { tx in
            guard let client = try tx.client(id: id) else { throw ServiceError.notFound("client", id, topic: .client) }
            return ClientSummary(client: client, records: try tx.records(clientID: id),
                                 plans: try tx.plans(clientID: id, status: nil))
        }
    }

    public func record(_ id: String) throws -> ClientRecord {
        try read { tx in
            guard let record = try tx.record(id: id) else { throw ServiceError.notFound("record", id, topic: .record) }
            return record
        }
    }

    /// Edits a record, validated by its record type; inside a plan, use the plan's template form instead.
    public func editRecord(_ id: String, _ assignments: [Assignment], dryRun: Bool = false) throws -> ClientRecord {
        try write(dryRun: dryRun) { tx in
            guard var record = try tx.record(id: id) else { throw ServiceError.notFound("record", id, topic: .record) }
            guard let type = rules.recordTypes[record.type] else {
                throw ServiceError.badInput("Record \(id) has type '\(record.type)', which record-types.yaml does not define")
            }
            let before = record.fields
            for (key, value) in try Assignment.typed(assignments, fields: type.fields, owner: "Record type '\(type.key)'") {
                record.fields[key] = value
            }
            var messages: [String] = []
            for (key, p) in type.problems(with: record.fields) { messages.append("\(key): \(p)") }
            guard messages.isEmpty else { throw ServiceError.refused(messages) }
            try tx.upsert(record)
            // Edits outside a plan are recorded against every plan that links the record.
            for plan in try tx.plans(clientID: record.clientID, status: nil) where plan.instances.contains(where: { $0.records.contains(id) }) {
                try tx.append([HistoryEvent(planID: plan.id, at: clock(), user: user, action: "edit_record", target: id,
                                                    before: HistoryEvent.text(before), after: HistoryEvent.text(record.fields))])
            }
            return record
        }
    }
}
