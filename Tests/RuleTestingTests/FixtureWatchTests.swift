import Foundation
import Testing
@testable import RuleTesting

/// `test --watch` decides from two snapshots which fixtures a change calls for (no timing involved:
/// snapshots are built by hand or stamped explicitly).
@Suite struct FixtureWatchTests {
    let watch = FixtureWatch(rulesFolder: URL(fileURLWithPath: "/p/Rules"), fixturePaths: [URL(fileURLWithPath: "/p/Fixtures")])
    let then = Date(timeIntervalSince1970: 1_000)
    let later = Date(timeIntervalSince1970: 2_000)

    func snapshot(_ paths: [String], at date: Date) -> FixtureWatch.Snapshot {
        Dictionary(uniqueKeysWithValues: paths.map { ($0, FixtureWatch.Stamp(modified: date, size: 10)) })
    }

    static let files = ["/p/Rules/profile.yaml", "/p/Rules/lib/util.lua", "/p/Rules/care/rules.lua", "/p/Rules/care/template.yaml",
                        "/p/Rules/legacy/rules.lua", "/p/Fixtures/care/a.yaml", "/p/Fixtures/legacy/b.yaml"]

    @Test func nothingChangedRunsNothing() {
        #expect(watch.rerun(from: snapshot(Self.files, at: then), to: snapshot(Self.files, at: then)) == .nothing)
    }

    @Test func aSavedRulesFileRerunsItsTemplatesFixturesOnly() {
        var after = snapshot(Self.files, at: then)
        after["/p/Rules/care/rules.lua"]?.modified = later
        let rerun = watch.rerun(from: snapshot(Self.files, at: then), to: after)
        #expect(rerun == .templates(["care"], fixtures: []))
        #expect(FixtureWatch.includes(rerun, path: "/p/Fixtures/care/a.yaml", templateID: nil))
        #expect(!FixtureWatch.includes(rerun, path: "/p/Fixtures/legacy/b.yaml", templateID: nil))
    }

    @Test func aSavedFixtureRerunsItsTemplatesFixtures() {
        var after = snapshot(Self.files, at: then)
        after["/p/Fixtures/legacy/b.yaml"]?.size = 11
        #expect(watch.rerun(from: snapshot(Self.files, at: then), to: after) == .templates(["legacy"], fixtures: ["/p/Fixtures/legacy/b.yaml"]))
    }

    @Test(arguments: ["/p/Rules/profile.yaml", "/p/Rules/lib/util.lua", "/p/Rules/record-types.yaml"])
    func aSharedFileRerunsEverything(_ path: String) {
        var after = snapshot(Self.files, at: then)
        after[path] = FixtureWatch.Stamp(modified: later, size: 3)
        #expect(watch.rerun(from: snapshot(Self.files, at: then), to: after) == .everything)
    }

    @Test func aDeletedTemplateFileCounts() {
        var after = snapshot(Self.files, at: then)
        after["/p/Rules/legacy/rules.lua"] = nil
        #expect(watch.rerun(from: snapshot(Self.files, at: then), to: after) == .templates(["legacy"], fixtures: []))
    }

    @Test func aSnapshotSeesAFileWrittenInTheProject() throws {
        let project = try TestProject(["Fixtures/care/a.yaml": TestProject.preamble])
        let watch = FixtureWatch(rulesFolder: project.url("Rules"), fixturePaths: [project.url("Fixtures")])
        let before = watch.snapshot()
        #expect(before.keys.contains(project.url("Rules/care/rules.lua").standardizedFileURL.path))
        // A size change is seen whatever the clock's resolution.
        try project.write("Rules/care/rules.lua", TestProject.careRules + "\n-- edited\n")
        #expect(watch.rerun(from: before, to: watch.snapshot()) == .templates(["care"], fixtures: []))
    }
}
