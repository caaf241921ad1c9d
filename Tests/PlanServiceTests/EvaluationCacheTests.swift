import Foundation
import PlanModel
import PlanService
import PlanStore
import Testing

/// The evaluation cache: a plan read again with nothing changed is not evaluated again; anything its
/// evaluation depends on changing gives a fresh one. Counted through the cache's statistics, never timed.
@Suite struct EvaluationCacheTests {
    /// A demo database and a service whose cache is empty (the demo's own evaluations are in the old one).
    func fixture(copyRules: Bool = false) throws -> ServiceFixture {
        try ServiceFixture.demoReopened(copyRules: copyRules)
    }

    /// How many evaluations and cache hits `body` caused on `service`'s cache.
    func counting<T>(_ service: ServiceCall, _ body: () throws -> T) rethrows -> (value: T, evaluations: Int, hits: Int) {
        let before = service.service.evaluations.statistics
        let value = try body()
        let after = service.service.evaluations.statistics
        return (value, after.evaluations - before.evaluations, after.hits - before.hits)
    }

    func json(_ evaluation: PlanEvaluation) throws -> String {
        String(decoding: try ServiceJSON.encoder().encode(evaluation), as: UTF8.self)
    }

    @Test func aSecondReadOfAnUnchangedPlanIsServedFromTheCacheWithTheSameAnswer() throws {
        let f = try fixture()
        let first = counting(f.service) { try? f.service.show("SP-000002") }
        let second = counting(f.service) { try? f.service.show("SP-000002") }
        #expect(first.evaluations == 1 && first.hits == 0)
        #expect(second.evaluations == 0 && second.hits == 1)
        #expect(try json(#require(first.value).evaluation) == json(#require(second.value).evaluation))
        // The API's body is encoded once per cached evaluation, and is what encoding the evaluation gives.
        #expect(try #require(first.value).evaluationJSON() == ServiceJSON.encoder(pretty: false).encode(#require(second.value).evaluation))
        #expect(try #require(second.value).evaluationJSON() == #require(first.value).evaluationJSON())
        var changed = try #require(second.value)
        changed.evaluation.status = .discarded
        #expect(try changed.evaluationJSON() == ServiceJSON.encoder(pretty: false).encode(changed.evaluation))
        // `evaluate` and `explain` read the same entry; the hooks' log always comes from a real run.
        #expect(counting(f.service) { try? f.service.evaluate("SP-000002") }.hits == 1)
        #expect(counting(f.service) { try? f.service.explain("SP-000002", item: "goals") }.hits == 1)
        #expect(counting(f.service) { try? f.service.evaluateWithLog("SP-000002") }.hits == 0)
        #expect(f.service.service.evaluations.statistics.count == 1)
    }

    @Test func everyPlansReadBodyIsWhatTheServicesOneJSONStyleGives() throws {
        let f = try fixture()
        // A plan of each sample template, with values set, beside the demo's two.
        var plans = ["SP-000001", "SP-000002"]
        for (client, template) in [("C-0002", "home-care"), ("C-0003", "community-access"), ("C-0001", "ndis-core")] {
            plans.append(try f.service.createPlan(client: client, template: template).plan.id)
        }
        _ = try f.service.setValues(plan: "SP-000002", item: "goals", [try Assignment.parse("progress_notes=Catches the tram alone")])
        for plan in plans {
            let view = try f.service.show(plan)
            let body = try view.evaluationJSON()
            #expect(String(decoding: body, as: UTF8.self)
                        == String(decoding: try ServiceJSON.encoder(pretty: false).encode(view.evaluation), as: UTF8.self), "\(plan)")
            #expect(body == (try ServiceJSON.evaluationEncoder().encode(view.evaluation)))
        }
    }

    /// Reads the plan (cached), makes `change`, then expects exactly one fresh evaluation on the next read
    /// and a hit on the one after.
    func expectFreshEvaluation(_ f: ServiceFixture, plan: String = "SP-000002", reader: ServiceCall? = nil,
                               after change: () throws -> Void) throws -> PlanEvaluation {
        let reader = reader ?? f.service
        _ = try reader.show(plan)
        #expect(counting(reader) { try? reader.show(plan) }.hits == 1)
        try change()
        let fresh = try counting(reader) { try reader.show(plan) }
        #expect(fresh.evaluations == 1 && fresh.hits == 0)
        #expect(counting(reader) { try? reader.show(plan) }.hits == 1)
        return fresh.value.evaluation
    }

    @Test func aProfileChangeByClientImportGivesAFreshEvaluation() throws {
        let f = try fixture()
        _ = try expectFreshEvaluation(f) {
            _ = try f.service.importClients(data: Data(#"[{"id": "C-0001", "name": "Ada Nguyen", "profile": {"phone": "0499 000 111"}}]"#.utf8),
                                            file: "clients.json")
        }
    }

    @Test func aRecordEditGivesAFreshEvaluation() throws {
        let f = try fixture()
        _ = try expectFreshEvaluation(f) { _ = try f.service.editRecord("CC-00002", [try Assignment.parse("relationship=Sibling")]) }
    }

    @Test func anItemChangeIsEvaluatedOnceAndTheNextReadShowsItAsAServiceWithoutACacheWould() throws {
        let f = try fixture()
        _ = try f.service.show("SP-000002")
        // A dry run's plan is never stored: nothing is remembered for it.
        let dry = try counting(f.service) {
            try f.service.setValues(plan: "SP-000002", item: "goals", [try Assignment.parse("progress_notes=Not stored")], dryRun: true)
        }
        #expect(dry.evaluations == 0 && f.service.service.evaluations.statistics.count == 1)
        // The change's own evaluation is the fresh one, remembered for the plan as stored.
        let change = try counting(f.service) {
            try f.service.setValues(plan: "SP-000002", item: "goals", [try Assignment.parse("progress_notes=Catches the tram alone")])
        }
        #expect(change.evaluations == 1)
        let read = try counting(f.service) { try f.service.show("SP-000002") }
        #expect(read.evaluations == 0 && read.hits == 1)
        #expect(read.value.plan.revision == change.value.plan.revision)
        #expect(read.value.evaluation.item(InstanceRef("goals"))?.values["progress_notes"] == .text("Catches the tram alone"))
        let uncached = SupportPlanService(store: f.store, rules: try RulesCache(folder: f.rulesFolder), evaluationCacheSize: 0)
            .call(as: ServiceFixture.admin)
        #expect(try json(read.value.evaluation) == json(uncached.show("SP-000002").evaluation))
    }

    @Test func aChangeMadeThroughAnotherServiceOnTheSameDatabaseGivesAFreshEvaluation() throws {
        let f = try fixture()
        // As a second server on the same database: its own service and cache.
        let other = SupportPlanService(store: f.store, rules: try RulesCache(folder: f.rulesFolder)).call(as: ServiceFixture.admin)
        let fresh = try expectFreshEvaluation(f) {
            _ = try other.setValues(plan: "SP-000002", item: "goals", [try Assignment.parse("progress_notes=Cooks on Sundays")])
        }
        #expect(fresh.item(InstanceRef("goals"))?.values["progress_notes"] == .text("Cooks on Sundays"))
    }

    @Test func anotherDayGivesAFreshEvaluation() throws {
        let f = try fixture()
        let tomorrow = f.service.service.call(as: Caller(user: "admin", today: "2026-11-29", now: ServiceFixture.tester.now))
        _ = try f.service.show("SP-000002")
        #expect(counting(tomorrow) { try? tomorrow.show("SP-000002") }.evaluations == 1)
        #expect(counting(tomorrow) { try? tomorrow.show("SP-000002") }.hits == 1)
        #expect(counting(f.service) { try? f.service.show("SP-000002") }.hits == 1)
        #expect(f.service.service.evaluations.statistics.count == 2)
    }

    @Test func aRepublishedTemplateGivesAFreshEvaluation() throws {
        let f = try fixture(copyRules: true)
        _ = try f.service.discard("SP-000002")
        #expect(try f.service.show("SP-000001").evaluation.item(InstanceRef("mobility"))?.visible == true)
        try RulesEdits.hideMobility(in: f.rulesFolder)
        #expect(try f.service.publish(["ndis-core"]).map(\.version) == [2])
        // The plan keeps version 1 and its cached evaluation; its upgraded review copy is evaluated with version 2.
        #expect(counting(f.service) { try? f.service.show("SP-000001") }.hits == 1)
        let upgraded = try f.service.startReview("SP-000001", upgrade: true).plan.id
        let read = try counting(f.service) { try f.service.show(upgraded) }
        #expect(read.evaluations == 1 && read.value.evaluation.item(InstanceRef("mobility"))?.visible == false)
    }

    @Test func theSameInputWithAnotherTemplateVersionContentIsEvaluatedAgain() throws {
        let f = try fixture()
        let view = try f.service.show("SP-000002")
        let input = RulesInput(template: view.template, plan: view.plan, client: view.client, records: view.records,
                               recordTypes: view.recordTypes, today: "2026-11-28")
        let cache = EvaluationCache(capacity: 4)
        var runs = 0
        for version in ["hash-a", "hash-a", "hash-b", "hash-b", "hash-a"] {
            _ = cache.evaluation(of: input, version: version) { runs += 1; return view.evaluation }
        }
        #expect(runs == 2)
        #expect(cache.statistics == EvaluationCache.Statistics(hits: 3, evaluations: 2, notKept: 0, count: 2))
    }

    @Test func anEvaluationThatHitALimitIsNotCached() throws {
        let f = try fixture(copyRules: true)
        try RulesEdits.replace("\nreturn R", with: "\nR.items.mobility = { visible = function(ctx) while true do end end }\n\nreturn R",
                               in: "ndis-core/rules.lua", of: f.rulesFolder)
        _ = try f.service.publish(["ndis-core"])
        let plan = try f.service.createPlan(client: "C-0003", template: "ndis-core").plan.id
        for _ in 0..<2 {
            let read = try counting(f.service) { try f.service.show(plan) }
            #expect(read.evaluations == 1 && read.hits == 0)
            #expect(read.value.evaluation.errors.map(\.message) == ["instruction limit of 1000000 exceeded"])
        }
        #expect(f.service.service.evaluations.statistics.notKept == 2)
        #expect(f.service.service.evaluations.statistics.count == 0)
    }

    @Test func theCacheKeepsAtMostItsCapacityAndDropsTheLeastRecentlyUsed() throws {
        let f = try fixture()
        let third = try f.service.createPlan(client: "C-0002", template: "home-care").plan.id
        let service = SupportPlanService(store: f.store, rules: try RulesCache(folder: f.rulesFolder), evaluationCacheSize: 2)
            .call(as: ServiceFixture.admin)
        func read(_ plan: String) -> (evaluations: Int, hits: Int) {
            let r = counting(service) { try? service.show(plan) }
            return (r.evaluations, r.hits)
        }
        #expect(read("SP-000001") == (1, 0))
        #expect(read("SP-000002") == (1, 0))
        #expect(read("SP-000001") == (0, 1))
        #expect(read(third) == (1, 0))  // full: SP-000002, used least recently, goes
        #expect(service.service.evaluations.statistics.count == 2)
        #expect(read("SP-000001") == (0, 1))
        #expect(read(third) == (0, 1))
        #expect(read("SP-000002") == (1, 0))
        let none = SupportPlanService(store: f.store, rules: try RulesCache(folder: f.rulesFolder), evaluationCacheSize: 0)
            .call(as: ServiceFixture.admin)
        _ = try none.show("SP-000001")
        #expect(counting(none) { try? none.show("SP-000001") }.evaluations == 1)
        #expect(none.service.evaluations.statistics.count == 0)
    }
}
