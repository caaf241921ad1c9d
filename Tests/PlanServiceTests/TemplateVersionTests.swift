import Foundation
import PlanModel
import RulesReader
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

    /// The plan as `plan show --format json` gives it.
    func shown(_ f: ServiceFixture, _ plan: String) throws -> String {
        String(decoding: try ServiceJSON.encoder().encode(try f.service.show(plan)), as: UTF8.self)
    }

    @Test func aPlanShowsAndEvaluatesAProfileFieldRemovedFromTheRulesFolderAfterItsVersionWasPublished() throws {
        let f = try ServiceFixture(copyRules: true)
        try f.runDemo()
        let before = try shown(f, "SP-000001")
        // The organisation removes `pronouns` from profile.yaml; ndis-core version 1 kept the profile it was published with.
        try RulesEdits.removeProfileField("pronouns", in: f.rulesFolder)
        try f.reopen()
        #expect(f.service.rules.profile.field("pronouns") == nil)
        #expect(try shown(f, "SP-000001") == before)
        let item = try #require(try f.service.evaluate("SP-000001").item(InstanceRef("preferred_name")))
        #expect(item.status == .complete && item.check.ok && item.values["pronouns"] == .text("She/her"))
        #expect(try f.service.show("SP-000001").template.item("preferred_name")?.fields.map(\.key) == ["preferred_name", "pronouns"])
        let batch = try f.service.evaluateAll(threads: 1)
        #expect(batch.plans == 2 && batch.plansNotEvaluated == 0 && batch.notEvaluatedSamples == [])
    }

    @Test func aReviewUpgradeMovesThePlanToTheNewVersionsProfile() throws {
        let f = try ServiceFixture(copyRules: true)
        try f.runDemo()
        _ = try f.service.discard("SP-000002")
        try RulesEdits.removeProfileField("pronouns", in: f.rulesFolder)
        try f.reopen()
        // The template still names the field, so it cannot be published against the new profile.
        #expect(throws: ServiceError.badInput(
            "Rules/ndis-core/template.yaml:24:34: sections[0].items[0].fields[1]: field 'pronouns' is not in profile.yaml")) {
            try f.service.publish(["ndis-core"])
        }
        try RulesEdits.replace("fields: [preferred_name, pronouns]", with: "fields: [preferred_name]",
                               in: "ndis-core/template.yaml", of: f.rulesFolder)
        #expect(try f.service.publish(["ndis-core"]).map(\.version) == [2])
        let upgraded = try f.service.startReview("SP-000001", upgrade: true)
        #expect(upgraded.plan.templateVersion == 2)
        #expect(try f.service.show(upgraded.plan.id).template.item("preferred_name")?.fields.map(\.key) == ["preferred_name"])
        #expect(upgraded.evaluation.item(InstanceRef("preferred_name"))?.values["pronouns"] == nil)
        // The active plan stays on version 1 and its profile.
        #expect(try f.service.evaluate("SP-000001").item(InstanceRef("preferred_name"))?.values["pronouns"] == .text("She/her"))
    }

    @Test func aVersionPublishedBeforeVersionsKeptTheirCatalogsReadsTheRulesFolderAndSaysSoWhenItNoLongerLoads() throws {
        let f = try ServiceFixture(copyRules: true)
        try f.runDemo()
        _ = try f.service.discard("SP-000002")
        // Version 2 as an older supportplan stored it: the template's texts only.
        let folder = try RulesFolder.load(at: f.rulesFolder)
        let manifest = try String(contentsOf: f.rulesFolder.appendingPathComponent("ndis-core/template.yaml"), encoding: .utf8)
        let published = try f.store.write { tx in
            try tx.publish(templateID: "ndis-core", manifest: manifest, rulesSource: folder.templates["ndis-core"]?.rulesSource,
                           libraries: folder.libraries, now: "2026-11-28T09:00:00.000Z")
        }
        #expect(published == (2, true))
        let old = try f.service.startReview("SP-000001", upgrade: true).plan.id
        #expect(try f.service.evaluate(old).templateVersion == 2)

        try RulesEdits.removeProfileField("pronouns", in: f.rulesFolder)
        try f.reopen()
        let why = ServiceError.badInput([
            "Template 'ndis-core' version 2 was published before versions kept their own profile and record types, "
                + "and no longer loads against the current ones (publish the template again, and upgrade its plans at their next review):",
            "Rules/ndis-core/template.yaml:24:34: sections[0].items[0].fields[1]: field 'pronouns' is not in profile.yaml",
        ])
        #expect(throws: why) { try f.service.show(old) }
        #expect(try f.service.evaluate("SP-000001").templateVersion == 1)
        let batch = try f.service.evaluateAll(threads: 1)
        #expect(batch.plans == 1 && batch.plansNotEvaluated == 1)
        #expect(batch.notEvaluatedSamples == ["\(old): " + why.reasons.joined(separator: " ")])
    }
}
