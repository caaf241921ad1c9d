import ArgumentParser
import Foundation
import PlanModel
import PlanService
import PlanStore
import PlanStorePostgres
import Logging

/// The options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The database: a SQLite file, postgres://USER@HOST/DB, or memory: (or $SUPPORTPLAN_DB).", valueName: "path|url"))
    var db: String = ProcessInfo.processInfo.environment["SUPPORTPLAN_DB"] ?? "./supportplan.sqlite"

    @Option(help: ArgumentHelp("The Rules folder (or $SUPPORTPLAN_RULES).", valueName: "dir"))
    var rules: String = ProcessInfo.processInfo.environment["SUPPORTPLAN_RULES"] ?? "./Rules"

    @Option(name: .customLong("as"), help: ArgumentHelp(
        "Who is acting (or $SUPPORTPLAN_AS; default the login name); recorded in history. Once the database has users, a user's name.",
        valueName: "user"))
    var user: String = ProcessInfo.processInfo.environment["SUPPORTPLAN_AS"] ?? GlobalOptions.loginName()

    @Option(help: ArgumentHelp("The evaluation date (or $SUPPORTPLAN_TODAY; default the local date).", valueName: "YYYY-MM-DD"))
    var today: String? = ProcessInfo.processInfo.environment["SUPPORTPLAN_TODAY"]

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Log to stderr at this level: trace, debug, info, notice, warning, error, critical (default off).",
                               valueName: "level"))
    var logLevel: Logger.Level?

    static func loginName() -> String {
        let env = ProcessInfo.processInfo.environment
        return env["USER"] ?? env["LOGNAME"] ?? NSUserName()
    }

    func validate() throws {
        if let today, CalendarDate(today) == nil {
            throw ValidationError("--today '\(today)' is not a date written YYYY-MM-DD")
        }
        // History names the acting user: a name people can read, never blank, never terminal controls.
        if user.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--as must name who is acting (it is empty)")
        }
        if user.unicodeScalars.contains(where: { TerminalText.needsEscape($0) || $0 == "\n" || $0 == "\t" }) || user.count > 200 {
            throw ValidationError("--as '\(user)' must be a printable name of at most 200 characters")
        }
    }

    var output: Output { Output(format: format) }

    /// The logger of this command: stderr at `--log-level`, silent without it.
    var logger: Logger {
        var logger = Logger(label: "supportplan", factory: { label in
            logLevel == nil ? SwiftLogNoOpLogHandler() as any LogHandler : StreamLogHandler.standardError(label: label)
        })
        logger.logLevel = logLevel ?? .critical
        return logger
    }

    /// Who acts and when, from `--as` and `--today`.
    var caller: Caller { Caller(user: user, today: today ?? Caller.localToday()) }

    /// The service over the database and the Rules folder, bound to this command's caller.
    func service(createDatabase: Bool = false, evaluationCacheSize: Int = EvaluationCache.defaultCapacity) throws -> ServiceCall {
        let rulesURL = URL(fileURLWithPath: rules)
        let cache: RulesCache
        do { cache = try RulesCache(folder: rulesURL) } catch { throw CommandHints.add(to: error) }
        if !createDatabase, case .file(let path) = StoreLocation(db), !FileManager.default.fileExists(atPath: path) {
            throw ServiceError.badInput("No database at \(db) (set --db, or run `supportplan demo` to make a sample one)")
        }
        let store = try StoreFactory.open(db, postgres: PostgresPlanStore.opener, logger: logger)
        return SupportPlanService(store: store, rules: cache, logger: logger, evaluationCacheSize: evaluationCacheSize).call(as: caller)
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

/// `--dry-run`, on every command that changes data.
struct DryRunOption: ParsableArguments {
    @Flag(help: "Show what would change and change nothing.")
    var dryRun = false
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
