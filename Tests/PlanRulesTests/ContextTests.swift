@testable import PlanModel
@testable import PlanRules
import Testing

/// `ctx` as docs/writing-rules.md describes it: what each name gives, that it is read-only, and that it is lazy.
@Suite struct ContextTests {
    @Test func todayIsTheEvaluationDate() throws {
        #expect(try Fixture.probe("ctx.today") == "2025-06-30")
    }

    @Test func theClientsIdNameAndProfileFields() throws {
        #expect(try Fixture.probe(["ctx.client.id", "ctx.client.name", "ctx.client.profile.first_name",
                                   "ctx.client.profile.takes_medication", "ctx.client.profile.preferred_name"])
                == ["C-1", "Alex Citizen", "Alex", "true", "nil"])
    }

    @Test func profileValuesHaveTheirLuaTypes() throws {
        #expect(try Fixture.probe([
            "math.type(ctx.client.profile.support_hours)", "math.type(ctx.client.profile.weight_kg)",
            "type(ctx.client.profile.takes_medication)", "type(ctx.client.profile.birth_date)",
            "#ctx.client.profile.languages", "ctx.client.profile.languages[2]",
        ]) == ["integer", "float", "boolean", "string", "2", "Greek"])
    }

    @Test func recordsOfATypeSupportLengthAndIpairs() throws {
        #expect(try Fixture.probe([
            "#ctx.client.records('care_contact')",
            "(function() local names = {} for i, r in ipairs(ctx.client.records('care_contact')) do names[i] = r.id .. '=' .. r.name end return table.concat(names, ',') end)()",
            "ctx.client.records('care_contact')[1].type",
            "#ctx.client.records('no_such_type')",
        ]) == ["2", "CC-00001=Jo Citizen,CC-00002=Sam Citizen", "care_contact", "0"])
    }

    @Test func oneRecordById() throws {
        #expect(try Fixture.probe(["ctx.client.record('MED-00002').name", "ctx.client.record('MED-00002').status",
                                   "ctx.client.record('CC-00002').relationship", "ctx.client.record('XX-1')"])
                == ["Ibuprofen", "ceased", "nil", "nil"])
    }

    @Test func thePlansFields() throws {
        #expect(try Fixture.probe(["ctx.plan.id", "ctx.plan.status", "ctx.plan.template", "ctx.plan.template_version",
                                   "ctx.plan.previous_plan", "ctx.plan.goal_attainment_plan"])
                == ["P-1", "draft", "t", "1", "nil", "nil"])
    }

    @Test func theSelectedBehaviourSupportPlanOrNil() throws {
        #expect(try Fixture.probe(["ctx.plan.behaviour_support_plan.title", "ctx.plan.behaviour_support_plan.id"],
                                  behaviourSupportPlan: "BSP-00001") == ["BSP 2025", "BSP-00001"])
        #expect(try Fixture.probe("ctx.plan.behaviour_support_plan") == "nil")
    }

    @Test func anotherInstancesStateOrNil() throws {
        let rules = try Fixture.rules("return {}")
        var bench = try Fixture.bench(rules)
        try bench.set(InstanceRef("communication"), [("method", .text("Written"))])
        try bench.addInstance("communication", cloneOf: nil)
        try bench.set(InstanceRef("communication", 2), [("method", .text("Verbal"))])
        #expect(try Fixture.probe([
            "ctx.plan.item('communication').values.method",
            "ctx.plan.item('communication', 2).values.method",
            "ctx.plan.item('communication', 2).instance",
            "ctx.plan.item('communication', 3)",
            "ctx.plan.item('nope')",
            "ctx.plan.item('contacts').kind",
        ], in: bench) == ["Written", "Verbal", "2", "nil", "nil", "records"])
        // It carries no visibility: asking for one is a misspelt field, not a silent nil.
        #expect(try Fixture.probe(["ctx.plan.item('communication').visible"], in: bench) == [
            "rule 'complete' of item 'notes' (Rules/t/rules.lua:4) failed: ctx.item has no field 'visible'",
        ])
    }

    @Test func theItemBeingDecided() throws {
        var bench = try Fixture.bench(Fixture.rules("return {}"))
        try bench.link(InstanceRef("contacts"), ["CC-00002", "CC-00001"])
        try bench.complete(InstanceRef("contacts"))
        #expect(try Fixture.probe([
            "ctx.item.key", "ctx.item.instance", "ctx.item.kind", "ctx.item.status",
            "#ctx.item.records", "ctx.item.records[1].id", "ctx.item.records[2].name", "ctx.item.url",
            "ctx.section.key", "ctx.section.title",
        ], item: "contacts", in: bench) == ["contacts", "1", "records", "complete", "2", "CC-00002", "Jo Citizen", "nil",
                                            "care", "Care"])
        #expect(try Fixture.probe(["ctx.item.values.language", "ctx.item.values.method", "ctx.item.kind"], item: "communication")
                == ["English", "nil", "fields"])
        #expect(try Fixture.probe(["ctx.item.url", "ctx.item.kind"], item: "transfer_video")
                == ["https://example.org/transfers", "video"])
    }

    @Test func aProfileItemsValuesAreWhatItShows() throws {
        #expect(try Fixture.probe(["ctx.item.values.pronouns", "ctx.item.values.preferred_name"],
                                  item: "preferred_name") == ["they/them", "nil"])
        // A profile field the item does not show is not among its values (read it from ctx.client.profile).
        #expect(try Fixture.probe(["ctx.item.values.first_name"], item: "preferred_name") == [
            "rule 'complete' of item 'preferred_name' (Rules/t/rules.lua:4) failed: item 'preferred_name' has no field 'first_name'",
        ])
    }

    @Test(arguments: [
        ("ctx.item.values.x = 1", "attempt to modify read-only table (key 'x')"),
        ("ctx.client.profile.x = 1", "attempt to modify read-only table (key 'x')"),
        ("ctx.client.profile.first_name = 'Bo'", "attempt to modify read-only table (key 'first_name')"),
        ("ctx.today = '2030-01-01'", "attempt to modify read-only table (key 'today')"),
        ("ctx.plan.status = 'active'", "attempt to modify read-only table (key 'status')"),
        ("ctx.client.records('care_contact')[1].name = 'x'", "attempt to modify read-only table (key 'name')"),
        ("ctx.section.key = 'x'", "attempt to modify read-only table (key 'key')"),
        ("rawset(ctx, 'today', 'x')", "attempt to modify read-only table (key 'today')"),
        ("setmetatable(ctx.item, nil)", "cannot change a protected metatable"),
        ("counter = 1", "assignment to global 'counter' is not allowed"),
        ("sp = nil", "assignment to global 'sp' is not allowed"),
    ])
    func writingToCtxOrAGlobalIsARuleError(statement: String, message: String) throws {
        let source = """
            local R = { items = {} }
            R.items.notes = {
              visible = function(ctx)
                \(statement)
                return false
              end,
            }
            return R
            """
        let evaluation = try Fixture.bench(source).evaluate()
        #expect(evaluation.errors.map(\.hook) == ["visible"])
        #expect(evaluation.errors.first?.message == message)
        #expect(evaluation.errors.first?.location == "Rules/t/rules.lua:4")
        #expect(evaluation.item(InstanceRef("notes"))?.visible == true, "the write failed, so the hook never returned false")
    }

    @Test func readingAnUnsetGlobalIsNil() throws {
        #expect(try Fixture.probe(["undefined_thing", "os", "io", "debug", "load", "collectgarbage", "math.random"])
                == ["nil", "nil", "nil", "nil", "nil", "nil", "nil"])
    }

    @Test func aHookThatReadsOneProfileFieldReadsNothingElse() throws {
        let rules = try Fixture.rules("""
            return { items = { medications = { visible = function(ctx) return ctx.client.profile.takes_medication == true end } } }
            """)
        let bench = try Fixture.bench(rules)
        let runs = rules.explain(bench.input, InstanceRef("medications"))
        #expect(runs.map(\.hook) == ["items.medications.visible"])
        #expect(runs.first?.reads == ["client.profile.takes_medication"])
        #expect(runs.first?.result == "visible")
    }

    @Test func readsAreTrackedAsCtxPaths() throws {
        let rules = try Fixture.rules("""
            local R = { items = {} }
            R.items.contacts = {
              complete = function(ctx)
                local n = #ctx.item.records
                local bsp = ctx.plan.behaviour_support_plan
                local c = ctx.client.record("CC-00001")
                return c.name ~= nil and ctx.today ~= nil and n >= 0 and bsp == nil
              end,
            }
            return R
            """)
        let runs = rules.explain(try Fixture.bench(rules).input, InstanceRef("contacts"))
        #expect(runs.first?.reads == ["item.records", "plan.behaviour_support_plan", "client.record(CC-00001)",
                                      "client.record(CC-00001).name", "today"])
    }

    @Test func ctxHandsEveryHookTheSameEvaluationsData() throws {
        // A `profile` edit made by the plan is visible to a hook in the next evaluation.
        var bench = try Fixture.bench("""
            return { items = { notes = { visible = function(ctx) return ctx.client.profile.preferred_name == "Al" end } } }
            """)
        #expect(bench.item("notes")?.visible == false)
        try bench.set(InstanceRef("preferred_name"), [("preferred_name", .text("Al"))])
        #expect(bench.item("notes")?.visible == true)
    }
}
