import Foundation

/// **postgres**: the store workloads (write, stream, batch) on PostgreSQL beside the same workloads on SQLite,
/// at the same N, in the same run, on the server `BenchPostgres` gives.
enum PostgresStoreWorkload {
    static func run(_ context: BenchContext, progress: (String) -> Void) throws -> [ResultRow] {
        let n = context.quick ? 1_000 : 10_000
        let server = try BenchPostgres(context, name: "store", progress: progress)
        defer { server.stop() }
        let postgres = server.url(schema: "bench_\(getpid())")
        let sqlite = "\(context.scratch)/postgres-beside-\(n).sqlite"

        var rows: [ResultRow] = []
        func pair(_ name: String, unit: String, reps: Int, _ arguments: (String) -> [String]) throws {
            progress("\(name) on SQLite and PostgreSQL")
            let lite = try (0..<reps).map { _ in try StoreWorkload.child(context, arguments(sqlite)) }
            let pg = try (0..<reps).map { _ in try StoreWorkload.child(context, arguments(postgres)) }
            var row = ResultRow(workload: "\(name) on PostgreSQL (N=\(n))", unit: unit, higherIsBetter: true,
                                sample: Sample(pg.map(\.rate)), baseline: "the same on SQLite",
                                baselineMedian: Sample(lite.map(\.rate)).median, peakMiB: pg.map(\.peakMiB).max())
            row.note = "PostgreSQL 15 on loopback, fsync on; SQLite peak \(String(format: "%.0f", lite.map(\.peakMiB).max() ?? 0)) MiB"
            rows.append(row)
        }
        try pair("write", unit: "plans/s", reps: 1) { ["write", $0, "\(n)"] }
        try pair("stream", unit: "plans/s", reps: 3) { ["stream", $0] }
        try pair("batch", unit: "plans/s (2 threads)", reps: 2) { ["batch", $0] }
        return rows
    }
}
