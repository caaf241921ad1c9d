import Foundation

/// **write**, **stream** and **batch**: the store filled with N plans of 100 items and read back, then
/// `evaluateAll` over them on 2 threads beside reading the same plans only; the batch runs at N and N/10 to show
/// its peak memory does not grow with N. Each figure comes from a child process of its own (see `StoreChild`).
enum StoreWorkload {
    struct ChildRun {
        var seconds: Double
        var plans: Int
        var peakMiB: Double
        var figures: [String: Double]
        var rate: Double { Double(plans) / seconds }
    }

    static func child(_ context: BenchContext, _ arguments: [String]) throws -> ChildRun {
        let result = try Subprocess.check(context.executable, ["--child"] + arguments, directory: context.root)
        return ChildRun(seconds: try result.figure("seconds"), plans: Int(try result.figure("plans")),
                        peakMiB: try result.figure("peak_mib"), figures: result.figures)
    }

    static func run(_ context: BenchContext, progress: (String) -> Void) throws -> [ResultRow] {
        let large = context.plans, small = max(100, context.plans / 10)
        let largeDB = "\(context.scratch)/plans-\(large).sqlite", smallDB = "\(context.scratch)/plans-\(small).sqlite"

        progress("write \(large) plans")
        let written = try child(context, ["write", largeDB, "\(large)"])
        _ = try child(context, ["write", smallDB, "\(small)"])
        var write = ResultRow(workload: "write (N=\(large))", unit: "plans/s", higherIsBetter: true,
                              sample: Sample([written.rate]), peakMiB: written.peakMiB)
        write.note = "one run; 100 items per plan, 1,000 plans per transaction, one client per 100 plans"

        progress("stream \(large) plans")
        let streams = try (0..<3).map { _ in try child(context, ["stream", largeDB]) }
        let stream = ResultRow(workload: "stream (N=\(large))", unit: "plans/s", higherIsBetter: true,
                               sample: Sample(streams.map(\.rate)), peakMiB: streams.map(\.peakMiB).max())

        var rows = [write, stream]
        var peaks: [Int: Double] = [:]
        for (n, db) in [(large, largeDB), (small, smallDB)] {
            progress("batch over \(n) plans")
            // At 100,000 plans one batch takes minutes; one run each there, more where it is cheap.
            let reps = n == large && !context.quick ? 1 : 2
            let reads = try (0..<reps).map { _ in try child(context, ["read", db]) }
            let batches = try (0..<reps).map { _ in try child(context, ["batch", db]) }
            for run in batches where run.plans != n || (run.figures["plans_with_rule_errors"] ?? 0) != 0 {
                throw Subprocess.Failure(description: "the batch evaluated \(run.plans) of \(n) plans, with rule errors in \(run.figures["plans_with_rule_errors"] ?? 0)")
            }
            let peak = batches.map(\.peakMiB).max() ?? 0
            peaks[n] = peak
            var row = ResultRow(workload: "batch (N=\(n))", unit: "plans/s (2 threads)", higherIsBetter: true,
                                sample: Sample(batches.map(\.rate)), baseline: "read only (forEachPlan + clients, records)",
                                baselineMedian: Sample(reads.map(\.rate)).median, peakMiB: peak)
            row.note = "read-only baseline peak \(String(format: "%.0f", reads.map(\.peakMiB).max() ?? 0)) MiB"
            rows.append(row)
        }
        if let index = rows.firstIndex(where: { $0.workload == "batch (N=\(large))" }), let big = peaks[large], let little = peaks[small] {
            rows[index].target = "≥ ½ baseline, ≤ 300 MiB, flat in N"
            // Flat: the peak at N within 10 % (or 16 MiB) of the peak at N/10.
            let flat = big <= max(little * 1.10, little + 16)
            rows[index].met = (rows[index].slowdown ?? .infinity) <= 2 && big <= 300 && flat
            rows[index].note = (rows[index].note ?? "") + "; peak \(String(format: "%.0f", big)) MiB at N=\(large) vs \(String(format: "%.0f", little)) MiB at N=\(small)"
        }
        return rows
    }
}
