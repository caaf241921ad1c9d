import ArgumentParser
import PlanModel
import PlanService

struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template", abstract: "List, publish and show plan templates, or start a new one.",
        subcommands: [List.self, Publish.self, Show.self, TemplateNewCommand.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List templates on disk and their published versions.",
                                                        discussion: "Example:\n  supportplan template list")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let service = try global.service(createDatabase: true)
                let list = try service.templates()
                if output.json { output.printJSON(list); return }
                for t in list {
                    let version = t.latestVersion.map { "v\($0)" } ?? "unpublished"
                    output.print("\(t.id)  \(t.name)  \(t.status)  \(version)\(t.onDisk ? "" : "  (not on disk)")")
                }
                if list.isEmpty { output.print("No templates in \(global.rules).") }
            }
        }
    }

    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate templates, then store a new version of each whose content changed.",
            discussion: "Example:\n  supportplan template publish ndis-core home-care")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @Argument(help: "Template ids (folder names under the Rules folder).") var ids: [String]
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let service = try global.service(createDatabase: true)
                let results = try service.publish(ids, dryRun: dry.dryRun)
                if output.json { output.printJSON(results); return }
                for r in results {
                    let what = r.created ? (dry.dryRun ? "would publish" : "published") : "unchanged"
                    output.print("\(r.id)  v\(r.version)  \(what)")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a published template's sections and items.",
                                                        discussion: "Example:\n  supportplan template show ndis-core --version 1")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The template id.") var id: String
        @Option(help: "A published version (default: the latest).") var version: Int?
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let service = try global.service()
                let t = try service.template(id, version: version)
                if output.json { output.printJSON(t); return }
                var lines = [Style.bold("\(t.id)  \(t.name)  v\(t.version)  \(t.status.rawValue)")]
                if let d = t.description { lines.append(d) }
                for s in t.sections {
                    lines.append("")
                    lines.append(Style.bold(s.title) + Style.dim("  [\(s.key)]"))
                    if let g = s.guidance { lines += PlanRenderer.guidanceLines(g, indent: "  ") }
                    for i in s.items {
                        var traits = [i.kind.rawValue]
                        if let rt = i.recordType { traits.append(rt) }
                        if i.repeatable { traits.append("repeatable") }
                        if !i.skippable { traits.append("not skippable") }
                        if i.min > 0 { traits.append("min \(i.min)") }
                        if let m = i.max { traits.append("max \(m)") }
                        lines.append("  \(i.title)" + Style.dim("  [\(i.key)] " + traits.joined(separator: ", ")))
                    }
                }
                output.print(lines.joined(separator: "\n"))
            }
        }
    }
}
