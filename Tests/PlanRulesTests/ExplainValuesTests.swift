@testable import PlanModel
@testable import PlanRules
import Testing

/// `explain` shows each ctx read with the value it gave, written as Lua would write it, so "why" needs no
/// second look at the client's data.
@Suite struct ExplainValuesTests {
    @Test func eachReadShowsTheValueItGave() throws {
        let rules = try Fixture.rules("""
            local R = { items = {} }
            R.items.contacts = {
              complete = function(ctx)
                local p = ctx.client.profile
                local _ = { p.takes_medication, p.preferred_name, p.support_hours, p.weight_kg, p.languages, p.suburb }
                local list = ctx.client.records("care_contact")
                local _ = { list[1].name, list[2].phone, ctx.client.record("CC-99999"), ctx.client.record("MED-00001") }
                local other = ctx.plan.item("communication")
                local _ = { other.values, other.values.language, ctx.plan.item("nope"), ctx.item.records, ctx.today }
                return true
              end,
            }
            return R
            """)
        let run = try #require(rules.explain(try Fixture.bench(rules).input, InstanceRef("contacts")).first)
        #expect(run.error == nil)
        #expect(run.readValues.map(\.description) == [
            "client.profile.takes_medication = true",
            "client.profile.preferred_name = nil (unset)",
            "client.profile.support_hours = 12",
            "client.profile.weight_kg = 70.5",
            "client.profile.languages = {\"English\", \"Greek\"}",
            "client.profile.suburb = \"Carlton\"",
            "client.records(care_contact) = 2 records",
            "client.records(care_contact)[1].name = \"Jo Citizen\"",
            "client.records(care_contact)[2].phone = nil (unset)",
            "client.record(CC-99999) = nil (no such record)",
            "client.record(MED-00001) = record MED-00001 (medication)",
            "plan.item(communication) = item communication (open)",
            "plan.item(communication).values = 1 value set",
            "plan.item(communication).values.language = \"English\"",
            "plan.item(nope) = nil (no such instance)",
            "item.records = no records",
            "today = \"2025-06-30\"",
        ])
        #expect(run.reads == run.readValues.map(\.path))
    }

    @Test func aSchemaReadShowsTheEntryItFoundOrThatItFoundNone() throws {
        let rules = try Fixture.rules("""
            return { items = { notes = { complete = function(ctx)
              local s = ctx.schema
              local phone = s.record_types.care_contact.fields.phone
              return false, { phone.type, tostring(s.profile.fields.nope), tostring(#s.profile.field_list) }
            end } } }
            """)
        let run = try #require(rules.explain(try Fixture.bench(rules).input, InstanceRef("notes")).first)
        #expect(run.result == "not complete: phone; nil; 9")
        #expect(run.readValues.map(\.description) == [
            "schema.record_types.care_contact = record type care_contact",
            "schema.record_types.care_contact.fields.phone = field phone (phone)",
            "schema.record_types.care_contact.fields.phone.type = \"phone\"",
            "schema.profile.fields.nope = nil (not in the schema)",
            "schema.profile.field_list = a list of 9",
        ])
    }

    @Test func aStringIsQuotedAsLuaWouldQuoteIt() {
        #expect(ReadValue.literal(.string("Say \"hi\"\\\nthen go")) == #""Say \"hi\"\\\nthen go""#)
        #expect(ReadValue.literal(.map([:])) == "{}")
        #expect(ReadValue.literal(.number(3)) == "3.0")
    }
}
