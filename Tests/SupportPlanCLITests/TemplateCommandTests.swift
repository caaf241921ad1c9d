import Foundation
import Testing

@Suite struct TemplateCommandTests {
    @Test func listShowsTemplatesOnDiskAndTheirPublishedVersions() throws {
        let ws = try Workspace()
        try ws.assertCommand(["template", "list"], stdoutEquals: """
            community-access  Community Access  active  v1
            home-care  Home Care Package  active  v1
            ndis-core  NDIS Core Supports  active  v1

            """)
        let list = try #require(try ws.assertCommand(["template", "list", "--format", "json"]).json() as? [[String: Any]])
        #expect(list.map { $0["id"] as? String } == ["community-access", "home-care", "ndis-core"])
    }

    @Test func listOnAFreshDatabaseShowsUnpublishedTemplates() throws {
        let ws = try Workspace(demo: false)
        try ws.assertCommand(["template", "list"], stdout: ["ndis-core  NDIS Core Supports  active  unpublished\n"])
    }

    @Test func publishingUnchangedContentSaysUnchanged() throws {
        let ws = try Workspace()
        try ws.assertUnchanged(["template", "publish", "ndis-core", "home-care"], exit: 0, stdout: [
            "ndis-core  v1  unchanged\nhome-care  v1  unchanged\n",
        ])
    }

    @Test func publishingChangedContentStoresANewVersion() throws {
        let ws = try Workspace()
        let rules = try ws.copyRules()
        try TemplateEdits.hideMobility(in: rules)
        try ws.assertUnchanged(["template", "publish", "ndis-core", "--dry-run"], exit: 0,
                               stdout: ["ndis-core  v2  would publish\n"])
        try ws.assertCommand(["template", "publish", "ndis-core"], stdoutEquals: "ndis-core  v2  published\n")
        try ws.assertCommand(["template", "publish", "ndis-core"], stdoutEquals: "ndis-core  v2  unchanged\n")
        try ws.assertCommand(["template", "list"], stdout: ["ndis-core  NDIS Core Supports  active  v2\n"])
    }

    @Test func publishingAnUnknownTemplateIsBadInput() throws {
        let ws = try Workspace()
        try ws.assertUnchanged(["template", "publish", "nope"], exit: 2, stderrEquals:
            "Error: No template 'nope' in \(CommandLineTool.rules.path) (templates: community-access, home-care, ndis-core)\n")
    }

    @Test func publishingRulesThatDoNotCompileIsBadInputAndStoresNothing() throws {
        let ws = try Workspace()
        let rules = try ws.copyRules()
        let file = rules.appendingPathComponent("ndis-core/rules.lua")
        try Data("local R = {\n".utf8).write(to: file)
        let result = try ws.assertUnchanged(["template", "publish", "ndis-core"], exit: 2, stderr: ["rules.lua"])
        #expect(result.stderr.hasPrefix("Error"))
    }

    @Test func showPrintsSectionsAndItemsOfAVersion() throws {
        let ws = try Workspace()
        let latest = try ws.assertCommand(["template", "show", "ndis-core"], stdout: [
            "ndis-core  NDIS Core Supports  v1  active\n",
            "About me  [about_me]\n",
            "  Preferred name and pronouns  [preferred_name] profile\n",
            "  Identity and NDIS number  [identity] profile, not skippable\n",
            "  Using my AAC device (video)  [aac_video] video\n",
        ])
        try ws.assertCommand(["template", "show", "ndis-core", "--version", "1"], stdoutEquals: latest.stdout)
        let json = try ws.assertCommand(["template", "show", "home-care", "--format", "json"]).jsonObject()
        #expect(json["id"] as? String == "home-care")
    }

    @Test(arguments: [
        (["template", "show", "ndis-core", "--version", "7"], "Error: Template 'ndis-core' has no version 7\n"),
        (["template", "show", "nope"], "Error: Template 'nope' has not been published\n"),
    ])
    func showOfAnUnknownTemplateOrVersionIsBadInput(arguments: [String], message: String) throws {
        let ws = try Workspace()
        try ws.assertCommand(arguments, exit: 2, stderrEquals: message)
    }
}

extension TemplateCommandTests {
    @Test func aRulesFolderWithoutItsCatalogsIsNamedOnceAsTheRulesOption() throws {
        let ws = try Workspace()
        ws.rules = ws.folder.appendingPathComponent("NoRules")
        try FileManager.default.createDirectory(at: ws.rules, withIntermediateDirectories: true)
        try ws.assertCommand(["template", "list"], exit: 2,
                             stderrEquals: "Error: Can't read NoRules/profile.yaml: is --rules (\(ws.rules.path)) a Rules folder?\n")
    }
}

/// Changes to a copy of the sample Rules folder.
enum TemplateEdits {
    /// Makes ndis-core's rules hide the `mobility` item (content changes, so publishing stores a new version).
    static func hideMobility(in rules: URL) throws {
        let file = rules.appendingPathComponent("ndis-core/rules.lua")
        var text = try String(contentsOf: file, encoding: .utf8)
        guard let range = text.range(of: "\nreturn R", options: .backwards) else { throw ToolError("no 'return R' in \(file.path)") }
        text.replaceSubrange(range, with: "\nR.items.mobility = { visible = function(ctx) return false end }\n\nreturn R")
        try Data(text.utf8).write(to: file)
    }

    /// Adds a fields item `favourite_things` to ndis-core's first section.
    static func addFavouriteThings(in rules: URL) throws {
        let file = rules.appendingPathComponent("ndis-core/template.yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        let anchor = "      - key: identity\n"
        guard let range = text.range(of: anchor) else { throw ToolError("no identity item in \(file.path)") }
        text.replaceSubrange(range, with: """
                  - key: favourite_things
                    title: Favourite things
                    kind: fields
                    fields:
                      - { key: things, label: Things I love, type: text }

            """ + anchor)
        try Data(text.utf8).write(to: file)
    }
}
