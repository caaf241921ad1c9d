import Foundation
import HTTPTypes
import HummingbirdTesting
import PlanServer
import Testing

/// `?dry_run=true` on every changing route reports the change and leaves the database as it was.
@Suite struct DryRunRouteTests {
    static let item = "/api/v1/plans/SP-000002/items"
    static let requests: [(String, HTTPRequest.Method, String?)] = [
        ("/api/v1/clients", .post, #"[{"id": "C-0050", "name": "Jo Park"}]"#),
        ("/api/v1/records/CC-00001", .patch, #"{"values": {"phone": "0400 999 888"}}"#),
        ("/api/v1/templates/ndis-core/publish", .post, nil),
        ("/api/v1/plans", .post, #"{"client": "C-0002", "template": "home-care"}"#),
        ("/api/v1/plans/SP-000002/discard", .post, nil),
        ("\(item)/what_matters", .patch, #"{"values": {"good_day": "Music"}}"#),
        ("\(item)/preferred_name/review", .post, nil),
        ("\(item)/transfer_video/not-required", .post, #"{"reason": "Walks"}"#),
        ("\(item)/allied_health/reinstate", .post, nil),
        ("\(item)/emergency_contacts/link", .post, #"{"records": ["CC-00002"]}"#),
        ("\(item)/emergency_contacts/unlink", .post, #"{"record": "CC-00001"}"#),
        ("\(item)/emergency_contacts/create", .post, #"{"values": {"name": "Sam Lee", "relationship": "Friend", "phone": "0400 123 456"}}"#),
        ("\(item)/community_activities/add", .post, #"{"clone": 1}"#),
        ("\(item)/community_activities~2/remove", .post, nil),
    ]

    @Test(arguments: requests.indices)
    func aDryRunAnswersTheChangeAndChangesNothing(index: Int) async throws {
        let (path, method, body) = Self.requests[index]
        let f = try ServerFixture()
        let before = try f.dump()
        try await f.test { client in
            let response = try await client.send(path + "?dry_run=true", method, json: body)
            #expect(response.status == .ok, "\(method) \(path): \(response.text)")
            #expect(response.headers[.location] == nil)
            if let dryRun = response.object["dry_run"] as? Bool { #expect(dryRun) }
        }
        #expect(try f.dump() == before, "\(method) \(path) changed the database")
    }

    @Test func dryRunsOfActivationAndReviewChangeNothing() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            var before = try f.dump()
            let activation = try await client.send("/api/v1/plans/SP-000002/activate?dry_run=true", .post)
            #expect(activation.status == .unprocessableContent)
            #expect(try f.dump() == before)
            #expect(try await client.send("/api/v1/plans/SP-000002/discard", .post).status == .ok)
            before = try f.dump()
            let review = try await client.send("/api/v1/plans/SP-000001/review?dry_run=true", .post)
            #expect(review.status == .ok)
            #expect(review.headers[.location] == nil && review.headers[.eTag] == nil)
            #expect(try f.dump() == before)
        }
    }
}
