import ArgumentParser
import Foundation
import PlanModel
import PlanService
import PlanStore

/// The options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The database file (or $SUPPORTPLAN_DB).", valueName: "path"))
    var db: String = ProcessInfo.processInfo.environment["SUPPORTPLAN_DB"] ?? "./supportplan.sqlite"

    @Option(help: ArgumentHelp("The Rules folder (or $SUPPORTPLAN_RULES).", valueName: "dir"))
    var rules: String = ProcessInfo.processInfo.environment["SUPPORTPLAN_RULES"] ?? "./Rules"

    @Option(name: .customLong("as"), help: ArgumentHelp("Who is acting; recorded in history.", valueName: "user"))
    var user: String = GlobalOptions.loginName()

    @Option(help: ArgumentHelp("The evaluation date (or $SUPPORTPLAN_TODAY; default the local date).", valueName: "YYYY-MM-DD"))
    var today: String? = ProcessInfo.processInfo.environment["SUPPORTPLAN_TODAY"]

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    static func loginName() -> String {
        let env = ProcessInfo.processInfo.environment
        return env["USER"] ?? env["LOGNAME"] ?? NSUserName()
    }

    func validate() throws {
        if let today, CalendarDate(today) == nil {
            throw ValidationError("--today '\(today)' is not a date written YYYY-MM-DD")
        }
    }

    var output: Output { Output(format: format) }

    /// The service over the database and the Rules folder.
    func service(createDatabase: Bool = false) throws -> SupportPlanService {
        let rulesURL = URL(fileURLWithPath: rules)
        let cache = try RulesCache(folder: rulesURL)
        if !createDatabase && !FileManager.default.fileExists(atPath: db) {
            throw ServiceError.badInput("No database at \(db) (set --db, or run `supportplan demo` to make a sample one)")
        }
        let store: SQLitePlanStore
        do { store = try SQLitePlanStore(path: db) } catch { throw ServiceError.badInput("Can't open the database \(db): \(error)") }
        return SupportPlanService(store: store, rules: cache, user: user, today: today ?? SupportPlanService.localToday())
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

/// `--dry-run`, on every command that changes data.
struct DryRunOption: ParsableArguments {
    @Flag(help: "Show what would change and change nothing.")
    var dryRun = false
}
