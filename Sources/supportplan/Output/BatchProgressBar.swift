import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A progress line on stderr for long batches, only when stderr is a terminal.
final class BatchProgressBar {
    let enabled = isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["CI"] == nil
    private var last = Date.distantPast

    func update(_ done: Int, _ total: Int) {
        guard enabled, Date().timeIntervalSince(last) > 0.1 || done == total else { return }
        last = Date()
        let percent = total == 0 ? 100 : done * 100 / total
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(Style.bar(percent))  \(done) of \(total) plans".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
