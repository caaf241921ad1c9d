import Foundation
import HTTPTypes
import HummingbirdTesting
import PlanServer
import Testing

/// Clients, records and templates.
@Suite struct ResourceRouteTests {
    @Test func clientsAreSearchedByIdOrNameAndShownWithRecordsAndPlans() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let found = try await client.send("/api/v1/clients?q=walsh", .get)
            #expect(found.array.compactMap { ($0 as? [String: Any])?["id"] as? String } == ["C-0002"])
            let all = try await client.send("/api/v1/clients", .get)
            #expect(all.array.count == 3)
            let shown = try await client.send("/api/v1/clients/C-0001", .get)
            #expect(Set(shown.object.keys) == ["client", "records", "plans", "history"])
            #expect((shown.object["plans"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["SP-000001", "SP-000002"])
            #expect(try await client.send("/api/v1/clients/C-9999", .get).status == .notFound)
        }
    }

    @Test func clientsAreImportedFromTheBodyAsClientImportReadsAFile() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let response = try await client.send("/api/v1/clients", .post, json: #"[{"id": "C-0050", "name": "Jo Park"}]"#)
            #expect(response.status == .ok)
            #expect(response.object["created"] as? [String] == ["C-0050"])
            let bad = try await client.send("/api/v1/clients", .post, json: #"[{"id": "C-0051"}]"#)
            #expect(bad.status == .badRequest)
            #expect(bad.object["message"] as? String == "request body: entry 1 (C-0051), name: is required for a new client")
        }
    }

    @Test func recordsAreShownAndEditedByTheirType() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let record = try await client.send("/api/v1/records/CC-00001", .get)
            #expect(record.object["id"] as? String == "CC-00001")
            let edit = try await client.send("/api/v1/records/CC-00001", .patch, json: #"{"values": {"phone": "0400 999 888"}}"#)
            #expect(edit.status == .ok)
            #expect((edit.object["fields"] as? [String: Any])?["phone"] as? String == "0400 999 888")
            #expect(try await client.send("/api/v1/records/XX-1", .get).status == .notFound)
        }
    }

    @Test func templatesAreListedShownAndPublished() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let list = try await client.send("/api/v1/templates", .get)
            let ids = list.array.compactMap { ($0 as? [String: Any])?["id"] as? String }
            #expect(ids.contains("ndis-core"))
            let shown = try await client.send("/api/v1/templates/ndis-core", .get)
            #expect(shown.status == .ok)
            #expect(try await client.send("/api/v1/templates/ndis-core?version=99", .get).status == .notFound)
            let publish = try await client.send("/api/v1/templates/ndis-core/publish", .post)
            #expect(publish.status == .ok)
            #expect((publish.array.first as? [String: Any])?["created"] as? Bool == false)
        }
    }
}
