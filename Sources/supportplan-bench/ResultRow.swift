import Foundation

/// One line of the results table: a workload's figure beside its baseline from the same run.
struct ResultRow: Encodable {
    var workload: String
    /// What is measured, with its unit: `plans/s`, `ns/call`, `ms`.
    var unit: String
    /// Whether a bigger figure is better (a rate) or worse (a cost).
    var higherIsBetter: Bool
    var median: Double
    /// The best repetition: the minimum cost, or the maximum rate.
    var best: Double
    var repetitions: Int
    /// What the baseline runs, e.g. `lua5.4 bench/plan-baseline.lua`.
    var baseline: String?
    var baselineMedian: Double?
    var peakMiB: Double?
    var target: String?
    var met: Bool?
    var note: String?

    init(workload: String, unit: String, higherIsBetter: Bool, sample: Sample, baseline: String? = nil,
         baselineMedian: Double? = nil, peakMiB: Double? = nil) {
        self.workload = workload; self.unit = unit; self.higherIsBetter = higherIsBetter
        self.median = sample.median
        self.best = higherIsBetter ? sample.max : sample.min
        self.repetitions = sample.values.count
        self.baseline = baseline; self.baselineMedian = baselineMedian; self.peakMiB = peakMiB
    }

    /// How many times slower than the baseline (1.0 = as fast; above 1 = slower), from the medians.
    var slowdown: Double? {
        guard let base = baselineMedian, base > 0, median > 0 else { return nil }
        return higherIsBetter ? base / median : median / base
    }

    enum CodingKeys: String, CodingKey {
        case workload, unit, median, best, repetitions, baseline, target, met, note
        case higherIsBetter = "higher_is_better", baselineMedian = "baseline_median", slowdown, peakMiB = "peak_mib"
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(workload, forKey: .workload)
        try c.encode(unit, forKey: .unit)
        try c.encode(higherIsBetter, forKey: .higherIsBetter)
        try c.encode(Self.rounded(median), forKey: .median)
        try c.encode(Self.rounded(best), forKey: .best)
        try c.encode(repetitions, forKey: .repetitions)
        try c.encodeIfPresent(baseline, forKey: .baseline)
        try c.encodeIfPresent(baselineMedian.map(Self.rounded), forKey: .baselineMedian)
        try c.encodeIfPresent(slowdown.map(Self.rounded), forKey: .slowdown)
        try c.encodeIfPresent(peakMiB.map(Self.rounded), forKey: .peakMiB)
        try c.encodeIfPresent(target, forKey: .target)
        try c.encodeIfPresent(met, forKey: .met)
        try c.encodeIfPresent(note, forKey: .note)
    }

    static func rounded(_ value: Double) -> Double {
        guard value.isFinite else { return 0 }
        let digits = value >= 100 ? 1.0 : 1000.0
        return (value * digits).rounded() / digits
    }

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        if value >= 10_000 { return String(format: "%.0f", value).groupedThousands }
        if value >= 100 { return String(format: "%.1f", value) }
        if value >= 1 { return String(format: "%.2f", value) }
        return String(format: "%.3f", value)
    }
}

extension String {
    /// `123456` → `123,456`.
    var groupedThousands: String {
        var out = ""
        for (n, ch) in reversed().enumerated() {
            if n > 0 && n % 3 == 0 && ch != "-" { out.append(",") }
            out.append(ch)
        }
        return String(out.reversed())
    }
}
