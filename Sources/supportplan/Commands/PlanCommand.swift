import ArgumentParser
import Foundation
import PlanModel
import PlanRules
import PlanService

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Create, show, evaluate, activate and review support plans.",
        subcommands: [Create.self, List.self, Show.self, Evaluate.self, Activate.self, Review.self, Discard.self,
                      History.self, Diff.self, Explain.self])

    /// `action target: before → after`, as change reports and history show an event.
    static func describe(_ event: HistoryEvent, separator: String) -> String {
        describe(action: event.action, target: event.target, before: event.before, after: event.after, separator: separator)
    }

    /// A client's change as a plan's history shows its own: `import  profile.phone: before → after`.
    static func describe(_ event: ClientEvent, separator: String) -> String {
        describe(action: event.action, target: event.target, before: event.before, after: event.after, separator: separator)
    }

    private static func describe(action: String, target: String, before: String?, after: String?, separator: String) -> String {
        var line = action
        if !target.isEmpty { line += separator + target }
        if before != nil || after != nil { line += ": \(before ?? "∅") → \(after ?? "∅")" }
        return line
    }

    /// Prints the result of a changing plan operation.
    static func report(_ change: PlanChange, _ output: Output, headline: String) {
        if output.json { output.printJSON(change); return }
        var lines = [(change.dryRun ? "Dry run: would " : "") + headline]
        for event in change.events {
            lines.append(Style.dim("  · " + describe(event, separator: " ")))
        }
        let e = change.evaluation
        lines.append("\(e.plan)  progress \(Style.bar(e.progress.percent))  \(e.progress.done) of \(e.progress.total) done"
                     + (e.canActivate ? "  · " + Style.green("ready to activate") : ""))
        if change.dryRun { lines.append(Style.dim("Nothing was changed (--dry-run).")) }
        output.print(lines.joined(separator: "\n"))
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a draft plan for a client from an active template's latest version.",
            discussion: "Example:\n  supportplan plan create --client C-0001 --template ndis-core --behaviour-plan BSP-00001")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @Option(help: "The client id.") var client: String
        @Option(help: "The template id.") var template: String
        @Option(help: "The client's goal attainment plan record.") var goalPlan: String?
        @Option(help: "The client's behaviour support plan record.") var behaviourPlan: String?
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let service = try global.service()
                let change = try service.createPlan(client: client, template: template, goalPlan: goalPlan,
                                                    behaviourPlan: behaviourPlan, dryRun: dry.dryRun)
                if output.json { output.printJSON(change); return }
                output.print((dry.dryRun ? "Dry run: would create " : "Created ") + "\(change.plan.id) for \(client) from \(template) v\(change.plan.templateVersion).")
                if dry.dryRun { output.print(Style.dim("Nothing was changed (--dry-run).")) } else {
                    output.print(PlanRenderer.render(try service.show(change.plan.id), guidance: false))
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List plans.",
                                                        discussion: "Example:\n  supportplan plan list --client C-0001 --status active")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this client's plans.") var client: String?
        @Option(help: "Only plans with this status: draft, active, expired, discarded.") var status: String?
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let service = try global.service()
                var s: SupportPlan.Status?
                if let status {
                    guard let parsed = SupportPlan.Status(rawValue: status) else {
                        throw ServiceError.badInput("--status '\(status)' is not draft, active, expired or discarded")
                    }
                    s = parsed
                }
                let plans = try service.plans(client: client, status: s)
                if output.json { output.printJSON(plans.map(PlanRow.init)); return }
                if plans.isEmpty { output.print("No plans."); return }
                for p in plans {
                    output.print("\(p.id)  \(p.clientID)  \(p.templateID) v\(p.templateVersion)  \(PlanRenderer.statusText(p.status))"
                                 + (p.previousPlanID.map { "  reviews \($0)" } ?? ""))
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a plan: sections, items, progress bars, guidance and what blocks activation.",
            discussion: "Example:\n  supportplan plan show SP-000001")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The plan id.") var plan: String
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let view = try global.service().show(plan)
                if output.json { output.printJSON(view) } else { output.print(PlanRenderer.render(view)) }
            }
        }
    }

    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate a plan (or every draft and active plan) with its template version's rules.",
            discussion: "Examples:\n  supportplan plan evaluate SP-000001 --format json\n  supportplan plan evaluate --all")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The plan id.") var plan: String?
        @Flag(help: "Every draft and active plan, streamed, on all cores.") var all = false
        @Flag(help: "Also show what the rules printed, and where rule errors happened.") var trace = false
        func validate() throws {
            if all == (plan != nil) { throw ValidationError("Give a plan id or --all (not both).") }
        }
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let service = try global.service()
                if let plan {
                    let (e, log) = try service.evaluateWithLog(plan)
                    if output.json { output.printJSON(e); return }
                    if trace {
                        output.print(log.isEmpty ? Style.dim("(the rules printed nothing)") : log.map { "log: \($0)" }.joined(separator: "\n"))
                        for error in e.errors {
                            output.print("error: \(error.location): \(error.hook): \(error.message)")
                            if let traceback = error.traceback { output.print(traceback.split(separator: "\n").map { "  \($0)" }.joined(separator: "\n")) }
                        }
                    }
                    output.print(PlanRenderer.header(e, clientName: nil, templateName: nil).joined(separator: "\n"))
                    for item in e.items where item.visible && (!item.check.ok || item.error != nil) {
                        output.print("  \(PlanRenderer.mark(item)) \(item.ref): "
                                     + (item.check.messages + (item.error.map { ["rule error: \($0.description)"] } ?? [])).joined(separator: "; "))
                    }
                    output.print(e.canActivate ? "Ready to activate." : "Blockers:\n" + e.blockers.map { "  - \($0)" }.joined(separator: "\n"))
                    return
                }
                let progress = BatchProgressBar()
                let summary = try service.evaluateAll(progress: { progress.update($0, $1) })
                progress.finish()
                if output.json { output.printJSON(summary); if summary.plansNotEvaluated > 0 { throw ExitCode(1) }; return }
                output.print("\(summary.plans) plans evaluated in \(String(format: "%.2f", summary.seconds)) s: \(summary.readyToActivate) ready to activate, \(summary.plansWithRuleErrors) with rule errors.")
                for line in summary.errorSamples { output.print("  - \(line)") }
                if summary.plansNotEvaluated > 0 {
                    output.print("\(summary.plansNotEvaluated) plan(s) could not be evaluated:")
                    for line in summary.notEvaluatedSamples { output.print("  - \(line)") }
                    // Every other plan was evaluated; the exit status still tells a script that some were not.
                    throw ExitCode(1)
                }
            }
        }
    }

    struct Activate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Activate a complete draft; the client's previous active plan expires.",
            discussion: "Example:\n  supportplan plan activate SP-000001")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @Argument(help: "The plan id.") var plan: String
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let change = try global.service().activate(plan, dryRun: dry.dryRun)
                PlanCommand.report(change, output, headline: "activate \(plan)" + (change.expiredPlan.map { "; \($0) expires" } ?? ""))
            }
        }
    }

    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a review of an active plan: a linked draft copy to mark reviewed.",
            discussion: "Example:\n  supportplan plan review SP-000001 --upgrade")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @Argument(help: "The active plan id.") var plan: String
        @Flag(help: "Move the copy to the template's latest version, carrying items over by key.") var upgrade = false
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let change = try global.service().startReview(plan, upgrade: upgrade, dryRun: dry.dryRun)
                var headline = "start review \(change.plan.id) of \(plan)"
                if let u = change.upgrade {
                    headline += "\n  upgraded v\(u.fromVersion) → v\(u.toVersion); dropped: \(u.dropped.isEmpty ? "none" : u.dropped.joined(separator: ", ")); added: \(u.added.isEmpty ? "none" : u.added.joined(separator: ", "))"
                }
                PlanCommand.report(change, output, headline: headline)
            }
        }
    }

    struct Discard: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Discard a draft.", discussion: "Example:\n  supportplan plan discard SP-000002")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @Argument(help: "The draft plan id.") var plan: String
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                PlanCommand.report(try global.service().discard(plan, dryRun: dry.dryRun), output, headline: "discard \(plan)")
            }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every change to a plan: who, when, before and after.",
                                                        discussion: "Example:\n  supportplan plan history SP-000001")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The plan id.") var plan: String
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let events = try global.service().history(plan)
                if output.json { output.printJSON(events); return }
                for e in events {
                    output.print("\(e.at)  \(e.user)  " + PlanCommand.describe(e, separator: "  "))
                }
            }
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What changed between a plan and the one it reviewed (or OTHER).",
            discussion: "Example:\n  supportplan plan diff SP-000002")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The plan id.") var plan: String
        @Argument(help: "Another plan to compare with.") var other: String?
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let d = try global.service().diff(plan, other: other)
                if output.json { output.printJSON(d); return }
                output.print("\(d.from) (v\(d.templateVersions[0])) → \(d.to) (v\(d.templateVersions[1]))")
                if d.changes.isEmpty { output.print("  no changes") }
                // A review copy starts with every done item open again; list those together, not one line each.
                let reopenedOnly = d.changes.filter { c in
                    c.change == "changed" && c.values == nil && c.linked == nil && c.unlinked == nil && c.url == nil
                        && c.status.map { ["complete", "reviewed"].contains($0[0]) && $0[1] == "open" } == true
                }
                if !reopenedOnly.isEmpty {
                    output.print("  not yet reviewed: " + reopenedOnly.map(\.item).joined(separator: ", "))
                }
                let reopened = Set(reopenedOnly.map(\.item))
                for c in d.changes where !reopened.contains(c.item) {
                    var parts: [String] = []
                    if let s = c.status { parts.append("status \(s[0]) → \(s[1])") }
                    for (k, v) in (c.values ?? [:]).sorted(by: { $0.key < $1.key }) { parts.append("\(k): \(v[0] ?? "∅") → \(v[1] ?? "∅")") }
                    if let l = c.linked { parts.append("linked " + l.joined(separator: ", ")) }
                    if let u = c.unlinked { parts.append("unlinked " + u.joined(separator: ", ")) }
                    if let u = c.url { parts.append("url \(u[0] ?? "∅") → \(u[1] ?? "∅")") }
                    output.print("  \(c.change == "added" ? "+" : c.change == "removed" ? "-" : "~") \(c.item)" + (parts.isEmpty ? "" : ": " + parts.joined(separator: "; ")))
                }
            }
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Why an item is hidden or not complete, why the plan can't be activated, why a section is hidden, or what a form offers: each hook's result, the ctx fields it read, its log and cost.",
            discussion: """
            Give one of: an ITEM, --plan, --section KEY, or --form TYPE (with an ITEM: the form as offered to it).
            Examples:
              supportplan plan explain SP-000001 medications
              supportplan plan explain SP-000001 --plan
              supportplan plan explain SP-000001 --section behaviour
              supportplan plan explain SP-000001 contacts --form care_contact
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The plan id.") var plan: String
        @Argument(help: "The item: KEY or KEY#N.") var item: String?
        @Flag(name: .customLong("plan"), help: "Explain the plan's own hook (can_activate) beside its blockers.") var wholePlan = false
        @Option(help: "Explain a section's visible hook.") var section: String?
        @Option(help: "Explain a record type's form: fields, defaults, and validate of the defaults.") var form: String?

        func validate() throws {
            let parts = [item != nil && form == nil, wholePlan, section != nil, form != nil].filter { $0 }.count
            if parts == 0 { throw ValidationError("Say what to explain: an ITEM, --plan, --section KEY or --form TYPE") }
            if parts > 1 { throw ValidationError("Explain one thing at a time: an ITEM, --plan, --section KEY or --form TYPE (an ITEM goes with --form only)") }
        }

        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let service = try global.service()
                let part: ExplainedPart? = wholePlan ? .plan : section.map { .section($0) } ?? form.map { .form($0, item: item) }
                guard let part else { try printItem(service.explain(plan, item: item ?? ""), output); return }
                let x = try service.explain(plan, part: part)
                if output.json { output.printJSON(x); return }
                output.print(Style.bold(x.summary))
                for blocker in x.blockers { output.print("  blocked: \(blocker)") }
                if x.hooks.isEmpty { output.print("No hook decides this: only the built-in behaviour applies.") }
                printHooks(x.hooks, output)
            }
        }

        private func printItem(_ x: ItemExplanation, _ output: Output) {
            if output.json { output.printJSON(x); return }
            let i = x.item
            output.print(Style.bold("\(i.title)") + "  [\(i.ref)]  \(i.visible ? "visible" : "hidden")  \(i.status.rawValue)")
            if !i.visible {
                output.print("Hidden by the template's rules, so no check applies to it while it is hidden.")
            } else {
                output.print("check: " + (i.check.ok ? "passes" : "fails: " + i.check.messages.joined(separator: "; ")))
            }
            if x.hooks.isEmpty { output.print("No hooks decide this item: only the built-in check applies.") }
            printHooks(x.hooks, output)
        }

        private func printHooks(_ hooks: [HookRun], _ output: Output) {
            for h in hooks {
                output.print("")
                output.print(Style.bold(h.hook) + "  → \(h.result)" + Style.dim("  (\(h.location), \(h.instructions) instructions)"))
                if let e = h.error { output.print("  " + Style.red("error: \(e)")) }
                if h.readValues.isEmpty { output.print("  read: nothing from ctx") }
                for read in h.readValues { output.print("  read: \(read.description)") }
                for line in h.log { output.print("  log: \(line)") }
            }
        }
    }
}
