import Foundation
import PlanModel
import RulesReader
import PlanRules
import PlanStore

/// One template as `template list` shows it: on disk and as published.
public struct TemplateSummary: Sendable, Encodable {
    public var id: String
    public var name: String
    public var status: String
    public var latestVersion: Int?
    public var onDisk: Bool

    enum CodingKeys: String, CodingKey { case id, name, status, latestVersion = "latest_version", onDisk = "on_disk" }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(name, forKey: .name); try c.encode(status, forKey: .status)
        try c.encode(latestVersion, forKey: .latestVersion); try c.encode(onDisk, forKey: .onDisk)
    }
}

/// What `template publish` did for one template.
public struct PublishResult: Sendable, Encodable {
    public var id: String
    public var version: Int
    public var created: Bool
    /// True for a dry run: nothing was stored, and `version` and `created` say what publishing would do.
    public var dryRun: Bool

    enum CodingKeys: String, CodingKey { case id, version, created, dryRun = "dry_run" }
}

extension ServiceCall {
    /// Templates found in the Rules folder and in the store.
    public func templates() throws -> [TemplateSummary] {
        let (folder, _) = RulesFolder.inspect(at: rules.folder)
        return try read { tx in
            try authorize(.readActivePlans, tx)
            var ids = Set(folder.templateIDs)
            for id in try tx.templateIDs() { ids.insert(id) }
            return try ids.sorted().map { id in
                let latest = try tx.latestTemplateVersion(id: id)
                let disk = folder.templates[id]
                var status = disk?.status.rawValue ?? "not on disk"
                var name = disk?.name ?? id
                if disk == nil, let latest, let t = try? rules.template(for: latest) { status = t.status.rawValue; name = t.name }
                return TemplateSummary(id: id, name: name, status: status, latestVersion: latest?.version, onDisk: disk != nil)
            }
        }
    }

    /// Validates templates (structure and rules) and stores a new version of each whose content changed.
    public func publish(_ ids: [String], dryRun: Bool = false) throws -> [PublishResult] {
        _ = try read { tx in try authorize(.publishTemplates, tx) }
        let (folder, problems) = RulesFolder.inspect(at: rules.folder)
        var errors: [String] = []
        for id in ids where folder.templates[id] == nil && !problems.contains(where: { $0.file.contains("/\(id)/") }) {
            errors.append("No template '\(id)' in \(rules.folder.path) (templates: \(folder.templateIDs.joined(separator: ", ")))")
        }
        let relevant = problems.filter { p in
            ids.contains { p.file.contains("/\($0)/") } || !p.file.contains("/") || p.file.hasSuffix("profile.yaml") || p.file.hasSuffix("record-types.yaml") || p.file.contains("/lib/")
        }
        errors += relevant.map(\.description)
        guard errors.isEmpty else { throw ServiceError.badInput(errors) }
        // The version keeps the catalogs it is published against; the template is checked against these
        // very texts, so what is stored is what loads later.
        var catalogTexts: [String] = []
        for file in ["profile.yaml", "record-types.yaml"] {
            guard case .text(let text) = RulesFolder.readFile(file, in: rules.folder) else {
                throw ServiceError.badInput("Can't read \(rules.folder.appendingPathComponent(file).path)")
            }
            catalogTexts.append(text)
        }
        let (profileSource, recordTypesSource) = (catalogTexts[0], catalogTexts[1])
        var catalogProblems: [RulesFolderProblem] = []
        let keptProfile = ProfileSchemaLoader.read(yaml: profileSource, path: "\(rules.folderName)/profile.yaml",
                                                   problems: &catalogProblems)
        let keptTypes = RecordTypeCatalogLoader.read(yaml: recordTypesSource, path: "\(rules.folderName)/record-types.yaml",
                                                     problems: &catalogProblems)
        guard let keptProfile, let keptTypes, catalogProblems.isEmpty else { throw ServiceError.badInput(catalogProblems.map(\.description)) }
        var sources: [(String, String, String?)] = []
        for id in ids {
            let template = folder.templates[id]!
            do {
                _ = try LuaRules(template: template, profile: folder.profile, recordTypes: folder.recordTypes, libraries: folder.libraries,
                                 libraryFolder: "\(rules.folder.lastPathComponent)/lib")
            } catch {
                errors += error.problems.map(\.description)
            }
            guard case .text(let manifest) = RulesFolder.readFile("\(id)/template.yaml", in: rules.folder) else {
                errors.append("Can't read \(rules.folder.appendingPathComponent(id).appendingPathComponent("template.yaml").path)"); continue
            }
            do throws(RulesFolderError) {
                _ = try TemplateLoader.load(yaml: manifest, path: "\(rules.folderName)/\(id)/template.yaml", folderName: id,
                                            profile: keptProfile, recordTypes: keptTypes)
            } catch {
                errors += error.problems.map(\.description); continue
            }
            sources.append((id, manifest, template.rulesSource))
        }
        guard errors.isEmpty else { throw ServiceError.badInput(errors) }
        return try write(dryRun: dryRun) { tx in
            try authorize(.publishTemplates, tx)
            return try sources.map { id, manifest, rulesSource in
                let (version, created) = try tx.publish(templateID: id, manifest: manifest, rulesSource: rulesSource,
                                                        libraries: folder.libraries, profileSource: profileSource,
                                                        recordTypesSource: recordTypesSource, now: clock())
                return PublishResult(id: id, version: version, created: created, dryRun: dryRun)
            }
        }
    }

    /// A published template version (the latest when `version` is nil).
    public func template(_ id: String, version: Int? = nil) throws -> PlanTemplate {
        try read { tx in
            try authorize(.readActivePlans, tx)
            let stored: StoredTemplateVersion?
            if let version { stored = try tx.templateVersion(id: id, version: version) } else { stored = try tx.latestTemplateVersion(id: id) }
            guard let stored else {
                throw ServiceError(.notFound, [version.map { "Template '\(id)' has no version \($0)" } ?? "Template '\(id)' has not been published"],
                                   topic: .template, subject: id)
            }
            return try rules.template(for: stored)
        }
    }
}
