import ArgumentParser
import Foundation
import PlanModel
import RulesReader
import PlanService
import RuleTesting

/// `supportplan template new ID`: the files of a new template that lints clean and passes its fixture.
struct TemplateNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a new template: template.yaml, a commented rules.lua, a fixture and a sample client.",
        discussion: """
        Writes Rules/ID/template.yaml (one item of each kind), Rules/ID/rules.lua (one example of every hook), \
        Fixtures/ID/basic.yaml (runs every line of the rules) and Clients/ID-sample.json (for client import), \
        beside the Rules folder. Nothing is written when any of them exists.

        Example:
          supportplan template new respite-care
          supportplan test Fixtures/respite-care --coverage
        """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The new template's id: a lower-case letter, then letters, digits or '-'.") var id: String

    func run() throws {
        let output = global.output
        try CommandRunner.run(output) {
            if let problem = TemplateScaffold.idProblem(id) { throw ServiceError.badInput(problem) }
            let rulesURL = URL(fileURLWithPath: global.rules).standardizedFileURL
            let rules: RulesFolder
            do throws(RulesFolderError) { rules = try RulesFolder.load(at: rulesURL) } catch {
                throw ServiceError.badInput(error.problems.map(\.description))
            }
            let base = rulesURL.deletingLastPathComponent()
            // The scaffold names files as if the folder were called Rules; --rules may call it anything.
            func url(_ path: String) -> URL {
                path.hasPrefix("Rules/") ? rulesURL.appendingPathComponent(String(path.dropFirst("Rules/".count)))
                    : base.appendingPathComponent(path)
            }
            let commands = TemplateScaffold.Commands(new: "supportplan template new \(id)", lint: "supportplan lint Rules",
                                                     test: "supportplan test Fixtures/\(id)")
            let files = TemplateScaffold(id: id, rules: rules, commands: commands).files
            let fm = FileManager.default
            let existing = [url("Rules/\(id)")] + files.map { url($0.path) }
            if let taken = existing.first(where: { fm.fileExists(atPath: $0.path) }) {
                throw ServiceError.badInput("\(taken.path) already exists: choose another id (nothing was written)")
            }
            var written: [String] = []
            for file in files {
                let target = url(file.path)
                try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: target)
                written.append(target.path)
            }
            if output.json {
                struct Body: Encodable { let id: String; let files: [String] }
                output.printJSON(Body(id: id, files: written))
                return
            }
            let fixtures = url("Fixtures/\(id)").path
            output.print((written.map { "wrote \($0)" } + [
                "",
                "Next: supportplan lint \(rulesURL.path)",
                "      supportplan test \(fixtures) --coverage",
                "      supportplan template publish \(id)",
            ]).joined(separator: "\n"))
        }
    }
}
