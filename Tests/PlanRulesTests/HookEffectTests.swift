@testable import PlanModel
@testable import PlanRules
import Testing

/// Each hook of docs/writing-rules.md changes what it should, and its absence leaves the documented default.
@Suite struct ItemVisibilityTests {
    @Test func aVisibleHookReturningFalseHidesItsItemOnly() throws {
        let bench = try Fixture.bench("""
            return { items = { notes = { visible = function(ctx) return false end } } }
            """)
        let evaluation = bench.evaluate()
        #expect(evaluation.item(InstanceRef("notes"))?.visible == false)
        #expect(evaluation.section("extras")?.visible == true)
        #expect(evaluation.items.filter { !$0.visible }.map(\.key) == ["notes"])
        #expect(evaluation.progress.total == 5, "a hidden item does not count toward progress")
        #expect(evaluation.errors.isEmpty)
    }

    @Test func aVisibleHookDecidesEachInstanceOnItsOwn() throws {
        var bench = try Fixture.bench("""
            return { items = { communication = { visible = function(ctx) return ctx.item.instance == 1 end } } }
            """)
        try bench.addInstance("communication", cloneOf: nil)
        let evaluation = bench.evaluate()
        #expect(evaluation.item(InstanceRef("communication", 1))?.visible == true)
        #expect(evaluation.item(InstanceRef("communication", 2))?.visible == false)
    }

    @Test func withoutAVisibleHookEveryItemIsVisible() throws {
        let bench = try Fixture.bench("return { items = { notes = { complete = function() return true end } } }")
        let evaluation = bench.evaluate()
        #expect(evaluation.items.allSatisfy { $0.visible })
        #expect(evaluation.sections.allSatisfy { $0.visible })
        #expect(evaluation.progress.total == 6)
    }

    @Test func rulesWithoutHooksChangeNothing() throws {
        let bench = try Fixture.bench("return {}")
        #expect(bench.rules.evaluate(bench.input) == RulesVerdict())
    }
}

@Suite struct SectionVisibilityTests {
    @Test func aHiddenSectionHidesAllItsItems() throws {
        let bench = try Fixture.bench("""
            local R = { sections = {}, items = {} }
            R.sections.care = { visible = function(ctx) return ctx.client.profile.suburb == "Nowhere" end }
            R.items.contacts = { visible = function(ctx) return true end }
            return R
            """)
        let evaluation = bench.evaluate()
        let care = try #require(evaluation.section("care"))
        #expect(care.visible == false)
        #expect(care.items.map(\.key) == ["contacts", "medications", "transfer_video"])
        #expect(care.items.allSatisfy { !$0.visible }, "an item's own visible hook can't show it in a hidden section")
        #expect(evaluation.section("about")?.items.allSatisfy { $0.visible } == true)
        #expect(evaluation.progress.total == 3)
    }

    @Test func aSectionVisibleHookReturningTrueShowsItsItems() throws {
        let bench = try Fixture.bench("return { sections = { care = { visible = function(ctx) return ctx.section.key == 'care' end } } }")
        #expect(bench.evaluate().section("care")?.items.allSatisfy { $0.visible } == true)
    }
}

@Suite struct ItemDefaultTests {
    @Test func aProfileDefaultFillsTheInstanceAndShowsWhereTheProfileIsBlank() throws {
        let bench = try Fixture.bench("""
            local R = { items = {} }
            R.items.preferred_name = {
              default = function(ctx)
                local p = ctx.client.profile
                return { preferred_name = p.preferred_name or p.first_name, pronouns = "she/her" }
              end,
            }
            return R
            """)
        let instance = try #require(bench.plan.instance(InstanceRef("preferred_name")))
        #expect(instance.values == ["preferred_name": .text("Alex"), "pronouns": .text("she/her")])
        // The profile's own value wins over the default where it is set.
        #expect(bench.item("preferred_name")?.values == ["preferred_name": .text("Alex"), "pronouns": .text("they/them")])
    }

    @Test func withoutADefaultAProfileItemShowsTheProfilesValues() throws {
        let bench = try Fixture.bench("return {}")
        #expect(bench.plan.instance(InstanceRef("preferred_name"))?.values == [:])
        #expect(bench.item("preferred_name")?.values == ["pronouns": .text("they/them")])
    }

    @Test func aFieldsDefaultOverridesTheFieldDefaultsItNames() throws {
        let bench = try Fixture.bench("""
            return { items = { communication = { default = function(ctx) return { method = "Written" } end } } }
            """)
        #expect(bench.plan.instance(InstanceRef("communication"))?.values
                == ["method": .text("Written"), "language": .text("English")])
    }

    @Test func withoutADefaultAFieldsItemTakesEachFieldsDefault() throws {
        let bench = try Fixture.bench("return {}")
        #expect(bench.plan.instance(InstanceRef("communication"))?.values == ["language": .text("English")])
        #expect(bench.plan.instance(InstanceRef("notes"))?.values == [:])
    }

    @Test func aDefaultAlsoFillsABlankAddedInstance() throws {
        var bench = try Fixture.bench("""
            return { items = { communication = { default = function(ctx) return { method = "Verbal" } end } } }
            """)
        let added = try bench.addInstance("communication", cloneOf: nil)
        #expect(bench.plan.instance(added)?.values == ["method": .text("Verbal"), "language": .text("English")])
    }

    @Test func aVideoDefaultIsTheClientsOwnLink() throws {
        let bench = try Fixture.bench("""
            return { items = { transfer_video = { default = function(ctx) return "https://example.org/" .. ctx.client.id end } } }
            """)
        #expect(bench.plan.instance(InstanceRef("transfer_video"))?.url == "https://example.org/C-1")
    }

    @Test func withoutADefaultAVideoTakesTheTemplateLink() throws {
        let bench = try Fixture.bench("return {}")
        #expect(bench.plan.instance(InstanceRef("transfer_video"))?.url == "https://example.org/transfers")
    }

    @Test func aRecordsDefaultLinksTheRecordsItNames() throws {
        let bench = try Fixture.bench("""
            local R = { items = {} }
            R.items.medications = {
              default = function(ctx)
                local ids = {}
                for _, m in ipairs(ctx.client.records("medication")) do
                  if m.status == "current" then ids[#ids + 1] = m.id end
                end
                return ids
              end,
            }
            return R
            """)
        #expect(bench.plan.instance(InstanceRef("medications"))?.records == ["MED-00001"])
    }

    @Test func withoutADefaultARecordsItemLinksNothing() throws {
        let bench = try Fixture.bench("return {}")
        #expect(bench.plan.instance(InstanceRef("medications"))?.records == [])
        #expect(bench.plan.instance(InstanceRef("contacts"))?.records == [])
    }

    @Test func aDefaultReturningNilLeavesTheTemplateDefault() throws {
        let rules = try Fixture.rules("return { items = { communication = { default = function(ctx) return nil end } } }")
        let bench = try Fixture.bench(rules)
        #expect(rules.defaults(bench.input, for: [InstanceRef("communication")]) == DefaultsOutcome())
        #expect(bench.plan.instance(InstanceRef("communication"))?.values == ["language": .text("English")])
    }
}

@Suite struct CompleteHookTests {
    @Test func falseWithAMessageFollowsTheBuiltInMessages() throws {
        let bench = try Fixture.bench("""
            return { items = { contacts = { complete = function(ctx) return false, "Add a contact who lives nearby" end } } }
            """)
        let check = try #require(bench.item("contacts")?.check)
        #expect(check == .init(ok: false, messages: ["Link at least 1 record(s)", "Add a contact who lives nearby"]))
    }

    @Test func falseWithAListGivesEachMessage() throws {
        let bench = try Fixture.bench("""
            return { items = { notes = { complete = function(ctx) return false, { "Write a note", "Sign it" } end } } }
            """)
        #expect(bench.item("notes")?.check == .init(ok: false, messages: ["Write a note", "Sign it"]))
    }

    @Test func falseAloneGivesTheItemsNotCompleteMessage() throws {
        let bench = try Fixture.bench("return { items = { notes = { complete = function(ctx) return false end } } }")
        #expect(bench.item("notes")?.check == .init(ok: false, messages: ["Notes is not complete"]))
    }

    @Test func trueCannotOverrideAFailingBuiltInCheck() throws {
        let bench = try Fixture.bench("return { items = { contacts = { complete = function(ctx) return true end } } }")
        #expect(bench.item("contacts")?.check == .init(ok: false, messages: ["Link at least 1 record(s)"]))
    }

    @Test func trueLeavesAPassingItemComplete() throws {
        var bench = try Fixture.bench("""
            return { items = { contacts = { complete = function(ctx) return #ctx.item.records > 0 end } } }
            """)
        try bench.link(InstanceRef("contacts"), ["CC-00001"])
        #expect(bench.item("contacts")?.check == .init(ok: true, messages: []))
        try bench.complete(InstanceRef("contacts"))
        #expect(bench.plan.instance(InstanceRef("contacts"))?.status == .complete)
    }

    @Test func withoutACompleteHookOnlyTheBuiltInCheckRuns() throws {
        var bench = try Fixture.bench("return {}")
        #expect(bench.item("notes")?.check == .init(ok: true, messages: []))
        #expect(bench.item("communication")?.check == .init(ok: false, messages: ["Method is required"]))
        try bench.set(InstanceRef("communication"), [("method", .text("Verbal"))])
        #expect(bench.item("communication")?.check == .init(ok: true, messages: []))
    }

    @Test func aFailingCompleteHookRefusesMarkingTheItemComplete() throws {
        var bench = try Fixture.bench("""
            return { items = { notes = { complete = function(ctx) return false, "Write a note" end } } }
            """)
        #expect(refusal { try bench.complete(InstanceRef("notes")) } == ["Write a note"])
    }
}

@Suite struct CandidatesHookTests {
    @Test func candidatesFiltersTheRecordsThatMayBeLinked() throws {
        let rules = try Fixture.rules("""
            return { items = { medications = { candidates = function(ctx, record) return record.status == "current" end } } }
            """)
        let bench = try Fixture.bench(rules)
        let medications = bench.records.filter { $0.type == "medication" }
        #expect(rules.candidates(bench.input, for: InstanceRef("medications"), among: medications)
                == CandidatesOutcome(allowed: ["MED-00001"]))
    }

    @Test func linkingARecordTheHookRefusesIsRefused() throws {
        var bench = try Fixture.bench("""
            return { items = { medications = { candidates = function(ctx, record) return record.status == "current" end } } }
            """)
        #expect(refusal { try bench.link(InstanceRef("medications"), ["MED-00002"]) }
                == ["The template's rules do not allow linking MED-00002 to item 'medications'"])
        try bench.link(InstanceRef("medications"), ["MED-00001"])
        #expect(bench.plan.instance(InstanceRef("medications"))?.records == ["MED-00001"])
    }

    @Test func withoutCandidatesEveryRecordOfTheTypeMayBeLinked() throws {
        let rules = try Fixture.rules("return {}")
        let bench = try Fixture.bench(rules)
        let medications = bench.records.filter { $0.type == "medication" }
        #expect(rules.candidates(bench.input, for: InstanceRef("medications"), among: medications)
                == CandidatesOutcome(allowed: ["MED-00001", "MED-00002"]))
    }
}

@Suite struct FormHookTests {
    static let careContact = Fixture.recordTypes["care_contact"]!

    @Test func fieldsGivenAsAListShapeTheForm() throws {
        let rules = try Fixture.rules("""
            return { forms = { care_contact = { fields = {
              { key = "name" },
              { key = "phone", required = true, help = "A mobile is best" },
              { key = "nickname", label = "Nickname" },
            } } } }
            """)
        let bench = try Fixture.bench(rules)
        let form = rules.form(bench.input, recordType: Self.careContact, for: InstanceRef("contacts"))
        #expect(form.errors.isEmpty)
        #expect(form.fields == [
            FieldDefinition(key: "name", label: "Name", type: .text, required: true),
            FieldDefinition(key: "phone", label: "Phone", type: .phone, required: true, help: "A mobile is best"),
            FieldDefinition(key: "nickname", label: "Nickname", type: .text),
        ])
        #expect(form.defaults == [:], "relationship, which carries the default, is not on this form")
    }

    @Test func fieldsGivenAsAFunctionShapeTheFormFromCtx() throws {
        let rules = try Fixture.rules("""
            local R = { forms = {} }
            R.forms.care_contact = {
              fields = function(ctx)
                local fields = { { key = "name" }, { key = "relationship" } }
                if ctx.client.profile.takes_medication then
                  fields[#fields + 1] = { key = "pharmacy", type = "text", label = "Pharmacy", required = true }
                end
                return fields
              end,
            }
            return R
            """)
        let bench = try Fixture.bench(rules)
        let (_, form) = try bench.form(InstanceRef("contacts"))
        #expect(form.errors.isEmpty)
        #expect(form.fields.map(\.key) == ["name", "relationship", "pharmacy"])
        #expect(form.fields[1] == Self.careContact.field("relationship"), "a field named by key alone takes the record type's definition")
        #expect(form.fields[2] == FieldDefinition(key: "pharmacy", label: "Pharmacy", type: .text, required: true))
        #expect(form.defaults == ["relationship": .text("Other")])
    }

    @Test func withoutFormHooksTheFormIsTheRecordType() throws {
        let rules = try Fixture.rules("return {}")
        let form = rules.form(try Fixture.bench(rules).input, recordType: Self.careContact, for: nil)
        #expect(form == FormOutcome(fields: Self.careContact.fields, defaults: ["relationship": .text("Other")]))
    }

    @Test func defaultsAddToTheFieldDefaults() throws {
        let rules = try Fixture.rules("""
            return { forms = { care_contact = { defaults = function(ctx) return { suburb = ctx.client.profile.suburb } end } } }
            """)
        let form = rules.form(try Fixture.bench(rules).input, recordType: Self.careContact, for: InstanceRef("contacts"))
        #expect(form == FormOutcome(fields: Self.careContact.fields,
                                    defaults: ["relationship": .text("Other"), "suburb": .text("Carlton")]))
    }

    @Test func defaultsOverrideAFieldDefault() throws {
        let rules = try Fixture.rules("""
            return { forms = { care_contact = { defaults = function(ctx) return { relationship = "Sibling" } end } } }
            """)
        let form = rules.form(try Fixture.bench(rules).input, recordType: Self.careContact, for: nil)
        #expect(form.defaults == ["relationship": .text("Sibling")])
    }

    @Test func validateAddsMessagesForFieldsAndTheWholeForm() throws {
        let rules = try Fixture.rules("""
            local R = { forms = {} }
            R.forms.care_contact = {
              validate = function(values, ctx)
                local messages = {}
                if values.suburb ~= ctx.client.profile.suburb then messages.suburb = "Choose someone nearby" end
                if values.relationship == "Other" then messages._form = "Explain the relationship in a note" end
                return messages
              end,
            }
            return R
            """)
        let bench = try Fixture.bench(rules)
        let values: FieldValues = ["name": .text("Kim"), "relationship": .text("Other"), "suburb": .text("Geelong")]
        #expect(rules.validate(bench.input, recordType: Self.careContact, values: values, for: InstanceRef("contacts"))
                == ValidationOutcome(messages: ["suburb": "Choose someone nearby", "_form": "Explain the relationship in a note"]))
        let ok: FieldValues = ["name": .text("Kim"), "relationship": .text("Parent"), "suburb": .text("Carlton")]
        #expect(rules.validate(bench.input, recordType: Self.careContact, values: ok, for: nil) == ValidationOutcome())
    }

    @Test func aBuiltInMessageWinsOverValidatesMessageForTheSameField() throws {
        let bench = try Fixture.bench("""
            return { forms = { care_contact = { validate = function(values, ctx)
              return { name = "Use the full name", phone = "Give a mobile", _form = "Check the details" }
            end } } }
            """)
        let (type, form) = try bench.form(InstanceRef("contacts"))
        let outcome = bench.formMessages(type: type, form: form, values: ["phone": .text("12")], ref: InstanceRef("contacts"))
        #expect(outcome == ValidationOutcome(messages: [
            "name": "Name is required", "phone": "Enter a valid phone number", "_form": "Check the details",
        ]))
    }

    @Test func creatingARecordIsRefusedWithValidatesMessages() throws {
        var bench = try Fixture.bench("""
            return { forms = { care_contact = { validate = function(values, ctx)
              if not values.phone then return { phone = "A phone number is needed" } end
              return {}
            end } } }
            """)
        #expect(refusal { try bench.create(InstanceRef("contacts"), ["name": .text("Kim")]) }
                == ["phone: A phone number is needed"])
        let id = try bench.create(InstanceRef("contacts"), ["name": .text("Kim"), "phone": .text("0412 345 678")])
        #expect(bench.plan.instance(InstanceRef("contacts"))?.records == [id])
    }

    @Test func withoutValidateOnlyTheBuiltInCheckRuns() throws {
        let rules = try Fixture.rules("return {}")
        let bench = try Fixture.bench(rules)
        #expect(rules.validate(bench.input, recordType: Self.careContact, values: [:], for: nil) == ValidationOutcome())
        let (type, form) = try bench.form(InstanceRef("contacts"))
        #expect(bench.formMessages(type: type, form: form, values: [:], ref: nil).messages == ["name": "Name is required"])
    }
}

@Suite struct CanActivateTests {
    /// A plan with every item marked not required, so only `can_activate` stands between it and activation.
    static func finishedBench(_ source: String) throws -> PlanWorkbench {
        var bench = try Fixture.bench(source)
        for instance in bench.plan.instances { try bench.markNotRequired(instance.ref) }
        return bench
    }

    @Test func falseWithAMessageBlocksActivation() throws {
        var bench = try Self.finishedBench("""
            return { plan = { can_activate = function(ctx)
              if ctx.plan.behaviour_support_plan == nil then return false, "Select the behaviour support plan" end
              return true
            end } }
            """)
        let evaluation = bench.evaluate()
        #expect(evaluation.canActivate == false)
        #expect(evaluation.blockers == ["Select the behaviour support plan"])
        #expect(refusal { try bench.activate(previousActive: nil) } == ["Select the behaviour support plan"])
    }

    @Test func falseWithAListGivesEveryBlocker() throws {
        let bench = try Self.finishedBench("""
            return { plan = { can_activate = function(ctx) return false, { "Sign the plan", "Book the review" } end } }
            """)
        #expect(bench.evaluate().blockers == ["Sign the plan", "Book the review"])
    }

    @Test func falseAloneGivesTheRulesBlocker() throws {
        let bench = try Self.finishedBench("return { plan = { can_activate = function(ctx) return false end } }")
        #expect(bench.evaluate().blockers == ["The template's rules do not allow activation yet"])
    }

    @Test func trueLetsAFinishedPlanActivate() throws {
        var bench = try Self.finishedBench("return { plan = { can_activate = function(ctx) return ctx.plan.status == 'draft' end } }")
        #expect(bench.evaluate().canActivate)
        _ = try bench.activate(previousActive: nil)
        #expect(bench.plan.status == .active)
    }

    @Test func withoutCanActivateAFinishedPlanMayActivate() throws {
        let bench = try Self.finishedBench("return {}")
        #expect(bench.rules.evaluate(bench.input).activationRefusal == nil)
        #expect(bench.evaluate().canActivate)
        #expect(bench.evaluate().blockers == [])
    }
}
