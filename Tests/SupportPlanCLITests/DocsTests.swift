import Foundation
import Testing

/// The README and docs/ read right: nothing points outside the repository, inline code is closed,
/// flags are named with their command, and the built-in messages are all listed.
@Suite struct DocsTests {
    static let documents = ["README.md", "docs/writing-rules.md", "docs/writing-fixtures.md", "docs/architecture.md", "docs/performance.md"]

    static func text(_ path: String) throws -> String {
        try String(contentsOf: CommandLineTool.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// The lines outside fenced code blocks.
    static func prose(_ text: String) -> [(number: Int, line: String)] {
        var inFence = false
        var out: [(Int, String)] = []
        for (i, line) in text.components(separatedBy: "\n").enumerated() {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") { inFence.toggle(); continue }
            if !inFence { out.append((i + 1, line)) }
        }
        return out
    }

    @Test(arguments: documents + ["Rules/.types/supportplan.lua"])
    func nothingPointsOutsideTheRepository(_ path: String) throws {
        let text = try Self.text(path)
        #expect(!text.contains("../shared"))
        #expect(!text.contains("SPEC.md"))
    }

    @Test(arguments: documents)
    func everyInlineCodeSpanIsClosedOnItsLine(_ path: String) throws {
        for (number, line) in Self.prose(try Self.text(path)) {
            #expect(line.filter { $0 == "`" }.count % 2 == 0, "\(path):\(number): \(line)")
        }
    }

    @Test(arguments: documents)
    func traceIsNamedWithItsCommand(_ path: String) throws {
        for (number, line) in try Self.text(path).components(separatedBy: "\n").enumerated() where line.contains("--trace") {
            #expect(line.contains("plan evaluate"), "\(path):\(number + 1): \(line)")
        }
    }

    @Test func everyBuiltInMessageIsListed() throws {
        let rules = try Self.text("docs/writing-rules.md")
        for message in ["is required", "Enter a valid phone number", "Enter a valid email address", "Enter a valid URL",
                        "Enter a valid date (YYYY-MM-DD)", "Choose one of", "Link at least N record(s)",
                        "Link at most N record(s)", "Enter a video link"] {
            #expect(rules.contains(message), "writing-rules.md lacks \(message)")
        }
    }
}
