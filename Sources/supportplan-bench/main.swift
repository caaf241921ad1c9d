import Foundation

// supportplan-bench [--json] [--quick] [--plans N] [workload...]
//
// Every workload is timed beside its baseline in the same run, and the table shows how many times slower than the
// baseline each figure is. See docs/performance.md.

let usage = """
    usage: swift run -c release supportplan-bench [--json] [--quick] [--plans N] [workload...]

    workloads: \(Suite.workloads.joined(separator: " ")) (default: all)
      --json      print the results as JSON instead of a table
      --quick     fewer repetitions and 5,000 plans instead of 100,000 (a smoke run, not for figures)
      --plans N   plans written and evaluated by write, stream and batch
    Run from the package root; the baselines need lua5.4 on PATH, the serve load test wrk (apt-get install wrk).
    """

var arguments = Array(CommandLine.arguments.dropFirst())
do {
    if arguments.first == "--child" {
        try StoreChild.main(Array(arguments.dropFirst()), context: BenchContext.make(quick: false, plans: nil, scratch: false))
        exit(0)
    }
    var json = false, quick = false, plans: Int?
    var selected: [String] = []
    while !arguments.isEmpty {
        let argument = arguments.removeFirst()
        switch argument {
        case "--json": json = true
        case "--quick": quick = true
        case "--plans":
            guard let value = arguments.first.flatMap(Int.init), value > 0 else { throw Subprocess.Failure(description: "--plans needs a positive number") }
            plans = value
            arguments.removeFirst()
        case "-h", "--help": print(usage); exit(0)
        default:
            guard Suite.workloads.contains(argument) else { throw Subprocess.Failure(description: "unknown workload '\(argument)'\n\(usage)") }
            selected.append(argument)
        }
    }
    let context = try BenchContext.make(quick: quick, plans: plans)
    let report = Suite(context: context, selected: selected.isEmpty ? Suite.workloads : selected).run()
    // Removed here, not in a `defer`: `exit` below ends the process without running deferred blocks, so every run
    // used to leave its scratch folder (about 1 GB at 100,000 plans) behind.
    try? FileManager.default.removeItem(atPath: context.scratch)
    print(json ? report.json : report.text)
    exit(report.failures.isEmpty ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("supportplan-bench: \(error)\n".utf8))
    exit(2)
}
