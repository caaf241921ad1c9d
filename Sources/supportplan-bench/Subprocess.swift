import Foundation

/// Another program run to completion, with its output: the plain-Lua baselines, the CLI, child workloads.
struct Subprocess {
    var status: Int32
    var stdout: String
    var stderr: String

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `executable` with `arguments` and waits for it to exit.
    static func run(_ executable: String, _ arguments: [String], directory: String? = nil) throws -> Subprocess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw Failure(description: "could not start \(executable): \(error.localizedDescription)")
        }
        // Read both pipes before waiting, so a chatty child never blocks on a full pipe.
        let errData = Collected()
        let done = DispatchSemaphore(value: 0)
        let errHandle = err.fileHandleForReading
        DispatchQueue.global().async {
            errData.data = errHandle.readDataToEndOfFile()
            done.signal()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        done.wait()
        return Subprocess(status: process.terminationStatus,
                          stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData.data, as: UTF8.self))
    }

    /// Runs it and insists on exit status 0.
    static func check(_ executable: String, _ arguments: [String], directory: String? = nil) throws -> Subprocess {
        let result = try run(executable, arguments, directory: directory)
        guard result.status == 0 else {
            let shown = ([executable] + arguments).joined(separator: " ")
            throw Failure(description: "`\(shown)` exited with status \(result.status): \(result.stderr.prefix(2000))\(result.stdout.prefix(500))")
        }
        return result
    }

    /// The `key=value` lines of the output.
    var figures: [String: Double] {
        var out: [String: Double] = [:]
        for line in stdout.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Double(parts[1].trimmingCharacters(in: .whitespaces)) {
                out[String(parts[0])] = value
            }
        }
        return out
    }

    /// One figure the output must contain.
    func figure(_ key: String) throws -> Double {
        guard let value = figures[key] else {
            throw Failure(description: "no `\(key)=` line in the output: \(stdout.prefix(500))\(stderr.prefix(500))")
        }
        return value
    }

    /// Bytes one thread reads while another waits for the semaphore that orders the two.
    final class Collected: @unchecked Sendable {
        var data = Data()
    }

    /// The absolute path of a program on PATH.
    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}

extension Subprocess {
    /// Wall-clock seconds for `executable` to start and exit, its output discarded; throws unless it exits 0.
    /// Spawned and reaped directly: Foundation's `Process.waitUntilExit` polls its run loop every 50 ms on Linux,
    /// which would swamp a 20 ms process.
    static func timeToExit(_ executable: String, _ arguments: [String]) throws -> Double {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid = pid_t()
        let start = Harness.wallSeconds()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failure(description: "could not start \(executable): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let seconds = Harness.wallSeconds() - start
        // WIFEXITED && WEXITSTATUS == 0, spelled out since the C macros don't import.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw Failure(description: "`\(([executable] + arguments).joined(separator: " "))` failed (wait status \(status))")
        }
        return seconds
    }
}
