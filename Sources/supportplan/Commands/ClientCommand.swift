import ArgumentParser
import Foundation
import PlanModel
import PlanService

struct ClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client", abstract: "Import and show clients.",
        subcommands: [Import.self, Show.self, History.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import clients from a JSON array or JSON lines (merged by id).",
            discussion: """
            Every entry is checked against profile.yaml and record-types.yaml; when any entry is invalid, \
            every problem is listed and nothing is imported. An entry merges over the stored client: a key \
            left out keeps its value, null clears it; --replace replaces an entry's profile and each listed \
            record's fields whole. Every changed field goes into the client's history (see client history), and \
            a record's changes also into the history of each plan linking it; --dry-run lists them.

            Example:
              supportplan client import clients.json
              echo '{"id": "C-0009", "name": "Ada Nguyen", "profile": {"first_name": "Ada"}}' > one.jsonl
              supportplan client import one.jsonl --dry-run
            """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @Argument(help: "A .json file (array) or .jsonl file (one client per line); - for standard input.")
        var file: String
        @Flag(help: "Replace each entry's profile and listed records' fields whole instead of merging.")
        var replace = false

        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let service = try global.service(createDatabase: true)
                let data: Data
                if file == "-" { data = FileHandle.standardInput.readDataToEndOfFile() } else {
                    guard let d = FileManager.default.contents(atPath: file) else { throw ServiceError.badInput("Can't read \(file)") }
                    data = d
                }
                let report = try service.importClients(data: data, file: file, replace: replace, dryRun: dry.dryRun)
                if output.json { output.printJSON(report); return }
                let verb = dry.dryRun ? "Would import" : "Imported"
                let unchanged = report.unchanged.isEmpty ? "" : ", \(report.unchanged.count) unchanged"
                let total = report.created.count + report.updated.count + report.unchanged.count
                output.print("\(verb) \(total) client(s) (\(report.created.count) new, \(report.updated.count) updated\(unchanged)) and \(report.records) record(s).")
                if dry.dryRun {
                    for change in report.changes {
                        output.print("  \(change.client) \(change.target): \(change.before ?? "(unset)") -> \(change.after ?? "(unset)")")
                    }
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a client's profile, records, and every plan with its status and review chain.",
            discussion: "Example:\n  supportplan client show C-0001")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The client id.") var id: String

        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let service = try global.service()
                let summary = try service.client(id)
                if output.json { output.printJSON(ClientView(summary: summary, history: try service.clientHistory(id))); return }
                var lines = [Style.bold("\(summary.client.id)  \(summary.client.name)")]
                lines.append("")
                lines.append(Style.bold("Profile"))
                let schema = service.rules.profile
                for field in schema.fields {
                    guard let v = summary.client.profile[field.key] else { continue }
                    lines.append("  \(field.displayLabel): \(v.displayText)")
                }
                lines.append("")
                lines.append(Style.bold("Records"))
                if summary.records.isEmpty { lines.append("  none") }
                for r in summary.records {
                    let type = service.rules.recordTypes[r.type]
                    let shown = (type?.display ?? []).compactMap { r.fields[$0]?.displayText }.joined(separator: " · ")
                    lines.append("  \(r.id)  \(type?.label ?? r.type)  \(shown)")
                }
                lines.append("")
                lines.append(Style.bold("Plans"))
                if summary.plans.isEmpty { lines.append("  none") }
                for p in summary.plans {
                    var line = "  \(p.id)  \(p.templateID) v\(p.templateVersion)  \(PlanRenderer.statusText(p.status))"
                    if let a = p.activationDate { line += "  activated \(a)" }
                    if let x = p.expiryDate { line += "  expired \(x)" }
                    if let prev = p.previousPlanID { line += "  reviews \(prev)" }
                    if summary.client.latestPlanID == p.id { line += "  (latest)" }
                    lines.append(line)
                }
                output.print(lines.joined(separator: "\n"))
            }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every change made to a client and its records outside plans (imports): who, when, before and after.",
            discussion: "Changes made through a plan are in that plan's history (plan history).\n\nExample:\n  supportplan client history C-0001")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The client id.") var id: String
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let events = try global.service().clientHistory(id)
                if output.json { output.printJSON(events); return }
                for e in events {
                    output.print("\(e.at)  \(e.user)  " + PlanCommand.describe(e, separator: "  "))
                }
            }
        }
    }
}
