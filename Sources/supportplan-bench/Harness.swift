import Foundation

/// The suite's clock and repetition loop: warm-up, then N timed repetitions, reported as median and minimum.
enum Harness {
    /// Seconds of CPU time this process has used: the clock `os.clock()` reads in the plain-Lua baselines,
    /// so single-threaded workloads and their baselines are timed the same way.
    static func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Seconds of wall-clock time, for workloads that use several threads or other processes.
    static func wallSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs `body` `warmup` times untimed, then `repetitions` times, each returning the seconds per unit of work
    /// it measured itself.
    static func repeatMeasure(warmup: Int, repetitions: Int, _ body: () throws -> Double) rethrows -> Sample {
        for _ in 0..<warmup { _ = try body() }
        var values: [Double] = []
        for _ in 0..<max(1, repetitions) { values.append(try body()) }
        return Sample(values)
    }

    /// CPU seconds per unit for `units` runs of `body`.
    static func cpuPerUnit(_ units: Int, _ body: () throws -> Void) rethrows -> Double {
        let start = cpuSeconds()
        for _ in 0..<units { try body() }
        return (cpuSeconds() - start) / Double(units)
    }
}

/// Repeated measurements of one quantity (seconds per unit of work, or a rate read from a baseline's output).
struct Sample {
    var values: [Double]
    init(_ values: [Double]) { self.values = values.sorted() }
    var median: Double {
        guard !values.isEmpty else { return .nan }
        let mid = values.count / 2
        return values.count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
    }
    var min: Double { values.first ?? .nan }
    var max: Double { values.last ?? .nan }
}
