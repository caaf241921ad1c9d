import Foundation
import PlanModel
import PlanService
import PlanStore
import Testing

@Suite struct TemplateVersionTests {
    func mobilityVisible(_ f: ServiceFixture, _ plan: String) throws -> Bool? {
        try f.service.evaluate(plan).item(InstanceRef("mobility"))?.visible
    }

    @Test func aPlanKeepsItsTemplateVersionsRulesUntilAReviewUpgradesIt() throws {
        let f = try ServiceFixture(copyRules: true)
        try f.runDemo()
        _ = try f.service.discard("SP-000002")
        #expect(try mobilityVisible(f, "SP-000001") == true)

        // The rules on disk change: the stored plan still evaluates with version 1.
        try RulesEdits.hideMobility(in: f.rulesFolder)
        try f.reopen()
        #expect(try mobilityVisible(f, "SP-000001") == true)

        // Publishing stores version 2; SP-000001 still uses version 1.
        let published = try f.service.publish(["ndis-core"])
        #expect(published.map(\.version) == [2] && published.map(\.created) == [true])
        #expect(try f.service.publish(["ndis-core"]).map(\.created) == [false])
        try f.reopen()
        #expect(try mobilityVisible(f, "SP-000001") == true)
        #expect(try f.service.evaluate("SP-000001").templateVersion == 1)

        // A review without --upgrade stays on version 1.
        let plain = try f.service.startReview("SP-000001")
        #expect(plain.plan.templateVersion == 1)
        #expect(try mobilityVisible(f, plain.plan.id) == true)
        _ = try f.service.discard(plain.plan.id)

        // A review with --upgrade moves the copy to version 2 and its rules.
        let upgraded = try f.service.startReview("SP-000001", upgrade: true)
        #expect(upgraded.plan.templateVersion == 2)
        #expect(upgraded.upgrade?.fromVersion == 1 && upgraded.upgrade?.toVersion == 2)
        #expect(try mobilityVisible(f, upgraded.plan.id) == false)
        #expect(try mobilityVisible(f, "SP-000001") == true)

        // A new plan is made from the latest version.
        let fresh = try f.service.createPlan(client: "C-0003", template: "ndis-core")
        #expect(fresh.plan.templateVersion == 2)
        #expect(fresh.evaluation.item(InstanceRef("mobility"))?.visible == false)
    }

    @Test func templateShowsEachPublishedVersion() throws {
        let f = try ServiceFixture(copyRules: true)
        try f.runDemo()
        try RulesEdits.hideMobility(in: f.rulesFolder)
        _ = try f.service.publish(["ndis-core"])
        #expect(try f.service.template("ndis-core").version == 2)
        #expect(try f.service.template("ndis-core", version: 1).version == 1)
        #expect(throws: ServiceError(.notFound, ["Template 'ndis-core' has no version 3"], topic: .template, subject: "ndis-core")) { try f.service.template("ndis-core", version: 3) }
        #expect(try f.service.templates().first { $0.id == "ndis-core" }?.latestVersion == 2)
    }
}
