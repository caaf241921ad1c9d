import Foundation

/// The serve load driven by `wrk` with `bench/serve-load.lua`: a load client in C with a small
/// LuaJIT script, so that the server, not the client, gets most of the two cores. The script picks
/// the requests (80 % reads, 20 % changes with a value used once), tallies the answers and writes them
/// with every acknowledged change to a file read here.
enum WrkLoad {
    /// wrk's threads: one event loop is plenty for 32 connections and leaves the server the other core.
    static var threads: Int {
        ProcessInfo.processInfo.environment["SUPPORTPLAN_BENCH_WRK_THREADS"].flatMap { Int($0) }.map { max(1, $0) } ?? 1
    }

    /// `wrk, 1 thread`.
    static var name: String { "wrk, \(threads) thread\(threads == 1 ? "" : "s")" }

    /// `wrk` on PATH, or nil.
    static var executable: String? { Subprocess.which("wrk") }

    static let missing = "not run: wrk is not on PATH (apt-get install wrk, or brew install wrk)"

    static func run(wrk: String, context: BenchContext, port: Int, ids: [String], token: String,
                    connections: Int, seconds: Double) throws -> LoadOutcome {
        let input = "\(context.scratch)/serve-load-input.txt", output = "\(context.scratch)/serve-load-output.txt"
        try ([token] + ids).joined(separator: "\n").appending("\n").write(toFile: input, atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(atPath: output)
        _ = try Subprocess.check(wrk, ["-t", "\(threads)", "-c", "\(connections)", "-d", "\(Int(seconds))s", "--timeout", "30s",
                                       "-s", "\(context.bench)/serve-load.lua", "http://127.0.0.1:\(port)", "--", input, output])
        guard let text = try? String(contentsOfFile: output, encoding: .utf8) else {
            throw Subprocess.Failure(description: "wrk wrote no tally to \(output) (bench/serve-load.lua's done())")
        }
        return try parse(text)
    }

    /// The script's tally: `key=value` lines, `status CODE COUNT` lines and `ack PLAN VALUE` lines.
    static func parse(_ text: String) throws -> LoadOutcome {
        var figures: [String: Int] = [:]
        var statuses: [UInt: Int] = [:]
        var acknowledged: [String: [String]] = [:]
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count == 3, words[0] == "ack" {
                acknowledged[String(words[1]), default: []].append(String(words[2]))
            } else if words.count == 3, words[0] == "status", let code = UInt(words[1]), let count = Int(words[2]) {
                statuses[code, default: 0] += count
            } else if let equals = line.firstIndex(of: "="), let value = Int(line[line.index(after: equals)...]) {
                figures[String(line[..<equals])] = value
            }
        }
        func figure(_ key: String) throws -> Int {
            guard let value = figures[key] else { throw Subprocess.Failure(description: "wrk's tally has no \(key)=") }
            return value
        }
        var outcome = LoadOutcome(seconds: Double(try figure("duration_us")) / 1e6,
                                  all: .init(p50: Double(try figure("latency_p50_us")) / 1000, p99: Double(try figure("latency_p99_us")) / 1000))
        outcome.reads = try figure("reads")
        outcome.changes = try figure("changes")
        outcome.statuses = statuses
        outcome.acknowledged = acknowledged
        for kind in ["connect", "read", "write", "timeout"] {
            let n = try figure("errors_\(kind)")
            if n > 0 { outcome.clientErrors.append("\(n) socket \(kind) errors") }
        }
        let unparsed = try figure("unparsed")
        if unparsed > 0 { outcome.clientErrors.append("\(unparsed) changes answered 200 without their value in the answer") }
        return outcome
    }
}
