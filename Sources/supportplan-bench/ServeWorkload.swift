import AsyncHTTPClient
import Foundation
import NIOCore
import PlanModel
import PlanService
import PlanStore

/// **serve**: `supportplan serve` (the real binary, a child process) under 32 concurrent keep-alive
/// connections from an in-process client on loopback for 20 s, across 200 plans: 80 % `GET /plans/{id}`,
/// 20 % `PATCH …/items/personal_alarm` with a value no other request uses. Beside it, the same plan
/// reads done in-process through the service (show + JSON) on as many threads as the server's pool:
/// the ceiling the HTTP layer is measured against.
///
/// Checked, not only timed: no 5xx; every acknowledged change is in the plan's history, and each
/// plan's final value is its last change (no lost update); the server's memory sampled each second.
///
/// Server and in-process reads keep the service's evaluation cache at its default size, or at
/// `SUPPORTPLAN_BENCH_EVALUATION_CACHE` plans when set (0: every read evaluates, as before the cache),
/// so both sides of the cache can be measured one after the other with one build.
///
/// **serve-postgres**: the same with `serve --db postgres://…` on the server `BenchPostgres` gives, the in-process
/// reads on the same PostgreSQL store.
enum ServeWorkload {
    static let plans = 200
    static let connections = 32
    static var evaluationCache: Int {
        ProcessInfo.processInfo.environment["SUPPORTPLAN_BENCH_EVALUATION_CACHE"].flatMap { Int($0) } ?? EvaluationCache.defaultCapacity
    }

    struct Outcome {
        var reads: [Double] = [], writes: [Double] = []
        var statuses: [UInt: Int] = [:]
        /// plan → values acknowledged for it.
        var acknowledged: [String: [String]] = [:]
    }

    static func run(_ context: BenchContext, progress: (String) -> Void) throws -> [ResultRow] {
        try run(context, db: "\(context.scratch)/serve.sqlite", label: "serve", storeName: "SQLite", progress: progress)
    }

    static func runOnPostgres(_ context: BenchContext, progress: (String) -> Void) throws -> [ResultRow] {
        let server = try BenchPostgres(context, name: "serve", progress: progress)
        defer { server.stop() }
        return try run(context, db: server.url(schema: "serve_\(getpid())"), label: "serve on PostgreSQL", storeName: "PostgreSQL",
                       progress: progress)
    }

    static func run(_ context: BenchContext, db: String, label: String, storeName: String,
                    progress: (String) -> Void) throws -> [ResultRow] {
        progress("\(label): \(plans) plans")
        let ids = try fill(db: db, context: context)
        // The demo database has users, so the API wants a bearer token: the admin's, made here.
        let token = try bearerToken(db: db, context: context)
        let seconds = context.quick ? 3.0 : 20.0

        let server = try ServerProcess(cli: context.cli, db: db, rules: context.rules, directory: context.root,
                                       arguments: ["--evaluation-cache", "\(evaluationCache)"])
        defer { server.stop() }
        progress("\(label): \(connections) connections for \(Int(seconds)) s on port \(server.port)")
        let outcome = try blocking { try await load(port: server.port, ids: ids, token: token, seconds: seconds) }
        let memory = server.samples
        server.stop()

        // Lost updates: read the store the server wrote.
        let store = try StoreChild.openStore(db)
        var lost = 0, missingFromFinal = 0
        for (id, values) in outcome.acknowledged {
            let history = try store.read { try $0.history(planID: id) }.filter { $0.action == "set" }
            let recorded = Set(history.compactMap(\.after))
            lost += values.filter { v in !recorded.contains { $0.contains(v) } }.count
            let plan = try store.read { try $0.plan(id: id) }
            let final = plan?.instances.first { $0.ref.key == "personal_alarm" }?.values["alarm_provider"]?.displayText
            if let last = history.last?.after, let final, !last.contains(final) { missingFromFinal += 1 }
        }
        let served = outcome.reads.count + outcome.writes.count
        let fiveHundreds = outcome.statuses.filter { $0.key >= 500 }.values.reduce(0, +)
        let failures = outcome.statuses.filter { $0.key != 200 }.map { "\($0.key)×\($0.value)" }.sorted()

        progress("\(label): in-process reads")
        let ceiling = try inProcessReads(db: db, ids: ids, context: context, seconds: context.quick ? 2 : 5)

        let readRate = Double(outcome.reads.count) / seconds
        var reads = ResultRow(workload: "\(label): GET /plans/{id}", unit: "reads/s", higherIsBetter: true, sample: Sample([readRate]),
                              baseline: "in-process show + JSON, \(ceiling.threads) threads", baselineMedian: ceiling.rate,
                              peakMiB: memory.map(\.mib).max())
        let p50 = percentile(outcome.reads, 0.50), p99 = percentile(outcome.reads + outcome.writes, 0.99)
        reads.target = "≥ 2,000 reads/s, p99 < 50 ms, 0 5xx, 0 lost"
        reads.met = readRate >= 2000 && p99 < 50 && fiveHundreds == 0 && lost == 0 && missingFromFinal == 0
        let flat = flatness(memory)
        reads.note = String(format: "evaluation cache %d plans; %d connections, %.0f s, %d requests (%.0f req/s); read p50 %.1f ms p99 %.1f ms; write p50 %.1f ms p99 %.1f ms; all p99 %.1f ms; ",
                            evaluationCache, connections, seconds, served, Double(served) / seconds, p50, percentile(outcome.reads, 0.99),
                            percentile(outcome.writes, 0.50), percentile(outcome.writes, 0.99), p99)
            + "\(outcome.writes.count) changes acknowledged, \(lost) missing from history, \(missingFromFinal) plans whose final value is not their last change; "
            + "5xx: \(fiveHundreds); other non-200: \(failures.isEmpty ? "none" : failures.joined(separator: " ")); server RSS \(flat); "
            + "in-process reads: \(ceiling.cache.hits) from the cache, \(ceiling.cache.evaluations) evaluated"
        var writes = ResultRow(workload: "\(label): PATCH item", unit: "changes/s", higherIsBetter: true,
                               sample: Sample([Double(outcome.writes.count) / seconds]))
        writes.note = "mixed into the run above (20 % of requests), each one \(storeName) write transaction with evaluation"
        return [reads, writes]
    }

    /// A fresh demo store and 200 home-care drafts for Ron (C-0002).
    static func fill(db: String, context: BenchContext) throws -> [String] {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        let store = try StoreChild.openStore(db)
        let service = SupportPlanService(store: store, rules: try RulesCache(folder: URL(fileURLWithPath: context.rules)))
            .call(as: Caller(user: "admin", today: "2026-11-28"))
        try Demo.run(service: service) { _ in }
        return try (0..<plans).map { _ in try service.createPlan(client: "C-0002", template: "home-care").plan.id }
    }

    /// A new API token of the demo's admin.
    static func bearerToken(db: String, context: BenchContext) throws -> String {
        let service = SupportPlanService(store: try StoreChild.openStore(db), rules: try RulesCache(folder: URL(fileURLWithPath: context.rules)))
        return try service.call(as: Caller(user: "admin", today: "2026-11-28")).issueToken(for: "admin").token
    }

    static func load(port: Int, ids: [String], token: String, seconds: Double) async throws -> Outcome {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let outcome = try await drive(client, port: port, ids: ids, token: token, seconds: seconds)
            try await client.shutdown()
            return outcome
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    static func drive(_ client: HTTPClient, port: Int, ids: [String], token: String, seconds: Double) async throws -> Outcome {
        let base = "http://127.0.0.1:\(port)/api/v1/plans/"
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        return try await withThrowingTaskGroup(of: Outcome.self) { group in
            for worker in 0..<connections {
                group.addTask {
                    var outcome = Outcome()
                    var n = 0
                    var random = SystemRandomNumberGenerator()
                    while ContinuousClock.now < deadline {
                        n += 1
                        let id = ids[Int.random(in: 0..<ids.count, using: &random)]
                        let write = n % 5 == 0
                        var request = HTTPClientRequest(url: base + id + (write ? "/items/personal_alarm" : ""))
                        let value = "P\(worker)-\(n)"
                        request.headers.add(name: "Authorization", value: "Bearer \(token)")
                        if write {
                            request.method = .PATCH
                            request.headers.add(name: "Content-Type", value: "application/json")
                            request.body = .bytes(ByteBuffer(string: #"{"values": {"alarm_provider": "\#(value)"}}"#))
                        }
                        let start = ContinuousClock.now
                        let response = try await client.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 24)
                        let ms = Double((ContinuousClock.now - start) / .microseconds(1)) / 1000
                        outcome.statuses[response.status.code, default: 0] += 1
                        if write {
                            outcome.writes.append(ms)
                            if response.status == .ok { outcome.acknowledged[id, default: []].append(value) }
                        } else {
                            outcome.reads.append(ms)
                        }
                    }
                    return outcome
                }
            }
            var total = Outcome()
            for try await part in group {
                total.reads += part.reads; total.writes += part.writes
                total.statuses.merge(part.statuses, uniquingKeysWith: +)
                total.acknowledged.merge(part.acknowledged, uniquingKeysWith: +)
            }
            return total
        }
    }

    /// The same reads without HTTP: `show` and the JSON encoding, on the server's number of service threads.
    static func inProcessReads(db: String, ids: [String], context: BenchContext, seconds: Double) throws
        -> (rate: Double, threads: Int, cache: EvaluationCache.Statistics) {
        let store = try StoreChild.openStore(db)
        let service = SupportPlanService(store: store, rules: try RulesCache(folder: URL(fileURLWithPath: context.rules)),
                                         evaluationCacheSize: evaluationCache)
        let threads = max(4, ProcessInfo.processInfo.activeProcessorCount * 2)
        let counts = Counter()
        let end = Harness.wallSeconds() + seconds
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            let call = service.call(as: Caller(user: "admin", today: "2026-11-28"))
            var n = 0
            while Harness.wallSeconds() < end {
                // Encoded as the server encodes its answer (once per cached evaluation).
                if let view = try? call.show(ids[Int.random(in: 0..<ids.count)]) { _ = try? view.evaluationJSON(); n += 1 }
            }
            counts.add(n)
        }
        return (Double(counts.total) / seconds, threads, service.evaluations.statistics)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func add(_ n: Int) { lock.withLock { value += n } }
        var total: Int { lock.withLock { value } }
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }

    /// "peak 80 MiB; 70 MiB at a quarter of the run, 72 MiB at the end".
    static func flatness(_ samples: [ServerProcess.MemorySample]) -> String {
        guard let last = samples.last, let peak = samples.map(\.mib).max() else { return "not sampled" }
        let quarter = samples[samples.count / 4]
        return String(format: "peak %.0f MiB; %.0f MiB a quarter in, %.0f MiB at the end", peak, quarter.mib, last.mib)
    }

    /// Runs async work from the suite's synchronous loop.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    final class ResultBox<T>: @unchecked Sendable { var result: Result<T, Error>? }
}
