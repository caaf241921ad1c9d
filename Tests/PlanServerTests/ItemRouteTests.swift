import Foundation
import HTTPTypes
import HummingbirdTesting
import PlanServer
import Testing

/// The item routes on the demo's review draft SP-000002.
@Suite struct ItemRouteTests {
    static let base = "/api/v1/plans/SP-000002/items"

    @Test func settingValuesTypesThemByTheirFields() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let set = try await client.send("\(Self.base)/medication_support", .patch, json: #"{"values": {"webster_pack": true, "pharmacy": "Main St"}}"#)
            #expect(set.status == .ok, "\(set.text)")
            #expect(set.headers[.eTag] == "\"1\"")
            let wrong = try await client.send("\(Self.base)/medication_support", .patch, json: #"{"values": {"webster_pack": "often"}}"#)
            #expect(wrong.status == .badRequest)
            #expect(wrong.object["message"] as? String == "Item 'medication_support', field 'webster_pack': expected true or false, got 'often'")
            let unknown = try await client.send("\(Self.base)/medication_support", .patch, json: #"{"values": {"colour": "red"}}"#)
            #expect(unknown.status == .badRequest)
            #expect((unknown.object["message"] as? String)?.hasPrefix("Item 'medication_support' has no field 'colour'") == true)
        }
    }

    @Test func completeReviewNotRequiredAndReinstateAnswerChangeReports() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            #expect(try await client.send("\(Self.base)/preferred_name/review", .post).status == .ok)
            let notRequired = try await client.send("\(Self.base)/transfer_video/not-required", .post, json: #"{"reason": "Walks"}"#)
            #expect(notRequired.status == .ok)
            #expect((notRequired.object["changes"] as? [[String: Any]])?.first?["action"] as? String == "not_required")
            #expect(try await client.send("\(Self.base)/transfer_video/reinstate", .post).status == .ok)
            // The draft is a review: completing is refused, naming why.
            let complete = try await client.send("\(Self.base)/what_matters/complete", .post)
            #expect(complete.status == .unprocessableContent)
        }
    }

    @Test func linkUnlinkCandidatesFormAndCreateWorkOnRecordsItems() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let candidates = try await client.send("\(Self.base)/emergency_contacts/candidates", .get)
            #expect(candidates.array.compactMap { ($0 as? [String: Any])?["id"] as? String } == ["CC-00002"])
            let link = try await client.send("\(Self.base)/emergency_contacts/link", .post, json: #"{"records": ["CC-00002"]}"#)
            #expect(link.status == .ok)
            let unlink = try await client.send("\(Self.base)/emergency_contacts/unlink", .post, json: #"{"record": "CC-00002"}"#)
            #expect(unlink.status == .ok)
            let form = try await client.send("\(Self.base)/emergency_contacts/form", .get)
            #expect(form.object["record_type"] as? String == "care_contact")
            #expect(Set(form.object.keys) == ["record_type", "fields", "defaults", "errors"])
            let create = try await client.send("\(Self.base)/emergency_contacts/create", .post,
                                               json: #"{"values": {"name": "Sam Lee", "relationship": "Friend", "phone": "0400 123 456"}}"#)
            #expect(create.status == .ok)
            #expect(create.object["created_records"] as? [String] == ["CC-00006"])
        }
    }

    @Test func instancesAreAddedAndRemovedAsKeyTildeN() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let add = try await client.send("\(Self.base)/community_activities/add", .post, json: #"{"blank": true}"#)
            #expect(add.status == .ok)
            let instances = ((add.object["plan"] as? [String: Any])?["sections"] as? [[String: Any]] ?? [])
                .flatMap { $0["items"] as? [[String: Any]] ?? [] }
                .filter { $0["key"] as? String == "community_activities" }.compactMap { $0["instance"] as? Int }
            let last = try #require(instances.max())
            #expect(last >= 2)
            let explain = try await client.send("/api/v1/plans/SP-000002/explain/community_activities~\(last)", .get)
            #expect(explain.status == .ok)
            let remove = try await client.send("\(Self.base)/community_activities~\(last)/remove", .post)
            #expect(remove.status == .ok)
            let both = try await client.send("\(Self.base)/community_activities/add", .post, json: #"{"blank": true, "clone": 1}"#)
            #expect(both.status == .badRequest)
            #expect(both.object["message"] as? String == "Give 'clone' or 'blank', not both")
        }
    }

    @Test func twoConcurrentCompletionsOnOnePlanBothSucceedAndNeitherIsLost() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            async let first = client.send("\(Self.base)/preferred_name/review", .post)
            async let second = client.send("\(Self.base)/identity/review", .post)
            let (a, b) = try await (first, second)
            #expect(a.status == .ok && b.status == .ok)
            let plan = try await client.send("/api/v1/plans/SP-000002", .get)
            #expect(plan.headers[.eTag] == "\"2\"")
            let items = (plan.object["sections"] as? [[String: Any]] ?? []).flatMap { $0["items"] as? [[String: Any]] ?? [] }
            for key in ["preferred_name", "identity"] {
                #expect(items.first { $0["key"] as? String == key }?["status"] as? String == "reviewed")
            }
        }
    }
}
