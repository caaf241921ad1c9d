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
        ("link", { s in _ = try s.link(plan: "SP-000002", item: "emergency_contacts", records: ["CC-00002"], dryRun: true) }),
        ("unlink", { s in _ = try s.unlink(plan: "SP-000002", item: "emergency_contacts", record: "CC-00001", dryRun: true) }),
        ("createRecord", { s in
            let change = try s.createRecord(plan: "SP-000002", item: "emergency_contacts",
                                            [try Assignment.parse("name=Sam Lee"), try Assignment.parse("relationship=Friend"),
                                             try Assignment.parse("phone=0400 123 456")], dryRun: true)
            #expect(change.createdRecords.map(\.id) == ["CC-00006"])
        }),
        ("review", { s in _ = try s.review(plan: "SP-000002", item: "preferred_name", dryRun: true) }),
        ("notRequired", { s in _ = try s.notRequired(plan: "SP-000002", item: "transfer_video", reason: "Walks", dryRun: true) }),
        ("reinstate", { s in _ = try s.reinstate(plan: "SP-000002", item: "allied_health", dryRun: true) }),
        ("addInstance", { s in _ = try s.addInstance(plan: "SP-000002", item: "community_activities", clone: 1, dryRun: true) }),
        ("removeInstance", { s in _ = try s.removeInstance(plan: "SP-000002", item: "community_activities#2", dryRun: true) }),
        ("discard", { s in
            let change = try s.discard("SP-000002", dryRun: true)
            #expect(change.plan.status == .discarded)
        }),
        ("importClients", { s in
            let report = try s.importClients(data: Data(#"{"id": "C-0050", "name": "Jo Park"}"#.utf8), file: "one.jsonl", dryRun: true)
            #expect(report.created == ["C-0050"] && report.dryRun)
        }),
        ("editRecord", { s in _ = try s.editRecord("CC-00001", [try Assignment.parse("phone=0400 999 888")], dryRun: true) }),
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
