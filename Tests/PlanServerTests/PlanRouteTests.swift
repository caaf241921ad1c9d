import Foundation
import HTTPTypes
import HummingbirdTesting
import PlanServer
import Testing

/// The plan routes over the demo database: SP-000001 active, SP-000002 its review draft.
@Suite struct PlanRouteTests {
    @Test func showingAPlanAnswersItsEvaluationWithItsRevisionAsETag() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let response = try await client.send("/api/v1/plans/SP-000002", .get)
            #expect(response.status == .ok)
            #expect(response.headers[.eTag] == "\"0\"")
            #expect(response.object["plan"] as? String == "SP-000002")
            #expect(response.object["previous_plan"] as? String == "SP-000001")
            #expect(response.object["status"] as? String == "draft")
        }
    }

    @Test func creatingAPlanAnswers201WithItsLocation() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let response = try await client.send("/api/v1/plans", .post, json: #"{"client": "C-0002", "template": "home-care"}"#)
            #expect(response.status == .created)
            #expect(response.headers[.location] == "/api/v1/plans/SP-000003")
            #expect(response.headers[.eTag] == "\"0\"")
            let plan = response.object["plan"] as? [String: Any]
            #expect(plan?["plan"] as? String == "SP-000003" && plan?["status"] as? String == "draft")
            #expect(response.object["dry_run"] as? Bool == false)
            let changes = response.object["changes"] as? [[String: Any]]
            #expect(changes?.first?["user"] as? String == "admin")
            #expect(changes?.first?["at"] as? String == "2026-11-28T10:00:00.000Z")
            #expect(try await client.send("/api/v1/plans/SP-000003", .get).status == .ok)
        }
    }

    @Test func listingPlansFiltersByClientAndStatus() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let all = try await client.send("/api/v1/plans?client=C-0001", .get)
            #expect(all.array.compactMap { ($0 as? [String: Any])?["id"] as? String } == ["SP-000001", "SP-000002"])
            let drafts = try await client.send("/api/v1/plans?status=draft", .get)
            #expect(drafts.array.compactMap { ($0 as? [String: Any])?["id"] as? String } == ["SP-000002"])
            let row = try #require(drafts.array.first as? [String: Any])
            #expect(Set(row.keys) == ["id", "client", "template", "template_version", "status", "previous_plan", "activation_date", "expiry_date", "created"])
            let bad = try await client.send("/api/v1/plans?status=finished", .get)
            #expect(bad.status == .badRequest)
            #expect(bad.object["message"] as? String == "Query parameter 'status' must be one of draft, active, expired, discarded, not 'finished'")
        }
    }

    @Test func historyDiffAndExplainAnswerTheCLIShapes() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let history = try await client.send("/api/v1/plans/SP-000001/history", .get)
            #expect(history.status == .ok && history.array.count > 5)
            let diff = try await client.send("/api/v1/plans/SP-000002/diff", .get)
            #expect(diff.object["from"] as? String == "SP-000001" && diff.object["to"] as? String == "SP-000002")
            let explain = try await client.send("/api/v1/plans/SP-000002/explain/preferred_name", .get)
            #expect(explain.status == .ok && explain.object["plan"] as? String == "SP-000002")
            #expect((explain.object["item"] as? [String: Any])?["key"] as? String == "preferred_name")
        }
    }

    @Test func thePlanASectionAndAFormAreExplainedLikeTheCommandExplainsThem() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let plan = try await client.send("/api/v1/plans/SP-000002/explain", .get)
            #expect(plan.status == .ok)
            #expect(plan.object["part"] as? String == "plan")
            #expect(((plan.object["hooks"] as? [[String: Any]])?.map { $0["hook"] as? String }) == ["plan.can_activate"])
            let section = try await client.send("/api/v1/plans/SP-000002/sections/behaviour/explain", .get)
            #expect(section.status == .ok)
            #expect(((section.object["hooks"] as? [[String: Any]])?.map { $0["hook"] as? String }) == ["sections.behaviour.visible"])
            // Each read with the value it gave, as the command shows it.
            #expect((section.object["hooks"] as? [[String: Any]])?.first?["read_values"] as? [[String: String]]
                    == [["path": "client.profile.has_behaviour_support_needs", "value": "true"]])
            let form = try await client.send("/api/v1/plans/SP-000002/forms/care_contact/explain?item=emergency_contacts", .get)
            #expect(form.status == .ok)
            #expect(((form.object["hooks"] as? [[String: Any]])?.map { $0["hook"] as? String })
                    == ["forms.care_contact.fields", "forms.care_contact.defaults", "forms.care_contact.validate"])
            let unknown = try await client.send("/api/v1/plans/SP-000002/sections/behavior/explain", .get)
            #expect(unknown.status == .badRequest)
            #expect(unknown.object["message"] as? String == "Template 'ndis-core' has no section 'behavior' (did you mean 'behaviour'?)")
        }
    }

    @Test func activateReviewAndDiscardFollowThePlansLife() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            // SP-000001 already has a review draft; a second review is refused by the plan's life.
            let again = try await client.send("/api/v1/plans/SP-000001/review", .post)
            #expect(again.status == .unprocessableContent)
            #expect(again.object["error"] as? String == "refused")
            let discard = try await client.send("/api/v1/plans/SP-000002/discard", .post)
            #expect(discard.status == .ok)
            #expect((discard.object["plan"] as? [String: Any])?["status"] as? String == "discarded")
            #expect(discard.headers[.eTag] == "\"1\"")
            let review = try await client.send("/api/v1/plans/SP-000001/review", .post, json: #"{"upgrade": false}"#)
            #expect(review.status == .created)
            #expect(review.headers[.location] == "/api/v1/plans/SP-000003")
            let activate = try await client.send("/api/v1/plans/SP-000003/activate", .post)
            #expect(activate.status == .unprocessableContent)
            #expect((activate.object["reasons"] as? [String])?.isEmpty == false)
        }
    }

    @Test func aStaleIfMatchIs412WithTheCurrentPlanAndChangesNothing() async throws {
        let f = try ServerFixture()
        let before = try f.dump()
        try await f.test { client in
            let response = try await client.send("/api/v1/plans/SP-000002/items/preferred_name/review", .post, headers: [.ifMatch: "\"7\""])
            #expect(response.status == .preconditionFailed)
            #expect(response.headers[.eTag] == "\"0\"")
            #expect(response.object["error"] as? String == "conflict")
            #expect(response.object["message"] as? String
                    == "Plan SP-000002 is at revision 0, not 7: someone changed it since you read it; reload it and try again")
            #expect((response.object["plan"] as? [String: Any])?["plan"] as? String == "SP-000002")
        }
        #expect(try f.dump() == before)
    }

    @Test func aCurrentIfMatchLetsTheChangeThroughAndAnswersTheNewETag() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let response = try await client.send("/api/v1/plans/SP-000002/items/preferred_name/review", .post, headers: [.ifMatch: "\"0\""])
            #expect(response.status == .ok)
            #expect(response.headers[.eTag] == "\"1\"")
            let stale = try await client.send("/api/v1/plans/SP-000002/items/what_matters", .patch,
                                              json: #"{"values": {"good_day": "Music"}}"#, headers: [.ifMatch: "\"0\""])
            #expect(stale.status == .preconditionFailed)
            let badTag = try await client.send("/api/v1/plans/SP-000002/discard", .post, headers: [.ifMatch: "yesterday"])
            #expect(badTag.status == .badRequest)
        }
    }
}
