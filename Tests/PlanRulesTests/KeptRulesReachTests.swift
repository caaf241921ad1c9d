@testable import LuaBridge
@testable import PlanModel
@testable import PlanRules
import Testing

/// After each plan the engine compares only the kept tables a script can reach: from the kept functions' upvalues
/// and the kept modules, through keys, values and metatables. The tables that only hold the hooks (R, R.items,
/// R.items.x), which the host reads raw and no script reaches, cannot differ and are not compared. These tests
/// count what is compared, and show that every route by which a script can come to reach the hook tables makes
/// them compared: a plan that changes them through it lets the kept state go, and every plan answers as a fresh
/// chunk would.
@Suite struct KeptRulesReachTests {
    /// `notes.complete` answers false with a report; `change` runs after it. The hook names no table of R itself.
    static func source(prelude: String = "", change: String = "") -> String {
        """
        local lib = require("shared")
        local extra = {}
        local R = { items = {} }
        \(prelude)
        R.items.notes = {
          complete = function(ctx)
            local report = tostring(extra.n)
            \(change)
            return false, report
          end,
        }
        return R
        """
    }

    static let libraries = KeptRulesTests.libraries
    static let stateLetGo = "an evaluation changed a table or upvalue the chunk's table reaches"

    func verdicts(_ rules: LuaRules, times: Int) throws -> [[String]?] {
        let a = try Fixture.bench(rules, id: "P-A", client: Fixture.client).input
        let b = try Fixture.bench(rules, id: "P-B", client: Fixture.otherClient).input
        return (0..<times).map { rules.evaluate($0 % 2 == 0 ? a : b).incomplete[InstanceRef("notes")] }
    }

    @Test func theHookTablesNoScriptReachesAreKeptButNotComparedAndTheRestIs() throws {
        let rules = try Fixture.rules(Self.source(), libraries: Self.libraries)
        let kept = try #require(rules.keptRules)
        // Kept: R, R.items, R.items.notes, extra, the module and its `inner`. Reached: extra (an upvalue of the hook),
        // the module and its `inner` (`require` gives it to any script).
        #expect(kept.tableCounts(in: rules.runtime!) == (kept: 6, compared: 3))
        #expect(try verdicts(rules, times: 3) == Array(repeating: ["nil"], count: 3))
        #expect(kept.isKept)
    }

    @Test func aHookNamingTheRulesTableHasAllOfItCompared() throws {
        let rules = try Fixture.rules(Self.source(change: "local _ = R"), libraries: Self.libraries)
        let kept = try #require(rules.keptRules)
        #expect(kept.tableCounts(in: rules.runtime!) == (kept: 6, compared: 6))
    }

    /// Each prelude (run before `R.items.notes` is set) gives scripts a way to the rules table other than naming it
    /// in the hook; each change replaces the hook through that way. Had it been missed, the next plans would find
    /// `complete` answering true.
    @Test(arguments: [
        ("lib.rules = R", "require('shared').rules.items.notes.complete = function() return true end"),
        ("lib.inner.list = { R }", "lib.inner.list[1].items.notes.complete = function() return true end"),
        ("setmetatable(extra, { __index = R })", "extra.items.notes.complete = function() return true end"),
        ("setmetatable(extra, { R })", "getmetatable(extra)[1].items.notes.complete = function() return true end"),
        ("extra[R] = true", "for k in pairs(extra) do if type(k) == 'table' then k.items.notes.complete = function() return true end end end"),
        ("local function rules() return R end; extra.get = rules", "extra.get().items.notes.complete = function() return true end"),
        ("local items = R.items; lib.items = function() return items end", "lib.items().notes.complete = function() return true end"),
        ("lib.hooks = R.items", "lib.hooks.notes.complete = function() return true end"),
    ])
    func everyRouteToTheHookTablesHasThemComparedAndAChangeLetsTheStateGo(prelude: String, change: String) throws {
        let rules = try Fixture.rules(Self.source(prelude: prelude, change: change), libraries: Self.libraries)
        let kept = try #require(rules.keptRules)
        let counts = kept.tableCounts(in: rules.runtime!)
        #expect(counts.compared > 3)
        #expect(try verdicts(rules, times: 4) == Array(repeating: ["nil"], count: 4))
        #expect(kept.refusal == Self.stateLetGo)
    }

    @Test func aChangeToWhatAScriptReachesStillLetsTheStateGo() throws {
        let rules = try Fixture.rules(Self.source(change: "extra.n = 1"), libraries: Self.libraries)
        let kept = try #require(rules.keptRules)
        #expect(try verdicts(rules, times: 3) == Array(repeating: ["nil"], count: 3))
        #expect(kept.refusal == Self.stateLetGo)
    }

    /// A host that hands the kept root to scripts as a global opens every kept table to them: that evaluation
    /// compares all of it, and a write through the global lets the state go.
    @Test func aKeptRootHandedToScriptsAsAGlobalIsComparedWhole() throws {
        let runtime = try LuaRuntime(limits: .init(instructions: 200_000, memoryBytes: 8 << 20, wallClockSeconds: 30))
        let chunk = try runtime.compile("local R = { items = { notes = {} } }\nR.items.notes.complete = function() return true end\nreturn R",
                                        chunkName: "@Rules/test/rules.lua")
        let writer = try runtime.compile("Rules.items.notes.mark = 1\nreturn {}", chunkName: "@Rules/test/writer.lua")
        let kept = try runtime.evaluate { ev in try ev.runKeeping(chunk).kept }
        #expect(kept.tableCounts(in: runtime) == (kept: 3, compared: 0))
        try runtime.evaluate { ev in _ = try #require(try ev.use(kept)) }
        #expect(kept.isKept)
        try runtime.evaluate { ev in
            let root = try #require(try ev.use(kept))
            try ev.define(global: "Rules", table: root)
            _ = try ev.run(writer)
        }
        #expect(kept.refusal == Self.stateLetGo)
    }

    /// In a kept table whose hook tables no script reaches, each hook's function is found once, the first time its
    /// path is walked, and pushed from the kept table's list after that; plans of other clients still get their own
    /// answers from it.
    @Test func aHookInTablesNoScriptReachesIsFoundOnceAndAnswersEveryPlan() throws {
        let rules = try Fixture.rules(Self.source(change: "report = report .. ' ' .. ctx.client.id"), libraries: Self.libraries)
        let kept = try #require(rules.keptRules)
        let path = try #require(rules.itemHooks["notes"]?.complete?.path)
        #expect(try verdicts(rules, times: 4) == [["nil C-1"], ["nil C-2"], ["nil C-1"], ["nil C-2"]])
        #expect(path.keptSerial == kept.serial)
        #expect(path.keptSlot == 1)
        #expect(kept.isKept)
    }

    @Test func aHookInTablesAScriptReachesIsWalkedInEveryCall() throws {
        let rules = try Fixture.rules(Self.source(change: "local _ = R.items"), libraries: Self.libraries)
        let kept = try #require(rules.keptRules)
        let path = try #require(rules.itemHooks["notes"]?.complete?.path)
        #expect(try verdicts(rules, times: 2) == [["nil"], ["nil"]])
        #expect(path.keptSerial == kept.serial)
        #expect(path.keptSlot == 0)
    }

    /// Once the kept root is handed to scripts, a hook they replace through it is the one called next, in the same
    /// evaluation: the function found once is no longer used.
    @Test func aHookReplacedThroughAKeptRootHandedToScriptsIsTheOneCalledNext() throws {
        let runtime = try LuaRuntime(limits: .init(instructions: 200_000, memoryBytes: 8 << 20, wallClockSeconds: 30))
        let chunk = try runtime.compile("return { items = { a = { f = function() return 'kept' end } } }", chunkName: "@Rules/test/rules.lua")
        let writer = try runtime.compile("Rules.items.a.f = function() return 'replaced' end\nreturn {}",
                                         chunkName: "@Rules/test/writer.lua")
        let path = LuaPath(["items", "a", "f"])
        let kept = try runtime.evaluate { ev in try ev.runKeeping(chunk).kept }
        let answers = try runtime.evaluate { ev in
            let root = try #require(try ev.use(kept))
            let first = try ev.callHook(root, path: path, .value(.nil))
            try ev.define(global: "Rules", table: root)
            _ = try ev.run(writer)
            return [first, try ev.callHook(root, path: path, .value(.nil))]
        }
        #expect(answers == [.values([.string("kept")]), .values([.string("replaced")])])
        #expect(path.keptSlot == 1)
        #expect(kept.refusal == Self.stateLetGo)
    }
}
