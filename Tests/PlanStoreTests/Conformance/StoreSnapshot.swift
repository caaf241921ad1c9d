import PlanModel
@testable import PlanStore

/// Everything a store holds, read through `StoreReader` alone (and the next ids of a few series, read in
/// a write that is then rolled back): two equal snapshots mean the store's content did not change.
struct StoreSnapshot: Equatable {
    var clients: [Client]
    var records: [ClientRecord]
    var templates: [StoredTemplateVersion]
    var plans: [SupportPlan]
    var history: [String: [HistoryEvent]]
    var clientHistory: [String: [ClientEvent]] = [:]
    var users: [StoredUser] = []
    var tokens: [StoredToken] = []
    var nextIDs: [String]

    init(clients: [Client], records: [ClientRecord], templates: [StoredTemplateVersion], plans: [SupportPlan],
         history: [String: [HistoryEvent]], nextIDs: [String]) {
        self.clients = clients; self.records = records; self.templates = templates; self.plans = plans
        self.history = history; self.nextIDs = nextIDs
    }

    init(of store: any PlanStore) throws {
        (users, tokens) = try store.read { tx in
            let users = try tx.users()
            return (users, try users.flatMap { try tx.tokens(user: $0.name) })
        }
        clientHistory = try store.read { tx in
            var out: [String: [ClientEvent]] = [:]
            for client in try tx.allClients() { out[client.id] = try tx.clientHistory(clientID: client.id) }
            return out
        }
        (clients, records, templates, plans, history) = try store.read { tx in
            let clients = try tx.allClients()
            let records = try clients.flatMap { try tx.records(clientID: $0.id) }
            var templates: [StoredTemplateVersion] = []
            for id in try tx.templateIDs() {
                let latest = try tx.latestTemplateVersion(id: id)?.version ?? 0
                for version in 1...max(1, latest) { if let v = try tx.templateVersion(id: id, version: version) { templates.append(v) } }
            }
            let plans = try tx.plans(clientID: nil, status: nil)
            var history: [String: [HistoryEvent]] = [:]
            for plan in plans { history[plan.id] = try tx.history(planID: plan.id) }
            return (clients, records, templates, plans, history)
        }
        var next: [String] = []
        do {
            try store.write { tx in
                next = [(try? tx.nextPlanID()) ?? "used up"] + [careContact, medication, kType].map { (try? tx.nextRecordID(for: $0)) ?? "used up" }
                throw RolledBack()
            }
        } catch is RolledBack {}
        nextIDs = next
    }

    private struct RolledBack: Error {}
}

let careContact = RecordType(key: "care_contact", label: "Care contact", prefix: "CC", display: [], fields: [])
let medication = RecordType(key: "medication", label: "Medication", prefix: "MED", display: [], fields: [])
let kType = RecordType(key: "k", label: "K", prefix: "K", display: [], fields: [])
