import Foundation
import PlanModel
import PlanService
import PlanStore
import Testing

@Suite struct DryRunTests {
    /// Each changing operation, run as a dry run against the demo database.
    nonisolated(unsafe) static let operations: [(String, (ServiceCall) throws -> Void)] = [
        ("createPlan", { s in
            let change = try s.createPlan(client: "C-0002", template: "home-care", dryRun: true)
            #expect(change.dryRun && change.plan.id == "SP-000003" && change.plan.status == .draft)
        }),
        ("setValues", { s in
            let change = try s.setValues(plan: "SP-000002", item: "preferred_name", [try Assignment.parse("pronouns=They/them")], dryRun: true)
            #expect(change.events.map(\.action) == ["profile"])
            #expect(change.evaluation.item(InstanceRef("preferred_name"))?.values["pronouns"] == .text("They/them"))
        }),
        ("link", { s in
            let change = try s.link(plan: "SP-000002", item: "emergency_contacts", records: ["CC-00002"], dryRun: true)
            #expect(change.dryRun && change.events.map(\.action) == ["link"])
            #expect(change.evaluation.item(InstanceRef("emergency_contacts"))?.records == ["CC-00001", "CC-00005", "CC-00002"])
        }),
        ("unlink", { s in
            let change = try s.unlink(plan: "SP-000002", item: "emergency_contacts", record: "CC-00001", dryRun: true)
            #expect(change.dryRun && change.events.map(\.action) == ["unlink"])
            #expect(change.evaluation.item(InstanceRef("emergency_contacts"))?.records == ["CC-00005"])
        }),
        ("createRecord", { s in
            let change = try s.createRecord(plan: "SP-000002", item: "emergency_contacts",
                                            [try Assignment.parse("name=Sam Lee"), try Assignment.parse("relationship=Friend"),
                                             try Assignment.parse("phone=0400 123 456")], dryRun: true)
            #expect(change.dryRun && change.createdRecords.map(\.id) == ["CC-00006"])
        }),
        ("review", { s in
            let change = try s.review(plan: "SP-000002", item: "preferred_name", dryRun: true)
            #expect(change.dryRun && change.events.map(\.action) == ["reviewed"])
            #expect(change.evaluation.item(InstanceRef("preferred_name"))?.status == .reviewed)
        }),
        ("notRequired", { s in
            let change = try s.notRequired(plan: "SP-000002", item: "transfer_video", reason: "Walks", dryRun: true)
            #expect(change.dryRun && change.events.map(\.action) == ["not_required"])
            #expect(change.plan.instance(InstanceRef("transfer_video"))?.notRequiredReason == "Walks")
        }),
        ("reinstate", { s in
            let change = try s.reinstate(plan: "SP-000002", item: "allied_health", dryRun: true)
            #expect(change.dryRun && change.events.map(\.action) == ["reinstate"])
            #expect(change.evaluation.item(InstanceRef("allied_health"))?.status == .open)
        }),
        ("addInstance", { s in
            let change = try s.addInstance(plan: "SP-000002", item: "community_activities", clone: 1, dryRun: true)
            #expect(change.dryRun && change.events.map(\.target) == ["community_activities#3"])
            #expect(change.plan.instances(of: "community_activities").map(\.instance) == [1, 2, 3])
        }),
        ("removeInstance", { s in
            let change = try s.removeInstance(plan: "SP-000002", item: "community_activities#2", dryRun: true)
            #expect(change.dryRun && change.events.map(\.action) == ["remove"])
            #expect(change.plan.instances(of: "community_activities").map(\.instance) == [1])
        }),
        ("discard", { s in
            let change = try s.discard("SP-000002", dryRun: true)
            #expect(change.dryRun && change.plan.status == .discarded)
        }),
        ("importClients", { s in
            let report = try s.importClients(data: Data(#"{"id": "C-0050", "name": "Jo Park"}"#.utf8), file: "one.jsonl", dryRun: true)
            #expect(report.created == ["C-0050"] && report.dryRun)
        }),
        ("editRecord", { s in
            let change = try s.editRecord("CC-00001", [try Assignment.parse("phone=0400 999 888")], dryRun: true)
            #expect(change.dryRun && change.record.fields["phone"] == .text("0400 999 888"))
            #expect(change.plans == [.init(plan: "SP-000001", status: .active, needsReview: true, reopened: []),
                                     .init(plan: "SP-000002", status: .draft, needsReview: false, reopened: [])])
        }),
    ]

    @Test(arguments: operations.indices)
    func aDryRunReportsTheChangeAndChangesNothing(index: Int) throws {
        let f = try ServiceFixture()
        try f.runDemo()
        let before = try f.dump()
        try Self.operations[index].1(f.service)
        #expect(try f.dump() == before, "\(Self.operations[index].0) changed the database")
    }

    @Test func dryRunsOfActivationAndReviewChangeNothing() throws {
        let f = try ServiceFixture()
        try f.runDemo()
        try f.reviewEverything("SP-000002")
        var before = try f.dump()
        let activation = try f.service.activate("SP-000002", dryRun: true)
        #expect(activation.expiredPlan == "SP-000001" && activation.plan.status == .active)
        #expect(try f.dump() == before)
        _ = try f.service.activate("SP-000002")
        before = try f.dump()
        let review = try f.service.startReview("SP-000002", dryRun: true)
        #expect(review.plan.id == "SP-000003")
        #expect(try f.dump() == before)
        // The sequence was rolled back too: the real review gets the same id.
        #expect(try f.service.startReview("SP-000002").plan.id == "SP-000003")
    }

    @Test func aDryRunPublishStoresNoVersion() throws {
        let f = try ServiceFixture(copyRules: true)
        try f.runDemo()
        try RulesEdits.hideMobility(in: f.rulesFolder)
        let before = try f.dump()
        let results = try f.service.publish(["ndis-core"], dryRun: true)
        #expect(results.map(\.version) == [2] && results.map(\.created) == [true])
        #expect(try f.dump() == before)
    }
}
