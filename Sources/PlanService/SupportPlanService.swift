import Foundation
import PlanModel
import PlanRules
import PlanStore

/// Every operation on clients, templates and plans, as a library: the CLI and the coming HTTP API
/// are thin over it. Each changing operation is one store transaction; a refused or failing one,
/// or a dry run, changes nothing.
public final class SupportPlanService {
    public let store: any PlanStore
    public let rules: RulesCache
    public var user: String
    /// The evaluation date, `YYYY-MM-DD`.
    public var today: String
    /// When events happen, ISO 8601; a clock so tests can fix it.
    public var clock: () -> String

    public init(store: any PlanStore, rules: RulesCache, user: String, today: String,
                clock: @escaping () -> String = SupportPlanService.isoNow) {
        self.store = store; self.rules = rules; self.user = user; self.today = today; self.clock = clock
    }

    public static func isoNow() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }

    /// Today's local date as `YYYY-MM-DD`.
    public static func localToday() -> String {
        let c = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: c.year!, month: c.month!, day: c.day!)!.description
    }

    /// Runs `body` in one write transaction; with `dryRun` the transaction is rolled back after the
    /// body computed its result, so the caller sees what would change.
    func write<T>(dryRun: Bool, _ body: (any StoreTransaction) throws -> T) throws -> T {
        var result: T?
        do {
            try store.write { tx in
                result = try body(tx)
                if dryRun { throw DryRunRollback() }
            }
        } catch is DryRunRollback {
        } catch let error as ServiceError {
            throw error
        } catch let error as PlanRefusal {
            throw ServiceError.refused(error.reasons, fieldMessages: error.fieldMessages)
        } catch let error as StoreError {
            throw ServiceError(error.kind == .conflict ? .refused : .badInput, [error.description])
        }
        return result!
    }

    func read<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        do {
            return try store.read(body)
        } catch let error as ServiceError {
            throw error
        } catch let error as StoreError {
            throw ServiceError.badInput(error.description)
        }
    }
}

struct DryRunRollback: Error {}

/// The state one plan operation works on, loaded inside a transaction.
struct LoadedPlan {
    var plan: SupportPlan
    var client: Client
    var records: [ClientRecord]
    var template: PlanTemplate
    var rules: LuaRules
}

extension SupportPlanService {
    func loadPlan(_ id: String, _ tx: any StoreReader) throws -> LoadedPlan {
        guard let plan = try tx.plan(id: id) else { throw ServiceError.badInput("No plan with id '\(id)' (see `supportplan plan list`)") }
        guard let client = try tx.client(id: plan.clientID) else { throw ServiceError.badInput("Plan \(id) names client '\(plan.clientID)', which does not exist") }
        let records = try tx.records(clientID: client.id)
        guard let stored = try tx.templateVersion(id: plan.templateID, version: plan.templateVersion) else {
            throw ServiceError.badInput("Plan \(id) was made from template '\(plan.templateID)' version \(plan.templateVersion), which is not stored")
        }
        let (template, rules) = try self.rules.rules(for: stored)
        return LoadedPlan(plan: plan, client: client, records: records, template: template, rules: rules)
    }

    func workbench(_ loaded: LoadedPlan, _ tx: any StoreTransaction, allocationError: RecordIDAllocation) -> PlanWorkbench {
        PlanWorkbench(template: loaded.template, recordTypes: rules.recordTypes, rules: loaded.rules, plan: loaded.plan,
                      client: loaded.client, records: loaded.records, today: today, user: user, timestamp: clock(),
                      nextRecordID: allocationError.allocator(tx))
    }

    /// Stores what a workbench changed: the plan (revision-checked), the profile, records and history.
    func save(_ bench: PlanWorkbench, original: LoadedPlan?, _ tx: any StoreTransaction) throws {
        if let original {
            try tx.update(bench.plan, expectedRevision: original.plan.revision)
            if original.client != bench.client { try tx.upsert(bench.client) }
        } else {
            try tx.insert(bench.plan)
            try tx.upsert(bench.client)
        }
        for id in Set(bench.changedRecordIDs) {
            if let record = bench.records.first(where: { $0.id == id }) { try tx.upsert(record) }
        }
        try tx.append(bench.events)
    }
}

/// Hands the model's non-throwing id allocator a store sequence, keeping the first failure to rethrow.
final class RecordIDAllocation {
    var failure: Error?
    func allocator(_ tx: any StoreTransaction) -> (RecordType) -> String {
        return { [self] type in
            do { return try tx.nextRecordID(for: type) } catch {
                failure = failure ?? error
                return type.recordID(number: 0)
            }
        }
    }
    func check() throws { if let failure { throw failure } }
}
