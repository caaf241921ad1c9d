import ArgumentParser
import PlanModel
import PlanService

struct ItemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "item", abstract: "Work through a plan's items.",
        subcommands: [SetValues.self, Link.self, Unlink.self, Form.self, Create.self, Candidates.self, Complete.self,
                      Review.self, NotRequired.self, Reinstate.self, Add.self, Remove.self])

    /// The two positional arguments every item command takes.
    struct Target: ParsableArguments {
        @Argument(help: "The plan id.") var plan: String
        @Argument(help: "The item: KEY (instance 1) or KEY#N.") var item: String
    }

    static func parse(_ assignments: [String]) throws -> [Assignment] {
        try assignments.map { a throws(ServiceError) in try Assignment.parse(a) }
    }

    struct SetValues: ItemChangeCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Set values of a fields or profile item (profile items write to the client's profile).",
            discussion: """
            An empty VALUE unsets the field; a multi_choice takes comma-separated options; a video item takes url=….

            Examples:
              supportplan item set SP-000001 communication method=Verbal
              supportplan item set SP-000001 preferred_name preferred_name=Ada pronouns=she/her
              supportplan item set SP-000001 transfer_video url=https://example.org/ada
            """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @OptionGroup var target: Target
        @Argument(help: "FIELD=VALUE assignments.") var assignments: [String]
        func change(_ service: ServiceCall) throws -> PlanChange {
            try service.setValues(plan: target.plan, item: target.item, ItemCommand.parse(assignments), dryRun: dry.dryRun)
        }
        func headline(_ change: PlanChange) -> String { "set \(target.item)" }
    }

    struct Link: ItemChangeCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link existing client records to a records item.",
            discussion: "Example:\n  supportplan item link SP-000001 emergency_contacts CC-00001 CC-00002")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @OptionGroup var target: Target
        @Argument(help: "Record ids.") var records: [String]
        func change(_ service: ServiceCall) throws -> PlanChange {
            try service.link(plan: target.plan, item: target.item, records: records, dryRun: dry.dryRun)
        }
        func headline(_ change: PlanChange) -> String { "link \(records.joined(separator: ", ")) to \(target.item)" }
    }

    struct Unlink: ItemChangeCommand {
        static let configuration = CommandConfiguration(
            abstract: "Unlink a record from a records item.",
            discussion: "Example:\n  supportplan item unlink SP-000001 emergency_contacts CC-00002")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @OptionGroup var target: Target
        @Argument(help: "The record id.") var record: String
        func change(_ service: ServiceCall) throws -> PlanChange {
            try service.unlink(plan: target.plan, item: target.item, record: record, dryRun: dry.dryRun)
        }
        func headline(_ change: PlanChange) -> String { "unlink \(record) from \(target.item)" }
    }

    struct Form: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a records item's create-new form: fields and defaults.",
            discussion: "Example:\n  supportplan item form SP-000001 emergency_contacts")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: Target
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let (type, form) = try global.service().form(plan: target.plan, item: target.item)
                if output.json { output.printJSON(FormView(recordType: type, form: form)); return }
                output.print(Style.bold("New \(type.label.lowercased())"))
                for f in form.fields {
                    var line = "  \(f.key)" + (f.required ? "*" : "") + "  \(f.displayLabel) (\(f.type.rawValue))"
                    if !f.options.isEmpty { line += "  one of: \(f.options.joined(separator: ", "))" }
                    if let d = form.defaults[f.key] { line += "  default: \(d.displayText)" }
                    output.print(line)
                    if let help = f.help { output.print("      " + Style.dim(help)) }
                }
                for e in form.errors { output.print(Style.red("rule error: \(e.description)")) }
                output.print(Style.dim("* required. Submit with: supportplan item create \(target.plan) \(target.item) FIELD=VALUE..."))
            }
        }
    }

    struct Create: ItemChangeCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a client record through the item's create-new form, and link it.",
            discussion: "Example:\n  supportplan item create SP-000001 emergency_contacts name=\"Bo Nguyen\" relationship=Parent phone=\"0400 000 000\"")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @OptionGroup var target: Target
        @Argument(help: "FIELD=VALUE assignments.") var assignments: [String] = []
        func change(_ service: ServiceCall) throws -> PlanChange {
            try service.createRecord(plan: target.plan, item: target.item, ItemCommand.parse(assignments), dryRun: dry.dryRun)
        }
        func headline(_ change: PlanChange) -> String { "create \(change.createdRecords.map(\.id).joined(separator: ", ")) and link it to \(target.item)" }
    }

    struct Candidates: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The client's records an item may link.",
            discussion: "Example:\n  supportplan item candidates SP-000001 current_medications")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: Target
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let service = try global.service()
                let records = try service.candidates(plan: target.plan, item: target.item)
                if output.json { output.printJSON(records); return }
                if records.isEmpty { output.print("No records may be linked."); return }
                for r in records {
                    let type = service.rules.recordTypes[r.type]
                    output.print("\(r.id)  " + (type?.display ?? []).compactMap { r.fields[$0]?.displayText }.joined(separator: " · "))
                }
            }
        }
    }

    struct Complete: ItemChangeCommand {
        static let configuration = CommandConfiguration(
            commandName: "complete", abstract: "Mark an item complete (when its check passes).",
            discussion: "Example:\n  supportplan item complete SP-000001 communication")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @OptionGroup var target: Target
        func change(_ service: ServiceCall) throws -> PlanChange {
            try service.complete(plan: target.plan, item: target.item, dryRun: dry.dryRun)
        }
        func headline(_ change: PlanChange) -> String { "complete \(target.item)" }
    }

    struct Review: ItemChangeCommand {
        static let configuration = CommandConfiguration(
            commandName: "review", abstract: "Mark an item of a review draft reviewed (when its check passes).",
            discussion: "Example:\n  supportplan item review SP-000002 communication")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @OptionGroup var target: Target
        func change(_ service: ServiceCall) throws -> PlanChange {
            try service.review(plan: target.plan, item: target.item, dryRun: dry.dryRun)
        }
        func headline(_ change: PlanChange) -> String { "review \(target.item)" }
    }

    struct NotRequired: ItemChangeCommand {
        static let configuration = CommandConfiguration(
            commandName: "not-required", abstract: "Mark a skippable item not required.",
            discussion: "Example:\n  supportplan item not-required SP-000001 transfer_video --reason \"Walks independently\"")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @OptionGroup var target: Target
        @Option(help: "Why it is not required.") var reason: String?
        func change(_ service: ServiceCall) throws -> PlanChange {
            try service.notRequired(plan: target.plan, item: target.item, reason: reason, dryRun: dry.dryRun)
        }
        func headline(_ change: PlanChange) -> String { "mark \(target.item) not required" }
    }

    struct Reinstate: ItemChangeCommand {
        static let configuration = CommandConfiguration(
            abstract: "Return a not-required item to open.", discussion: "Example:\n  supportplan item reinstate SP-000001 transfer_video")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @OptionGroup var target: Target
        func change(_ service: ServiceCall) throws -> PlanChange {
            try service.reinstate(plan: target.plan, item: target.item, dryRun: dry.dryRun)
        }
        func headline(_ change: PlanChange) -> String { "reinstate \(target.item)" }
    }

    struct Add: ItemChangeCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add another instance of a repeatable item, as a clone or blank.",
            discussion: "Examples:\n  supportplan item add SP-000001 transfer_video --clone 1\n  supportplan item add SP-000001 transfer_video --blank")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @OptionGroup var target: Target
        @Option(help: "Clone instance N (values and links).") var clone: Int?
        @Flag(help: "A blank instance with defaults.") var blank = false
        func validate() throws {
            if (clone == nil) == (blank == false) { throw ValidationError("Give --clone N or --blank (one of them).") }
        }
        func change(_ service: ServiceCall) throws -> PlanChange {
            try service.addInstance(plan: target.plan, item: target.item, clone: clone, dryRun: dry.dryRun)
        }
        func headline(_ change: PlanChange) -> String { "add another \(target.item)" }
    }

    struct Remove: ItemChangeCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove an added instance (KEY#N, N > 1).", discussion: "Example:\n  supportplan item remove SP-000001 transfer_video#2")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @OptionGroup var target: Target
        func change(_ service: ServiceCall) throws -> PlanChange {
            try service.removeInstance(plan: target.plan, item: target.item, dryRun: dry.dryRun)
        }
        func headline(_ change: PlanChange) -> String { "remove \(target.item)" }
    }
}

/// An item command that changes the plan: it names the service call and its headline; running,
/// refusals and the report of what changed are the same for all of them.
protocol ItemChangeCommand: ParsableCommand {
    var global: GlobalOptions { get }
    var dry: DryRunOption { get }
    func change(_ service: ServiceCall) throws -> PlanChange
    func headline(_ change: PlanChange) -> String
}

extension ItemChangeCommand {
    func run() throws {
        let output = global.output
        try CommandRunner.run(output) {
            let change = try change(try global.service())
            PlanCommand.report(change, output, headline: headline(change))
        }
    }
}
