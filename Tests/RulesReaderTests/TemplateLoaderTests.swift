import Foundation
import Testing
@testable import PlanModel
@testable import RulesReader

/// One edit to the valid template and every problem it must produce.
struct TemplateCase: CustomTestStringConvertible, Sendable {
    let name: String
    let old: String
    let new: String
    let problems: [String]
    var testDescription: String { name }

    init(_ name: String, _ old: String, _ new: String, _ problems: [String]) {
        self.name = name; self.old = old; self.new = new; self.problems = problems
    }
}

@Suite struct TemplateLoaderTests {
    static let file = "Rules/ndis-core/template.yaml"

    static let cases: [TemplateCase] = [
        .init("unknown key with a suggestion", "        required: true\n", "        requird: true\n",
              ["\(file):17:9: sections[0].items[0].requird: unknown key 'requird' (did you mean 'required'?)"]),
        .init("unknown key without a suggestion", "status: active\n", "status: active\ncolour: blue\n",
              ["\(file):5:1: colour: unknown key 'colour' (expected id, name, description, status, limits or sections)"]),
        .init("missing required key", "        title: Emergency contacts\n", "",
              ["\(file):19:9: sections[0].items[1]: missing required key 'title'"]),
        .init("wrong YAML type", "        min: 1\n", "        min: [1]\n",
              ["\(file):24:14: sections[0].items[1].min: expected a whole number, got a list"]),
        .init("sections not a list", "sections:\n", "sections: none\nx:\n",
              ["\(file):6:11: sections: expected a list, got 'none'",
               "\(file):7:1: x: unknown key 'x' (did you mean 'id'?)"]),
        .init("duplicate section key", "key: daily_life", "key: about_me",
              ["\(file):28:10: sections[1].key: duplicate section key 'about_me' (first at line 7)"]),
        .init("duplicate item key across sections", "key: transfer_video", "key: preferred_name",
              ["\(file):38:14: sections[1].items[1].key: duplicate item key 'preferred_name' (first at sections[0].items[0], line 13)"]),
        .init("duplicate field key in an item", "{ key: notes, type: long_text }", "{ key: method, type: long_text }",
              ["\(file):36:20: sections[1].items[0].fields[1].key: duplicate field key 'method' (first at line 35)"]),
        .init("duplicate profile field in an item", "fields: [preferred_name, pronouns]", "fields: [preferred_name, preferred_name]",
              ["\(file):16:34: sections[0].items[0].fields[1]: duplicate field key 'preferred_name'"]),
        .init("template id pattern", "id: ndis-core", "id: NDIS_core",
              ["\(file):1:5: id: template id 'NDIS_core' must match [a-z][a-z0-9-]*"]),
        .init("template id not the folder name", "id: ndis-core", "id: ndis-plus",
              ["\(file):1:5: id: id 'ndis-plus' must equal its folder's name 'ndis-core'"]),
        .init("section key pattern", "key: about_me", "key: About-me",
              ["\(file):7:10: sections[0].key: section key 'About-me' must match [a-z][a-z0-9_]*"]),
        .init("item key pattern", "key: communication", "key: 2communication",
              ["\(file):31:14: sections[1].items[0].key: item key '2communication' must match [a-z][a-z0-9_]*"]),
        .init("bad kind", "kind: video", "kind: vidoe",
              ["\(file):40:15: sections[1].items[1].kind: unknown kind 'vidoe' (expected profile, records, fields or video)"]),
        .init("bad field type", "{ key: notes, type: long_text }", "{ key: notes, type: longtext }",
              ["\(file):36:33: sections[1].items[0].fields[1].type: unknown type 'longtext' (did you mean 'long_text'?)"]),
        .init("bad field type far from any", "{ key: notes, type: long_text }", "{ key: notes, type: essay }",
              ["\(file):36:33: sections[1].items[0].fields[1].type: unknown type 'essay' (expected text, long_text, number, integer, boolean, date, choice, multi_choice, phone, email or url)"]),
        .init("choice without options", "type: choice, options: [Verbal, AAC device, Auslan, Written], ", "type: choice, ",
              ["\(file):35:13: sections[1].items[0].fields[0]: a choice field needs options"]),
        .init("options on a text field", "{ key: notes, type: long_text }", "{ key: notes, type: long_text, options: [a] }",
              ["\(file):36:44: sections[1].items[0].fields[1].options: options are only allowed on choice and multi_choice fields"]),
        .init("default not among the options", "options: [Verbal, AAC device, Auslan, Written], ", "options: [Verbal, Written], default: Auslan, ",
              ["\(file):35:104: sections[1].items[0].fields[0].default: invalid default: Choose one of: Verbal, Written"]),
        .init("default not a date", "default: 2026-01-31", "default: 2026-02-31",
              ["\(file):37:52: sections[1].items[0].fields[2].default: invalid default: Enter a valid date (YYYY-MM-DD)"]),
        .init("default of the wrong shape", "default: 2026-01-31", "default: [2026-01-31]",
              ["\(file):37:52: sections[1].items[0].fields[2].default: invalid default: expected a date (YYYY-MM-DD), got a list"]),
        .init("records item without record_type", "        record_type: care_contact\n", "",
              ["\(file):19:9: sections[0].items[1]: missing required key 'record_type'"]),
        .init("records item with an unknown record type", "record_type: care_contact", "record_type: care_contacts",
              ["\(file):22:22: sections[0].items[1].record_type: unknown record type 'care_contacts' (did you mean 'care_contact'?)"]),
        .init("fields on a records item", "        record_type: care_contact\n", "        record_type: care_contact\n        fields: [first_name]\n",
              ["\(file):23:9: sections[0].items[1].fields: 'fields' is not allowed on a records item (only on profile or fields items)"]),
        .init("fields on a video item", "        url: \"https://example.org/transfers\"\n", "        fields: [first_name]\n",
              ["\(file):41:9: sections[1].items[1].fields: 'fields' is not allowed on a video item (only on profile or fields items)"]),
        .init("url on a fields item", "        kind: fields\n", "        kind: fields\n        url: \"https://example.org\"\n",
              ["\(file):34:9: sections[1].items[0].url: 'url' is not allowed on a fields item (only on video items)"]),
        .init("profile item naming an unknown field", "fields: [preferred_name, pronouns]", "fields: [preferred_name, pronoun]",
              ["\(file):16:34: sections[0].items[0].fields[1]: field 'pronoun' is not in profile.yaml (did you mean 'pronouns'?)"]),
        .init("profile item without fields", "        fields: [preferred_name, pronouns]\n", "",
              ["\(file):13:9: sections[0].items[0]: missing required key 'fields' (the profile fields this item shows)"]),
        .init("min greater than max", "min: 1", "min: 6",
              ["\(file):24:14: sections[0].items[1].min: min 6 is greater than max 5"]),
        .init("negative min", "min: 1", "min: -1",
              ["\(file):24:14: sections[0].items[1].min: min must be 0 or more, got -1"]),
        .init("zero max", "max: 5", "max: 0",
              ["\(file):25:14: sections[0].items[1].max: max must be 1 or more, got 0"]),
        .init("unknown action", "actions: [link, create]", "actions: [link, delete]",
              ["\(file):23:25: sections[0].items[1].actions[1]: unknown action 'delete' (expected link or create)"]),
        .init("empty actions", "actions: [link, create]", "actions: []",
              ["\(file):23:18: sections[0].items[1].actions: needs at least one action (link, create)"]),
        .init("unknown status", "status: active", "status: published",
              ["\(file):4:9: status: unknown status 'published' (expected draft, active or inactive)"]),
        .init("limits not positive", "limits: { instructions: 500000, memory_mb: 32 }", "limits: { instructions: 0, memory_mb: big }",
              ["\(file):5:25: limits.instructions: must be a whole number from 1 to 1000000000, got 0",
               "\(file):5:39: limits.memory_mb: expected a whole number, got 'big'"]),
        .init("limits too large", "limits: { instructions: 500000, memory_mb: 32 }",
              "limits: { instructions: 9223372036854775807, memory_mb: 17592186044416 }",
              ["\(file):5:25: limits.instructions: must be a whole number from 1 to 1000000000, got 9223372036854775807",
               "\(file):5:57: limits.memory_mb: must be a whole number from 1 to 1024, got 17592186044416"]),
        .init("memory past a gigabyte", "memory_mb: 32", "memory_mb: 1025",
              ["\(file):5:44: limits.memory_mb: must be a whole number from 1 to 1024, got 1025"]),
        .init("unknown limit", "memory_mb: 32", "memory: 32",
              ["\(file):5:33: limits.memory: unknown key 'memory' (expected instructions or memory_mb)"]),
        .init("video url not http", "url: \"https://example.org/transfers\"", "url: \"ftp://example.org/transfers\"",
              ["\(file):41:14: sections[1].items[1].url: url 'ftp://example.org/transfers' must be an http or https URL"]),
        .init("guidance of the wrong type", "guidance: Ask the client what they like to be called.", "guidance: [Ask]",
              ["\(file):18:19: sections[0].items[0].guidance: expected text or a mapping with 'text' and 'links', got a list"]),
        .init("guidance link without url", "links: [{ title: Person-centred planning, url: \"https://example.org/pcp\" }]",
              "links: [{ title: Person-centred planning, link: \"https://example.org/pcp\" }]",
              ["\(file):11:49: sections[0].guidance.links[0].link: unknown key 'link' (expected title or url)",
               "\(file):11:15: sections[0].guidance.links[0]: missing required key 'url'"]),
        .init("guidance link url not http", "url: \"https://example.org/pcp\"", "url: \"example.org/pcp\"",
              ["\(file):11:54: sections[0].guidance.links[0].url: url 'example.org/pcp' must be an http or https URL"]),
        .init("empty title", "title: About me", "title: \"\"",
              ["\(file):8:12: sections[0].title: must not be empty"]),
        .init("boolean that is not", "repeatable: true", "repeatable: sometimes",
              ["\(file):42:21: sections[1].items[1].repeatable: expected true or false, got 'sometimes'"]),
    ]

    @Test(arguments: cases)
    func templateProblemIsReportedWithFileLineAndPath(_ c: TemplateCase) throws {
        let problems = try RulesFolderFixture.templateProblems(RulesFolderFixture.template(replacing: c.old, with: c.new))
        #expect(problems == c.problems)
    }

    @Test func severalProblemsInOneTemplateAreReportedTogether() throws {
        let yaml = RulesFolderFixture.template(replacing: "kind: video", with: "kind: vidoe")
            .replacingOccurrences(of: "min: 1", with: "min: 7")
            .replacingOccurrences(of: "        required: true\n", with: "        requird: true\n")
            .replacingOccurrences(of: "id: ndis-core", with: "id: other")
        let error = try #require(throws: RulesFolderError.self) {
            try TemplateLoader.load(yaml: yaml, path: Self.file, folderName: "ndis-core",
                                    profile: ProfileSchemaLoader.load(yaml: RulesFolderFixture.profile),
                                    recordTypes: RecordTypeCatalogLoader.load(yaml: RulesFolderFixture.recordTypes))
        }
        #expect(error.problems.map(\.path) == ["id", "sections[0].items[0].requird", "sections[0].items[1].min", "sections[1].items[1].kind"])
        #expect(error.problems.map(\.line) == [1, 17, 24, 40])
    }

    @Test func guidanceMayBeTextOrTextWithLinks() throws {
        let folder = try RulesFolder.load(at: RulesFolderFixture.valid().root)
        let template = try #require(folder.templates["ndis-core"])
        #expect(template.item("preferred_name")?.guidance?.links == [])
        #expect(template.sections[0].guidance?.links.count == 1)
    }

    @Test func recordsItemActionsDefaultToLinkAndCreate() throws {
        let yaml = RulesFolderFixture.template(replacing: "        actions: [link, create]\n", with: "")
        let template = try TemplateLoader.load(yaml: yaml, path: Self.file, folderName: "ndis-core",
                                               profile: ProfileSchemaLoader.load(yaml: RulesFolderFixture.profile),
                                               recordTypes: RecordTypeCatalogLoader.load(yaml: RulesFolderFixture.recordTypes))
        #expect(template.item("emergency_contacts")?.actions == [.link, .create])
    }

    @Test func builtInRecordTypesCanBeLinkedWithoutBeingDeclared() throws {
        let yaml = RulesFolderFixture.template(replacing: "record_type: care_contact", with: "record_type: behaviour_support_plan")
        #expect(try RulesFolderFixture.templateProblems(yaml) == [])
    }
}
