import Foundation
import Testing
@testable import PlanModel
@testable import RulesReader

@Suite struct RulesFolderLoadingTests {
    @Test func validFolderLoadsEveryPart() throws {
        let fixture = try RulesFolderFixture.valid()
        let folder = try RulesFolder.load(at: fixture.root)

        #expect(folder.profile.fields.map(\.key) == ["first_name", "preferred_name", "pronouns", "date_of_birth",
                                                     "uses_aac", "weight", "siblings", "languages"])
        #expect(folder.recordTypes.types.map(\.key) == ["care_contact", "medication", "goal_attainment_plan", "behaviour_support_plan"])
        #expect(folder.recordTypes["medication"]?.label == "Medication")
        #expect(folder.recordTypes["medication"]?.display == ["name"])
        #expect(folder.libraries == ["dates": "return { x = 1 }\n"])
        #expect(folder.templateIDs == ["ndis-core"])

        let template = try #require(folder.templates["ndis-core"])
        #expect(template.name == "NDIS Core Supports")
        #expect(template.description == "Broadest coverage")
        #expect(template.status == .active)
        #expect(template.limits == TemplateLimits(instructions: 500_000, memoryMB: 32))
        #expect(template.rulesSource == "return {}\n")
        #expect(template.rulesPath == "Rules/ndis-core/rules.lua")
        #expect(template.version == 0)
        #expect(template.sections.map(\.key) == ["about_me", "daily_life"])
        #expect(template.sections[0].guidance == Guidance(text: "Shown at the section heading.",
                                                          links: [.init(title: "Person-centred planning", url: "https://example.org/pcp")]))
        #expect(template.items.map(\.key) == ["preferred_name", "emergency_contacts", "communication", "transfer_video"])

        let preferred = try #require(template.item("preferred_name"))
        #expect(preferred.kind == .profile)
        #expect(preferred.required)
        #expect(preferred.fields == [folder.profile.field("preferred_name")!, folder.profile.field("pronouns")!])
        #expect(preferred.guidance == Guidance(text: "Ask the client what they like to be called."))

        let contacts = try #require(template.item("emergency_contacts"))
        #expect(contacts.recordType == "care_contact")
        #expect(contacts.actions == [.link, .create])
        #expect(contacts.min == 1 && contacts.max == 5 && !contacts.repeatable && contacts.skippable)

        let communication = try #require(template.item("communication"))
        #expect(communication.fields.first == FieldDefinition(key: "method", label: "Preferred method", type: .choice, required: true,
                                                              options: ["Verbal", "AAC device", "Auslan", "Written"]))
        #expect(communication.field("review_on")?.defaultValue == .text("2026-01-31"))

        let video = try #require(template.item("transfer_video"))
        #expect(video.url == "https://example.org/transfers")
        #expect(video.repeatable)
    }

    @Test func defaultsAreReadAsTheFieldTypeSays() throws {
        let profile = try ProfileSchemaLoader.load(yaml: RulesFolderFixture.profile)
        #expect(profile.field("date_of_birth")?.defaultValue == .text("1990-03-01"))
        #expect(profile.field("uses_aac")?.defaultValue == .boolean(false))
        #expect(profile.field("weight")?.defaultValue == .number(5))
        #expect(profile.field("siblings")?.defaultValue == .integer(2))
        #expect(profile.field("languages")?.defaultValue == .list(["English", "Auslan"]))
    }

    @Test func loadTemplateReadsOneTemplateWithItsRules() throws {
        let fixture = try RulesFolderFixture.valid(["broken/template.yaml": "id: broken\n"])
        let template = try RulesFolder.loadTemplate(id: "ndis-core", at: fixture.root)
        #expect(template.id == "ndis-core")
        #expect(template.rulesSource == "return {}\n")
        #expect(throws: RulesFolderError.self) { try RulesFolder.load(at: fixture.root) }
    }

    @Test func loadTemplateOfAnUnknownIdNamesTheFolder() throws {
        let fixture = try RulesFolderFixture.valid()
        #expect(throws: RulesFolderError(problems: [.init(file: "Rules/nope", message: "no template folder 'nope'")])) {
            try RulesFolder.loadTemplate(id: "nope", at: fixture.root)
        }
    }

    @Test func templateWithoutRulesHasNoSource() throws {
        let fixture = try RulesFolderFixture(["profile.yaml": RulesFolderFixture.profile,
                                              "record-types.yaml": RulesFolderFixture.recordTypes,
                                              "ndis-core/template.yaml": RulesFolderFixture.template])
        let folder = try RulesFolder.load(at: fixture.root)
        #expect(folder.templates["ndis-core"]?.rulesSource == nil)
        #expect(folder.libraries.isEmpty)
    }

    @Test func missingCatalogFilesAreProblemsNamingThePath() throws {
        let fixture = try RulesFolderFixture(["ndis-core/template.yaml": RulesFolderFixture.template])
        #expect(fixture.problems() == [
            "Rules/profile.yaml: missing file: a Rules folder needs profile.yaml (the client profile fields)",
            "Rules/record-types.yaml: missing file: a Rules folder needs record-types.yaml (the record types)",
        ])
    }

    @Test func templateFolderWithoutTemplateYamlIsAProblem() throws {
        let fixture = try RulesFolderFixture.valid(["draft-one/rules.lua": "return {}"])
        #expect(fixture.problems() == ["Rules/draft-one/template.yaml: missing file: a template folder needs template.yaml"])
    }

    @Test func libraryWithAnUnloadableNameIsAProblem() throws {
        let fixture = try RulesFolderFixture.valid(["lib/my-dates.lua": "return {}"])
        #expect(fixture.problems() == ["Rules/lib/my-dates.lua: module name 'my-dates' must match [A-Za-z_][A-Za-z0-9_]* to be loaded with require"])
    }

    @Test func missingFolderIsOneProblem() {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString)/Rules")
        #expect(throws: RulesFolderError(problems: [.init(file: "Rules", message: "the Rules folder does not exist (\(root.path))")])) {
            try RulesFolder.load(at: root)
        }
    }

    @Test func optionalTextMayBeLeftBlank() throws {
        let fixture = try RulesFolderFixture.valid([
            "profile.yaml": "fields:\n  - { key: first_name, label: , type: text, help: \"\" }\n  - { key: preferred_name, type: text }\n  - { key: pronouns, type: text }\n",
        ])
        let folder = try RulesFolder.load(at: fixture.root)
        #expect(folder.profile.field("first_name") == FieldDefinition(key: "first_name", type: .text))
    }

    @Test func problemsOfEveryFileAreReportedTogether() throws {
        let fixture = try RulesFolderFixture.valid([
            "profile.yaml": "fields:\n  - { key: first_name, type: txt }\n",
            "record-types.yaml": "types:\n  - { key: care_contact, prefix: cc, fields: [{ key: name, type: text }] }\n",
            "ndis-core/template.yaml": RulesFolderFixture.template(replacing: "kind: video", with: "kind: vidoe")
                .replacingOccurrences(of: "min: 1", with: "min: 9"),
        ])
        let error = try #require(throws: RulesFolderError.self) { try RulesFolder.load(at: fixture.root) }
        #expect(error.description == """
            Rules/profile.yaml:2:30: fields[0].type: unknown type 'txt' (did you mean 'text'?)
            Rules/record-types.yaml:2:34: types[0].prefix: prefix 'cc' must be 2 to 5 capital letters (A-Z)
            Rules/ndis-core/template.yaml:16:18: sections[0].items[0].fields[0]: field 'preferred_name' is not in profile.yaml
            Rules/ndis-core/template.yaml:16:34: sections[0].items[0].fields[1]: field 'pronouns' is not in profile.yaml
            Rules/ndis-core/template.yaml:24:14: sections[0].items[1].min: min 9 is greater than max 5
            Rules/ndis-core/template.yaml:40:15: sections[1].items[1].kind: unknown kind 'vidoe' (expected profile, records, fields or video)
            """)
    }

    @Test func problemDescriptionReadsFileLineColumnPathMessage() {
        let problem = RulesFolderProblem(file: "Rules/ndis-core/template.yaml", line: 14, column: 9, path: "sections[2].items[0].kind",
                                         message: "unknown kind 'vidoe' (expected profile, records, fields or video)")
        #expect(problem.description == "Rules/ndis-core/template.yaml:14:9: sections[2].items[0].kind: unknown kind 'vidoe' (expected profile, records, fields or video)")
        #expect(RulesFolderProblem(file: "Rules/profile.yaml", message: "is not UTF-8 text").description == "Rules/profile.yaml: is not UTF-8 text")
    }

    @Test func sampleRulesFolderLoadsWithoutProblems() throws {
        // The package's own Rules folder: beside the Package.swift above this file.
        var package = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while package.path != "/" && !FileManager.default.fileExists(atPath: package.appendingPathComponent("Package.swift").path) {
            package.deleteLastPathComponent()
        }
        let root = package.appendingPathComponent("Rules")
        try #require(FileManager.default.fileExists(atPath: root.appendingPathComponent("profile.yaml").path))
        let (folder, problems) = RulesFolder.inspect(at: root)
        #expect(problems.map(\.description) == [])
        #expect(!folder.templates.isEmpty)
    }
}
