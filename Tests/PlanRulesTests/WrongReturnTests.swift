@testable import PlanModel
@testable import PlanRules
import Testing

/// A hook that returns the wrong type is a rule error naming the hook, saying what it returned and
/// where the hook is defined; the engine then goes on with the documented fallback.
@Suite struct WrongReturnTests {
    @Test func aVisibleHookReturningAStringIsARuleErrorSayingSo() throws {
        let source = """
            local R = { items = {} }
            R.items.notes = {
              visible = function(ctx) -- @visible
                return "yes"
              end,
            }
            return R
            """
        let bench = try Fixture.bench(source)
        let error = RuleError(scope: .item(InstanceRef("notes")), hook: "visible",
                              message: "'visible' returned a string; expected true or false",
                              location: Fixture.location("@visible", in: source))
        #expect(error.location == "Rules/t/rules.lua:3")
        let evaluation = bench.evaluate()
        #expect(evaluation.errors == [error])
        let notes = try #require(evaluation.item(InstanceRef("notes")))
        #expect(notes.visible, "a failed visible hook counts as true")
        #expect(notes.error == error)
        #expect(notes.check.ok == false, "an item with a rule error is not complete")
        #expect(error.description == "rule 'visible' of item 'notes' (Rules/t/rules.lua:3) failed: 'visible' returned a string; expected true or false")
        #expect(evaluation.blockers.contains("Rule error: \(error.description)"))
    }

    @Test func aSectionVisibleHookReturningANumberLeavesTheSectionVisible() throws {
        let source = """
            return { sections = { extras = { visible = function(ctx) return 0 end } } }
            """
        let bench = try Fixture.bench(source)
        let evaluation = bench.evaluate()
        #expect(evaluation.errors == [RuleError(scope: .section("extras"), hook: "visible",
                                                message: "'visible' returned a number; expected true or false",
                                                location: "Rules/t/rules.lua:1")])
        #expect(evaluation.section("extras")?.visible == true)
        #expect(evaluation.canActivate == false)
    }

    @Test(arguments: [
        ("return nil", "'complete' returned nil; expected true, or false and a message"),
        ("return", "'complete' returned nothing; expected true, or false and a message"),
        ("return 1", "'complete' returned a number; expected true, or false and a message"),
        ("return false, 42", "'complete' returned false with a number; expected a message or a list of messages"),
        ("return false, { 'ok', 7 }", "'complete' returned false with a list holding a number; expected a list of messages"),
    ])
    func aCompleteHookReturningTheWrongTypeLeavesItsItemIncomplete(body: String, message: String) throws {
        let source = """
            local R = { items = {} }
            R.items.notes = {
              complete = function(ctx) -- @complete
                \(body)
              end,
            }
            return R
            """
        var bench = try Fixture.bench(source)
        let error = RuleError(scope: .item(InstanceRef("notes")), hook: "complete", message: message,
                              location: "Rules/t/rules.lua:3")
        let notes = try #require(bench.item("notes"))
        #expect(notes.error == error)
        #expect(notes.check == .init(ok: false, messages: []), "a failed complete hook counts as false")
        #expect(refusal { try bench.complete(InstanceRef("notes")) } == ["Rule error: \(error.description)"])
    }

    @Test func aFieldsDefaultReturningAListIsARuleErrorAndTheTemplateDefaultsApply() throws {
        let source = """
            local R = { items = {} }
            R.items.communication = {
              default = function(ctx) -- @default
                return { "Verbal" }
              end,
            }
            return R
            """
        let rules = try Fixture.rules(source)
        let bench = try Fixture.bench(rules)
        #expect(rules.defaults(bench.input, for: [InstanceRef("communication")]) == DefaultsOutcome(errors: [
            RuleError(scope: .item(InstanceRef("communication")), hook: "default",
                      message: "'default' returned a list; expected a table of field = value", location: "Rules/t/rules.lua:3"),
        ]))
        #expect(bench.plan.instance(InstanceRef("communication"))?.values == ["language": .text("English")])
    }

    @Test func aDefaultNamingAFieldTheItemDoesNotHaveIsARuleError() throws {
        let source = """
            return { items = { communication = { default = function(ctx) return { method = "Verbal", colour = "blue" } end } } }
            """
        let rules = try Fixture.rules(source)
        let bench = try Fixture.bench(rules)
        #expect(rules.defaults(bench.input, for: [InstanceRef("communication")]).errors == [
            RuleError(scope: .item(InstanceRef("communication")), hook: "default",
                      message: "'default' returned field 'colour', which item 'communication' does not have",
                      location: "Rules/t/rules.lua:1"),
        ])
        #expect(bench.plan.instance(InstanceRef("communication"))?.values == ["language": .text("English")],
                "none of a failed default applies, not even its good fields")
    }

    @Test func aDefaultOfTheWrongValueTypeIsARuleError() throws {
        let rules = try Fixture.rules("""
            return { items = { communication = { default = function(ctx) return { language = 3 } end } } }
            """)
        let outcome = rules.defaults(try Fixture.bench(rules).input, for: [InstanceRef("communication")])
        #expect(outcome.errors.map(\.message) == ["'default' returned a bad value: field 'language' (text) can't take a number"])
    }

    @Test func aVideoDefaultThatIsNotAStringIsARuleErrorAndTheTemplateLinkApplies() throws {
        let rules = try Fixture.rules("return { items = { transfer_video = { default = function(ctx) return { url = 'x' } end } } }")
        let bench = try Fixture.bench(rules)
        #expect(rules.defaults(bench.input, for: [InstanceRef("transfer_video")]).errors.map(\.message)
                == ["'default' returned a table; expected a URL string"])
        #expect(bench.plan.instance(InstanceRef("transfer_video"))?.url == "https://example.org/transfers")
    }

    @Test func aRecordsDefaultThatIsNotAListOfIdsIsARuleErrorAndNothingIsLinked() throws {
        let rules = try Fixture.rules("return { items = { medications = { default = function(ctx) return 'MED-00001' end } } }")
        let bench = try Fixture.bench(rules)
        #expect(rules.defaults(bench.input, for: [InstanceRef("medications")]).errors.map(\.message)
                == ["'default' returned a string; expected a list of record ids"])
        #expect(bench.plan.instance(InstanceRef("medications"))?.records == [])
    }

    @Test func aCandidatesHookReturningAStringAllowsNothing() throws {
        let source = """
            local R = { items = {} }
            R.items.medications = {
              candidates = function(ctx, record) -- @candidates
                return "yes"
              end,
            }
            return R
            """
        let rules = try Fixture.rules(source)
        var bench = try Fixture.bench(rules)
        let error = RuleError(scope: .item(InstanceRef("medications")), hook: "candidates",
                              message: "'candidates' returned a string; expected true or false", location: "Rules/t/rules.lua:3")
        #expect(rules.candidates(bench.input, for: InstanceRef("medications"), among: bench.records.filter { $0.type == "medication" })
                == CandidatesOutcome(allowed: [], errors: [error]))
        #expect(refusal { try bench.link(InstanceRef("medications"), ["MED-00001"]) } == ["Rule error: \(error.description)"])
    }

    @Test func aValidateHookReturningAListIsARuleError() throws {
        let source = """
            local R = { forms = {} }
            R.forms.care_contact = {
              validate = function(values, ctx) -- @validate
                return { "Enter a phone number" }
              end,
            }
            return R
            """
        let rules = try Fixture.rules(source)
        var bench = try Fixture.bench(rules)
        let error = RuleError(scope: .form("care_contact"), hook: "validate",
                              message: "'validate' returned a list; expected a table of field = message", location: "Rules/t/rules.lua:3")
        #expect(rules.validate(bench.input, recordType: Fixture.recordTypes["care_contact"]!, values: [:], for: nil)
                == ValidationOutcome(errors: [error]))
        #expect(refusal { try bench.create(InstanceRef("contacts"), ["name": .text("Kim")]) } == ["Rule error: \(error.description)"])
    }

    @Test func aValidateMessageThatIsNotAStringIsARuleError() throws {
        let rules = try Fixture.rules("return { forms = { care_contact = { validate = function(values, ctx) return { phone = true } end } } }")
        let outcome = rules.validate(try Fixture.bench(rules).input, recordType: Fixture.recordTypes["care_contact"]!, values: [:], for: nil)
        #expect(outcome.errors.map(\.message) == ["'validate' gave field 'phone' a boolean; expected a message"])
        #expect(outcome.messages == [:])
    }

    @Test func aFormFieldsFunctionReturningAStringIsARuleErrorAndTheRecordTypesFieldsApply() throws {
        let rules = try Fixture.rules("return { forms = { care_contact = { fields = function(ctx) return 'name' end } } }")
        let type = Fixture.recordTypes["care_contact"]!
        let form = rules.form(try Fixture.bench(rules).input, recordType: type, for: nil)
        #expect(form.errors == [RuleError(scope: .form("care_contact"), hook: "fields",
                                          message: "'fields' gave a string; expected a list of fields", location: "Rules/t/rules.lua:1")])
        #expect(form.fields == type.fields)
    }

    @Test func aFormDefaultsHookNamingAFieldNotOnTheFormIsARuleError() throws {
        let rules = try Fixture.rules("return { forms = { care_contact = { defaults = function(ctx) return { colour = 'red' } end } } }")
        let form = rules.form(try Fixture.bench(rules).input, recordType: Fixture.recordTypes["care_contact"]!, for: nil)
        #expect(form.errors.map(\.message) == ["'defaults' returned field 'colour', which the care_contact form does not have"])
        #expect(form.defaults == ["relationship": .text("Other")])
    }

    @Test func aCanActivateHookReturningAStringBlocksActivation() throws {
        let source = """
            local R = { plan = {} }

            R.plan.can_activate = function(ctx) -- @can_activate
              return "yes"
            end

            return R
            """
        var bench = try Fixture.bench(source)
        for instance in bench.plan.instances { try bench.markNotRequired(instance.ref) }
        let error = RuleError(scope: .plan, hook: "can_activate",
                              message: "'can_activate' returned a string; expected true, or false and a message",
                              location: "Rules/t/rules.lua:3")
        #expect(bench.rules.evaluate(bench.input) == RulesVerdict(activationRefusal: [], errors: [error]))
        let blockers = ["Rule error: \(error.description)", "The template's rules do not allow activation yet"]
        #expect(bench.evaluate().blockers == blockers)
        #expect(refusal { try bench.activate(previousActive: nil) } == blockers)
    }
}
