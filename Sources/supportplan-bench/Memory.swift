import Foundation

/// The peak resident memory of this process, for the workloads that must not grow with their input.
enum Memory {
    /// Peak resident set size in MiB: `VmHWM` from /proc/self/status, or `ru_maxrss` where that is missing.
    static func peakMiB() -> Double {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kib = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") {
            return kib / 1024
        }
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
