import Foundation
import Testing

/// The README's tour is what a new user types first: it must run as written on the sample Rules.
@Suite struct ReadmeTourTests {
    /// The shell block after "A tour" in README.md.
    static func tourScript() throws -> String {
        let readme = try String(contentsOf: CommandLineTool.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let tour = readme.range(of: "## A tour") else { throw ToolError("README.md has no '## A tour' section") }
        let rest = readme[tour.upperBound...]
        guard let open = rest.range(of: "```sh\n"), let close = rest[open.upperBound...].range(of: "```") else {
            throw ToolError("README.md's tour has no ```sh block")
        }
        return String(rest[open.upperBound..<close.lowerBound])
    }

    @Test func theReadmeTourRunsAsWrittenAfterTheDemo() throws {
        let fm = FileManager.default
        let folder = fm.temporaryDirectory.appendingPathComponent("supportplan-tour-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: folder) }
        let bin = folder.appendingPathComponent(".build/debug")
        try fm.createDirectory(at: bin, withIntermediateDirectories: true)
        try fm.createSymbolicLink(at: bin.appendingPathComponent("supportplan"), withDestinationURL: try CommandLineTool.binary.get())
        try fm.createSymbolicLink(at: folder.appendingPathComponent("Rules"), withDestinationURL: CommandLineTool.rules)
        let demo = try CommandLineTool.run(["demo", "--db", "demo.sqlite", "--today", "2026-11-28"], in: folder)
        #expect(demo.status == 0, "\(demo)")
        try ("set -e\n" + Self.tourScript()).write(to: folder.appendingPathComponent("tour.sh"), atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["tour.sh"]
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SUPPORTPLAN_") }
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = folder.appendingPathComponent("tour.out")
        fm.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "the tour stopped:\n\(text.suffix(3000))")
        #expect(text.contains("activate SP-000003"))
        #expect(text.contains("start review SP-000004 of SP-000003"))
        #expect(text.contains("Refused: Record how workers support Metformin"))
    }
}

/// The README's ten-minute path for a new template runs as written, from `template new` to a plan.
@Suite struct ReadmeNewTemplateTests {
    @Test func theTenMinutePathRunsAsWritten() throws {
        let readme = try String(contentsOf: CommandLineTool.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "### A new template in ten minutes"))
        let end = readme[section.upperBound...].range(of: "\n## ")?.lowerBound ?? readme.endIndex
        let blocks = readme[section.upperBound..<end].components(separatedBy: "```sh\n").dropFirst()
            .map { $0.components(separatedBy: "```")[0] }
        #expect(blocks.count == 2)

        let fm = FileManager.default
        let folder = fm.temporaryDirectory.appendingPathComponent("supportplan-new-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: folder) }
        let bin = folder.appendingPathComponent("bin")
        try fm.createDirectory(at: bin, withIntermediateDirectories: true)
        try fm.createSymbolicLink(at: bin.appendingPathComponent("supportplan"), withDestinationURL: try CommandLineTool.binary.get())
        try fm.copyItem(at: CommandLineTool.rules, to: folder.appendingPathComponent("Rules"))
        try fm.copyItem(at: CommandLineTool.packageRoot.appendingPathComponent("Fixtures"), to: folder.appendingPathComponent("Fixtures"))
        let script = "set -e\nexport PATH=\"$PWD/bin:$PATH\" SUPPORTPLAN_TODAY=2026-11-28\n" + blocks.joined(separator: "\n")
        try script.write(to: folder.appendingPathComponent("path.sh"), atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["path.sh"]
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SUPPORTPLAN_") }
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = folder.appendingPathComponent("path.out")
        fm.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "the path stopped:\n\(text.suffix(3000))")
        #expect(text.contains("ok   Fixtures/respite-care/basic.yaml"))
        #expect(text.contains("respite-care  v1  published"))
        #expect(text.contains("SP-000001"))
    }
}
