import PlanModel
import Foundation

extension RulesFolder {
    /// What reading one file of a Rules folder gave.
    public enum FileText: Equatable, Sendable {
        case text(String)
        case missing
        /// The file is there but is not read: why, as a sentence about the file.
        case refused(String)
    }

    /// The text of `relative` inside the Rules folder `root`, read only when its real path (links
    /// resolved) stays inside the folder's real path and it is a regular file of at most
    /// `DataLimits.rulesFileBytes` of UTF-8: a link out of the folder is never followed.
    public static func readFile(_ relative: String, in root: URL) -> FileText {
        let url = root.appendingPathComponent(relative)
        var status = stat()
        guard lstat(url.path, &status) == 0 else { return .missing }
        guard let real = realPath(url.path) else {
            return .refused("is a link to something that does not exist")
        }
        guard let realRoot = realPath(root.path), isInside(real, realRoot) else {
            return .refused("is a link to \(real), outside the Rules folder; only files inside the folder are read")
        }
        guard stat(real, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            return .refused("is not a regular file")
        }
        guard Int(status.st_size) <= DataLimits.rulesFileBytes else {
            return .refused("is \(status.st_size) bytes, more than the \(DataLimits.rulesFileBytes) a Rules file may have")
        }
        guard let data = FileManager.default.contents(atPath: real) else { return .refused("cannot be read") }
        guard let text = String(data: data, encoding: .utf8) else { return .refused("is not UTF-8 text") }
        return .text(text)
    }

    /// Whether the folder `relative` of `root` is a folder whose real path is inside the Rules folder;
    /// a folder reached through a link that leaves it is not.
    public static func isFolderInside(_ relative: String, of root: URL) -> Bool {
        let url = root.appendingPathComponent(relative)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue,
              let real = realPath(url.path), let realRoot = realPath(root.path) else { return false }
        return isInside(real, realRoot)
    }

    /// The path with every link resolved, nil when some part does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func isInside(_ path: String, _ root: String) -> Bool {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix)
    }
}
