import AsyncHTTPClient
import Foundation
import NIOCore
import PlanModel
import PlanService
import PlanStore

/// **serve**: `supportplan serve` (the real binary, a child process) under 32 concurrent keep-alive
/// connections on loopback for 20 s, across 200 plans: 80 % `GET /plans/{id}`, 20 % `PATCH …/items/personal_alarm`
/// with a value no other request uses. Run twice, each time against a fresh server process on the same
/// store: first by `wrk` with `bench/serve-load.lua` (a lean client in C, so the server gets most of the
/// two cores; skipped, saying how to install it, when wrk is missing), then by an in-process
/// AsyncHTTPClient (the client the first figures were taken with, kept for comparison). Beside them, the
/// same plan reads done in-process through the service (show + JSON) on as many threads as the server's
/// pool: the ceiling the HTTP layer is measured against.
///
/// Checked, not only timed: no 5xx; every acknowledged change is in the plan's history, and each
/// plan's final value is its last change (no lost update); the server's memory sampled each second and
/// reported at each quarter of the run, flat when the second half grows it by at most 5 % (`Flatness`).
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

    /// One client's run against its own server process, checked against the store afterwards.
    struct MeasuredRun {
        var outcome: LoadOutcome
        var memory: [ServerProcess.MemorySample]
        /// Acknowledged changes missing from their plan's history.
        var lost: Int
        /// Plans whose final value is not their last change.
        var missingFromFinal: Int
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
        // SUPPORTPLAN_BENCH_SERVE_SECONDS lengthens a run, to see whether memory levels off later than 20 s.
        let seconds = ProcessInfo.processInfo.environment["SUPPORTPLAN_BENCH_SERVE_SECONDS"].flatMap(Double.init) ?? (context.quick ? 3.0 : 20.0)

        var wrkRun: MeasuredRun?
        if let wrk = WrkLoad.executable {
            wrkRun = try measure(context, db: db, label: "\(label), \(WrkLoad.name)", seconds: seconds, progress: progress) { port in
                try WrkLoad.run(wrk: wrk, context: context, port: port, ids: ids, token: token, connections: connections, seconds: seconds)
            }
        } else {
            progress("\(label): wrk \(WrkLoad.missing)")
        }
        let clientRun = try measure(context, db: db, label: "\(label), AsyncHTTPClient", seconds: seconds, progress: progress) { port in
            try blocking { try await load(port: port, ids: ids, token: token, seconds: seconds) }
        }

        progress("\(label): in-process reads")
        let ceiling = try inProcessReads(db: db, ids: ids, context: context, seconds: context.quick ? 2 : 5)
        let baseline = "in-process show + JSON, \(ceiling.threads) threads"
        let cacheNote = "evaluation cache \(evaluationCache) plans; in-process reads: \(ceiling.cache.hits) from the cache, \(ceiling.cache.evaluations) evaluated"

        var rows: [ResultRow] = []
        if let wrkRun {
            rows += self.rows(wrkRun, label: "\(label), wrk", baseline: baseline, ceiling: ceiling.rate, storeName: storeName,
                              latency: "all requests (wrk's one distribution) p50 \(ms(wrkRun.outcome.all.p50)) p99 \(ms(wrkRun.outcome.all.p99))",
                              client: "\(WrkLoad.name), \(connections) connections", cacheNote: cacheNote)
        } else {
            var missing = ResultRow(workload: "\(label), wrk: GET /plans/{id}", unit: "reads/s", higherIsBetter: true, sample: Sample([.nan]))
            missing.note = WrkLoad.missing
            rows.append(missing)
        }
        let o = clientRun.outcome
        rows += self.rows(clientRun, label: "\(label), AsyncHTTPClient", baseline: baseline, ceiling: ceiling.rate, storeName: storeName,
                          latency: "read p50 \(ms(o.read?.p50)) p99 \(ms(o.read?.p99)); change p50 \(ms(o.change?.p50)) p99 \(ms(o.change?.p99)); all p99 \(ms(o.all.p99))",
                          client: "in-process AsyncHTTPClient, \(connections) connections", cacheNote: cacheNote)
        return rows
    }

    /// A fresh server on `db`, `load` against its port, the server stopped, then the store checked for every acknowledged change.
    static func measure(_ context: BenchContext, db: String, label: String, seconds: Double, progress: (String) -> Void,
                        load: (Int) throws -> LoadOutcome) throws -> MeasuredRun {
        let server = try ServerProcess(cli: context.cli, db: db, rules: context.rules, directory: context.root,
                                       arguments: ["--evaluation-cache", "\(evaluationCache)"])
        defer { server.stop() }
        progress("\(label): \(connections) connections for \(Int(seconds)) s on port \(server.port)")
        let outcome = try load(server.port)
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
        return MeasuredRun(outcome: outcome, memory: memory, lost: lost, missingFromFinal: missingFromFinal)
    }

    /// The reads row (against the target) and the changes row of one client's run.
    static func rows(_ run: MeasuredRun, label: String, baseline: String, ceiling: Double, storeName: String,
                     latency: String, client: String, cacheNote: String) -> [ResultRow] {
        let o = run.outcome
        let readRate = Double(o.reads) / o.seconds
        var reads = ResultRow(workload: "\(label): GET /plans/{id}", unit: "reads/s", higherIsBetter: true, sample: Sample([readRate]),
                              baseline: baseline, baselineMedian: ceiling, peakMiB: run.memory.map(\.mib).max())
        reads.target = "≥ 2,000 reads/s, p99 < 50 ms, 0 5xx, 0 lost, memory flat"
        reads.met = readRate >= 2000 && o.all.p99 < 50 && o.fiveHundreds == 0 && run.lost == 0 && run.missingFromFinal == 0 && o.clientErrors.isEmpty
            && Flatness(run.memory)?.isFlat == true
        reads.note = String(format: "%@, %.1f s: %d requests answered (%.0f req/s), reads and changes counted when answered 200; ",
                            client, o.seconds, o.requests, Double(o.requests) / o.seconds)
            + latency + "; "
            + "\(o.changes) changes acknowledged, \(run.lost) missing from history, \(run.missingFromFinal) plans whose final value is not their last change; "
            + "5xx: \(o.fiveHundreds); other non-200: \(o.otherStatuses); client errors: \(o.clientErrors.isEmpty ? "none" : o.clientErrors.joined(separator: ", ")); "
            + "server \(flatness(run.memory)); \(cacheNote)"
        var changes = ResultRow(workload: "\(label): PATCH item", unit: "changes/s", higherIsBetter: true,
                                sample: Sample([Double(o.changes) / o.seconds]))
        changes.note = "mixed into the run above (20 % of requests), each one \(storeName) write transaction with evaluation"
        return [reads, changes]
    }

    /// `12.3 ms`, or `-` when the client did not keep it.
    static func ms(_ value: Double?) -> String { value.map { String(format: "%.1f ms", $0) } ?? "-" }

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

    /// Every request's latency and answer, as the in-process client keeps them.
    struct ClientTally {
        var reads: [Double] = [], writes: [Double] = []
        var statuses: [UInt: Int] = [:]
        /// Reads and changes answered 200.
        var readsOK = 0, writesOK = 0
        /// plan → values acknowledged for it.
        var acknowledged: [String: [String]] = [:]
    }

    static func load(port: Int, ids: [String], token: String, seconds: Double) async throws -> LoadOutcome {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let tally: ClientTally
        do {
            tally = try await drive(client, port: port, ids: ids, token: token, seconds: seconds)
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
        var outcome = LoadOutcome(seconds: seconds, all: .init(p50: percentile(tally.reads + tally.writes, 0.50),
                                                               p99: percentile(tally.reads + tally.writes, 0.99)))
        outcome.reads = tally.readsOK
        outcome.changes = tally.writesOK
        outcome.statuses = tally.statuses
        outcome.acknowledged = tally.acknowledged
        outcome.read = .init(p50: percentile(tally.reads, 0.50), p99: percentile(tally.reads, 0.99))
        outcome.change = .init(p50: percentile(tally.writes, 0.50), p99: percentile(tally.writes, 0.99))
        return outcome
    }

    static func drive(_ client: HTTPClient, port: Int, ids: [String], token: String, seconds: Double) async throws -> ClientTally {
        let base = "http://127.0.0.1:\(port)/api/v1/plans/"
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        return try await withThrowingTaskGroup(of: ClientTally.self) { group in
            for worker in 0..<connections {
                group.addTask {
                    var outcome = ClientTally()
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
                            if response.status == .ok { outcome.writesOK += 1; outcome.acknowledged[id, default: []].append(value) }
                        } else {
                            outcome.reads.append(ms)
                            if response.status == .ok { outcome.readsOK += 1 }
                        }
                    }
                    return outcome
                }
            }
            var total = ClientTally()
            for try await part in group {
                total.reads += part.reads; total.writes += part.writes
                total.readsOK += part.readsOK; total.writesOK += part.writesOK
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

    /// The rule for "memory flat over the run": the server's RSS at the end is at most this much above
    /// its RSS half-way (a process still filling toward a bound, or holding per-request garbage for a while,
    /// is still growing then; one in its steady state is not).
    static let flatGrowth = 0.05

    /// The server's RSS at each quarter of the run (the sample nearest each), and whether it is flat.
    struct Flatness {
        var quarters: [Double]
        var peak: Double
        /// RSS at the end over RSS half-way, minus 1.
        var secondHalfGrowth: Double { quarters[3] / quarters[1] - 1 }
        var isFlat: Bool { secondHalfGrowth <= ServeWorkload.flatGrowth }

        init?(_ samples: [ServerProcess.MemorySample]) {
            guard samples.count >= 4, let peak = samples.map(\.mib).max() else { return nil }
            quarters = (1...4).map { samples[min(samples.count - 1, samples.count * $0 / 4)].mib }
            quarters[3] = samples[samples.count - 1].mib
            self.peak = peak
        }

        /// "RSS 62/63/63/64 MiB at each quarter (peak 64), +1.6 % over the second half: flat (rule: ≤ +5 %)".
        var text: String {
            String(format: "RSS %@ MiB at each quarter of the run (peak %.0f), %+.1f %% over the second half: %@ (rule: flat when ≤ +%.0f %%)",
                   quarters.map { String(format: "%.0f", $0) }.joined(separator: "/"), peak, secondHalfGrowth * 100,
                   isFlat ? "flat" : "growing", ServeWorkload.flatGrowth * 100)
        }
    }

    static func flatness(_ samples: [ServerProcess.MemorySample]) -> String {
        Flatness(samples)?.text ?? "RSS: \(samples.count) samples, too few to tell whether it is flat (one a second; a run of 4 s or more has enough)"
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
