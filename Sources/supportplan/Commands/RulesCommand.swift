import ArgumentParser
import Foundation
import PlanModel
import RulesReader
import PlanRules
import PlanService
import RuleTesting

/// `supportplan rules …`: exploring a template's rules without a database.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "Explore a template's rules against a fixture.", subcommands: [Eval.self])

    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate a Lua expression with a fixture's ctx, in the hooks' sandbox.",
            discussion: """
            The fixture's plan is set up as `supportplan test` sets it up (before its steps); ctx is what \
            the hooks of --item get, or the plan's own (as can_activate gets) without it. Values print as \
            Lua literals, one per line. Exit 1 when the expression raises an error.

            Examples:
              supportplan rules eval ndis-core 'ctx.client.profile.first_name' --fixture Fixtures/ndis-core/basic.yaml
              supportplan rules eval ndis-core '#ctx.item.records, sp.age(ctx.client.profile.date_of_birth)' \\
                --fixture Fixtures/ndis-core/basic.yaml --item emergency_contacts
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The template id.") var template: String
        @Argument(help: "A Lua expression (several, separated by commas, give several values).") var expression: String
        @Option(help: ArgumentHelp("The fixture whose client and plan ctx shows (default: a blank client).", valueName: "file"))
        var fixture: String?
        @Option(help: ArgumentHelp("The item instance whose ctx.item to show (key or key#N).", valueName: "item"))
        var item: String?

        func run() throws {
            let output = global.output
            var failed = false
            try CommandRunner.run(output) {
                var options = FixtureRunner.Options()
                if let today = global.today { options.today = today }
                let runner: FixtureRunner
                do throws(RulesFolderError) { runner = try FixtureRunner(rulesFolder: URL(fileURLWithPath: global.rules), options: options) } catch {
                    throw ServiceError.badInput(error.problems.map(\.description))
                }
                let outcome: Result<LuaRules.ExpressionResult, RuleError>
                do throws(ExpressionSetupError) {
                    outcome = try runner.evaluate(expression: expression, template: template,
                                                  fixtureAt: fixture.map { URL(fileURLWithPath: $0) }, item: item)
                } catch {
                    throw ServiceError.badInput(error.description)
                }
                switch outcome {
                case .success(let result):
                    if output.json {
                        struct Body: Encodable { let values: [String]; let log: [String] }
                        output.printJSON(Body(values: result.values, log: result.log))
                    } else {
                        output.print((result.log.map { "log " + $0 } + result.values).joined(separator: "\n"))
                    }
                case .failure(let error):
                    failed = true
                    Output.error("Error: \(error.message)")
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
