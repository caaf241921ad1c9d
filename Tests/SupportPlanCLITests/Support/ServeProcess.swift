import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `supportplan serve --port 0` as a child process on 127.0.0.1: started, its port read from its first
/// line, and always stopped by its own pid (SIGKILL at the latest when the test is done with it, failed or not).
/// Its output goes to files, so a chatty server never blocks on a full pipe. Shared by a test's threads: after
/// `init` only the `Process` (thread-safe) changes.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    /// Everything the server printed to standard output so far; the first line is `listening on …`.
    var stdout: String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }
    private let outURL: URL
    private let errURL: URL

    /// Starts `supportplan serve --port 0 EXTRA` with the workspace's `--db`, `--rules` and `--today` (no `--as`:
    /// the server acts for whoever the request is, the local administrator while the database has no users).
    init(_ ws: Workspace, _ extra: [String] = [], database: String? = nil) throws {
        let id = UUID().uuidString
        outURL = ws.folder.appendingPathComponent(".serve-out-\(id)")
        errURL = ws.folder.appendingPathComponent(".serve-err-\(id)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.executableURL = try CommandLineTool.binary.get()
        process.arguments = ["serve", "--port", "0", "--db", database ?? ws.database ?? ws.db.path, "--rules", ws.rules.path,
                             "--today", Workspace.today] + extra
        process.currentDirectoryURL = ws.folder
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SUPPORTPLAN_") }
        environment["NO_COLOR"] = "1"
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()

        // Its first line says where it listens; a server that exits or stays silent for 60 s has failed.
        let deadline = Date().addingTimeInterval(60)
        var port: Int?
        while true {
            let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
            if let newline = out.firstIndex(of: "\n") {
                let line = out[..<newline]
                port = line.hasPrefix("listening on http://127.0.0.1:") ? line.split(separator: ":").last.flatMap { Int($0) } : nil
                break
            }
            if !process.isRunning || Date() > deadline { break }
            usleep(20_000)
        }
        guard let port else {
            let said = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
            let errors = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
            throw ToolError("supportplan serve did not print `listening on http://127.0.0.1:PORT` first\n--- stdout\n\(said)--- stderr\n\(errors)")
        }
        self.port = port
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
    }

    func connect() throws -> HTTPConnection { try HTTPConnection(port: port) }

    /// Sends `signal` to the server's own pid.
    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits (at most `seconds`) for the server to exit; its exit status, or nil while it still runs.
    func waitForExit(seconds: TimeInterval = 60) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        guard !process.isRunning else { return nil }
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }

    /// Stops the server with SIGTERM and waits for it; SIGKILL if it has not gone within the bound.
    @discardableResult
    func stop() -> Int32? {
        guard process.isRunning else { return waitForExit() }
        signal(SIGTERM)
        let status = waitForExit()
        if status == nil { signal(SIGKILL); process.waitUntilExit() }
        return status
    }

    /// Waits (at most 60 s) until the server no longer accepts connections: it has begun to shut down.
    func waitUntilNotAccepting() -> Bool {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if !HTTPConnection.accepts(port: port) { return true }
            usleep(20_000)
        }
        return false
    }
}
