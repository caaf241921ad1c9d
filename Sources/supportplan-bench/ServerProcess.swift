import Foundation

/// `supportplan serve --port 0` as a child process: started, its port read from its first line, its
/// resident memory sampled each second, and stopped with SIGTERM (by its own pid).
final class ServerProcess: @unchecked Sendable {
    struct MemorySample { var seconds: Double; var mib: Double }

    let process = Process()
    let port: Int
    private let lock = NSLock()
    private var memory: [MemorySample] = []
    private var sampler: Thread?
    private var stopped = false

    init(cli: String, db: String, rules: String, directory: String, arguments: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: cli)
        process.arguments = ["serve", "--db", db, "--rules", rules, "--port", "0", "--log-level", "warning"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("listening on http://"), let port = text.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            process.terminate()
            throw Subprocess.Failure(description: "supportplan serve did not say where it listens: \(text)")
        }
        self.port = port
        let pid = process.processIdentifier
        let start = Harness.wallSeconds()
        let thread = Thread { [weak self] in
            while let self, !self.lock.withLock({ self.stopped }) {
                if let mib = Self.residentMiB(pid) { self.lock.withLock { self.memory.append(MemorySample(seconds: Harness.wallSeconds() - start, mib: mib)) } }
                Thread.sleep(forTimeInterval: 1)
            }
        }
        thread.start()
        sampler = thread
    }

    var samples: [MemorySample] { lock.withLock { memory } }

    func stop() {
        let first = lock.withLock { () -> Bool in defer { stopped = true }; return !stopped }
        guard first, process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }

    /// `VmRSS` of a process, in MiB.
    static func residentMiB(_ pid: Int32) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kib = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return nil }
        return kib / 1024
    }
}
