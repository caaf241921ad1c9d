import Foundation
import Logging
import PlanModel
import PlanRules
import PlanStore

/// Every operation on clients, templates and plans, as a library: the CLI, the HTTP API and the web
/// page are thin over it. Shared by every request and safe to call from many tasks at once: it holds
/// only the store, the compiled rules (leased per evaluation), the evaluations of recent reads (exact
/// by their input, see `EvaluationCache`), the published template versions read (immutable, see
/// `TemplateVersionCache`) and a logger. Who acts and when come
/// with each call (`call(as:)`). Each changing operation is one store transaction; a refused or
/// failing one, or a dry run, changes nothing.
public final class SupportPlanService: Sendable {
    /// Internal: front ends reach the store only through operations that check who may do what.
    let store: any PlanStore
    public let rules: RulesCache
    public let logger: Logger
    /// How passwords and tokens are hashed.
    public let credentials: Credentials
    /// Plan evaluations by their exact input, so reading an unchanged plan again does not re-run its rules.
    /// One per service: its entries were computed with this service's `rules`.
    public let evaluations: EvaluationCache
    /// Published template versions, read from the store once each (they never change; see `TemplateVersionCache`).
    public let templateVersions = TemplateVersionCache()

    public init(store: any PlanStore, rules: RulesCache, logger: Logger = Logger(label: "supportplan.service"),
                credentials: Credentials = Credentials(), evaluationCacheSize: Int = EvaluationCache.defaultCapacity) {
        self.store = store; self.rules = rules; self.logger = logger; self.credentials = credentials
        self.evaluations = EvaluationCache(capacity: evaluationCacheSize)
    }

    /// The service bound to one caller, for one request or command.
    public func call(as caller: Caller) -> ServiceCall { ServiceCall(service: self, caller: caller) }

    /// Whether the store answers (one empty read transaction): what a health check asks, as nobody.
    public func checkStore() throws {
        do { try store.read { _ in } } catch { throw ServiceError.from(error) }
    }
}

extension ServiceCall {
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
        } catch {
            throw ServiceError.from(error)
        }
        return result!
    }

    func read<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        do {
            return try store.read(body)
        } catch {
            throw ServiceError.from(error)
        }
    }
}

extension ServiceError {
    /// The service's view of an error from the layers below: refusals of the model, store failures.
    static func from(_ error: Error) -> Error {
        switch error {
        case let error as ServiceError: return error
        case let error as PlanRefusal: return ServiceError.refused(error.reasons, fieldMessages: error.fieldMessages)
        case let error as StoreError:
            switch error.kind {
            case .conflict: return ServiceError(.conflict, [error.description])
            case .notFound: return ServiceError(.notFound, [error.description])
            case .constraint: return ServiceError(.refused, [error.description])
            default: return ServiceError(.badInput, [error.description], topic: .database)
            }
        default: return error
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
    /// The plan's rules engine, this operation's until the lease ends with the loaded plan.
    var lease: RulesLease
    /// The stored version's content hash: every text its engine was compiled from.
    var versionHash: String
    var rules: LuaRules { lease.engine }
    /// What its rules are evaluated with today.
    func input(today: String) -> RulesInput {
        RulesInput(template: template, plan: plan, client: client, records: records, recordTypes: recordTypes, today: today,
                   profile: profile)
    }
    /// The record types of the plan's template version (kept at publish), not necessarily the Rules folder's.
    var recordTypes: RecordTypeCatalog { lease.recordTypes }
    var profile: ProfileSchema { lease.profile }
}

extension ServiceCall {
    /// Loads a plan to change it: as `loadPlan`, refused as a conflict when the caller expects
    /// another revision than the stored one.
    func loadPlanForChange(_ id: String, _ tx: any StoreReader) throws -> LoadedPlan {
        let loaded = try loadPlan(id, tx)
        if let expected = expectedRevision, expected != loaded.plan.revision {
            throw ServiceError(.conflict, ["Plan \(id) is at revision \(loaded.plan.revision), not \(expected): someone changed it since you read it; reload it and try again"],
                               topic: .plan, subject: id)
        }
        return loaded
    }

    func loadPlan(_ id: String, _ tx: any StoreReader) throws -> LoadedPlan {
        guard let plan = try tx.plan(id: id) else { throw ServiceError.notFound("plan", id, topic: .plan) }
        guard let client = try tx.client(id: plan.clientID) else { throw ServiceError.badInput("Plan \(id) names client '\(plan.clientID)', which does not exist", topic: .database) }
        let records = try tx.records(clientID: client.id)
        guard let stored = try service.templateVersions.version(id: plan.templateID, version: plan.templateVersion, tx) else {
            throw ServiceError.badInput("Plan \(id) was made from template '\(plan.templateID)' version \(plan.templateVersion), which is not stored")
        }
        let lease = try self.rules.lease(stored)
        return LoadedPlan(plan: plan, client: client, records: records, template: lease.template, lease: lease,
                          versionHash: stored.hash)
    }

    /// The plan's evaluation today: the cached one when this exact input was evaluated before (see `EvaluationCache`).
    func evaluation(of loaded: LoadedPlan) -> PlanEvaluation {
        encodedEvaluation(of: loaded).evaluation
    }

    /// As `evaluation(of:)`, with its JSON encoded once per cache entry.
    func encodedEvaluation(of loaded: LoadedPlan) -> EncodedEvaluation {
        let input = loaded.input(today: today)
        return service.evaluations.entry(of: input, version: loaded.versionHash) {
            PlanEvaluator.evaluate(input, rules: loaded.rules)
        }
    }

    /// The evaluation a change reports, remembered for the plan as stored so the next read of it is a
    /// cache hit. It is computed from the workbench, whose plan is the stored one but for the revision
    /// the store gave it — and no rule reads the revision (`ctx.plan` has none; the evaluation does not
    /// carry it), so it is exactly the evaluation of the stored plan's input. Remembered only when the
    /// two plans differ in nothing else, and not for a dry run (its plan is never stored). Should the
    /// transaction then fail to commit, the entry is still a true evaluation of its key, only unused.
    ///
    /// Returns the evaluation, and the cache's entry for it when remembered (its JSON then serves the
    /// change's answer and the next read alike).
    func evaluationAfter(_ bench: PlanWorkbench, stored: SupportPlan, _ loaded: LoadedPlan,
                         dryRun: Bool) -> (evaluation: PlanEvaluation, encoded: EncodedEvaluation?) {
        let evaluation = bench.evaluate()
        var evaluated = bench.input
        evaluated.plan.revision = stored.revision
        guard !dryRun, evaluated.plan == stored else { return (evaluation, nil) }
        let entry = service.evaluations.entry(of: evaluated, version: loaded.versionHash) { evaluation }
        return (entry.evaluation, entry)
    }

    func workbench(_ loaded: LoadedPlan, _ tx: any StoreTransaction, allocationError: RecordIDAllocation) -> PlanWorkbench {
        PlanWorkbench(template: loaded.template, recordTypes: loaded.recordTypes, rules: loaded.rules, plan: loaded.plan,
                      client: loaded.client, records: loaded.records, today: today, user: user, timestamp: clock(),
                      nextRecordID: allocationError.allocator(tx), profile: loaded.profile)
    }

    /// Stores what a workbench changed: the plan (revision-checked), the profile, records and history.
    /// Returns the plan as stored, at its new revision, for the change report.
    @discardableResult
    func save(_ bench: PlanWorkbench, original: LoadedPlan?, _ tx: any StoreTransaction) throws -> SupportPlan {
        var stored = bench.plan
        if let original {
            stored.revision = try tx.update(bench.plan, expectedRevision: original.plan.revision)
            if original.client != bench.client { try tx.upsert(bench.client) }
        } else {
            try tx.insert(bench.plan)
            try tx.upsert(bench.client)
        }
        for id in Set(bench.changedRecordIDs) {
            if let record = bench.records.first(where: { $0.id == id }) { try tx.upsert(record) }
        }
        try tx.append(bench.events)
        return stored
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
