import Foundation

/// Where the suite finds its inputs and tools, and how big it runs.
struct BenchContext {
    /// The package root: `bench/`, `Rules/` and `Fixtures/` live here.
    let root: String
    let quick: Bool
    /// Plans written to the store and evaluated in a batch.
    let plans: Int
    /// `lua5.4` on PATH, for the baselines.
    let lua: String?
    /// This executable, run again for the workloads whose peak memory is measured alone.
    let executable: String
    /// A scratch folder removed when the run ends.
    let scratch: String

    var bench: String { "\(root)/bench" }
    var planRules: String { "\(root)/bench/plan-rules" }
    var rules: String { "\(root)/Rules" }
    var fixtures: String { "\(root)/Fixtures" }
    /// The `supportplan` CLI built beside this executable.
    var cli: String { URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("supportplan").path }

    /// Scales a repetition count down for `--quick`.
    func count(_ full: Int, quick small: Int) -> Int { quick ? small : full }

    func requireLua() throws -> String {
        guard let lua else { throw Subprocess.Failure(description: "lua5.4 is not on PATH (apt-get install lua5.4) for the baseline") }
        return lua
    }

    static func make(quick: Bool, plans: Int?, scratch makeScratch: Bool = true) throws -> BenchContext {
        let root = FileManager.default.currentDirectoryPath
        guard FileManager.default.fileExists(atPath: "\(root)/bench/plan-baseline.lua") else {
            throw Subprocess.Failure(description: "run supportplan-bench from the package root (no bench/plan-baseline.lua in \(root))")
        }
        let scratch = NSTemporaryDirectory() + StaleScratch.prefix + "\(getpid())"
        if makeScratch {
            for path in StaleScratch.removeAll() {
                FileHandle.standardError.write(Data("supportplan-bench: removed \(path), the scratch folder of an earlier run that did not end\n".utf8))
            }
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let resolved = executable.hasPrefix("/") ? executable : (Bundle.main.executablePath ?? executable)
        return BenchContext(root: root, quick: quick, plans: plans ?? (quick ? 5_000 : 100_000),
                            lua: Subprocess.which("lua5.4"), executable: resolved, scratch: scratch)
    }
}
