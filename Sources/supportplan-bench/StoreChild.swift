import Foundation
import PlanModel
import PlanService
import PlanStore
import PlanStorePostgres

/// The store workloads, each run alone in a child process (`supportplan-bench --child KIND DB …`) so its peak memory
/// is its own. Each prints `key=value` lines: `seconds`, `plans`, `peak_mib`.
enum StoreChild {
    static let clientsPerHundredPlans = 1
    static let recordsPerClient = 20

    static func main(_ arguments: [String], context: BenchContext) throws {
        guard arguments.count >= 2 else { throw Subprocess.Failure(description: "usage: --child write|stream|read|batch DB [N]") }
        let kind = arguments[0], db = arguments[1]
        let started = Harness.wallSeconds()
        var figures: [String: Double] = [:]
        switch kind {
        case "write": figures["plans"] = Double(try write(db: db, plans: Int(arguments.dropFirst(2).first ?? "") ?? 1_000, context: context))
        case "stream": figures["plans"] = Double(try stream(db: db))
        case "read": figures["plans"] = Double(try readOnly(db: db))
        case "batch":
            let summary = try batch(db: db, context: context)
            figures["plans"] = Double(summary.plans)
            figures["plans_with_rule_errors"] = Double(summary.plansWithRuleErrors)
        default: throw Subprocess.Failure(description: "unknown child workload '\(kind)'")
        }
        figures["seconds"] = Harness.wallSeconds() - started
        figures["peak_mib"] = Memory.peakMiB()
        for (key, value) in figures.sorted(by: { $0.key < $1.key }) { print("\(key)=\(value)") }
    }

    /// A fresh store holding `plans` copies of the benchmark plan, spread over one client per 100 plans,
    /// each client with the benchmark profile and 20 case notes. 1,000 plans per transaction.
    static func write(db: String, plans: Int, context: BenchContext) throws -> Int {
        if case .file = StoreLocation(db) {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        }
        let bench = try BenchPlan(planRules: context.planRules)
        let store = try openStore(db)
        let manifest = try String(contentsOfFile: "\(context.planRules)/\(BenchPlan.templateID)/template.yaml", encoding: .utf8)
        let clients = max(1, plans / 100)
        let version = try store.write { tx in
            let (version, _) = try tx.publish(templateID: BenchPlan.templateID, manifest: manifest,
                                              rulesSource: bench.template.rulesSource, libraries: bench.folder.libraries,
                                              now: "2026-11-27T00:00:00Z")
            var recordNumber = 0
            for c in 1...clients {
                var client = bench.client
                client.id = String(format: "C-%06d", c)
                try tx.upsert(client)
                for record in bench.records {
                    recordNumber += 1
                    try tx.upsert(ClientRecord(id: String(format: "NTE-%07d", recordNumber), type: record.type,
                                               clientID: client.id, fields: record.fields))
                }
            }
            return version
        }
        var written = 0
        while written < plans {
            let end = min(plans, written + 1_000)
            try store.write { tx in
                for n in (written + 1)...end {
                    var plan = bench.plan(id: String(format: "SP-%06d", n), clientID: String(format: "C-%06d", (n - 1) % clients + 1))
                    plan.templateVersion = version
                    try tx.insert(plan)
                }
            }
            written = end
        }
        return written
    }

    /// The store `db` names: a SQLite file or a PostgreSQL URL (whose schema the write workload expects empty).
    static func openStore(_ db: String) throws -> any PlanStore {
        try StoreFactory.open(db, postgres: PostgresPlanStore.opener)
    }

    /// Every plan streamed back with `forEachPlan`.
    static func stream(db: String) throws -> Int {
        let store = try openStore(db)
        var plans = 0, instances = 0
        try store.forEachPlan { plan in
            plans += 1
            instances += plan.instances.count
        }
        guard instances == plans * 100 else { throw Subprocess.Failure(description: "streamed \(instances) items for \(plans) plans") }
        return plans
    }

    /// The batch's baseline: what `evaluateAll` reads, and nothing else — every draft and active plan in batches of
    /// 512, and for each its client, the client's records and its template version, in one read per batch.
    static func readOnly(db: String) throws -> Int {
        let store = try openStore(db)
        var pending: [SupportPlan] = []
        var plans = 0, records = 0
        func flush() throws {
            guard !pending.isEmpty else { return }
            try store.read { tx in
                for plan in pending {
                    guard try tx.client(id: plan.clientID) != nil,
                          try tx.templateVersion(id: plan.templateID, version: plan.templateVersion) != nil else {
                        throw Subprocess.Failure(description: "plan \(plan.id) lost its client or template")
                    }
                    records += try tx.records(clientID: plan.clientID).count
                    plans += 1
                }
            }
            pending.removeAll(keepingCapacity: true)
        }
        try store.forEachPlan(statuses: [.draft, .active], batchSize: 512) { plan in
            pending.append(plan)
            if pending.count >= 512 { try flush() }
        }
        try flush()
        guard records == plans * recordsPerClient else { throw Subprocess.Failure(description: "read \(records) records for \(plans) plans") }
        return plans
    }

    /// `plan evaluate --all`: `SupportPlanService.evaluateAll` on 2 threads.
    static func batch(db: String, context: BenchContext) throws -> BatchSummary {
        let store = try openStore(db)
        let cache = try RulesCache(folder: URL(fileURLWithPath: context.planRules))
        let service = SupportPlanService(store: store, rules: cache).call(as: Caller(user: "bench", today: "2026-11-27"))
        return try service.evaluateAll(threads: 2)
    }
}
