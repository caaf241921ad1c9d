@testable import PlanModel
import Foundation
import Testing

/// A plan's life, Progress: done / total visible instances, per section and per plan, rounded down, none visible = 100.
@Suite struct ProgressTests {
    @Test func aNewPlanHasNothingDone() throws {
        let evaluation = try TestTemplates.create().evaluate()
        #expect(evaluation.progress == Progress(done: 0, total: 6))
        #expect(evaluation.progress.percent == 0)
        #expect(evaluation.sections.map(\.progress) ==
                [Progress(done: 0, total: 2), Progress(done: 0, total: 2), Progress(done: 0, total: 2)])
    }

    @Test func anInstanceIsDoneWhenCompleteReviewedOrNotRequired() {
        #expect(ItemInstance.Status.allCases.filter(\.isDone) == [.complete, .reviewed, .notRequired])
    }

    @Test func completeAndNotRequiredInstancesCountAsDone() throws {
        var bench = try TestTemplates.create()
        try bench.complete(InstanceRef("transfer_video"))
        try bench.markNotRequired(InstanceRef("medications"), reason: nil)
        let evaluation = bench.evaluate()
        #expect(evaluation.progress == Progress(done: 2, total: 6))
        #expect(evaluation.section("contacts")?.progress == Progress(done: 1, total: 2))
        #expect(evaluation.section("safety")?.progress == Progress(done: 1, total: 2))
    }

    @Test func everyInstanceOfARepeatableItemCounts() throws {
        var bench = try TestTemplates.create()
        let added = try bench.addInstance("transfer_video", cloneOf: nil)
        #expect(bench.evaluate().section("safety")?.progress == Progress(done: 0, total: 3))
        try bench.removeInstance(added)
        #expect(bench.evaluate().section("safety")?.progress == Progress(done: 0, total: 2))
    }

    @Test(arguments: [(0, 3, 0), (1, 3, 33), (2, 3, 66), (3, 3, 100), (2, 7, 28), (6, 7, 85), (0, 0, 100)])
    func percentIsRoundedDown(done: Int, total: Int, percent: Int) {
        #expect(Progress(done: done, total: total).percent == percent)
    }

    @Test func sectionAndPlanPercentsAreRoundedDown() throws {
        var bench = try TestTemplates.create()
        try bench.addInstance("transfer_video", cloneOf: nil)
        try bench.complete(InstanceRef("transfer_video"))
        #expect(bench.evaluate().section("safety")?.progress.percent == 33, "1 of 3")
        try bench.complete(InstanceRef("transfer_video", 2))
        let evaluation = bench.evaluate()
        #expect(evaluation.section("safety")?.progress.percent == 66, "2 of 3")
        #expect(evaluation.progress == Progress(done: 2, total: 7))
        #expect(evaluation.progress.percent == 28, "2 of 7")
    }

    @Test func hiddenInstancesDoNotCountAsDoneOrTotal() throws {
        let visible = Flag(true)
        let rules = PlainRules()
        rules.itemVisible["communication"] = { _, instance in visible.on || instance.instance > 1 }
        var bench = try TestTemplates.create(rules: rules)
        try bench.set(InstanceRef("communication"), [("method", .text("Auslan"))])
        try bench.complete(InstanceRef("communication"))
        try bench.addInstance("communication", cloneOf: 1)
        #expect(bench.evaluate().section("about_me")?.progress == Progress(done: 1, total: 3))

        visible.on = false
        let evaluation = bench.evaluate()
        #expect(evaluation.section("about_me")?.progress == Progress(done: 0, total: 2))
        #expect(evaluation.progress == Progress(done: 0, total: 6))
        let hidden = try #require(evaluation.item(InstanceRef("communication")))
        #expect(!hidden.visible)
        #expect(hidden.status == .complete, "a hidden instance keeps its status")
        #expect(hidden.values["method"] == .text("Auslan"), "a hidden instance keeps its values")
        #expect(evaluation.item(InstanceRef("communication", 2))?.visible == true, "visibility is per instance")
    }

    @Test func aHiddenInstanceKeepsItsLinks() throws {
        let visible = Flag(true)
        let rules = PlainRules()
        rules.itemVisible["medications"] = { _, _ in visible.on }
        var bench = try TestTemplates.create(rules: rules)
        try bench.link(InstanceRef("medications"), ["MED-00001"])
        visible.on = false
        let hidden = try #require(bench.item("medications"))
        #expect(!hidden.visible)
        #expect(hidden.records == ["MED-00001"])
        #expect(bench.plan.instance(InstanceRef("medications"))?.records == ["MED-00001"])
    }

    @Test func aSectionWithNoVisibleInstancesCountsAsOneHundredPercent() throws {
        let rules = PlainRules()
        rules.sectionVisible["contacts"] = { _ in false }
        let evaluation = try TestTemplates.create(rules: rules).evaluate()
        let contacts = try #require(evaluation.section("contacts"))
        #expect(!contacts.visible)
        #expect(contacts.progress == Progress(done: 0, total: 0))
        #expect(contacts.progress.percent == 100)
        #expect(evaluation.progress == Progress(done: 0, total: 4), "a hidden section's items leave the plan's total")
    }

    @Test func aPlanWithNoVisibleInstancesCountsAsOneHundredPercent() throws {
        let rules = PlainRules()
        for key in ["about_me", "contacts", "safety"] { rules.sectionVisible[key] = { _ in false } }
        let evaluation = try TestTemplates.create(rules: rules).evaluate()
        #expect(evaluation.progress == Progress(done: 0, total: 0))
        #expect(evaluation.progress.percent == 100)
        #expect(evaluation.canActivate)
    }

    @Test func progressIsReportedAsDoneTotalAndPercent() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(Progress(done: 1, total: 3)), as: UTF8.self)
        #expect(json == #"{"done":1,"percent":33,"total":3}"#)
    }
}
