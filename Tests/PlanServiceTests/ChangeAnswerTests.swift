import Foundation
import PlanModel
import PlanService
import PlanStore
import Testing

/// A change's answer (`PlanChange.compactJSON()`, the API's body) is byte for byte the change encoded
/// whole, whether its evaluation's JSON comes from the evaluation cache or not.
@Suite struct ChangeAnswerTests {
    func expectAnswerIsTheChangeEncoded(_ change: PlanChange) throws {
        let whole = try ServiceJSON.encoder(pretty: false).encode(change)
        #expect(String(decoding: try change.compactJSON(), as: UTF8.self) == String(decoding: whole, as: UTF8.self))
    }

    @Test func anItemChangesAnswerIsTheChangeEncodedAndItsEvaluationIsTheNextReadsBody() throws {
        let f = try ServiceFixture.demoReopened()
        _ = try f.service.show("SP-000002")
        let change = try f.service.setValues(plan: "SP-000002", item: "goals", [try Assignment.parse("progress_notes=Catches the tram alone")])
        try expectAnswerIsTheChangeEncoded(change)
        let read = try f.service.show("SP-000002")
        let answer = try #require(try JSONSerialization.jsonObject(with: change.compactJSON()) as? [String: Any])
        let plan = try JSONSerialization.data(withJSONObject: try #require(answer["plan"]), options: [.sortedKeys, .withoutEscapingSlashes])
        let body = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: read.evaluationJSON()),
                                              options: [.sortedKeys, .withoutEscapingSlashes])
        #expect(plan == body)
        #expect(f.service.service.evaluations.statistics.hits == 1)
    }

    @Test func anActivationsAnswerWithItsExpiredPlanIsTheChangeEncoded() throws {
        let f = try ServiceFixture.demoReopened()
        try f.reviewEverything("SP-000002")
        let activation = try f.service.activate("SP-000002")
        #expect(activation.expiredPlan == "SP-000001")
        try expectAnswerIsTheChangeEncoded(activation)
    }

    @Test func aCreatedRecordsAnswerIsTheChangeEncoded() throws {
        let f = try ServiceFixture.demoReopened()
        let change = try f.service.createRecord(plan: "SP-000002", item: "emergency_contacts",
                                                [try Assignment.parse("name=Sam Lee"), try Assignment.parse("relationship=Friend"),
                                                 try Assignment.parse("phone=0400 123 456")])
        #expect(change.createdRecords.map(\.id) == ["CC-00006"])
        try expectAnswerIsTheChangeEncoded(change)
    }

    @Test func aDryRunsAndAChangedEvaluationsAnswersAreTheChangeEncoded() throws {
        let f = try ServiceFixture.demoReopened()
        try expectAnswerIsTheChangeEncoded(try f.service.setValues(plan: "SP-000002", item: "goals",
                                                                   [try Assignment.parse("progress_notes=Not stored")], dryRun: true))
        var change = try f.service.setValues(plan: "SP-000002", item: "goals", [try Assignment.parse("progress_notes=Stored")])
        change.evaluation.status = .discarded
        try expectAnswerIsTheChangeEncoded(change)
        #expect(String(decoding: try change.compactJSON(), as: UTF8.self).contains(#""status":"discarded""#))
    }
}
