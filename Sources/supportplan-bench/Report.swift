import Foundation

/// The whole run: the machine it ran on and every row, printed as a table or as JSON.
struct Report: Encodable {
    struct Machine: Encodable {
        var cpu: String
        var cores: Int
        var os: String
        var lua: String
    }

    var machine: Machine
    var quick: Bool
    var plans: Int
    var rows: [ResultRow]
    var failures: [String]

    /// The Markdown table docs/performance.md quotes.
    var table: String {
        var lines = [
            "| workload | unit | median | best | baseline | baseline median | × baseline | peak MiB | target | met |",
            "|---|---|--:|--:|---|--:|--:|--:|---|---|",
        ]
        for r in rows {
            let cells = [
                r.workload, r.unit, ResultRow.format(r.median), ResultRow.format(r.best), r.baseline ?? "—",
                r.baselineMedian.map(ResultRow.format) ?? "—", r.slowdown.map { String(format: "%.2f", $0) } ?? "—",
                r.peakMiB.map { String(format: "%.0f", $0) } ?? "—", r.target ?? "—",
                r.met.map { $0 ? "yes" : "**no**" } ?? "—",
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    var text: String {
        var out = "supportplan-bench — \(machine.cpu), \(machine.cores) cores, \(machine.lua)\(quick ? " (quick)" : "")\n\n"
        out += table + "\n"
        let notes = rows.compactMap { r in r.note.map { "- \(r.workload): \($0)" } }
        if !notes.isEmpty { out += "\n" + notes.joined(separator: "\n") + "\n" }
        if !failures.isEmpty { out += "\nFailed workloads:\n" + failures.map { "- \($0)" }.joined(separator: "\n") + "\n" }
        return out
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    static func currentMachine(lua: String?) -> Machine {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = info.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) }
        let os = ((try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return Machine(cpu: model ?? "unknown CPU", cores: ProcessInfo.processInfo.activeProcessorCount,
                       os: "Linux \(os)", lua: lua ?? "lua5.4 not found")
    }
}
