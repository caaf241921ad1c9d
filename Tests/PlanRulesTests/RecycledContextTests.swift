@testable import PlanModel
@testable import PlanRules
import Testing

/// An engine rewrites the same ctx, item and values tables at each position of the plans it evaluates
/// instead of making new ones (`RecycleKeys`): every plan still reads only its own instances, whatever sat
/// at that position in the plan before, and no table kept from an earlier plan shows the next one.
@Suite struct RecycledContextTests {
    static let source = """
        local function describe(ctx)
          local item = ctx.item
          local parts = { item.key .. "#" .. item.instance, item.status }
          for k, v in pairs(item.values) do parts[#parts + 1] = k .. "=" .. tostring(v) end
          parts[#parts + 1] = "records:" .. #item.records
          parts[#parts + 1] = "url:" .. tostring(item.url)
          parts[#parts + 1] = "same:" .. tostring(rawequal(ctx.plan.item(item.key, item.instance), item))
          parts[#parts + 1] = "communication:" .. tostring(ctx.plan.item("communication") ~= nil)
          return false, table.concat(parts, " ")
        end
        local R = { items = {} }
        R.items.communication = { complete = describe }
        R.items.notes = { complete = describe }
        R.items.transfer_video = { complete = describe }
        return R
        """

    @Test func eachPlanReadsItsOwnInstanceWhereAnotherPlanHadADifferentOne() throws {
        let rules = try Fixture.rules(Self.source)
        var full = try Fixture.bench(rules).input
        for (index, instance) in full.plan.instances.enumerated() {
            if instance.key == "communication" {
                full.plan.instances[index].values = ["method": .text("Verbal"), "language": .text("Greek")]
                full.plan.instances[index].status = .complete
            }
            if instance.key == "notes" { full.plan.instances[index].values = ["note": .text("first")] }
        }
        // Notes moves to where communication was: position 1.
        var short = full
        short.plan.instances = full.plan.instances.filter { $0.key == "preferred_name" || $0.key == "notes" }
        short.plan.instances[1].values = [:]
        short.plan.instances[1].status = .reviewed
        #expect(short.plan.instances.map(\.key) == ["preferred_name", "notes"])
        #expect(full.plan.instances[1].key == "communication")

        // Notes moves to where the video was (position 4), whose url it must not show.
        var noVideo = full
        noVideo.plan.instances.removeAll { $0.key == "transfer_video" }
        #expect(noVideo.plan.instances[4].key == "notes")

        let fullVerdict: [InstanceRef: [String]] = [
            InstanceRef("communication"): ["communication#1 complete language=Greek method=Verbal records:0 url:nil same:true communication:true"],
            InstanceRef("notes"): ["notes#1 open note=first records:0 url:nil same:true communication:true"],
            InstanceRef("transfer_video"): ["transfer_video#1 open records:0 url:https://example.org/transfers same:true communication:true"],
        ]
        let noVideoVerdict: [InstanceRef: [String]] = [
            InstanceRef("communication"): ["communication#1 complete language=Greek method=Verbal records:0 url:nil same:true communication:true"],
            InstanceRef("notes"): ["notes#1 open note=first records:0 url:nil same:true communication:true"],
        ]
        let shortVerdict: [InstanceRef: [String]] = [
            InstanceRef("notes"): ["notes#1 reviewed records:0 url:nil same:true communication:false"],
        ]
        let runtime = try #require(rules.runtime)
        var recycled: [Int] = []
        let plans = [(full, fullVerdict), (short, shortVerdict), (full, fullVerdict), (short, shortVerdict), (noVideo, noVideoVerdict)]
        for (input, expected) in plans {
            let before = runtime.tablesRecycled
            let verdict = rules.evaluate(input)
            #expect(verdict.errors == [])
            #expect(verdict.incomplete == expected)
            recycled.append(runtime.tablesRecycled - before)
        }
        // The client's, its profile's, the plan's and the empty list of records, and ctx, item and values: none kept
        // before the first plan, then those at the positions both plans share.
        #expect(recycled == [0, 4 + 3, 4 + 9, 4 + 3, 4 + 6])
    }

    /// A plan evaluated again takes each position's kept ctx, item and values tables as they are, before any hook
    /// runs (`ContextTable.takeKeptTables`): every way a hook reaches an item still gives the one table, holding the
    /// plan's own instance, and the ones that could not be taken (the video's item, whose url is written anew) are
    /// written as before.
    @Test func tablesTakenAsTheyWereAreTheOneTableOfTheirInstanceEverywhere() throws {
        let rules = try Fixture.rules(Self.source)
        var input = try Fixture.bench(rules).input
        for (index, instance) in input.plan.instances.enumerated() where instance.key == "notes" {
            input.plan.instances[index].values = ["note": .text("first")]
        }
        let expected: [InstanceRef: [String]] = [
            InstanceRef("communication"): ["communication#1 open language=English records:0 url:nil same:true communication:true"],
            InstanceRef("notes"): ["notes#1 open note=first records:0 url:nil same:true communication:true"],
            InstanceRef("transfer_video"): ["transfer_video#1 open records:0 url:https://example.org/transfers same:true communication:true"],
        ]
        let runtime = try #require(rules.runtime)
        var left: [Int] = [], taken: [Int] = []
        for _ in 1...3 {
            let before = (runtime.tablesLeftAsTheyWere, runtime.tablesTaken)
            #expect(rules.evaluate(input).incomplete == expected)
            left.append(runtime.tablesLeftAsTheyWere - before.0)
            taken.append(runtime.tablesTaken - before.1)
        }
        // The first plan makes every table, the second leaves the last ctx made (as a push finds it, tables having
        // been made after the others). The third takes the client's, its profile's and the plan's, and communication's
        // and notes' three tables each, before their hooks run; the video's ctx and empty values are left as their
        // pushes find them, its item written anew.
        #expect(left == [0, 1, 11])
        #expect(taken == [0, 0, 9])
    }

    /// A hook that keeps its ctx in the rules' own state, and reads it in the next plan, finds nothing there:
    /// keeping it changed the kept rules table, so the next plan runs the chunk afresh.
    @Test func aCtxKeptByOnePlanIsNeverReadByTheNext() throws {
        let source = """
            local kept = setmetatable({}, { __mode = "v" })
            local R = { items = {} }
            R.items.notes = {
              complete = function(ctx)
                local before = kept[1] and (kept[1].item.values.note or "none") or "nothing kept"
                kept[1] = ctx
                return false, ctx.client.name .. ": " .. before
              end,
            }
            return R
            """
        let rules = try Fixture.rules(source)
        let (a, b, _) = try Self.twoPlans(rules, notes: ("secret of A", "secret of B"))
        for (input, name) in [(a, "Alex Citizen"), (b, "Bo Other"), (a, "Alex Citizen"), (b, "Bo Other")] {
            #expect(rules.evaluate(input).incomplete[InstanceRef("notes")] == ["\(name): nothing kept"])
        }
    }

    /// Plan P-A of Alex Citizen and plan P-B of Bo Other, their notes holding `notes`; and the notes' position, the
    /// same in both.
    static func twoPlans(_ rules: LuaRules, notes: (a: String, b: String)) throws -> (RulesInput, RulesInput, Int) {
        var a = try Fixture.bench(rules, id: "P-A", client: Fixture.client).input
        var b = try Fixture.bench(rules, id: "P-B", client: Fixture.otherClient).input
        let notesA = try #require(a.plan.instances.firstIndex { $0.key == "notes" })
        a.plan.instances[notesA].values = ["note": .text(notes.a)]
        let notesB = try #require(b.plan.instances.firstIndex { $0.key == "notes" })
        b.plan.instances[notesB].values = ["note": .text(notes.b)]
        #expect(notesA == notesB)
        return (a, b, notesA)
    }

    /// An instance's ctx holds only today's date, the recycled client, plan and item tables and its section's, and
    /// its item table (beside its recycled values and records) the item, instance, kind and status: when the kept
    /// one was written with the same, it is left as it is (the tables it holds are rewritten in place), and every
    /// plan still reads its own client, plan, date and instance through it.
    @Test func tablesLeftAsTheyWereShowEachPlansOwnClientPlanDateAndItem() throws {
        let source = """
            local R = { items = {} }
            R.items.notes = {
              complete = function(ctx)
                return false, table.concat({ ctx.today, ctx.client.name, ctx.plan.id, ctx.section.key,
                                             ctx.item.key, ctx.item.status, tostring(ctx.item.values.note) }, " ")
              end,
            }
            return R
            """
        let rules = try Fixture.rules(source)
        let (a, b, notesA) = try Self.twoPlans(rules, notes: ("of A", "of B"))
        var bLater = b
        bLater.today = "2025-07-01"
        var aReviewed = a
        aReviewed.plan.instances[notesA].status = .reviewed
        let section = try #require(rules.template.section(containing: "notes")?.key)
        let runtime = try #require(rules.runtime)
        var left: [Int] = []
        let plans = [(a, "2025-06-30 Alex Citizen P-A \(section) notes open of A"), (a, "2025-06-30 Alex Citizen P-A \(section) notes open of A"),
                     (a, "2025-06-30 Alex Citizen P-A \(section) notes open of A"), (b, "2025-06-30 Bo Other P-B \(section) notes open of B"),
                     (bLater, "2025-07-01 Bo Other P-B \(section) notes open of B"), (bLater, "2025-07-01 Bo Other P-B \(section) notes open of B"),
                     (a, "2025-06-30 Alex Citizen P-A \(section) notes open of A"),
                     (aReviewed, "2025-06-30 Alex Citizen P-A \(section) notes reviewed of A"),
                     (a, "2025-06-30 Alex Citizen P-A \(section) notes open of A")]
        for (input, reads) in plans {
            let before = runtime.tablesLeftAsTheyWere
            #expect(rules.evaluate(input).incomplete[InstanceRef("notes")] == [reads])
            left.append(runtime.tablesLeftAsTheyWere - before)
        }
        // The first plan makes the tables. The second leaves the ctx as it was (the last table made), not yet the
        // item and values (tables were made after them); from then on all three, but the values of another plan
        // (B's notes are B's own). Another client and plan leave ctx and item (their tables are rewritten in place);
        // another date rewrites the ctx only, another status the item only: the values stay B's, then A's, as they
        // were written. The client's, its profile's and the plan's tables are taken as they were whenever the client
        // and plan are the last evaluation's (three more, from the third on).
        #expect(left == [0, 1, 3 + 3, 2, 2 + 3, 3 + 3, 1, 2 + 3, 2 + 3])
    }

    /// An item's values table is left as it was only while the instance's values are the very ones its position
    /// last wrote there, for the same item's fields: values changed since, or another item's equal values (both
    /// empty) at that position, are written anew, and each plan reads its own (and is refused unknown fields by
    /// its own item's message).
    @Test func valuesLeftAsTheyWereAreAlwaysTheInstancesOwn() throws {
        let source = """
            local function describe(ctx)
              local ok, refusal = pcall(function() return ctx.item.values.nope end)
              local note = ctx.item.key == "notes" and tostring(ctx.item.values.note) or "-"
              return false, ctx.item.key .. " " .. note .. " | " .. tostring(refusal)
            end
            local R = { items = {} }
            R.items.communication = { complete = describe }
            R.items.notes = { complete = describe }
            return R
            """
        let rules = try Fixture.rules(source)
        var a = try Fixture.bench(rules).input
        let notes = try #require(a.plan.instances.firstIndex { $0.key == "notes" })
        let communication = try #require(a.plan.instances.firstIndex { $0.key == "communication" })
        a.plan.instances[notes].values = ["note": .text("first")]
        a.plan.instances[communication].values = [:]
        var changed = a
        changed.plan.instances[notes].values["note"] = .text("second")
        // Notes, with no values, where communication (with none either) was.
        var moved = a
        moved.plan.instances.removeAll { $0.key != "preferred_name" && $0.key != "notes" }
        moved.plan.instances[1].values = [:]
        #expect(moved.plan.instances[1].key == "notes" && a.plan.instances[1].key == "communication")

        // What each item's refusal says, from engines that never recycled a table.
        let communicationRefusal = try Self.refusal(Fixture.rules(source), a, "communication")
        let notesRefusal = try Self.refusal(Fixture.rules(source), moved, "notes")
        #expect(communicationRefusal == "Rules/t/rules.lua:2: item 'communication' has no field 'nope'")
        #expect(notesRefusal == "Rules/t/rules.lua:2: item 'notes' has no field 'nope' (did you mean 'note'?)")
        let runtime = try #require(rules.runtime)
        var left: [Int] = []
        for (input, reads) in [(a, ["notes first", "communication -"]), (a, ["notes first", "communication -"]),
                               (changed, ["notes second", "communication -"]), (a, ["notes first", "communication -"]),
                               (moved, ["notes nil"]), (a, ["notes first", "communication -"]), (moved, ["notes nil"])] {
            let before = runtime.tablesLeftAsTheyWere
            let verdict = rules.evaluate(input)
            left.append(runtime.tablesLeftAsTheyWere - before)
            var seen: [String] = []
            for key in ["notes", "communication"] {
                guard let message = verdict.incomplete[InstanceRef(key)]?.first else { continue }
                let refusal = key == "notes" ? notesRefusal : communicationRefusal
                #expect(message.hasSuffix(" | " + refusal), "\(key) read another item's values table: \(message)")
                seen.append(String(message.prefix { $0 != "|" }.dropLast()))
            }
            #expect(seen == reads)
        }
        // Tables left as they were at each evaluation: none at first; then the last one made (a ctx); then both
        // ctx and items and communication's values (notes' values are new, then A's again: not the ones written last);
        // none where notes moved (another section, item and values shape at its position); A again leaves its notes'
        // three tables, which no plan wrote in between, and writes communication's position anew. Every plan but the
        // first two is of the same client and plan: their three tables are taken as they were.
        #expect(left == [0, 1, 5 + 3, 5 + 3, 0 + 3, 3 + 3, 0 + 3])
    }

    /// What reading an unknown field of `key`'s values says (after the `|` of the hook's message).
    static func refusal(_ rules: LuaRules, _ input: RulesInput, _ key: String) throws -> String {
        let message = try #require(rules.evaluate(input).incomplete[InstanceRef(key)]?.first)
        return String(message.split(separator: "|", maxSplits: 1)[1].dropFirst())
    }
}
