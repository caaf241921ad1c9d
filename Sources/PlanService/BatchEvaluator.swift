import Dispatch
import Foundation
import PlanModel
import PlanStore

/// What evaluating every draft and active plan found.
public struct BatchSummary: Sendable, Encodable {
    public var plans: Int
    public var readyToActivate: Int
    public var plansWithRuleErrors: Int
    public var seconds: Double
    /// The first few rule errors, `SP-000001: rule 'complete' of item 'x' (…) failed: …`.
    public var errorSamples: [String]
    /// Plans that could not be evaluated at all (their template version no longer loads, their client
    /// is missing); the batch reports them and goes on.
    public var plansNotEvaluated: Int = 0
    /// Why, for the first few: `SP-000007: Template 'x' version 2 no longer loads …`.
    public var notEvaluatedSamples: [String] = []

    enum CodingKeys: String, CodingKey {
        case plans, readyToActivate = "ready_to_activate", plansWithRuleErrors = "plans_with_rule_errors", seconds
        case errorSamples = "error_samples", plansNotEvaluated = "plans_not_evaluated", notEvaluatedSamples = "not_evaluated_samples"
    }
}

/// A template version as the batch's workers key their leases: one per version they meet in a batch.
struct TemplateVersionKey: Hashable {
    var id: String
    var version: Int
}

/// A value handed to worker threads that each use only their own part of it.
final class ThreadConfined<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

extension ServiceCall {
    /// Evaluates every draft and active plan, streamed from the store in batches (memory does not grow
    /// with the number of plans) and spread over `threads` worker threads, each with its own Lua states.
    public func evaluateAll(threads: Int = ProcessInfo.processInfo.activeProcessorCount, batchSize: Int = 512,
                            progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> BatchSummary {
        let started = DispatchTime.now()
        let workers = max(1, threads)
        let cache = rules
        var summary = BatchSummary(plans: 0, readyToActivate: 0, plansWithRuleErrors: 0, seconds: 0, errorSamples: [])
        var pending: [SupportPlan] = []
        let today = self.today
        let total = try read { tx in
            try authorize(.evaluateAllPlans, tx)
            return try tx.planCount(statuses: [.draft, .active])
        }

        /// A plan's verdict, or why it could not be evaluated.
        typealias Outcome = (ready: Bool, errors: [String], failure: String?)
        typealias Input = (SupportPlan, Client?, [ClientRecord], StoredTemplateVersion?)
        /// The batch the workers are evaluating while the next one is read.
        var inFlight: (group: DispatchGroup, results: ThreadConfined<[Outcome?]>, failures: ThreadConfined<[Error?]>)?

        func collect() throws {
            guard let batch = inFlight else { return }
            batch.group.wait()
            inFlight = nil
            if let failure = batch.failures.value.compactMap({ $0 }).first { throw failure }
            for r in batch.results.value {
                guard let r else { continue }
                if let failure = r.failure {
                    summary.plansNotEvaluated += 1
                    if summary.notEvaluatedSamples.count < 10 { summary.notEvaluatedSamples.append(failure) }
                    continue
                }
                summary.plans += 1
                if r.ready { summary.readyToActivate += 1 }
                if !r.errors.isEmpty {
                    summary.plansWithRuleErrors += 1
                    if summary.errorSamples.count < 10 { summary.errorSamples += r.errors.prefix(10 - summary.errorSamples.count) }
                }
            }
            progress?(summary.plans, max(total, summary.plans))
        }

        func flush() throws {
            guard !pending.isEmpty else { return }
            let inputs: [Input] = try read { tx in
                try pending.map { plan in
                    let stored = try service.templateVersions.version(id: plan.templateID, version: plan.templateVersion, tx)
                    let client = try tx.client(id: plan.clientID)
                    return (plan, client, try client.map { try tx.records(clientID: $0.id) } ?? [], stored)
                }
            }
            pending.removeAll(keepingCapacity: true)
            try collect()
            let results = ThreadConfined([Outcome?](repeating: nil, count: inputs.count))
            let failures = ThreadConfined([Error?](repeating: nil, count: workers))
            // Plans are claimed one at a time, so a worker that the reading thread slows down leaves its
            // plans to the others instead of making them wait for it at the end of the batch.
            let claims = IndexClaims(count: inputs.count)
            let lock = NSLock()
            let group = DispatchGroup()
            for worker in 0..<workers {
                DispatchQueue.global().async(group: group) {
                    // One lease per template version for this worker's share of the batch.
                    var leases: [TemplateVersionKey: RulesLease] = [:]
                    var local: [(Int, Outcome)] = []
                    while let index = claims.claim() {
                        let (plan, client, records, stored) = inputs[index]
                        guard let client else {
                            local.append((index, (false, [], "\(plan.id): its client \(plan.clientID) does not exist")))
                            continue
                        }
                        guard let stored else {
                            local.append((index, (false, [], "\(plan.id): template '\(plan.templateID)' version \(plan.templateVersion) is not stored")))
                            continue
                        }
                        do {
                            let key = TemplateVersionKey(id: stored.id, version: stored.version)
                            let lease = try leases[key] ?? cache.lease(stored)
                            leases[key] = lease
                            let input = RulesInput(template: lease.template, plan: plan, client: client, records: records,
                                                   recordTypes: lease.recordTypes, today: today, profile: lease.profile)
                            let e = PlanEvaluator.evaluate(input, rules: lease.engine)
                            local.append((index, (e.canActivate, e.errors.map { "\(plan.id): \($0.description)" }, nil)))
                        } catch let error as ServiceError {
                            local.append((index, (false, [], "\(plan.id): " + error.reasons.joined(separator: " "))))
                        } catch {
                            lock.lock(); failures.value[worker] = error; lock.unlock()
                            return
                        }
                    }
                    lock.lock()
                    for (i, r) in local { results.value[i] = r }
                    lock.unlock()
                }
            }
            inFlight = (group, results, failures)
        }

        do {
            try store.forEachPlan(statuses: [.draft, .active], batchSize: batchSize) { plan in
                pending.append(plan)
                if pending.count >= batchSize { try flush() }
            }
            try flush()
            try collect()
        } catch {
            throw ServiceError.from(error)
        }
        summary.seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return summary
    }
}
