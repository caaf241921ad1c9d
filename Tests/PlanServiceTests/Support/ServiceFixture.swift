import Foundation
import PlanModel
import PlanService
import PlanStore

/// A service over a fresh SQLite file in its own temporary folder and a Rules folder (the package's
/// sample Rules, or a copy the test may edit); a fixed date, user and clock.
final class ServiceFixture {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sampleRules = packageRoot.appendingPathComponent("Rules")

    let folder: URL
    let store: SQLitePlanStore
    let rulesFolder: URL
    /// The service bound to the fixture's caller: `tester` on 2026-11-28 at a fixed instant.
    private(set) var service: ServiceCall

    init(copyRules: Bool = false) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("supportplan-service-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if copyRules {
            rulesFolder = folder.appendingPathComponent("Rules")
            try FileManager.default.copyItem(at: Self.sampleRules, to: rulesFolder)
        } else {
            rulesFolder = Self.sampleRules
        }
        store = try SQLitePlanStore(path: folder.appendingPathComponent("plans.sqlite").path)
        service = SupportPlanService(store: store, rules: try RulesCache(folder: rulesFolder)).call(as: Self.tester)
    }

    static let tester = Caller(user: "tester", today: "2026-11-28", now: { "2026-11-28T09:00:00.000Z" })

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A new service over the same store that reads the Rules folder again (as the next command would).
    func reopen() throws {
        service = SupportPlanService(store: store, rules: try RulesCache(folder: rulesFolder)).call(as: actAsAdmin ? Self.admin : Self.tester)
    }

    /// Runs the demo: sample clients, published templates, SP-000001 active and SP-000002 its review
    /// draft, and its users; from then on the fixture acts as the demo's `admin`.
    @discardableResult
    func runDemo() throws -> [DemoStep] {
        var steps: [DemoStep] = []
        try Demo.run(service: service) { steps.append($0) }
        actAsAdmin = true
        service = service.service.call(as: Self.admin)
        return steps
    }

    /// A demo database and a fresh service over it, as the next command or server would open it: nothing
    /// read or cached yet (the demo's own reads are in the old service).
    static func demoReopened(copyRules: Bool = false) throws -> ServiceFixture {
        let f = try ServiceFixture(copyRules: copyRules)
        try f.runDemo()
        try f.reopen()
        return f
    }

    /// The demo's admin, at the fixture's date and instant.
    static let admin = Caller(user: "admin", today: tester.today, now: tester.now)
    /// Whether the database has the demo's users, so a reopened service acts as `admin`.
    private var actAsAdmin = false

    func dump() throws -> String { try store.contentDump() }

    /// Every open, visible item of a plan as `KEY` or `KEY#N`.
    func openItems(_ plan: String) throws -> [String] {
        try service.evaluate(plan).items.filter { $0.visible && $0.status == .open }
            .map { $0.instance == 1 ? $0.key : "\($0.key)#\($0.instance)" }
    }

    /// Marks every open item of a review draft reviewed (recording goal progress first).
    func reviewEverything(_ plan: String) throws {
        _ = try service.setValues(plan: plan, item: "goals", [try Assignment.parse("progress_notes=Catches the tram with a worker")])
        for item in try openItems(plan) { _ = try service.review(plan: plan, item: item) }
    }
}

/// Edits to a copied Rules folder.
enum RulesEdits {
    /// Removes one field's entry from profile.yaml (written as a block: `  - key: KEY` and its lines).
    static func removeProfileField(_ key: String, in rules: URL) throws {
        let file = rules.appendingPathComponent("profile.yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        guard let start = text.range(of: "\n  - key: \(key)\n"),
              let end = text.range(of: "\n  - ", range: start.upperBound..<text.endIndex) else { throw CocoaError(.fileReadCorruptFile) }
        text.removeSubrange(start.lowerBound..<end.lowerBound)
        try Data(text.utf8).write(to: file)
    }

    /// Replaces a text in one file of the Rules folder; the text must be there.
    static func replace(_ old: String, with new: String, in file: String, of rules: URL) throws {
        let url = rules.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        guard text.contains(old) else { throw CocoaError(.fileReadCorruptFile) }
        try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: url)
    }

    static func hideMobility(in rules: URL) throws {
        let file = rules.appendingPathComponent("ndis-core/rules.lua")
        var text = try String(contentsOf: file, encoding: .utf8)
        guard let range = text.range(of: "\nreturn R", options: .backwards) else { throw CocoaError(.fileReadCorruptFile) }
        text.replaceSubrange(range, with: "\nR.items.mobility = { visible = function(ctx) return false end }\n\nreturn R")
        try Data(text.utf8).write(to: file)
    }
}
