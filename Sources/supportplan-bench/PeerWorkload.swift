import Foundation

/// **peer**: the fixtures-at-scale job (the same 1,000 synthetic bench-100 fixtures) hosted by `bench/lupa_peer.py`,
/// a Python program running the same rules through lupa with read-only ctx views and the sandbox limits lupa allows,
/// beside supportplan's own run of the job on one core. Both whole jobs, YAML parsing included, in CPU seconds.
enum PeerWorkload {
    static func run(_ context: BenchContext) throws -> ResultRow {
        guard let python = Subprocess.which("python3") else {
            throw Subprocess.Failure(description: "python3 is not on PATH, so the lupa peer can't run (apt-get install python3)")
        }
        let script = "\(context.bench)/lupa_peer.py"
        let job = try ScaleFixtures.write(context)
        var peer: [Double] = []
        var last: Subprocess?
        for _ in 0..<context.count(3, quick: 1) {
            let out = try Subprocess.run(python, [script, job.rules, job.fixtures])
            if out.status == 3 {
                throw Subprocess.Failure(description: "lupa is not installed, so the peer can't run: `pip install lupa` (\(out.stderr.trimmingCharacters(in: .whitespacesAndNewlines)))")
            }
            guard out.status == 0, try out.figure("passed") == Double(job.files.count) else {
                throw Subprocess.Failure(description: "the lupa peer did not pass every fixture (status \(out.status)): \(out.stdout.prefix(400))\(out.stderr.prefix(1500))")
            }
            peer.append(try out.figure("seconds"))
            last = out
        }
        let engine = try FixturesScaleWorkload.measureEngine(job, context)
        var row = ResultRow(workload: "peer (1,000 fixtures, lupa)", unit: "s (1 core)", higherIsBetter: false, sample: engine,
                            baseline: "python3 bench/lupa_peer.py (lupa)", baselineMedian: Sample(peer).median)
        let ahead = Sample(peer).median / engine.median
        row.target = "≥ 3× faster than lupa"
        row.met = ahead >= 3
        if let last {
            let parse = (try? last.figure("parse_seconds")) ?? .nan
            let versions = last.stdout.split(separator: "\n").filter { $0.hasPrefix("lupa=") || $0.hasPrefix("lua=") || $0.hasPrefix("yaml_loader=") }
            row.note = String(format: "supportplan is %.2f× as fast as the lupa host per core; the peer spent %.2f s of its run parsing YAML",
                                  ahead, parse) + " (\(versions.joined(separator: ", ")))"
        }
        return row
    }
}
