@testable import PlanModel
@testable import PlanRules
import Testing

/// Strict ctx: a key that is not part of ctx's shape, the profile schema, a record's type or an item's fields
/// is a rule error naming it with a did-you-mean, at the line of the statement that read it; a known field
/// that is unset reads nil, and so does a list read past its end. The plain tables of evaluation and the lazy
/// objects of `explain` say the same.
@Suite struct StrictCtxTests {
    /// A `complete` hook of `notes` whose line 4 reads `expression` (and whose line 3 is a harmless read).
    static func source(_ expression: String) -> String {
        """
        local R = { items = {} }
        R.items.notes = { complete = function(ctx)
          local today = ctx.today
          local value = \(expression)
          return false, tostring(value)
        end }
        return R
        """
    }

    /// What the hook says (its message, or the rule error) in evaluation and in explain.
    static func outcome(_ expression: String) throws -> (evaluated: String, explained: String) {
        let rules = try Fixture.rules(source(expression))
        let input = try Fixture.bench(rules).input
        let verdict = rules.evaluate(input)
        let evaluated = verdict.errors.first?.description ?? verdict.incomplete[InstanceRef("notes")]?.joined() ?? "(none)"
        let run = try #require(rules.explain(input, InstanceRef("notes")).last)
        let explained = run.error.map { "\(run.location): \($0)" } ?? run.result
        return (evaluated, explained)
    }

    static let at = "rule 'complete' of item 'notes' (Rules/t/rules.lua:4) failed: "

    @Test(arguments: [
        ("ctx.item.record", "ctx.item has no field 'record' (did you mean 'records'?)"),
        ("ctx.client.profile.takes_medicaton", "profile field 'takes_medicaton' is not in profile.yaml (did you mean 'takes_medication'?)"),
        ("ctx.client.records('care_contact')[1].phnoe", "record type 'care_contact' has no field 'phnoe' (did you mean 'phone'?)"),
        ("ctx.client.record('MED-00001').stauts", "record type 'medication' has no field 'stauts' (did you mean 'status'?)"),
        ("ctx.plan.item('communication').values.methd", "item 'communication' has no field 'methd' (did you mean 'method'?)"),
        ("ctx.item.values.notes", "item 'notes' has no field 'notes' (did you mean 'note'?)"),
        ("ctx.clinet", "ctx has no field 'clinet' (did you mean 'client'?)"),
        ("ctx.client.nmae", "ctx.client has no field 'nmae' (did you mean 'name'?)"),
        ("ctx.plan.state", "ctx.plan has no field 'state' (did you mean 'status'?)"),
        ("ctx.client.record('GAP-00001').titel", "record type 'goal_attainment_plan' has no field 'titel' (did you mean 'title'?)"),
        ("ctx.client.records('care_contact').n",
         "a list of records has no field 'n' (read it by position, with ipairs or #)"),
        ("ctx.item.wibble", "ctx.item has no field 'wibble'"),
    ])
    func aMisspeltCtxFieldIsARuleErrorAtItsStatementWithDidYouMean(expression: String, message: String) throws {
        let (evaluated, explained) = try Self.outcome(expression)
        #expect(evaluated == Self.at + message)
        #expect(explained == "Rules/t/rules.lua:4: " + message)
    }

    @Test(arguments: [
        ("ctx.client.profile.preferred_name", "nil"),
        ("ctx.client.records('care_contact')[2].phone", "nil"),
        ("ctx.item.values.note", "nil"),
        ("ctx.item.url", "nil"),
        ("ctx.plan.previous_plan", "nil"),
        ("ctx.client.records('care_contact')[3]", "nil"),
        ("ctx.item.records[1]", "nil"),
        ("ctx.client.records('no_such_type')[1]", "nil"),
        ("ctx.client.profile[1]", "nil"),
        ("#ctx.client.records('care_contact')", "2"),
        ("ctx.client.profile.first_name", "Alex"),
    ])
    func anUnsetKnownFieldOrAListPastItsEndReadsNil(expression: String, value: String) throws {
        let (evaluated, explained) = try Self.outcome(expression)
        #expect(evaluated == value)
        #expect(explained == "not complete: \(value)")
    }

    @Test func aPlanHookReadsCtxItemAndSectionAsNilAndMayReadCtxSchema() throws {
        let rules = try Fixture.rules("""
            return { plan = { can_activate = function(ctx)
              return false, tostring(ctx.item) .. " " .. tostring(ctx.section) .. " " .. tostring((pcall(function() return ctx.schema end)))
            end } }
            """)
        let verdict = rules.evaluate(try Fixture.bench(rules).input)
        #expect(verdict.errors.map(\.description) == [])
        #expect(verdict.activationRefusal == ["nil nil true"])
    }

    @Test func pcallCatchesTheErrorWithItsPosition() throws {
        let (evaluated, _) = try Self.outcome("select(2, pcall(function() return ctx.client.profile.suburbb end))")
        #expect(evaluated == "Rules/t/rules.lua:4: profile field 'suburbb' is not in profile.yaml (did you mean 'suburb'?)")
    }

    @Test func withoutAProfileSchemaAnyProfileKeyReads() throws {
        let rules = try Fixture.rules(Self.source("ctx.client.profile.takes_medicaton"))
        var input = try Fixture.bench(rules).input
        input.profile = nil
        #expect(rules.evaluate(input).incomplete[InstanceRef("notes")] == ["nil"])
    }

    @Test(arguments: [
        "getmetatable(ctx.client).__index.__index = function() return 'x' end",
        "local mt = getmetatable(ctx.item.values); rawset(mt, '__index', nil)",
        "local _, d = pairs(ctx.client); setmetatable(d, nil)",
        "local _, d = pairs(ctx.client); local m = getmetatable(d); m.__index = nil",
        "local ok, e = pcall(function() return ctx.client.nmae end); rawset(e, 'x', 1)",
        "xpcall(function() return ctx.client.nmae end, function(e) setmetatable(ctx.client, nil) end); error('x')",
        "rawset(ctx.client, 'nmae', 'Mallory')",
    ])
    func noHookDisarmsTheStrictReadsOfALaterHook(attack: String) throws {
        let rules = try Fixture.rules("""
            local R = { items = {} }
            R.items.communication = { visible = function(ctx)
              local ok = pcall(function() \(attack) end)
              if ok then error("the attack succeeded") end
              return true
            end }
            R.items.notes = { complete = function(ctx)
              local ok, e = pcall(function() return ctx.client.nmae end)
              return false, tostring(ok) .. " " .. e .. " " .. ctx.client.name .. " " .. tostring(getmetatable(ctx.client))
            end }
            return R
            """)
        let verdict = rules.evaluate(try Fixture.bench(rules).input)
        #expect(verdict.errors.map(\.description) == [])
        #expect(verdict.incomplete[InstanceRef("notes")] == [
            "false Rules/t/rules.lua:8: ctx.client has no field 'nmae' (did you mean 'name'?) Alex Citizen read-only",
        ])
    }
}
