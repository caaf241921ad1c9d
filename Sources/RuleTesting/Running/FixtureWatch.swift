import Foundation

/// What a watching fixture run looks at between runs: the modification time and size of every file
/// in the Rules folder and the fixture paths, and which templates' fixtures a change calls for.
///
/// Polling is enough here: a snapshot of a few hundred files takes milliseconds, and it needs no
/// platform file-event API.
public struct FixtureWatch: Sendable {
    /// A file's path → its modification time and size.
    public typealias Snapshot = [String: Stamp]

    public struct Stamp: Sendable, Equatable {
        public var modified: Date
        public var size: Int
        public init(modified: Date, size: Int) { self.modified = modified; self.size = size }
    }

    /// The fixtures a change calls for.
    public enum Rerun: Sendable, Equatable {
        case nothing
        /// profile.yaml, record-types.yaml or a lib module changed: every template can see them.
        case everything
        /// These templates' rules or fixtures changed, and these fixture files themselves.
        case templates(Set<String>, fixtures: Set<String>)
    }

    public let rulesFolder: URL
    public let fixturePaths: [URL]
    /// Past this many files a snapshot stops, so a watch on a huge folder by mistake stays cheap.
    public var fileLimit = 10_000

    public init(rulesFolder: URL, fixturePaths: [URL]) {
        self.rulesFolder = rulesFolder.standardizedFileURL; self.fixturePaths = fixturePaths.map(\.standardizedFileURL)
    }

    public func snapshot() -> Snapshot {
        var out: Snapshot = [:]
        let fm = FileManager.default
        let keys: [URLResourceKey] = [.contentModificationDateKey, .fileSizeKey, .isRegularFileKey]
        for root in [rulesFolder] + fixturePaths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: root.path, isDirectory: &isDirectory) else { continue }
            let files: [URL]
            if isDirectory.boolValue {
                guard let walker = fm.enumerator(at: root, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles]) else { continue }
                files = walker.compactMap { $0 as? URL }
            } else {
                files = [root]
            }
            for file in files {
                guard out.count < fileLimit else { return out }
                guard let values = try? file.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { continue }
                out[file.standardizedFileURL.path] = Stamp(modified: values.contentModificationDate ?? .distantPast, size: values.fileSize ?? 0)
            }
        }
        return out
    }

    /// The fixtures to run again after the files went from `old` to `new`.
    public func rerun(from old: Snapshot, to new: Snapshot) -> Rerun {
        let changed = Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }
        guard !changed.isEmpty else { return .nothing }
        var templates = Set<String>()
        var fixtures = Set<String>()
        let rulesPrefix = rulesFolder.path + "/"
        for path in changed {
            if path.hasPrefix(rulesPrefix) {
                let parts = path.dropFirst(rulesPrefix.count).split(separator: "/")
                // Rules/<template>/… belongs to one template; anything else in Rules is shared by all.
                guard parts.count >= 2, parts[0] != "lib" else { return .everything }
                templates.insert(String(parts[0]))
            } else if path.hasSuffix(".yaml") {
                fixtures.insert(path)
                // Fixtures/<template>/x.yaml: its folder names the template whose fixtures are rerun.
                templates.insert(URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent)
            }
        }
        return templates.isEmpty && fixtures.isEmpty ? .nothing : .templates(templates, fixtures: fixtures)
    }

    /// Whether the fixture at `path` (of `templateID`) is among those `rerun` calls for.
    public static func includes(_ rerun: Rerun, path: String, templateID: String?) -> Bool {
        switch rerun {
        case .nothing: return false
        case .everything: return true
        case .templates(let templates, let fixtures):
            return fixtures.contains(URL(fileURLWithPath: path).standardizedFileURL.path)
                || templateID.map(templates.contains) == true
                || templates.contains(URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent)
        }
    }
}
