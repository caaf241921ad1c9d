@testable import PlanModel
@testable import PlanRules
import Testing

/// An engine keeps its client, profile and plan tables from one evaluation to the next, functions and all, and takes
/// them as they are when the same client and plan come again (`ClientTable.takeKeptTables`): every evaluation still
/// reads its own client, profile, records, plan and items through them.
@Suite struct KeptClientTableTests {
    static let source = """
        local R = { items = {} }
        R.items.notes = {
          complete = function(ctx)
            local client, plan = ctx.client, ctx.plan
            local medication = client.record("MED-00001")
            local bsp = plan.behaviour_support_plan
            return false, table.concat({
              client.name, tostring(client.profile.first_name), tostring(client.profile.suburb),
              "contacts:" .. #client.records("care_contact"), medication and medication.name or "no medication",
              plan.id, plan.status, tostring(plan.item("notes").values.note), bsp and bsp.title or "no bsp",
            }, " ")
          end,
        }
        return R
        """

    @Test func keptClientAndPlanTablesShowEachEvaluationsOwnClientRecordsAndPlan() throws {
        let rules = try Fixture.rules(Self.source)
        var a = try Fixture.bench(rules).input
        let notes = try #require(a.plan.instances.firstIndex { $0.key == "notes" })
        a.plan.instances[notes].values = ["note": .text("first")]
        // The same client and profile, with other records: what the kept functions read is this evaluation's.
        var fewerRecords = a
        fewerRecords.records.removeAll { $0.id == "CC-00002" || $0.id == "MED-00001" }
        var otherNote = a
        otherNote.plan.instances[notes].values = ["note": .text("second")]
        var moved = a
        moved.client.profile["suburb"] = .text("Geelong")
        var b = try Fixture.bench(rules, id: "P-B", client: Fixture.otherClient).input
        b.plan.instances[notes].values = ["note": .text("of B")]
        var withPlan = a
        withPlan.plan.behaviourSupportPlanID = "BSP-00001"

        let alex = "Alex Citizen Alex Carlton contacts:2 Paracetamol P-1 draft first no bsp"
        let plans = [
            (a, alex), (a, alex), (a, alex),
            (fewerRecords, "Alex Citizen Alex Carlton contacts:1 no medication P-1 draft first no bsp"),
            (otherNote, "Alex Citizen Alex Carlton contacts:2 Paracetamol P-1 draft second no bsp"),
            (moved, "Alex Citizen Alex Geelong contacts:2 Paracetamol P-1 draft first no bsp"),
            (b, "Bo Other Bo nil contacts:2 Paracetamol P-B draft of B no bsp"),
            (withPlan, "Alex Citizen Alex Carlton contacts:2 Paracetamol P-1 draft first BSP 2025"),
            (withPlan, "Alex Citizen Alex Carlton contacts:2 Paracetamol P-1 draft first BSP 2025"),
            (a, alex), (a, alex),
        ]
        let runtime = try #require(rules.runtime)
        var taken: [Int] = []
        for (input, reads) in plans {
            let before = runtime.tablesTaken
            #expect(rules.evaluate(input).incomplete[InstanceRef("notes")] == [reads])
            taken.append(runtime.tablesTaken - before)
        }
        // Taken from the third evaluation on: the client, profile and plan tables and notes' ctx, item and values, while
        // all are as they were (other records change none of them). Another note takes the three base tables only (the
        // item's values are new). Another profile, after it, takes nothing: the client is written, and with it the
        // plan (left as it was), and notes' values are the first note again, not the ones written last. Another client
        // and plan take nothing, nor does a plan linking a record, after them; the second time, all but its plan table,
        // which holds the record's table of each evaluation. A again first writes the plan table, then takes all six.
        #expect(taken == [0, 0, 6, 6, 3, 0, 0, 0, 5, 5, 6])
    }
}
