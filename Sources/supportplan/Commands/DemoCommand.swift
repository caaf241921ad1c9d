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
    @Flag(help: "Replace the database file if it exists (the demo never touches an existing database otherwise).")
    var replace = false

    func run() throws {
        let output = global.output
        try CommandRunner.run(output) {
            let fm = FileManager.default
            if fm.fileExists(atPath: global.db) {
                guard replace else {
                    throw ServiceError.badInput("\(global.db) exists; the demo builds a fresh database: pass --replace, or --db another path")
                }
                for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: global.db + suffix) }
            }
            let service = try global.service(createDatabase: true)
            var number = 0
            try Demo.run(service: service) { step in
                number += 1
                output.print(Style.bold("\(number). \(step.title)"))
                for line in step.lines { output.print("   \(line)") }
            }
            output.print("   next: supportplan plan show SP-000002")
            output.print("\nThe sample database is \(global.db). Try:\n  supportplan plan show SP-000001 --db \(global.db)\n  supportplan plan show SP-000002 --db \(global.db)")
        }
    }
}
