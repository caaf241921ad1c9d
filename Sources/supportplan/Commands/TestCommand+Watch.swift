import ArgumentParser
import Foundation
import RuleTesting

extension TestCommand {
    /// Runs every fixture, then polls the files four times a second and re-runs the fixtures of the
    /// templates whose rules or fixtures changed, until interrupted (Ctrl-C ends the process).
    func runWatching() throws {
        let watch = FixtureWatch(rulesFolder: URL(fileURLWithPath: global.rules), fixturePaths: fixturePaths)
        var before = watch.snapshot()
        _ = try? runOnce(only: nil)
        Output.error("Watching \(global.rules) and \(fixturePaths.map(\.relativePath).joined(separator: ", ")) (Ctrl-C stops).")
        while true {
            Thread.sleep(forTimeInterval: 0.25)
            let now = watch.snapshot()
            let rerun = watch.rerun(from: before, to: now)
            before = now
            guard rerun != .nothing else { continue }
            global.output.print("")
            // A failing run is shown and the watch goes on: the next save may fix it.
            _ = try? runOnce(only: rerun)
        }
    }
}
