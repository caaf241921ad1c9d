import ArgumentParser
import Foundation
import PlanService

@main
struct Supportplan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supportplan",
        abstract: "Support plans for disability and aged care clients, with template rules in Lua.",
        discussion: """
        Plans are made from published templates (Rules/<template>/template.yaml and rules.lua), worked \
        through item by item, activated when complete, and reviewed through a linked draft copy.

        Exit status: 0 done; 1 refused (with the reasons) or a failing test or lint; 2 bad input.

        Examples:
          supportplan demo
          supportplan plan create --client C-0001 --template ndis-core
          supportplan plan show SP-000001
          supportplan item complete SP-000001 preferred_name
        """,
        subcommands: [
            DemoCommand.self, ClientCommand.self, RecordCommand.self, TemplateCommand.self,
            PlanCommand.self, ItemCommand.self, UserCommand.self, TestCommand.self, LintCommand.self, RulesCommand.self, ServeCommand.self,
        ]
    )

    /// Runs the command; a wrong argument exits 2 (bad input), not ArgumentParser's 64, as documented for every command.
    /// `--format json` (or `--format=json`) anywhere on the command line, even when parsing failed.
    static func wantsJSON(_ arguments: [String]) -> Bool {
        zip(arguments, arguments.dropFirst()).contains { $0 == "--format" && $1 == "json" } || arguments.contains("--format=json")
    }

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                let message = fullMessage(for: error)
                if wantsJSON(CommandLine.arguments) {
                    // Scripts asked for JSON: they get the error in the shape every other error has.
                    let firstLine = message.split(separator: "\n").first.map(String.init) ?? message
                    CommandRunner.report(ServiceError.badInput(firstLine.replacingOccurrences(of: "Error: ", with: "")), Output(format: .json))
                } else {
                    Output.error(message)
                }
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
