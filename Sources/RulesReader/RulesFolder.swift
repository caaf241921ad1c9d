import PlanModel
import Foundation

/// A Rules folder read from disk: the profile, the record types, every template and the shared Lua
/// libraries, all checked.
public struct RulesFolder: Sendable {
    public var root: URL
    public var profile: ProfileSchema
    public var recordTypes: RecordTypeCatalog
    /// By template id (the folder's name).
    public var templates: [String: PlanTemplate]
    /// `lib/NAME.lua` sources by NAME, for `require("NAME")`.
    public var libraries: [String: String]
    /// What each role may link and create per record type (`permissions.yaml`, optional).
    public var permissions: RecordPermissions

    public init(root: URL, profile: ProfileSchema, recordTypes: RecordTypeCatalog,
                templates: [String: PlanTemplate], libraries: [String: String],
                permissions: RecordPermissions = .unrestricted) {
        self.root = root; self.profile = profile; self.recordTypes = recordTypes
        self.templates = templates; self.libraries = libraries; self.permissions = permissions
    }

    /// Folders of a Rules folder that are not templates.
    public static let reservedFolders: Set<String> = ["lib", "types"]

    /// The template ids in order.
    public var templateIDs: [String] { templates.keys.sorted() }

    /// The templates ordered by id.
    public var sortedTemplates: [PlanTemplate] { templateIDs.compactMap { templates[$0] } }

    /// Reads and checks the whole folder; throws every problem of every file at once.
    public static func load(at url: URL) throws(RulesFolderError) -> RulesFolder {
        let (folder, problems) = inspect(at: url)
        guard problems.isEmpty else { throw RulesFolderError(problems: problems) }
        return folder
    }

    /// Reads the profile, the record types and one template (with its rules); problems in other
    /// templates don't matter.
    public static func loadTemplate(id: String, at url: URL) throws(RulesFolderError) -> PlanTemplate {
        var scan = Scan(root: url)
        let (profile, recordTypes) = scan.catalogs()
        let template = scan.template(id: id, profile: profile, recordTypes: recordTypes)
        guard let template, scan.problems.isEmpty else { throw RulesFolderError(problems: scan.problems) }
        return template
    }

    /// Reads the whole folder as far as it can be read, with every problem found; for `lint` and
    /// tools that show problems beside what loaded. Templates with problems are included as read.
    public static func inspect(at url: URL) -> (folder: RulesFolder, problems: [RulesFolderProblem]) {
        var scan = Scan(root: url)
        let (profile, recordTypes) = scan.catalogs()
        let libraries = scan.libraries()
        let permissions = recordTypes.map { scan.permissions(recordTypes: $0) } ?? .unrestricted
        var templates: [String: PlanTemplate] = [:]
        for id in scan.templateFolders() {
            if let template = scan.template(id: id, profile: profile, recordTypes: recordTypes) {
                templates[id] = template
            }
        }
        let folder = RulesFolder(root: url, profile: profile ?? ProfileSchema(fields: []),
                                 recordTypes: recordTypes ?? RecordTypeCatalog(types: []),
                                 templates: templates, libraries: libraries, permissions: permissions)
        return (folder, scan.problems)
    }

    /// One pass over the files of a folder, collecting problems.
    private struct Scan {
        let root: URL
        /// The folder's own name, prefixing display paths: `Rules`.
        let prefix: String
        var problems: [RulesFolderProblem] = []

        init(root: URL) {
            self.root = root
            let name = root.standardizedFileURL.lastPathComponent
            self.prefix = name.isEmpty || name == "/" ? "Rules" : name
        }

        func display(_ relative: String) -> String { "\(prefix)/\(relative)" }

        /// The text of a file, or nil after reporting it missing or unreadable.
        /// `missing` is the message when the file is absent; nil when the file is optional.
        mutating func text(_ relative: String, missing: String?) -> String? {
            switch RulesFolder.readFile(relative, in: root) {
            case .text(let text): return text
            case .missing:
                if let missing { problems.append(.init(file: display(relative), message: missing)) }
                return nil
            case .refused(let why):
                problems.append(.init(file: display(relative), message: why))
                return nil
            }
        }

        /// profile.yaml and record-types.yaml; nil for one that could not be read at all.
        mutating func catalogs() -> (ProfileSchema?, RecordTypeCatalog?) {
            guard FileManager.default.fileExists(atPath: root.path) else {
                problems.append(.init(file: prefix, message: "the Rules folder does not exist (\(root.path))"))
                return (nil, nil)
            }
            var profile: ProfileSchema?
            if let yaml = text("profile.yaml", missing: "missing file: a Rules folder needs profile.yaml (the client profile fields)") {
                profile = ProfileSchemaLoader.read(yaml: yaml, path: display("profile.yaml"), problems: &problems)
            }
            var recordTypes: RecordTypeCatalog?
            if let yaml = text("record-types.yaml", missing: "missing file: a Rules folder needs record-types.yaml (the record types)") {
                recordTypes = RecordTypeCatalogLoader.read(yaml: yaml, path: display("record-types.yaml"), problems: &problems)
            }
            return (profile, recordTypes)
        }

        /// permissions.yaml, when the folder has one.
        mutating func permissions(recordTypes: RecordTypeCatalog) -> RecordPermissions {
            guard let yaml = text(RecordPermissionsLoader.fileName, missing: nil) else { return .unrestricted }
            return RecordPermissionsLoader.read(yaml: yaml, path: display(RecordPermissionsLoader.fileName),
                                                recordTypes: recordTypes, problems: &problems) ?? .unrestricted
        }

        /// `lib/*.lua` by module name.
        mutating func libraries() -> [String: String] {
            let lib = root.appendingPathComponent("lib")
            if FileManager.default.fileExists(atPath: lib.path), !RulesFolder.isFolderInside("lib", of: root) {
                problems.append(.init(file: display("lib"), message: "is a link out of the Rules folder; only files inside the folder are read"))
                return [:]
            }
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: lib.path) else { return [:] }
            var libraries: [String: String] = [:]
            for file in names.sorted() where file.hasSuffix(".lua") {
                let name = String(file.dropLast(4))
                guard RulesFolder.isModuleName(name) else {
                    problems.append(.init(file: display("lib/\(file)"),
                                          message: "module name '\(name)' must match [A-Za-z_][A-Za-z0-9_]* to be loaded with require"))
                    continue
                }
                if let source = text("lib/\(file)", missing: nil) { libraries[name] = source }
            }
            return libraries
        }

        /// The subfolders that are templates: every folder but `lib` and hidden ones. A folder without
        /// template.yaml is reported.
        mutating func templateFolders() -> [String] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
            var ids: [String] = []
            // `lib` holds shared modules and `types` the editor's annotation files; neither is a template.
            for name in names.sorted() where !RulesFolder.reservedFolders.contains(name) && !name.hasPrefix(".") {
                var isDirectory: ObjCBool = false
                let url = root.appendingPathComponent(name)
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
                guard RulesFolder.isFolderInside(name, of: root) else {
                    problems.append(.init(file: display(name), message: "is a link out of the Rules folder; only files inside the folder are read"))
                    continue
                }
                ids.append(name)
            }
            return ids
        }

        /// One template folder's template.yaml and rules.lua.
        mutating func template(id: String, profile: ProfileSchema?, recordTypes: RecordTypeCatalog?) -> PlanTemplate? {
            let folder = root.appendingPathComponent(id)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                problems.append(.init(file: display(id), message: "no template folder '\(id)'"))
                return nil
            }
            guard RulesFolder.isFolderInside(id, of: root) else {
                problems.append(.init(file: display(id), message: "is a link out of the Rules folder; only files inside the folder are read"))
                return nil
            }
            guard let yaml = text("\(id)/template.yaml", missing: "missing file: a template folder needs template.yaml") else { return nil }
            guard var template = TemplateLoader.read(yaml: yaml, path: display("\(id)/template.yaml"), folderName: id,
                                                     profile: profile, recordTypes: recordTypes, problems: &problems)
            else { return nil }
            template.rulesPath = display("\(id)/rules.lua")
            template.rulesSource = text("\(id)/rules.lua", missing: nil)
            return template
        }
    }

    /// A name `require` can load: `[A-Za-z_][A-Za-z0-9_]*`.
    static func isModuleName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
