@testable import PlanModel
@testable import PlanRules
import Testing

/// `ctx.schema`: the profile fields and record types of the catalogs the engine was built with, read-only,
/// in every hook, the same through tables and through explain's lazy objects.
@Suite struct SchemaTests {
    @Test func profileFieldsByKeyAndInOrderWithTheirDefinitions() throws {
        #expect(try Fixture.probe([
            "ctx.schema.profile.fields.takes_medication.label", "ctx.schema.profile.fields.takes_medication.type",
            "ctx.schema.profile.fields.takes_medication.required", "table.concat(ctx.schema.profile.fields.languages.options, ',')",
            "#ctx.schema.profile.fields.first_name.options", "ctx.schema.profile.fields.first_name.default",
            "#ctx.schema.profile.field_list", "ctx.schema.profile.field_list[1].key", "ctx.schema.profile.field_list[9].key",
            "rawequal(ctx.schema.profile.field_list[4], ctx.schema.profile.fields.takes_medication)",
            "ctx.schema.profile.fields.takes_medicaton",
        ]) == ["Takes medication", "boolean", "false", "English,Greek,Auslan", "0", "nil", "9", "first_name", "weight_kg", "true", "nil"])
    }

    @Test func recordTypesWithTheirFieldsIncludingTheBuiltInOnes() throws {
        #expect(try Fixture.probe([
            "ctx.schema.record_types.care_contact.label", "ctx.schema.record_types.care_contact.prefix",
            "table.concat(ctx.schema.record_types.care_contact.display, ',')",
            "ctx.schema.record_types.care_contact.fields.name.required", "ctx.schema.record_types.care_contact.fields.relationship.default",
            "ctx.schema.record_types.care_contact.field_list[3].key", "ctx.schema.record_types.care_contact.fields.emergency",
            "#ctx.schema.record_type_list", "ctx.schema.record_type_list[4].key", "ctx.schema.record_types.goal_attainment_plan.prefix",
            "ctx.schema.record_types.nope",
        ]) == ["Care contact", "CC", "name,relationship", "true", "Other", "phone", "nil",
               "4", "behaviour_support_plan", "GAP", "nil"])
    }

    @Test func aFieldWithoutALabelShowsItsKeyAndOneWithHelpItsHelp() throws {
        let profile = ProfileSchema(fields: [FieldDefinition(key: "pronouns", type: .text, help: "Ask, don't guess")])
        let rules = try LuaRules(template: Fixture.template(Fixture.probeSource([
            "ctx.schema.profile.fields.pronouns.label", "ctx.schema.profile.fields.pronouns.help",
        ])), profile: profile, recordTypes: Fixture.recordTypes)
        let verdict = rules.evaluate(try Fixture.bench(rules).input)
        #expect(verdict.incomplete[InstanceRef("notes")] == ["pronouns", "Ask, don't guess"])
    }

    static let emergencyContacts = """
        local R = { items = {} }
        R.items.contacts = {
          -- Only emergency contacts, if the record type has such a field.
          candidates = function(ctx, record)
            if ctx.schema.record_types.care_contact.fields.emergency then return record.emergency == true end
            return true
          end,
        }
        return R
        """

    @Test func aRuleLimitsCandidatesByAFieldOnlyWhenTheRecordTypeHasIt() throws {
        var withField = Fixture.recordTypes
        withField = RecordTypeCatalog(types: withField.types.map { type in
            var type = type
            if type.key == "care_contact" { type.fields.append(FieldDefinition(key: "emergency", label: "Emergency contact", type: .boolean)) }
            return type
        })
        var records = Fixture.records()
        records[1].fields["emergency"] = .boolean(true)
        let contacts = records.filter { $0.type == "care_contact" }
        for (recordTypes, allowed) in [(Fixture.recordTypes, ["CC-00001", "CC-00002"]), (withField, ["CC-00002"])] {
            let rules = try LuaRules(template: Fixture.template(Self.emergencyContacts), profile: Fixture.profile, recordTypes: recordTypes)
            let bench = try Fixture.bench(rules)
            let input = RulesInput(template: rules.template, plan: bench.plan, client: bench.client, records: records,
                                   recordTypes: recordTypes, today: Fixture.today)
            let outcome = rules.candidates(input, for: InstanceRef("contacts"), among: contacts)
            #expect(outcome.errors == [])
            #expect(outcome.allowed == allowed)
        }
    }

    /// The schema's tables are built once per engine and handed to every later plan: no hook may change
    /// what a later hook of the same plan, or the next plan, reads.
    @Test(arguments: [
        "rawset(ctx.schema, 'profile', {})",
        "ctx.schema.profile = {}",
        "ctx.schema.profile.fields.first_name.label = 'Mallory'",
        "rawset(ctx.schema.profile.fields, 'first_name', {})",
        "local _, d = pairs(ctx.schema.profile.fields); d.first_name = nil",
        "local f, s = pairs(ctx.schema.record_types); rawset(s, 'care_contact', nil)",
        "local _, d = pairs(ctx.schema.record_types.care_contact.fields); rawset(d, 'emergency', {})",
        "setmetatable(ctx.schema.record_types, nil)",
        "getmetatable(ctx.schema).__index.profile = nil",
        "getmetatable(ctx.schema.profile.fields.first_name).__index.label = 'Mallory'",
        "table.insert(ctx.schema.profile.field_list, {})",
        "table.remove(ctx.schema.record_type_list, 1)",
        "table.sort(ctx.schema.record_type_list, function(a, b) return a.key > b.key end)",
        "rawset(ctx.schema.profile.fields.languages.options, 1, 'Mallory')",
        "local k = next(ctx.schema.record_types); rawset(ctx.schema.record_types, k or 'emergency', true)",
    ])
    func noHookChangesTheSchemaForALaterHookOrPlan(attack: String) throws {
        let source = Fixture.attackSource(attack, reads: """
            { ctx.schema.profile.fields.first_name.label, #ctx.schema.profile.field_list, ctx.schema.record_type_list[1].key,
              #ctx.schema.record_type_list, tostring(ctx.schema.record_types.care_contact.fields.emergency),
              table.concat(ctx.schema.profile.fields.languages.options, ","), tostring(rawget(ctx.schema, "profile")) }
            """)
        let rules = try Fixture.rules(source)
        let a = try Fixture.bench(rules, id: "P-A", client: Fixture.client).input
        let b = try Fixture.bench(rules, id: "P-B", client: Fixture.otherClient).input
        for input in [a, b, a] {
            let verdict = rules.evaluate(input)
            #expect(verdict.errors.map(\.message) == [])
            #expect(verdict.incomplete[InstanceRef("notes")] == ["First name 9 care_contact 4 nil English,Greek,Auslan nil"])
        }
    }

    @Test func explainReadsTheSameSchemaAndShowsWhatWasRead() throws {
        let rules = try Fixture.rules("""
            local R = { items = {} }
            R.items.notes = {
              complete = function(ctx)
                local contact = ctx.schema.record_types.care_contact
                local f = ctx.schema.profile.fields.takes_medication
                return false, { f.label, tostring(contact.fields.emergency), tostring(#ctx.schema.record_type_list), contact.field_list[1].key }
              end,
            }
            return R
            """)
        let input = try Fixture.bench(rules).input
        #expect(rules.evaluate(input).incomplete[InstanceRef("notes")] == ["Takes medication", "nil", "4", "name"])
        let run = try #require(rules.explain(input, InstanceRef("notes")).first)
        #expect(run.result == "not complete: Takes medication; nil; 4; name")
        #expect(run.reads == ["schema.record_types.care_contact", "schema.profile.fields.takes_medication",
                              "schema.profile.fields.takes_medication.label", "schema.record_types.care_contact.fields.emergency",
                              "schema.record_type_list", "schema.record_types.care_contact.field_list"])
    }
}
