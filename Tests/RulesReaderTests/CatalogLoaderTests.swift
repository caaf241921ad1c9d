import Foundation
import Testing
@testable import PlanModel
@testable import RulesReader

@Suite struct CatalogLoaderTests {
    func profileProblems(_ yaml: String) -> [String] {
        var problems: [RulesFolderProblem] = []
        _ = ProfileSchemaLoader.read(yaml: yaml, path: "Rules/profile.yaml", problems: &problems)
        return problems.map(\.description)
    }

    func recordTypeProblems(_ yaml: String) -> [String] {
        var problems: [RulesFolderProblem] = []
        _ = RecordTypeCatalogLoader.read(yaml: yaml, path: "Rules/record-types.yaml", problems: &problems)
        return problems.map(\.description)
    }

    @Test func profileFieldProblemsAreAllReported() {
        let yaml = """
            fields:
              - { key: first_name, label: First name, type: text, requird: true }
              - { key: first_name, type: text }
              - { key: FirstName, type: text }
              - { key: pronouns, type: choice }
              - { key: suburb, type: text, options: [Carlton] }
              - { key: age, type: integer, default: 4.5 }
              - { key: uses_aac, type: boolean, default: maybe }
              - { label: No key, type: text }

            """
        #expect(profileProblems(yaml) == [
            "Rules/profile.yaml:2:55: fields[0].requird: unknown key 'requird' (did you mean 'required'?)",
            "Rules/profile.yaml:3:12: fields[1].key: duplicate field key 'first_name' (first at line 2)",
            "Rules/profile.yaml:4:12: fields[2].key: field key 'FirstName' must match [a-z][a-z0-9_]*",
            "Rules/profile.yaml:5:5: fields[3]: a choice field needs options",
            "Rules/profile.yaml:6:32: fields[4].options: options are only allowed on choice and multi_choice fields",
            "Rules/profile.yaml:7:41: fields[5].default: invalid default: expected a whole number, got '4.5'",
            "Rules/profile.yaml:8:46: fields[6].default: invalid default: expected true or false, got 'maybe'",
            "Rules/profile.yaml:9:5: fields[7]: missing required key 'key'",
        ])
    }

    @Test func commaInsideAFlowMappingIsExplained() {
        #expect(profileProblems("fields:\n  - { key: phone, type: phone, help: Landline or mobile, e.g. 03 9123 4567. }\n") == [
            "Rules/profile.yaml:2:58: fields[0].e.g. 03 9123 4567.: unknown key 'e.g. 03 9123 4567.' (a comma inside { } ends the text before it: put the text in quotes)",
        ])
    }

    @Test func profileDatesStayTextAndNumbersFollowTheFieldType() throws {
        let profile = try ProfileSchemaLoader.load(yaml: """
            fields:
              - { key: date_of_birth, type: date, default: 1990-03-01 }
              - { key: started, type: text, default: 2001-12-14t21:59:43.10-05:00 }
              - { key: postcode, type: text, default: 3053 }
              - { key: rate, type: number, default: 5 }
              - { key: visits, type: integer, default: 5 }
              - { key: answer, type: choice, options: [yes, no], default: no }
              - { key: consent, type: boolean, default: true }
              - { key: langs, type: multi_choice, options: [English, Auslan], default: English }

            """)
        #expect(profile.field("date_of_birth")?.defaultValue == .text("1990-03-01"))
        #expect(profile.field("started")?.defaultValue == .text("2001-12-14t21:59:43.10-05:00"))
        #expect(profile.field("postcode")?.defaultValue == .text("3053"))
        #expect(profile.field("rate")?.defaultValue == .number(5))
        #expect(profile.field("visits")?.defaultValue == .integer(5))
        #expect(profile.field("answer")?.options == ["yes", "no"])
        #expect(profile.field("answer")?.defaultValue == .text("no"))
        #expect(profile.field("consent")?.defaultValue == .boolean(true))
        #expect(profile.field("langs")?.defaultValue == .list(["English"]))
    }

    @Test func recordTypeProblemsAreAllReported() {
        let yaml = """
            types:
              - key: care_contact
                prefix: CC
                display: [name, phon]
                fields:
                  - { key: name, type: text }
                  - { key: phone, type: phone }
              - key: care_contact
                prefix: CX
                fields: [{ key: name, type: text }]
              - key: carer
                prefix: CC
                fields: [{ key: name, type: text }]
              - key: medication
                prefix: med
                fields: []
              - key: plan
                prefix: GAP
                fields: [{ key: title, type: text }]
              - key: note
                prefix: NOTE

            """
        #expect(recordTypeProblems(yaml) == [
            "Rules/record-types.yaml:4:21: types[0].display[1]: display field 'phon' is not a field of care_contact (did you mean 'phone'?)",
            "Rules/record-types.yaml:8:10: types[1].key: duplicate record type 'care_contact' (first at line 2)",
            "Rules/record-types.yaml:12:13: types[2].prefix: prefix 'CC' is already used by record type 'care_contact'",
            "Rules/record-types.yaml:15:13: types[3].prefix: prefix 'med' must be 2 to 5 capital letters (A-Z)",
            "Rules/record-types.yaml:16:13: types[3].fields: a record type needs at least one field",
            "Rules/record-types.yaml:18:13: types[4].prefix: prefix 'GAP' is reserved for the built-in record type 'goal_attainment_plan'",
            "Rules/record-types.yaml:20:5: types[5]: missing required key 'fields'",
        ])
    }

    @Test func builtInRecordTypesAreAddedUnlessRedefined() throws {
        let catalog = try RecordTypeCatalogLoader.load(yaml: """
            types:
              - key: goal_attainment_plan
                label: Goal plan
                prefix: GOAL
                fields: [{ key: title, type: text }, { key: review_on, type: date }]

            """)
        #expect(catalog.types.map(\.key) == ["goal_attainment_plan", "behaviour_support_plan"])
        #expect(catalog["goal_attainment_plan"]?.prefix == "GOAL")
        #expect(catalog["goal_attainment_plan"]?.display == ["title"])
        #expect(catalog["behaviour_support_plan"]?.prefix == "BSP")
    }

    @Test(arguments: [
        ("", "Rules/profile.yaml: the file is empty"),
        ("# only a comment\n", "Rules/profile.yaml: the file is empty"),
        ("- a\n- b\n", "Rules/profile.yaml:1:1: expected a mapping with 'fields', got a list"),
        ("just text", "Rules/profile.yaml:1:1: expected a mapping with 'fields', got 'just text'"),
        ("fields:\n\t- { key: a, type: text }\n", "Rules/profile.yaml:2:1: invalid YAML: found character that cannot start any token (while scanning for the next token at line 2)"),
        ("fields: [\n", "Rules/profile.yaml:2:1: invalid YAML: did not find expected node content (while parsing a flow node at line 2)"),
        ("fields:\n  - { key: a, type: text, type: date }\n", "Rules/profile.yaml:2:15: duplicate key 'type' in one mapping"),
        ("fields: []\n---\nfields: []\n", "Rules/profile.yaml:2:1: invalid YAML: but found another document (expected a single document in the stream at line 1)"),
        ("fields: *nothing\n", "Rules/profile.yaml:1:9: invalid YAML: found undefined alias"),
        ("\u{0}\u{1}\u{7f}binary", "Rules/profile.yaml:1:1: invalid YAML: control characters are not allowed"),
        ("fields:\n  - [1, 2]\n  - ~\n", "Rules/profile.yaml:2:5: fields[0]: expected a mapping, got a list"),
        ("? [a]\n: b\n", "Rules/profile.yaml:1:3: keys must be text, got a list"),
    ])
    func malformedFileGivesAProblemNeverACrash(yaml: String, expected: String) {
        #expect(profileProblems(yaml).first == expected)
    }

    @Test func nonUTF8FileIsAProblem() throws {
        let fixture = try RulesFolderFixture.valid()
        try Data([0xff, 0xfe, 0x00, 0xc3]).write(to: fixture.root.appendingPathComponent("record-types.yaml"))
        #expect(fixture.problems() == ["Rules/record-types.yaml: is not UTF-8 text"])
    }
}
