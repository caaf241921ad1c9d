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
    public var records: Int
    public var dryRun: Bool

    enum CodingKeys: String, CodingKey { case created, updated, records, dryRun = "dry_run" }
}

extension ServiceCall {
    /// Imports clients from a JSON array or JSON lines, upserting by id; nothing when any entry is invalid.
    public func importClients(data: Data, file: String, dryRun: Bool = false) throws -> ImportReport {
        let parsed = try ClientImport.read(data: data, file: file, profile: rules.profile, recordTypes: rules.recordTypes)
        return try write(dryRun: dryRun) { tx in
            var report = ImportReport(created: [], updated: [], records: parsed.records.count, dryRun: dryRun)
            var problems: [String] = []
            for record in parsed.records {
                if let existing = try tx.record(id: record.id), existing.clientID != record.clientID {
                    problems.append("\(file): record \(record.id) belongs to client \(existing.clientID), not \(record.clientID)")
                }
            }
            guard problems.isEmpty else { throw ServiceError.badInput(problems) }
            for var client in parsed.clients {
                if let existing = try tx.client(id: client.id) {
                    client.latestPlanID = existing.latestPlanID
                    report.updated.append(client.id)
                } else {
                    report.created.append(client.id)
                }
                try tx.upsert(client)
            }
            for record in parsed.records { try tx.upsert(record) }
            return report
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
            for field in type.fields { if let p = field.problem(with: record.fields[field.key]) { messages.append("\(field.key): \(p)") } }
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
