import Foundation
import PlanModel
import RulesReader
import PlanRules

/// Runs rule fixtures (docs/writing-fixtures.md) against a Rules folder loaded once, keeping one compiled
/// `LuaRules` per template for the whole run. Not thread-safe: use one runner per thread.
public final class FixtureRunner {
    public struct Options: Sendable {
        /// Only fixtures whose display path contains this text run.
        public var filter: String?
        /// Collect which hooks and lines the fixtures run (Lua's line hook; slower).
        public var coverage: Bool
        /// The run fails when line coverage over every rules file is below this percent. Implies `coverage`.
        public var minCoverage: Double?
        /// The run fails when fewer `if`/`elseif` conditions than this percent went both ways. Implies `coverage`.
        public var minDecisions: Double?
        /// Paths are shown relative to this folder when under it.
        public var baseDirectory: URL
        /// The evaluation date of fixtures without `today`.
        public var today: String
        public var wallClockSeconds: Double

        public init(filter: String? = nil, coverage: Bool = false, minCoverage: Double? = nil, minDecisions: Double? = nil,
                    baseDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                    today: String = FixtureRunner.localToday(), wallClockSeconds: Double = 2.0) {
            self.filter = filter; self.coverage = coverage || minCoverage != nil || minDecisions != nil
            self.minCoverage = minCoverage; self.minDecisions = minDecisions
            self.baseDirectory = baseDirectory; self.today = today; self.wallClockSeconds = wallClockSeconds
        }
    }

    public let rules: RulesFolder
    public let options: Options
    public let parser: FixtureParser
    private let basePrefix: String
    private var engines: [String: Result<LuaRules, RulesLoadError>] = [:]
    /// Template id → the names of the hooks its rules define.
    private var hookNames: [String: Set<String>] = [:]
    private let ledger = HookLedger()
    /// Template id → its rules file's `if`/`elseif` conditions and which way each went (with coverage only).
    private var decisions: [String: (sites: [DecisionInstrumenter.Site], ledger: DecisionLedger)] = [:]

    /// Loads the Rules folder at `rulesFolder`; throws every problem in it.
    public convenience init(rulesFolder: URL, options: Options = .init()) throws(RulesFolderError) {
        self.init(rules: try RulesFolder.load(at: rulesFolder), options: options)
    }

    public init(rules: RulesFolder, options: Options = .init()) {
        self.rules = rules
        self.options = options
        self.parser = FixtureParser(rules: rules, today: options.today)
        self.basePrefix = Self.prefix(of: options.baseDirectory)
    }

    /// Today's date in the local time zone, `YYYY-MM-DD`.
    public static func localToday() -> String {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)?.description ?? "1970-01-01"
    }

    // MARK: Finding fixtures

    /// The fixture files under `paths` (files as given; folders searched recursively for `*.yaml`), sorted,
    /// with the paths that don't exist as problems.
    public func fixtureFiles(in paths: [URL]) -> (files: [URL], problems: [FixtureProblem]) {
        var files: [URL] = []
        var problems: [FixtureProblem] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path.path, isDirectory: &isDirectory) else {
                problems.append(FixtureProblem(file: displayPath(path), message: "no such file or folder"))
                continue
            }
            guard isDirectory.boolValue else { files.append(path); continue }
            guard let walker = fm.enumerator(at: path, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) else { continue }
            for case let url as URL in walker where url.pathExtension == "yaml" { files.append(url) }
        }
        var seen = Set<String>()
        let unique = files.filter { seen.insert($0.standardizedFileURL.path).inserted }
        // Each display path worked out once: in the comparison it was two `standardizedFileURL`s per step of the
        // sort, 3 % of a 1,000-fixture run.
        let sorted = unique.map { (url: $0, display: displayPath($0)) }.sorted { $0.display < $1.display }
        return (sorted.map(\.url), problems)
    }

    /// `Fixtures/ndis-core/basic.yaml`: relative to the base folder when under it.
    public func displayPath(_ url: URL) -> String {
        let path = FixtureFileName.standardizedPath(of: url)
        return path.hasPrefix(basePrefix) ? String(path.dropFirst(basePrefix.count)) : path
    }

    /// The base folder's standardized path with a final `/`: worked out once, not for every fixture's display path.
    private static func prefix(of base: URL) -> String {
        let base = base.standardizedFileURL.path
        return base.hasSuffix("/") ? base : base + "/"
    }

    // MARK: Running

    /// Runs every fixture under `paths` that the filter selects, then reports coverage when asked.
    /// Without coverage, fixtures run on every core, each worker with its own Lua states.
    public func run(paths: [URL]) -> TestRunReport {
        let (found, problems) = fixtureFiles(in: paths)
        let files = found.filter { file in
            guard let filter = options.filter, !filter.isEmpty else { return true }
            return displayPath(file).contains(filter)
        }
        let workers = options.coverage ? 1 : min(ProcessInfo.processInfo.activeProcessorCount, max(1, files.count / 8))
        var results: [FixtureResult]
        if workers <= 1 {
            results = files.map { run(fixtureAt: $0) }
        } else {
            // Coverage lives in each runner's Lua states, so only a run without it is spread over threads.
            let runners = UncheckedBox([self] + (1..<workers).map { _ in FixtureRunner(rules: rules, options: options) })
            let slots = UncheckedBox([FixtureResult?](repeating: nil, count: files.count))
            let lock = NSLock()
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let runner = runners.value[worker]
                var mine: [(Int, FixtureResult)] = []
                for index in stride(from: worker, to: files.count, by: workers) {
                    mine.append((index, runner.run(fixtureAt: files[index])))
                }
                lock.lock()
                for (index, result) in mine { slots.value[index] = result }
                lock.unlock()
            }
            results = slots.value.compactMap { $0 }
        }
        let coverage = options.coverage ? coverageReport() : nil
        return TestRunReport(results: results, problems: problems, coverage: coverage, minCoverage: options.minCoverage,
                              minDecisions: options.minDecisions)
    }

    /// Parses and runs one fixture file.
    public func run(fixtureAt url: URL) -> FixtureResult {
        let display = displayPath(url)
        let fixture: Fixture
        do {
            fixture = try parser.parse(contentsOf: url, file: display)
        } catch {
            // The name from the path only when there is no fixture to say it (made through `URL` for every fixture,
            // it was half a percent of a 1,000-fixture run).
            let name = url.deletingPathExtension().lastPathComponent
            return FixtureResult(file: display, templateID: nil, name: name, outcome: .malformed, problems: error.problems)
        }
        return run(fixture)
    }

    /// Runs one parsed fixture.
    public func run(_ fixture: Fixture) -> FixtureResult {
        let started = Date()
        var result = execute(fixture)
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    private func execute(_ fixture: Fixture) -> FixtureResult {
        var result = FixtureResult(file: fixture.file, templateID: fixture.templateID, name: fixture.name, outcome: .passed)
        guard let template = rules.templates[fixture.templateID] else {
            result.outcome = .malformed
            result.problems = [FixtureProblem(file: fixture.file, path: "template", message: "unknown template '\(fixture.templateID)'")]
            return result
        }
        let lua: LuaRules
        switch engine(for: template) {
        case .failure(let error):
            result.outcome = .failed
            result.differences = error.problems.map { FixtureDifference(path: "rules", message: "\($0.description)") }
            return result
        case .success(let loaded):
            lua = loaded
        }
        let observed = ObservedRules(base: lua, file: lua.file, defined: definedHookNames(of: lua, template: template.id),
                                     ledger: options.coverage ? ledger : nil)
        var execution = FixtureExecution(fixture: fixture, template: template, recordTypes: rules.recordTypes, profile: rules.profile, rules: observed)
        execution.run()
        if !execution.differences.isEmpty {
            result.outcome = .failed
            result.differences = execution.differences
            if let bench = execution.bench { result.log = Self.log(of: lua, input: bench.input) }
        }
        return result
    }

    /// The compiled rules of a template, loaded once per run.
    public func engine(for template: PlanTemplate) -> Result<LuaRules, RulesLoadError> {
        if let cached = engines[template.id] { return cached }
        let loaded: Result<LuaRules, RulesLoadError>
        var compiled = template
        var ledger: DecisionLedger?
        if options.coverage, let source = template.rulesSource {
            // Decision coverage runs the rules with each condition reporting its outcome; lines stay as written.
            let (instrumented, sites) = DecisionInstrumenter.instrument(source)
            let decided = DecisionLedger()
            compiled.rulesSource = instrumented
            ledger = decided
            decisions[template.id] = (sites, decided)
        }
        do {
            loaded = .success(try LuaRules(template: compiled, profile: rules.profile, recordTypes: rules.recordTypes, libraries: rules.libraries,
                                           libraryFolder: libraryFolder, wallClockSeconds: options.wallClockSeconds,
                                           collectCoverage: options.coverage, decisions: ledger))
        } catch {
            loaded = .failure(error)
        }
        engines[template.id] = loaded
        return loaded
    }

    /// The names of the hooks a template's rules define, worked out once per run: `LuaRules.definedHooks` reads
    /// them from the rules' index and sorts them at each call (3 % of a 1,000-fixture run when asked per fixture).
    private func definedHookNames(of lua: LuaRules, template: String) -> Set<String> {
        if let names = hookNames[template] { return names }
        let names = Set(lua.definedHooks.map(\.name))
        hookNames[template] = names
        return names
    }

    /// `Rules/lib`, named as the Rules folder's templates are.
    var libraryFolder: String {
        let name = rules.root.standardizedFileURL.lastPathComponent
        return "\(name.isEmpty || name == "/" ? "Rules" : name)/lib"
    }

    /// What the rules print while deciding each instance of the plan, hook by hook, without repeats.
    static func log(of lua: LuaRules, input: RulesInput) -> [String] {
        var lines: [String] = []
        var seen = Set<String>()
        for instance in input.plan.instances {
            for run in lua.explain(input, instance.ref) {
                for text in run.log {
                    let line = "\(run.hook): \(text)"
                    if seen.insert(line).inserted { lines.append(line) }
                }
            }
        }
        return lines
    }

    // MARK: Coverage

    /// Hooks and lines run so far, per rules file of the templates loaded (and the lib modules they loaded).
    public func coverageReport() -> CoverageReport {
        var files: [CoverageReport.File] = []
        var libraryLines: [String: Set<Int>] = [:]
        var libraryActive: [String: Set<Int>] = [:]
        for id in engines.keys.sorted() {
            guard case .success(let lua)? = engines[id] else { continue }
            let run = lua.coverage
            let active = lua.activeLines[lua.file] ?? []
            var file = CoverageReport.File(file: lua.file, hooks: lua.definedHooks, hooksRun: ledger.run[lua.file] ?? [],
                                           activeLines: active, linesRun: (run[lua.file] ?? []).intersection(active))
            if let decided = decisions[id] {
                file.decisions = decided.sites.map { site in
                    CoverageReport.Decision(line: site.line, keyword: site.keyword, condition: site.condition, outcomes: decided.ledger.outcomes[site.id] ?? [])
                }
            }
            files.append(file)
            for (name, source) in rules.libraries {
                let file = "\(libraryFolder)/\(name).lua"
                guard let lines = run[file] else { continue }
                libraryLines[file, default: []].formUnion(lines)
                if libraryActive[file] == nil { libraryActive[file] = lua.activeLines(ofLibrary: source, file: file) }
            }
        }
        for file in libraryLines.keys.sorted() {
            let active = libraryActive[file] ?? []
            files.append(CoverageReport.File(file: file, hooks: [], hooksRun: [], activeLines: active,
                                             linesRun: (libraryLines[file] ?? []).intersection(active)))
        }
        return CoverageReport(files: files)
    }
}

/// Values handed to worker threads, each of which touches only its own part.
final class UncheckedBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
