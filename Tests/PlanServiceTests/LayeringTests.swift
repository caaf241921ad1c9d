import Foundation
import Testing

/// The modules below the front ends never speak a front end's language: no command names, flags or
/// exit statuses. The CLI adds those (its hints), the HTTP API its statuses.
@Suite struct LayeringTests {
    static let modulesBelowTheFrontEnds = ["LuaBridge", "PlanModel", "RulesReader", "PlanRules", "PlanStore", "PlanStorePostgres", "PlanService", "RuleTesting"]

    /// `supportplan plan`, `--db`, `exit 2`, `exit status`, `exitCode`: words of the command line.
    static let commandWords = try! NSRegularExpression(
        pattern: #"`supportplan [a-z]|supportplan (demo|plan|item|client|record|template|test|lint|user|serve)\b|(?<![\w-])--[a-z][a-z-]+|\bexit (status|code)|\bexit [0-9]\b|exitCode|exitStatus"#)

    @Test func noModuleBelowTheFrontEndsNamesACommandAFlagOrAnExitStatus() throws {
        let sources = ServiceFixture.packageRoot.appendingPathComponent("Sources")
        var found: [String] = []
        for module in Self.modulesBelowTheFrontEnds {
            let folder = sources.appendingPathComponent(module)
            guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { continue }
            for case let file as URL in files where file.pathExtension == "swift" {
                let text = try String(contentsOf: file, encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let line = String(line)
                    if Self.commandWords.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil {
                        found.append("\(module)/\(file.lastPathComponent):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                    }
                }
            }
        }
        #expect(found == [])
    }
}
