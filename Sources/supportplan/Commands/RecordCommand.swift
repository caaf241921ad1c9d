import ArgumentParser
import PlanModel
import PlanService

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Show and edit client records.", subcommands: [Show.self, Edit.self])

    static func render(_ record: ClientRecord, service: ServiceCall) -> String {
        let type = service.rules.recordTypes[record.type]
        var lines = [Style.bold("\(record.id)  \(type?.label ?? record.type)") + "  (client \(record.clientID))"]
        for field in type?.fields ?? [] {
            lines.append("  \(field.displayLabel): \(record.fields[field.key]?.displayText ?? Style.dim("—"))")
        }
        return lines.joined(separator: "\n")
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one record.", discussion: "Example:\n  supportplan record show CC-00001")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The record id, e.g. CC-00077.") var id: String
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let service = try global.service()
                let record = try service.record(id)
                if output.json { output.printJSON(record) } else { output.print(RecordCommand.render(record, service: service)) }
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Edit a record's fields (validated by its record type).",
            discussion: "An empty VALUE unsets the field.\n\nExample:\n  supportplan record edit CC-00001 phone=\"0400 111 222\" relationship=Sibling")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @Argument(help: "The record id.") var id: String
        @Argument(help: "FIELD=VALUE assignments.") var assignments: [String]
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let service = try global.service()
                let parsed = try assignments.map { a throws(ServiceError) in try Assignment.parse(a) }
                let change = try service.editRecord(id, parsed, dryRun: dry.dryRun)
                if output.json { output.printJSON(change); return }
                var lines = [(dry.dryRun ? "Would save:\n" : "Saved.\n") + RecordCommand.render(change.record, service: service)]
                let verb = dry.dryRun ? "would " : ""
                for effect in change.plans {
                    if !effect.reopened.isEmpty {
                        lines.append("\(effect.plan): \(verb)reopen \(effect.reopened.joined(separator: ", ")) (its check fails now)")
                    }
                    if effect.needsReview {
                        lines.append("\(effect.plan) is active: its items stay as agreed, and it \(dry.dryRun ? "would be" : "is") flagged as needing review")
                    }
                }
                output.print(lines.joined(separator: "\n"))
            }
        }
    }
}
