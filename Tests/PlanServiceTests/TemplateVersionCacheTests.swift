import Foundation
import PlanModel
import PlanService
import PlanStore
import Testing

/// Published template versions are read from the store once per service, however many plan reads and
/// changes use them; a version published later is read when a plan first needs it. Counted, never timed.
@Suite struct TemplateVersionCacheTests {
    @Test func aTemplateVersionIsReadFromTheStoreOncePerServiceForManyReadsAndChanges() throws {
        let f = try ServiceFixture.demoReopened()
        let versions = f.service.service.templateVersions
        #expect(versions.storeReads == 0)
        for _ in 0..<5 { _ = try f.service.show("SP-000002") }
        _ = try f.service.evaluate("SP-000002")
        _ = try f.service.explain("SP-000002", item: "goals")
        _ = try f.service.setValues(plan: "SP-000002", item: "goals", [try Assignment.parse("progress_notes=Catches the tram alone")])
        _ = try f.service.show("SP-000002")
        // SP-000001 is made from the same version (ndis-core v1).
        _ = try f.service.show("SP-000001")
        #expect(versions.storeReads == 1)
        // Another template's version is read once too.
        let homeCare = try f.service.createPlan(client: "C-0002", template: "home-care").plan.id
        for _ in 0..<3 { _ = try f.service.show(homeCare) }
        #expect(versions.storeReads == 2)
        // Another service (another server on the same database) reads for itself.
        let other = SupportPlanService(store: f.store, rules: try RulesCache(folder: f.rulesFolder)).call(as: ServiceFixture.admin)
        _ = try other.show("SP-000002")
        _ = try other.show("SP-000002")
        #expect(other.service.templateVersions.storeReads == 1)
    }

    @Test func aVersionPublishedLaterIsReadWhenAPlanFirstUsesItAndServesItsOwnRules() throws {
        let f = try ServiceFixture.demoReopened(copyRules: true)
        _ = try f.service.discard("SP-000002")
        #expect(try f.service.show("SP-000001").evaluation.item(InstanceRef("mobility"))?.visible == true)
        try RulesEdits.hideMobility(in: f.rulesFolder)
        #expect(try f.service.publish(["ndis-core"]).map(\.version) == [2])
        let upgraded = try f.service.startReview("SP-000001", upgrade: true).plan.id
        #expect(try f.service.show(upgraded).evaluation.item(InstanceRef("mobility"))?.visible == false)
        #expect(try f.service.show(upgraded).plan.templateVersion == 2)
        #expect(try f.service.show("SP-000001").evaluation.item(InstanceRef("mobility"))?.visible == true)
        #expect(f.service.service.templateVersions.storeReads == 2)
    }
}
