import Foundation
import PlanModel
import RulesReader
import PlanRules

/// Checks Rules folders and fixtures without running any plan: the folder's YAML, Lua syntax and the
/// shape of each rules table (hooks for unknown items, sections, record types; unknown hook names),
/// accidental globals, `require` of missing modules, and fixtures that name unknown things.
public struct RulesLinter {
    /// Paths are shown relative to this folder when under it.
    public var baseDirectory: URL
    /// The Rules folder fixtures are checked against when no Rules folder is among the paths.
    public var rulesFolder: URL
    public var today: String

    public init(baseDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                rulesFolder: URL? = nil, today: String = FixtureRunner.localToday()) {
        self.baseDirectory = baseDirectory
        self.rulesFolder = rulesFolder ?? baseDirectory.appendingPathComponent("Rules")
        self.today = today
    }

    /// Lints each path: a Rules folder (one holding profile.yaml or record-types.yaml), a template folder
    /// inside one, a `.lua` file, a fixture `.yaml` file, or a folder of fixtures.
    public func lint(paths: [URL]) -> LintReport {
        var problems: [LintProblem] = []
        var files = Set<String>()
        var inspected: [String: RulesFolder] = [:]
        func folder(_ url: URL) -> RulesFolder {
            let key = url.standardizedFileURL.path
            if let cached = inspected[key] { return cached }
            let (folder, folderProblems) = RulesFolder.inspect(at: url)
            problems += folderProblems.map { LintProblem(file: $0.file, line: $0.line, column: $0.column, severity: .error,
                                                         message: $0.path.isEmpty ? $0.message : "\($0.path): \($0.message)") }
            // A template.yaml with problems was read in part; checking its rules against that part would
            // report every item it lost as unknown, so only syntax and the source scan apply then.
            let broken = Set(folderProblems.compactMap { p in folder.templateIDs.first { p.file.hasSuffix("/\($0)/template.yaml") } })
            problems += luaProblems(folder, partlyRead: broken)
            files.formUnion(folderProblems.map(\.file))
            files.formUnion(luaFiles(folder))
            inspected[key] = folder
            return folder
        }
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path.path, isDirectory: &isDirectory) else {
                problems.append(LintProblem(file: display(path), line: nil, column: nil, severity: .error, message: "no such file or folder"))
                continue
            }
            if isDirectory.boolValue {
                if Self.isRulesFolder(path) {
                    let rules = folder(path)
                    // The fixtures beside a Rules folder are part of it: `lint Rules` finds their typos too.
                    let fixtures = path.deletingLastPathComponent().appendingPathComponent("Fixtures")
                    if fm.fileExists(atPath: fixtures.path), !Self.covers(paths, fixtures) {
                        for file in yamlFiles(under: fixtures) where files.insert(display(file)).inserted {
                            problems += fixtureProblems(file, rules: rules)
                        }
                    }
                } else if fm.fileExists(atPath: path.appendingPathComponent("template.yaml").path) {
                    _ = folder(path.deletingLastPathComponent())
                } else {
                    let rules = folder(rulesFolder)
                    for file in yamlFiles(under: path) {
                        files.insert(display(file))
                        problems += fixtureProblems(file, rules: rules)
                    }
                }
            } else if path.pathExtension == "lua" {
                files.insert(display(path))
                let source = (try? String(contentsOf: path, encoding: .utf8)) ?? ""
                let lib = Self.isRulesFolder(path.deletingLastPathComponent().deletingLastPathComponent())
                    ? folder(path.deletingLastPathComponent().deletingLastPathComponent()).libraries : [:]
                problems += scanProblems(source, file: display(path), modules: Set(lib.keys))
            } else {
                files.insert(display(path))
                problems += fixtureProblems(path, rules: folder(rulesFolder))
            }
        }
        // Every file a problem names was checked, wherever it lies (lib/, a template.yaml, a fixture).
        files.formUnion(problems.map(\.file))
        return LintReport(problems: problems, filesChecked: max(files.count, 1))
    }

    /// Whether `folder` or a file inside it is among `paths`, so it is linted on its own.
    static func covers(_ paths: [URL], _ folder: URL) -> Bool {
        let base = folder.standardizedFileURL.path
        return paths.contains { path in
            let p = path.standardizedFileURL.path
            return p == base || p.hasPrefix(base + "/")
        }
    }

    /// The Lua files of a Rules folder that lint checks: each template's rules.lua and each lib module.
    func luaFiles(_ folder: RulesFolder) -> [String] {
        folder.templates.values.compactMap { $0.rulesSource == nil ? nil : $0.rulesPath }
            + folder.libraries.keys.map { "\(libraryFolder(folder))/\($0).lua" }
    }

    /// `Rules/lib`, named as problems in lib modules name it.
    func libraryFolder(_ folder: RulesFolder) -> String {
        let name = folder.root.standardizedFileURL.lastPathComponent
        return "\(name.isEmpty || name == "/" ? "Rules" : name)/lib"
    }

    static func isRulesFolder(_ url: URL) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: url.appendingPathComponent("profile.yaml").path)
            || fm.fileExists(atPath: url.appendingPathComponent("record-types.yaml").path)
    }

    func display(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let base = baseDirectory.standardizedFileURL.path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    func yamlFiles(under url: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) else { return [] }
        var out: [URL] = []
        for case let file as URL in walker where file.pathExtension == "yaml" { out.append(file) }
        return out.sorted { $0.path < $1.path }
    }

    /// Lua problems of every template and lib module: loading each template's rules, then the scan.
    func luaProblems(_ folder: RulesFolder, partlyRead: Set<String> = []) -> [LintProblem] {
        var problems: [LintProblem] = []
        let modules = Set(folder.libraries.keys)
        let libraryFolder = libraryFolder(folder)
        for template in folder.sortedTemplates {
            guard let source = template.rulesSource else { continue }
            let scanned = scanProblems(source, file: template.rulesPath, modules: modules)
            let missingModule = scanned.contains { $0.message.hasPrefix("require of missing module") }
            do {
                _ = try LuaRules(template: template, profile: folder.profile, recordTypes: folder.recordTypes, libraries: folder.libraries,
                                 libraryFolder: libraryFolder)
            } catch {
                if error.kind == .structure && partlyRead.contains(template.id) { problems += scanned; continue }
                // The scan already located a missing module at its `require`.
                for p in error.problems where !(missingModule && error.kind == .run && p.message.contains("not found")) {
                    problems.append(LintProblem(file: p.file, line: p.line, column: p.column,
                                                severity: p.isWarning ? .warning : .error, message: p.message))
                }
            }
            problems += scanned
            problems += returnProblems(source, template: template)
            problems += ProfileReadScan(source: source, profile: folder.profile).findings().map {
                LintProblem(file: template.rulesPath, line: $0.line, column: $0.column, severity: .error, message: $0.message)
            }
        }
        for (module, source) in folder.libraries.sorted(by: { $0.key < $1.key }) {
            problems += scanProblems(source, file: "\(libraryFolder)/\(module).lua", modules: modules)
        }
        return problems
    }

    func scanProblems(_ source: String, file: String, modules: Set<String>) -> [LintProblem] {
        // LuaLS annotation files describe the API; they are never run.
        if source.hasPrefix("---@meta") { return [] }
        return LuaSourceScan.scan(source, modules: modules).map {
            LintProblem(file: file, line: $0.line, column: $0.column, severity: $0.isError ? .error : .warning, message: $0.message)
        }
    }

    func fixtureProblems(_ url: URL, rules: RulesFolder) -> [LintProblem] {
        let parser = FixtureParser(rules: rules, today: today)
        do {
            _ = try parser.parse(contentsOf: url, file: display(url))
            return []
        } catch {
            return error.problems.map {
                LintProblem(file: $0.file, line: $0.line, column: $0.column, severity: .error,
                            message: $0.path.isEmpty ? $0.message : "\($0.path): \($0.message)")
            }
        }
    }
}
