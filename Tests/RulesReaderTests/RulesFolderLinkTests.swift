import Foundation
import Testing
@testable import PlanModel
@testable import RulesReader

/// A Rules folder reads only what is inside it: links that leave it are reported, never followed.
@Suite struct RulesFolderLinkTests {
    /// A file outside the Rules folder whose text must never be read.
    static func secret(beside fixture: RulesFolderFixture) throws -> URL {
        let url = fixture.root.deletingLastPathComponent().appendingPathComponent("shadow")
        try Data("root:secret-account:0\n".utf8).write(to: url)
        return url
    }

    @Test(arguments: ["lib/stolen.lua", "ndis-core/rules.lua", "ndis-core/template.yaml", "profile.yaml", "record-types.yaml"])
    func aFileLinkedOutOfTheFolderIsReportedAndNotRead(file: String) throws {
        let fixture = try RulesFolderFixture.valid()
        let secret = try Self.secret(beside: fixture)
        let link = fixture.root.appendingPathComponent(file)
        try? FileManager.default.removeItem(at: link)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: secret)
        let real = try #require(RulesFolder.realPath(secret.path))
        let (folder, problems) = RulesFolder.inspect(at: fixture.root)
        #expect(problems.map(\.description).contains(
            "Rules/\(file): is a link to \(real), outside the Rules folder; only files inside the folder are read"))
        let read = Array(folder.libraries.values) + [folder.templates["ndis-core"]?.rulesSource ?? ""]
        #expect(read.filter { $0.contains("secret-account") } == [])
    }

    @Test func aTemplateFolderLinkedOutOfTheFolderIsReportedAndNotLoaded() throws {
        let fixture = try RulesFolderFixture.valid()
        let outside = fixture.root.deletingLastPathComponent().appendingPathComponent("elsewhere")
        try FileManager.default.copyItem(at: fixture.root.appendingPathComponent("ndis-core"), to: outside)
        try FileManager.default.createSymbolicLink(at: fixture.root.appendingPathComponent("copied"), withDestinationURL: outside)
        let (folder, problems) = RulesFolder.inspect(at: fixture.root)
        #expect(problems.map(\.description) == ["Rules/copied: is a link out of the Rules folder; only files inside the folder are read"])
        #expect(folder.templates["copied"] == nil)
    }

    @Test func aLinkThatStaysInsideTheFolderIsRead() throws {
        let fixture = try RulesFolderFixture.valid()
        try FileManager.default.createSymbolicLink(atPath: fixture.root.appendingPathComponent("lib/alias.lua").path,
                                                   withDestinationPath: "dates.lua")
        let (folder, problems) = RulesFolder.inspect(at: fixture.root)
        #expect(problems.isEmpty)
        #expect(folder.libraries["alias"] == "return { x = 1 }\n")
    }

    @Test func aRulesFileLargerThanTheLimitIsReportedAndNotRead() throws {
        let big = "-- " + String(repeating: "x", count: DataLimits.rulesFileBytes) + "\nreturn {}\n"
        let fixture = try RulesFolderFixture.valid(["lib/huge.lua": big])
        #expect(fixture.problems() == ["Rules/lib/huge.lua: is \(big.utf8.count) bytes, more than the 1048576 a Rules file may have"])
    }

    @Test func aTemplateWithMoreItemsThanTheLimitIsReportedAtItsSections() throws {
        let items = (1...(DataLimits.itemsPerTemplate + 1)).map { "      - { key: item_\($0), title: Item \($0), kind: fields, fields: [{ key: note, type: text }] }" }
        let yaml = """
            id: ndis-core
            name: Many
            sections:
              - key: all
                title: All
                items:
            \(items.joined(separator: "\n"))

            """
        let fixture = try RulesFolderFixture.valid(["ndis-core/template.yaml": yaml])
        #expect(fixture.problems() == ["Rules/ndis-core/template.yaml:4:3: sections: the template has 501 items; a template may have at most 500"])
    }

    @Test func aTemplateAliasBombStopsAtTheValueLimit() throws {
        var yaml = "id: ndis-core\nname: Bomb\nsections: []\ndescription: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 { yaml += "x\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let fixture = try RulesFolderFixture.valid(["ndis-core/template.yaml": yaml])
        #expect(fixture.problems()
                == ["Rules/ndis-core/template.yaml:1:1: the document has more than 200000 values (counting each use of an alias); split it up"])
    }
}
