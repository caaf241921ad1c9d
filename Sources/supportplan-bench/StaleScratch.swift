import Foundation

/// The scratch folders of earlier bench runs that did not end normally (killed, or stopped by a timeout), or that ran
/// before the bench removed its own at exit. Each holds the stores of the write, batch and serve rows, about 1 GB at
/// 100,000 plans: left behind, they filled this machine's disk once. A folder is named for its run's process and
/// removed only when no process of that id runs (an id reused since only keeps a stale folder, never removes a live one).
enum StaleScratch {
    static let prefix = "supportplan-bench-"

    /// Removes them from `directory`; the paths removed.
    static func removeAll(in directory: String = NSTemporaryDirectory()) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var removed: [String] = []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0, pid != getpid() else { continue }
            // Running, or not ours to ask about: kept.
            if kill(pid, 0) == 0 || errno != ESRCH { continue }
            let path = (directory as NSString).appendingPathComponent(name)
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed.append(path) }
        }
        return removed
    }
}
