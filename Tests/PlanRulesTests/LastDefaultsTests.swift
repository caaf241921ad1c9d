@testable import PlanModel
@testable import PlanRules
import Testing

/// An engine keeps the last evaluation's `default` targets and the table of defaults they gave (`LastDefaults`), and
/// gives them again to an evaluation that asks for the same refs of a plan laid out the same way, the table only when
/// every answer repeats. These tests show each evaluation still gets its own defaults and errors when what was kept
/// no longer fits: other items at the same positions, other instance numbers, other refs asked for, an answer that
/// changes before, after or between the ones that repeat, a default that is made afresh each time, a ref asked twice.
@Suite struct LastDefaultsTests {
    static let communication = InstanceRef("communication"), notes = InstanceRef("notes")

    /// A plan of template `t` holding exactly `instances`, for `client`.
    static func input(_ rules: LuaRules, _ instances: [ItemInstance], client: Client = Fixture.client) -> RulesInput {
        let plan = SupportPlan(id: "P-1", clientID: client.id, templateID: "t", templateVersion: 1, createdOn: Fixture.today,
                               instances: instances)
        return RulesInput(template: rules.template, plan: plan, client: client, records: Fixture.records(of: client.id),
                          recordTypes: Fixture.recordTypes, today: Fixture.today, profile: Fixture.profile)
    }

    /// What an engine that kept nothing answers.
    static func fresh(_ source: String, _ input: RulesInput, for refs: [InstanceRef]) throws -> DefaultsOutcome {
        try Fixture.rules(source).defaults(input, for: refs)
    }

    @Test func theSamePlanAgainIsGivenItsTargetsAndItsTableAgain() throws {
        let rules = try Fixture.rules("""
            return { items = {
              communication = { default = function(ctx) return { method = 'Verbal' } end },
              notes = { default = function(ctx) return { note = ctx.client.profile.first_name } end },
            } }
            """)
        let input = Self.input(rules, [ItemInstance(key: "communication"), ItemInstance(key: "notes")])
        let refs = input.plan.instances.map(\.ref)
        let expected = DefaultsOutcome(defaults: [Self.communication: .values(["method": .text("Verbal")]),
                                                  Self.notes: .values(["note": .text("Alex")])])
        #expect(rules.defaults(input, for: refs) == expected)
        #expect(rules.lastDefaults.built == 1)
        #expect(rules.lastDefaults.tablesReused == 0)
        #expect(rules.defaults(input, for: refs) == expected)
        #expect(rules.evaluate(input, defaultsFor: refs).defaults == expected)
        #expect(rules.lastDefaults.built == 1)
        #expect(rules.lastDefaults.tablesReused == 2)
    }

    /// Two instances in one order, then the other: as many instances, other items at each position.
    @Test func anotherPlanWithOtherItemsAtThePositionsGetsItsOwnDefaults() throws {
        let source = """
            return { items = {
              communication = { default = function(ctx) return { method = 'Verbal' } end },
              notes = { default = function(ctx) return { note = 'Verbal' } end },
              transfer_video = { default = function(ctx) return 'https://example.org/' .. ctx.item.key end },
            } }
            """
        let rules = try Fixture.rules(source)
        let a = Self.input(rules, [ItemInstance(key: "communication"), ItemInstance(key: "notes")])
        let b = Self.input(rules, [ItemInstance(key: "notes"), ItemInstance(key: "communication")])
        let c = Self.input(rules, [ItemInstance(key: "notes"), ItemInstance(key: "transfer_video")])
        let aDefaults: [InstanceRef: ItemDefault] = [Self.communication: .values(["method": .text("Verbal")]),
                                                     Self.notes: .values(["note": .text("Verbal")])]
        for _ in 0..<2 {
            for (input, expected) in [(a, aDefaults), (b, aDefaults),
                                      (c, [Self.notes: .values(["note": .text("Verbal")]),
                                           InstanceRef("transfer_video"): .url("https://example.org/transfer_video")])] {
                let refs = input.plan.instances.map(\.ref)
                #expect(rules.defaults(input, for: refs) == DefaultsOutcome(defaults: expected))
                #expect(rules.evaluate(input, defaultsFor: nil, log: nil).defaults == DefaultsOutcome(defaults: expected))
                // The same refs asked of each plan, wherever they sit in it.
                #expect(rules.defaults(input, for: [Self.communication, Self.notes]) == (try Self.fresh(source, input, for: [Self.communication, Self.notes])))
            }
        }
        #expect(rules.lastDefaults.tablesReused == 0)
    }

    /// The same keys in the same order, numbered otherwise: the whole plan's targets are each plan's own refs.
    @Test func anotherPlanWithOtherInstanceNumbersGetsItsOwnRefs() throws {
        let rules = try Fixture.rules("""
            return { items = { communication = { default = function(ctx) return { language = 'n' .. ctx.item.instance } end } } }
            """)
        func plan(_ second: Int) -> RulesInput {
            Self.input(rules, [ItemInstance(key: "communication", instance: 1), ItemInstance(key: "communication", instance: second)])
        }
        for second in [2, 3, 2] {
            #expect(rules.evaluate(plan(second), defaultsFor: nil, log: nil).defaults == DefaultsOutcome(defaults: [
                InstanceRef("communication", 1): .values(["language": .text("n1")]),
                InstanceRef("communication", second): .values(["language": .text("n\(second)")]),
            ]))
        }
        #expect(rules.lastDefaults.built == 3)
    }

    /// One ref asked for, then another: as many refs, of one plan.
    @Test func otherRefsOfTheSamePlanGetTheirOwnDefaults() throws {
        let rules = try Fixture.rules("""
            return { items = {
              communication = { default = function(ctx) return { method = 'Verbal' } end },
              notes = { default = function(ctx) return { note = 'Written' } end },
            } }
            """)
        let input = Self.input(rules, [ItemInstance(key: "communication"), ItemInstance(key: "notes")])
        for _ in 0..<2 {
            #expect(rules.defaults(input, for: [Self.notes]) == DefaultsOutcome(defaults: [Self.notes: .values(["note": .text("Written")])]))
            #expect(rules.defaults(input, for: [Self.communication])
                    == DefaultsOutcome(defaults: [Self.communication: .values(["method": .text("Verbal")])]))
        }
        #expect(rules.lastDefaults.built == 4)
    }

    /// Alex's plan and Bo's, of the same instances: `preferred_name` and `communication` answer the same for both,
    /// `notes` (last) answers Alex's name or fails for Bo, `extra` (between) answers only for Alex. Each plan, after
    /// itself or after the other, gets its own defaults and its own errors.
    @Test func anAnswerThatChangesBetweenOnesThatRepeatIsEachPlansOwn() throws {
        let source = """
            return { items = {
              preferred_name = { default = function(ctx) return { pronouns = 'they/them' } end },
              communication = { default = function(ctx)
                if ctx.item.instance == 2 and ctx.client.id == 'C-2' then return nil end
                return { method = 'Verbal' }
              end },
              notes = { default = function(ctx)
                if ctx.client.id == 'C-2' then error('no note for ' .. ctx.client.profile.first_name) end -- @fails
                return { note = ctx.client.profile.first_name }
              end },
            } }
            """
        let rules = try Fixture.rules(source)
        let instances = [ItemInstance(key: "preferred_name"), ItemInstance(key: "communication"),
                         ItemInstance(key: "communication", instance: 2), ItemInstance(key: "notes")]
        let alex = Self.input(rules, instances), bo = Self.input(rules, instances, client: Fixture.otherClient)
        let refs = instances.map(\.ref)
        let same: [InstanceRef: ItemDefault] = [InstanceRef("preferred_name"): .values(["pronouns": .text("they/them")]),
                                                Self.communication: .values(["method": .text("Verbal")])]
        var alexDefaults = same
        alexDefaults[InstanceRef("communication", 2)] = .values(["method": .text("Verbal")])
        alexDefaults[Self.notes] = .values(["note": .text("Alex")])
        let alexOutcome = DefaultsOutcome(defaults: alexDefaults)
        let boOutcome = DefaultsOutcome(defaults: same, errors: [
            RuleError(scope: .item(Self.notes), hook: "default", message: "no note for Bo", location: Fixture.location("@fails", in: source)),
        ])
        #expect(try Self.fresh(source, bo, for: refs).errors.map(\.description) == [
            "rule 'default' of item 'notes' (\(Fixture.location("@fails", in: source))) failed: no note for Bo",
        ])
        var reused = 0
        for (input, expected, again) in [(alex, alexOutcome, false), (alex, alexOutcome, true), (bo, boOutcome, false),
                                         (bo, boOutcome, true), (alex, alexOutcome, false), (bo, boOutcome, false)] {
            #expect(rules.defaults(input, for: refs) == expected)
            if again { reused += 1 }
            #expect(rules.lastDefaults.tablesReused == reused)
        }
        #expect(rules.lastDefaults.built == 1)
    }

    /// A default that is not a memo's values (a video's link) is never taken for the last one, even when it is equal.
    @Test func aDefaultMadeAfreshIsNeverTakenForTheLast() throws {
        let rules = try Fixture.rules("""
            return { items = {
              notes = { default = function(ctx) return { note = 'Written' } end },
              transfer_video = { default = function(ctx) return 'https://example.org/' .. ctx.client.id end },
            } }
            """)
        let instances = [ItemInstance(key: "transfer_video"), ItemInstance(key: "notes")]
        for client in [Fixture.client, Fixture.client, Fixture.otherClient, Fixture.otherClient] {
            let input = Self.input(rules, instances, client: client)
            #expect(rules.defaults(input, for: instances.map(\.ref)) == DefaultsOutcome(defaults: [
                InstanceRef("transfer_video"): .url("https://example.org/\(client.id)"),
                Self.notes: .values(["note": .text("Written")]),
            ]))
        }
        #expect(rules.lastDefaults.tablesReused == 0)
    }

    /// A ref asked for twice runs its hook twice, the second answer standing, as with nothing kept.
    @Test func aRefAskedTwiceIsAnsweredAsWithNothingKept() throws {
        let source = """
            local calls = 0
            return { items = { notes = { default = function(ctx)
              calls = calls + 1
              if calls % 2 == 0 then return nil end
              return { note = 'call ' .. calls }
            end } } }
            """
        let rules = try Fixture.rules(source)
        let input = Self.input(rules, [ItemInstance(key: "notes")])
        for _ in 0..<3 {
            #expect(rules.defaults(input, for: [Self.notes, Self.notes])
                    == DefaultsOutcome(defaults: [Self.notes: .values(["note": .text("call 1")])]))
        }
        #expect(rules.lastDefaults.tablesReused == 0)
    }
}
