import Foundation

/// **cold**: one `supportplan plan evaluate SP-000001` process from start to exit, against a demo database; beside the
/// same binary printing its help (process start, dynamic linking and the Swift runtime, no store or Lua).
enum ColdWorkload {
    static func run(_ context: BenchContext) throws -> ResultRow {
        try ensureCLI(context)
        let db = "\(context.scratch)/demo.sqlite"
        _ = try Subprocess.check(context.cli, ["demo", "--db", db, "--replace", "--rules", context.rules], directory: context.scratch)
        // The demo database has users, so the process acts as its administrator, as a host system would name one.
        let evaluate = ["plan", "evaluate", "SP-000001", "--db", db, "--rules", context.rules, "--as", "admin"]
        let runs = context.count(20, quick: 10)
        func time(_ arguments: [String]) throws -> Sample {
            try Harness.repeatMeasure(warmup: 2, repetitions: runs) {
                try Subprocess.timeToExit(context.cli, arguments) * 1000
            }
        }
        let cold = try time(evaluate)
        let help = try time(["--help"])
        var row = ResultRow(workload: "cold", unit: "ms per process", higherIsBetter: false, sample: cold,
                            baseline: "supportplan --help", baselineMedian: help.median)
        row.target = "≤ 50 ms"
        row.met = row.median <= 50
        return row
    }

    /// Builds the CLI beside this executable when it is missing (`swift run` builds only the bench).
    static func ensureCLI(_ context: BenchContext) throws {
        guard !FileManager.default.isExecutableFile(atPath: context.cli) else { return }
        // The executable lives in <scratch>/<triple>/release/; build into the same scratch path.
        let release = URL(fileURLWithPath: context.executable).deletingLastPathComponent()
        let scratch = release.deletingLastPathComponent().deletingLastPathComponent().path
        guard let swift = Subprocess.which("swift") else {
            throw Subprocess.Failure(description: "no \(context.cli); build it with `swift build -c release --product supportplan`")
        }
        _ = try Subprocess.check(swift, ["build", "-c", "release", "--product", "supportplan", "--scratch-path", scratch],
                                 directory: context.root)
        guard FileManager.default.isExecutableFile(atPath: context.cli) else {
            throw Subprocess.Failure(description: "built supportplan but found no \(context.cli)")
        }
    }
}
