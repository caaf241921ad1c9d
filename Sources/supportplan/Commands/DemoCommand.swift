import ArgumentParser
import Foundation
import PlanService

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a fresh sample database and take one plan from creation through activation and review.",
        discussion: """
        Imports sample clients, publishes every template in the Rules folder (--rules; the samples unless \
        you point it elsewhere), creates a plan for Ada Nguyen, works \
        through it (profile item, link, create-new with a form error then success, not required, add \
        another, complete), activates it and starts a review, printing each step.

        It only ever builds a new database: an existing --db file is refused unless --replace is given.

        Example:
          supportplan demo --db demo.sqlite --replace
        """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var dry: DryRunOption
    @Flag(help: "Replace the database file if it exists (the demo never touches an existing database otherwise).")
    var replace = false

    func run() throws {
        let output = global.output
        try CommandRunner.run(output) {
            let fm = FileManager.default
            if fm.fileExists(atPath: global.db) && !replace {
                throw ServiceError.badInput("\(global.db) exists; the demo builds a fresh database: pass --replace, or --db another path")
            }
            // A dry run plays every step on a scratch database that is removed afterwards: the output is the
            // demo's, and --db (existing or not) is never touched.
            var options = global
            var scratch: URL?
            if dry.dryRun {
                let folder = fm.temporaryDirectory.appendingPathComponent("supportplan-demo-\(UUID().uuidString)")
                try fm.createDirectory(at: folder, withIntermediateDirectories: true)
                scratch = folder
                options.db = folder.appendingPathComponent("demo.sqlite").path
            } else if fm.fileExists(atPath: global.db) {
                for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: global.db + suffix) }
            }
            defer { if let scratch { try? fm.removeItem(at: scratch) } }
            let service = try options.service(createDatabase: true)
            var number = 0
            try Demo.run(service: service) { step in
                number += 1
                output.print(Style.bold("\(number). \(step.title)"))
                for line in step.lines { output.print("   \(line)") }
            }
            output.print("   next: supportplan plan show SP-000002")
            if dry.dryRun {
                output.print("\nNothing was changed (--dry-run): the demo ran on a scratch database, now removed; \(global.db) was not touched.")
                return
            }
            output.print("\nThe sample database is \(global.db). Try:\n  supportplan plan show SP-000001 --db \(global.db) --as cora\n  supportplan plan show SP-000002 --db \(global.db) --as cora")
        }
    }
}
