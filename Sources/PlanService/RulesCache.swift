import Foundation
import PlanModel
import RulesReader
import PlanRules
import PlanStore

/// Templates and their compiled rules per stored version, shared by every request.
///
/// A template version is parsed once. Its rules are compiled into Lua engines kept in a pool: a
/// `RulesLease` takes an idle engine (or compiles one) for one operation and gives it back when the
/// lease ends, so an engine — one Lua state — serves one thread at a time while many requests run at
/// once. Engines keep nothing of an evaluation for the next (see `LuaRules`).
public final class RulesCache: @unchecked Sendable {
    public let folder: URL
    /// The organisation-wide catalogs, read from the Rules folder on disk.
    public let profile: ProfileSchema
    public let recordTypes: RecordTypeCatalog
    /// What each role may link and create per record type (`permissions.yaml`; unrestricted without it).
    public let permissions: RecordPermissions
    /// The Rules folder's own name, as file paths in messages start: `Rules`.
    let folderName: String
    let wallClockSeconds: Double
    /// Guards `templates` and `idle`; the `@unchecked Sendable` rests on it.
    private let lock = NSLock()
    private var templates: [String: PlanTemplate] = [:]
    private var catalogs: [String: VersionCatalogs] = [:]
    private var idle: [String: [LuaRules]] = [:]
    /// Idle engines kept per template version; more are compiled under load and dropped when returned.
    private let idleLimit = max(4, ProcessInfo.processInfo.activeProcessorCount * 2)

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
        var permissions = RecordPermissions.unrestricted
        if let types {
            switch RulesFolder.readFile(RecordPermissionsLoader.fileName, in: folder) {
            case .text(let text):
                permissions = RecordPermissionsLoader.read(yaml: text, path: "\(folderName)/\(RecordPermissionsLoader.fileName)",
                                                           recordTypes: types, problems: &problems) ?? .unrestricted
            case .missing: break
            case .refused(let why): problems.append(RulesFolderProblem(file: "\(folderName)/\(RecordPermissionsLoader.fileName)", message: why))
            }
        }
        guard let profile, let types, problems.isEmpty else { throw .badInput(problems.map(\.description)) }
        self.profile = profile
        self.recordTypes = types
        self.permissions = permissions
    }

    private static func catalogText(_ file: String, folder: URL, name: String) throws(ServiceError) -> String {
        switch RulesFolder.readFile(file, in: folder) {
        case .text(let text): return text
        case .missing: throw .badInput("Can't read \(name)/\(file): is \(folder.path) a Rules folder?", topic: .rulesFolder)
        case .refused(let why): throw .badInput("\(name)/\(file): \(why)")
        }
    }

    /// The profile and record types a stored version's plans are shown and evaluated with: those it
    /// was published against, or, for a version published before versions kept them, the Rules
    /// folder's current ones. Parsed once per version.
    public func catalogs(for stored: StoredTemplateVersion) throws(ServiceError) -> VersionCatalogs {
        let key = "\(stored.id)@\(stored.version)"
        if let found = lock.withLock({ catalogs[key] }) { return found }
        guard let profileText = stored.profileSource, let typesText = stored.recordTypesSource else {
            return VersionCatalogs(profile: profile, recordTypes: recordTypes, fromVersion: false)
        }
        var problems: [RulesFolderProblem] = []
        let owner = "template '\(stored.id)' version \(stored.version)"
        let profile = ProfileSchemaLoader.read(yaml: profileText, path: "profile.yaml (kept by \(owner))", problems: &problems)
        let types = RecordTypeCatalogLoader.read(yaml: typesText, path: "record-types.yaml (kept by \(owner))", problems: &problems)
        guard let profile, let types, problems.isEmpty else {
            throw .badInput(["The profile and record types kept by \(owner) no longer read:"] + problems.map(\.description))
        }
        let found = VersionCatalogs(profile: profile, recordTypes: types, fromVersion: true)
        lock.withLock { catalogs[key] = found }
        return found
    }

    /// The template of a stored version, parsed once against the version's own catalogs (`catalogs(for:)`).
    public func template(for stored: StoredTemplateVersion) throws(ServiceError) -> PlanTemplate {
        let key = "\(stored.id)@\(stored.version)"
        if let template = lock.withLock({ templates[key] }) { return template }
        let path = "\(folderName)/\(stored.id)/template.yaml"
        let catalogs = try catalogs(for: stored)
        var template: PlanTemplate
        do throws(RulesFolderError) {
            template = try TemplateLoader.load(yaml: stored.manifest, path: path, folderName: stored.id,
                                               profile: catalogs.profile, recordTypes: catalogs.recordTypes)
        } catch {
            let why = catalogs.fromVersion
                ? "Template '\(stored.id)' version \(stored.version) no longer loads against the profile and record types it was published with:"
                : "Template '\(stored.id)' version \(stored.version) was published before versions kept their own profile and record types, "
                    + "and no longer loads against the current ones (publish the template again, and upgrade its plans at their next review):"
            throw .badInput([why] + error.problems.map(\.description))
        }
        template.version = stored.version
        template.rulesSource = stored.rulesSource
        template.rulesPath = "\(folderName)/\(stored.id)/rules.lua"
        lock.withLock { templates[key] = template }
        return template
    }

    /// An engine for a stored version's rules, this caller's alone until the lease ends.
    public func lease(_ stored: StoredTemplateVersion) throws(ServiceError) -> RulesLease {
        let template = try template(for: stored)
        let catalogs = try catalogs(for: stored)
        let recordTypes = catalogs.recordTypes, profile = catalogs.profile
        let key = "\(stored.id)@\(stored.version)"
        if let engine = lock.withLock({ idle[key]?.popLast() }) {
            return RulesLease(template: template, recordTypes: recordTypes, profile: profile, engine: engine, key: key, cache: self)
        }
        let engine: LuaRules
        do throws(RulesLoadError) {
            engine = try LuaRules(template: template, profile: catalogs.profile, recordTypes: recordTypes, libraries: stored.libraries,
                                  libraryFolder: "\(folderName)/lib", wallClockSeconds: wallClockSeconds)
        } catch {
            throw .badInput(error.problems.map(\.description))
        }
        return RulesLease(template: template, recordTypes: recordTypes, profile: profile, engine: engine, key: key, cache: self)
    }

    fileprivate func giveBack(_ engine: LuaRules, key: String) {
        lock.withLock {
            var engines = idle[key] ?? []
            if engines.count < idleLimit { engines.append(engine) }
            idle[key] = engines
        }
    }
}

/// One template version's rules engine, held by one operation; the engine returns to its cache's pool
/// when the lease is released. Keep a lease inside one task and never hand its engine on.
public final class RulesLease {
    public let template: PlanTemplate
    /// The record types the version's plans are shown and evaluated with (see `RulesCache.catalogs(for:)`).
    public let recordTypes: RecordTypeCatalog
    /// The profile fields the version's rules read the profile by (strict ctx).
    public let profile: ProfileSchema
    public let engine: LuaRules
    private let key: String
    private let cache: RulesCache

    fileprivate init(template: PlanTemplate, recordTypes: RecordTypeCatalog, profile: ProfileSchema, engine: LuaRules,
                     key: String, cache: RulesCache) {
        self.template = template; self.recordTypes = recordTypes; self.profile = profile; self.engine = engine; self.key = key; self.cache = cache
    }

    deinit { cache.giveBack(engine, key: key) }
}
