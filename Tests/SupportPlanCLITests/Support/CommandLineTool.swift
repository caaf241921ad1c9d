import Foundation
import Testing

/// What one run of the built `supportplan` binary printed and how it exited.
struct CommandResult: CustomStringConvertible {
    var arguments: [String]
    var stdout: String
    var stderr: String
    var status: Int32

    var description: String {
        "supportplan \(arguments.joined(separator: " "))\n--- exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)"
    }

    /// The standard output read as JSON (an object or an array).
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
    }

    func jsonObject() throws -> [String: Any] {
        guard let object = try json() as? [String: Any] else { throw ToolError("stdout is not a JSON object:\n\(self)") }
        return object
    }
}

struct ToolError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The `supportplan` binary built beside this test bundle, and the package's sample Rules folder.
enum CommandLineTool {
    /// The package root, from this file's place in `Tests/SupportPlanCLITests/Support/`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let rules = packageRoot.appendingPathComponent("Rules")
    static let fixtures = packageRoot.appendingPathComponent("Fixtures")

    /// The binary in the build folder of the running test bundle (`.build/debug`, or whatever
    /// `--scratch-path` chose), or `$SUPPORTPLAN_BIN`.
    static let binary: Result<URL, ToolError> = {
        let fm = FileManager.default
        if let path = ProcessInfo.processInfo.environment["SUPPORTPLAN_BIN"] {
            return fm.isExecutableFile(atPath: path) ? .success(URL(fileURLWithPath: path))
                : .failure(ToolError("$SUPPORTPLAN_BIN is \(path), which is not an executable"))
        }
        var starts = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments.first ?? ".")]
        starts += Bundle.allBundles.map(\.bundleURL)
        var looked: [String] = []
        for start in starts {
            var folder = start.standardizedFileURL
            for _ in 0..<3 {
                let candidate = folder.appendingPathComponent("supportplan")
                var isFolder: ObjCBool = false
                if fm.fileExists(atPath: candidate.path, isDirectory: &isFolder), !isFolder.boolValue,
                   fm.isExecutableFile(atPath: candidate.path) {
                    return .success(candidate)
                }
                looked.append(folder.path)
                folder = folder.deletingLastPathComponent()
            }
        }
        return .failure(ToolError("No supportplan binary beside the test bundle (looked in \(Set(looked).sorted().joined(separator: ", "))). "
                                  + "Build it first: swift build --product supportplan (with the same --scratch-path as the tests)."))
    }()

    /// Runs the binary with `NO_COLOR=1` and no `SUPPORTPLAN_*` variables; output goes to files so a
    /// large output never blocks on a full pipe.
    static func run(_ arguments: [String], stdin: Data? = nil, in folder: URL) throws -> CommandResult {
        let binary = try binary.get()
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SUPPORTPLAN_") }
        environment["NO_COLOR"] = "1"
        environment["CI"] = "1"
        process.environment = environment
        let id = UUID().uuidString
        let outURL = folder.appendingPathComponent(".out-\(id)")
        let errURL = folder.appendingPathComponent(".err-\(id)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        if let stdin {
            let inURL = folder.appendingPathComponent(".in-\(id)")
            try stdin.write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return CommandResult(arguments: arguments,
                             stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                             stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
                             status: process.terminationStatus)
    }

    /// A sample database made once per test run by `supportplan demo` (plans SP-000001 active and
    /// SP-000002 its review draft); each workspace works on its own copy.
    static let demoDatabase: Result<URL, ToolError> = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("supportplan-cli-demo-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let db = folder.appendingPathComponent("demo.sqlite")
            let result = try run(["demo", "--replace", "--db", db.path, "--rules", rules.path, "--today", Workspace.today,
                                  "--as", "tester"], in: folder)
            guard result.status == 0 else { return .failure(ToolError("supportplan demo failed:\n\(result)")) }
            return .success(db)
        } catch let error as ToolError {
            return .failure(error)
        } catch {
            return .failure(ToolError("\(error)"))
        }
    }()
}
