@testable import PlanModel
@testable import PlanRules
import Testing

/// The engine keeps the rules table its chunk built once and hands it to every evaluation, instead of running
/// the chunk per plan, for as long as no evaluation changes anything the table reaches. These tests show it is
/// kept when it may be, refused when the chunk holds something of the evaluation that built it, and let go
/// (every later plan then runs the chunk afresh) the moment a plan changes it — by each route a script has —
/// with every plan's answers as a fresh chunk would give them.
@Suite struct KeptRulesTests {
    /// `notes.complete` reports what it sees, then `change` runs (a way of writing to the kept state).
    static func source(prelude: String = "", report: String, change: String = "") -> String {
        """
        local lib = require("shared")
        local counter = 0
        local seen = {}
        local list = { "a", "b" }
        local extra = {}
        local R = { items = {} }
        \(prelude)
        R.items.notes = {
          complete = function(ctx)
            local _ = extra
            local report = \(report)
            \(change)
            return false, report
          end,
        }
        return R
        """
    }

    static let libraries = ["shared": "local M = { inner = {} }\nfunction M.name() return 'shared' end\nreturn M\n"]
    static let report = "table.concat({ tostring(counter), tostring(seen.n), tostring(R.mark), tostring(lib.mark), tostring(lib.inner.mark), tostring(#list), tostring(getmetatable(seen) ~= nil) }, ' ')"
    static let pristine = ["0 nil nil nil nil 2 false"]

    func verdicts(_ rules: LuaRules, times: Int) throws -> [[String]?] {
        let a = try Fixture.bench(rules, id: "P-A", client: Fixture.client).input
        let b = try Fixture.bench(rules, id: "P-B", client: Fixture.otherClient).input
        return (0..<times).map { rules.evaluate($0 % 2 == 0 ? a : b).incomplete[InstanceRef("notes")] }
    }

    @Test func rulesThatChangeNothingAreKeptAndUsedByEveryEvaluation() throws {
        let rules = try Fixture.rules(Self.source(report: Self.report), libraries: Self.libraries)
        let kept = try #require(rules.keptRules)
        let before = kept.uses
        #expect(try verdicts(rules, times: 4) == Array(repeating: Self.pristine, count: 4))
        #expect(kept.isKept)
        // No item has a `default` hook, so making the plans ran no Lua: the four evaluations all used the kept table.
        #expect(kept.uses - before == 4)
    }

    @Test(arguments: [
        "counter = counter + 1",
        "local bump = function() counter = counter + 1 end; bump()",
        "local t = list; t[#t + 1] = 'c'; t[#t] = nil; t[#t + 1] = ctx",
        "seen.n = (seen.n or 0) + 1",
        "R.mark = 'set'",
        "lib.mark = 'set'",
        "lib.inner.mark = 'set'",
        "list[3] = 'c'",
        "table.insert(list, 'c')",
        "setmetatable(seen, {})",
        "pcall(function() R.mark = 'set' end)",
        "R.items.notes.complete = function() return true end",
        // As many entries as before, each kind of difference on its own: values swapped, a key for another, a new table.
        "list[1], list[2] = list[2], list[1]",
        "list[2] = nil; list.b = 'b'",
        "lib.inner = {}",
        "setmetatable(seen, {}); setmetatable(seen, nil); setmetatable(lib.inner, {})",
        // Equal to lua_rawequal, not to a script: math.type(counter) and tostring(counter) tell 0 from 0.0.
        "counter = 0.0",
        "list[1] = 'a' .. ''; seen.n = 1; seen.n = nil; counter = -0.0",
    ])
    func aPlanThatChangesTheKeptStateLetsItGoAndEveryPlanStillStartsClean(change: String) throws {
        let rules = try Fixture.rules(Self.source(report: Self.report, change: change), libraries: Self.libraries)
        let kept = try #require(rules.keptRules)
        #expect(try verdicts(rules, times: 4) == Array(repeating: Self.pristine, count: 4))
        #expect(kept.refusal == "an evaluation changed a table or upvalue the chunk's table reaches")
    }

    @Test func aPlanThatWritesTheSameValueBackKeepsTheState() throws {
        let rules = try Fixture.rules(Self.source(report: Self.report, change: "counter = counter; list[1] = 'a'"),
                                      libraries: Self.libraries)
        let kept = try #require(rules.keptRules)
        #expect(try verdicts(rules, times: 3) == Array(repeating: Self.pristine, count: 3))
        #expect(kept.isKept)
    }

    /// Numbers are compared as a script sees them: a float's sign and bits, not only its value.
    @Test func aFloatChangedOnlyInItsSignLetsTheStateGoAndANaNLeftAloneKeepsIt() throws {
        let signed = try Fixture.rules(Self.source(prelude: "local zero = 0.0", report: "tostring(1 / zero)", change: "zero = -0.0"),
                                       libraries: Self.libraries)
        let kept = try #require(signed.keptRules)
        #expect(try verdicts(signed, times: 3) == Array(repeating: ["inf"], count: 3))
        #expect(kept.refusal == "an evaluation changed a table or upvalue the chunk's table reaches")

        let nan = try Fixture.rules(Self.source(prelude: "local nan = 0/0; extra.nan = nan", report: "tostring(nan ~= nan)",
                                                change: "extra.nan = nan"), libraries: Self.libraries)
        let keptNaN = try #require(nan.keptRules)
        #expect(try verdicts(nan, times: 3) == Array(repeating: ["true"], count: 3))
        #expect(keptNaN.isKept)
    }

    @Test(arguments: [
        ("print('loading')", "the rules table is not kept: the chunk printed while it ran"),
        ("local d = sp.date('2025-01-01')", "the rules table is not kept: the chunk called sp or the host while it ran"),
        ("local S = sp; extra.sp = S",
         "the rules table is not kept: it keeps a protected table of the evaluation that built it (such as sp or a host value)"),
        ("local blank = sp.blank; extra.blank = blank",
         "the rules table is not kept: it keeps a function of the evaluation that built it (such as one of sp)"),
        ("local G = _ENV; extra.g = G", "the rules table is not kept: it keeps the environment of the evaluation that built it"),
        ("extra.co = coroutine.create(function() end)", "the rules table is not kept: it keeps a coroutine"),
        ("extra.next = string.gmatch('a b', '%a')", "the rules table is not kept: it keeps a function of the host or of the evaluation that built it"),
    ])
    func aChunkHoldingSomethingOfItsEvaluationIsRunForEveryPlan(prelude: String, refusal: String) throws {
        let source = Self.source(prelude: prelude, report: Self.report)
        let rules = try Fixture.rules(source, libraries: Self.libraries)
        #expect(rules.keptRules == nil)
        #expect(try verdicts(rules, times: 3) == Array(repeating: Self.pristine, count: 3))
        let runtime = try #require(rules.runtime)
        let kept = try runtime.evaluate { ev in
            try rules.helpers.define(in: ev, prelude: rules.prelude!, today: Fixture.today)
            return try ev.runKeeping(rules.chunk!).kept
        }
        #expect(kept.refusal == refusal)
    }

    @Test func keptFunctionsSeeTheEvaluationsOwnDateAndGlobals() throws {
        let source = """
            local R = { items = {} }
            R.items.notes = { complete = function(ctx) return false, tostring(sp.age("2000-01-01")) .. " " .. ctx.today end }
            return R
            """
        let rules = try Fixture.rules(source)
        let kept = try #require(rules.keptRules)
        var input = try Fixture.bench(rules).input
        input.today = "2025-06-30"
        #expect(rules.evaluate(input).incomplete[InstanceRef("notes")] == ["25 2025-06-30"])
        input.today = "2031-01-02"
        #expect(rules.evaluate(input).incomplete[InstanceRef("notes")] == ["31 2031-01-02"])
        #expect(kept.isKept)
    }

    @Test func aModuleRequiredAgainInAHookIsTheOneTheChunkKept() throws {
        let source = """
            local lib = require("shared")
            local R = { items = {} }
            R.items.notes = { complete = function(ctx) return false, tostring(rawequal(require("shared"), lib)) end }
            return R
            """
        let rules = try Fixture.rules(source, libraries: Self.libraries)
        #expect(rules.keptRules?.isKept == true)
        #expect(try verdicts(rules, times: 2) == [["true"], ["true"]])
    }

    @Test func coverageAndDecisionsRunTheChunkForEveryPlan() throws {
        let template = Fixture.template(Self.source(report: Self.report))
        let covered = try LuaRules(template: template, profile: Fixture.profile, recordTypes: Fixture.recordTypes,
                                   libraries: Self.libraries, collectCoverage: true)
        #expect(covered.keptRules == nil)
    }
}
