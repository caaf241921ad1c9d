import Foundation
import PlanModel
import PlanRules
import PlanStore

/// Templates and their compiled rules per stored version: each version is parsed and compiled once
/// per cache (one cache per thread, since a Lua state serves one thread).
public final class RulesCache {
    public let folder: URL
    /// The organisation-wide catalogs, read from the Rules folder on disk.
    public let profile: ProfileSchema
    public let recordTypes: RecordTypeCatalog
    private let folderName: String
    private var entries: [String: (PlanTemplate, LuaRules)] = [:]
    let wallClockSeconds: Double

    public init(folder: URL, wallClockSeconds: Double = 2.0) throws(ServiceError) {
        self.folder = folder
        self.wallClockSeconds = wallClockSeconds
        let name = folder.standardizedFileURL.lastPathComponent
        self.folderName = name.isEmpty ? "Rules" : name
        var problems: [RulesFolderProblem] = []
        let profileText = try Self.catalogText("profile.yaml", folder: folder, name: name.isEmpty ? "Rules" : name)
        let typesText = try Self.catalogText("record-types.yaml", folder: folder, name: name.isEmpty ? "Rules" : name)
        let profile = ProfileSchemaLoader.read(yaml: profileText, path: "\(folderName)/profile.yaml", problems: &problems)
        let types = RecordTypeCatalogLoader.read(yaml: typesText, path: "\(folderName)/record-types.yaml", problems: &problems)
        guard let profile, let types, problems.isEmpty else { throw .badInput(problems.map(\.description)) }
        self.profile = profile
        self.recordTypes = types
    }

    private static func catalogText(_ file: String, folder: URL, name: String) throws(ServiceError) -> String {
        switch RulesFolder.readFile(file, in: folder) {
        case .text(let text): return text
        case .missing: throw .badInput("Can't read \(name)/\(file): is --rules (\(folder.path)) a Rules folder?")
        case .refused(let why): throw .badInput("\(name)/\(file): \(why)")
        }
    }

    /// A copy sharing the catalogs but not the compiled rules, for another thread.
    public func copyForAnotherThread() -> RulesCache {
        RulesCache(copying: self)
    }

    private init(copying other: RulesCache) {
        folder = other.folder; profile = other.profile; recordTypes = other.recordTypes
        folderName = other.folderName; wallClockSeconds = other.wallClockSeconds
    }

    /// The template of a stored version and its compiled rules.
    public func rules(for stored: StoredTemplateVersion) throws(ServiceError) -> (PlanTemplate, LuaRules) {
        let key = "\(stored.id)@\(stored.version)"
        if let entry = entries[key] { return entry }
        let path = "\(folderName)/\(stored.id)/template.yaml"
        var template: PlanTemplate
        do throws(RulesFolderError) {
            template = try TemplateLoader.load(yaml: stored.manifest, path: path, folderName: stored.id,
                                               profile: profile, recordTypes: recordTypes)
        } catch {
            throw .badInput(["Template '\(stored.id)' version \(stored.version) no longer loads against the current profile and record types:"]
                            + error.problems.map(\.description))
        }
        template.version = stored.version
        template.rulesSource = stored.rulesSource
        template.rulesPath = "\(folderName)/\(stored.id)/rules.lua"
        let rules: LuaRules
        do throws(RulesLoadError) {
            rules = try LuaRules(template: template, recordTypes: recordTypes, libraries: stored.libraries,
                                 libraryFolder: "\(folderName)/lib", wallClockSeconds: wallClockSeconds)
        } catch {
            throw .badInput(error.problems.map(\.description))
        }
        entries[key] = (template, rules)
        return (template, rules)
    }
}
