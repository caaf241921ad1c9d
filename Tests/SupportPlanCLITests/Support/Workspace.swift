import Foundation
import PlanStore
import Testing

/// A temporary folder with its own database for one test, and the helpers that run commands in it.
final class Workspace {
    static let today = "2026-11-28"
    /// Who commands act as: the demo database's admin (the demo itself runs as `tester`, before it adds users).
    static let user = "admin"

    let folder: URL
    let db: URL
    /// The Rules folder commands use: the package's sample Rules unless a test gives a copy.
    var rules: URL
    /// Who commands act as (`--as`); `admin` unless a test changes it.
    var user = Workspace.user
    /// The `--db` value commands get when it is not the workspace's SQLite file (a PostgreSQL URL).
    var database: String?

    /// A workspace on a copy of the demo database; `demo: false` starts with no database at all.
    init(demo: Bool = true) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("supportplan-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        db = folder.appendingPathComponent("plans.sqlite")
        rules = CommandLineTool.rules
        if demo {
            let source = try CommandLineTool.demoDatabase.get()
            for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: source.path + suffix) {
                try FileManager.default.copyItem(atPath: source.path + suffix, toPath: db.path + suffix)
            }
        }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// The options every command takes, pointing at this workspace.
    var globalOptions: [String] {
        ["--db", database ?? db.path, "--rules", rules.path, "--today", Self.today, "--as", user]
    }

    /// Runs `supportplan ARGUMENTS` with this workspace's database, Rules folder, date and user.
    func run(_ arguments: [String], stdin: Data? = nil) throws -> CommandResult {
        try CommandLineTool.run(arguments + globalOptions, stdin: stdin, in: folder)
    }

    /// Runs a command and checks its exit status and what it printed: every `stdout`/`stderr` text must
    /// appear; `stdoutEquals`/`stderrEquals` compare the whole output.
    @discardableResult
    func assertCommand(_ arguments: [String], exit: Int32 = 0, stdout: [String] = [], stdoutEquals: String? = nil,
                       stderr: [String] = [], stderrEquals: String? = nil, stdin: Data? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> CommandResult {
        let result = try run(arguments, stdin: stdin)
        #expect(result.status == exit, "exit status \(result.status), expected \(exit)\n\(result)", sourceLocation: sourceLocation)
        for text in stdout {
            #expect(result.stdout.contains(text), "stdout lacks \(text.debugDescription)\n\(result)", sourceLocation: sourceLocation)
        }
        if let stdoutEquals { #expect(result.stdout == stdoutEquals, "\(result)", sourceLocation: sourceLocation) }
        for text in stderr {
            #expect(result.stderr.contains(text), "stderr lacks \(text.debugDescription)\n\(result)", sourceLocation: sourceLocation)
        }
        if let stderrEquals { #expect(result.stderr == stderrEquals, "\(result)", sourceLocation: sourceLocation) }
        return result
    }

    /// Like `assertCommand`, and the database's whole content is the same afterwards.
    @discardableResult
    func assertUnchanged(_ arguments: [String], exit: Int32, stdout: [String] = [], stderr: [String] = [],
                         stderrEquals: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> CommandResult {
        let before = try dump()
        let result = try assertCommand(arguments, exit: exit, stdout: stdout, stderr: stderr, stderrEquals: stderrEquals,
                                       sourceLocation: sourceLocation)
        let after = try dump()
        #expect(before == after, "the database changed\n\(result)", sourceLocation: sourceLocation)
        return result
    }

    /// Every row of the database as text.
    func dump() throws -> String {
        try SQLitePlanStore(path: db.path).contentDump()
    }

    /// A copy of the sample Rules folder in this workspace, which commands then use.
    @discardableResult
    func copyRules() throws -> URL {
        let copy = folder.appendingPathComponent("Rules")
        try FileManager.default.copyItem(at: CommandLineTool.rules, to: copy)
        rules = copy
        return copy
    }

    /// A copy of the sample Rules with `quick-check` added: a one-item template (a note) whose plans are finished
    /// by completing that item, so tests can make plans ready to activate quickly.
    func copyRulesWithQuickCheck() throws {
        let folder = try copyRules().appendingPathComponent("quick-check")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("""
            id: quick-check
            name: Quick check
            status: active
            sections:
              - key: check
                title: Check
                items:
                  - { key: note, title: Note, kind: fields, fields: [{ key: text, type: text }] }

            """.utf8).write(to: folder.appendingPathComponent("template.yaml"))
    }

    /// Writes a file into the workspace and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// The `plan evaluate --format json` body of a plan.
    func evaluation(_ plan: String) throws -> [String: Any] {
        let result = try run(["plan", "evaluate", plan, "--format", "json"])
        guard result.status == 0 else { throw ToolError("\(result)") }
        return try result.jsonObject()
    }

    /// One item of an evaluation, by key and instance.
    func item(_ plan: String, _ key: String, instance: Int = 1) throws -> [String: Any]? {
        let sections = try evaluation(plan)["sections"] as? [[String: Any]] ?? []
        return sections.flatMap { $0["items"] as? [[String: Any]] ?? [] }
            .first { $0["key"] as? String == key && $0["instance"] as? Int == instance }
    }

    /// Every open, visible item of a plan as `KEY` or `KEY#N`.
    func openItems(_ plan: String) throws -> [String] {
        let sections = try evaluation(plan)["sections"] as? [[String: Any]] ?? []
        return sections.flatMap { $0["items"] as? [[String: Any]] ?? [] }
            .filter { $0["visible"] as? Bool == true && $0["status"] as? String == "open" }
            .map { item in
                let key = item["key"] as? String ?? "?", n = item["instance"] as? Int ?? 1
                return n == 1 ? key : "\(key)#\(n)"
            }
    }

    /// Marks every open item of the review draft SP-000002 reviewed, so it can be activated.
    func reviewEverything(_ plan: String = "SP-000002") throws {
        try assertCommand(["item", "set", plan, "goals", "progress_notes=Catches the tram with a worker"])
        for item in try openItems(plan) {
            try assertCommand(["item", "review", plan, item])
        }
    }
}
