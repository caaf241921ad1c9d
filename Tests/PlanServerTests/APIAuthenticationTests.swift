import Foundation
import HTTPTypes
import HummingbirdTesting
import PlanServer
import PlanService
import Testing

/// Bearer tokens on the API once the store has users (the demo's admin, cora, lee and wes): 401 with
/// `WWW-Authenticate: Bearer` without a valid one, the role's refusal as 403, and a store without
/// users still served as its local administrator.
@Suite struct APIAuthenticationTests {
    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    @Test func aRequestWithoutATokenIsUnauthenticatedOnceTheStoreHasUsers() async throws {
        let f = try ServerFixture()
        try await f.test(authenticated: true) { client in
            let response = try await client.send("/api/v1/plans/SP-000001", .get)
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate] == "Bearer")
            #expect(response.object["error"] as? String == "unauthenticated")
            #expect(response.object["message"] as? String
                    == "This server has users: send an API token as 'Authorization: Bearer TOKEN' (`supportplan user token NAME` makes one)")
        }
    }

    @Test func aValidTokenActsAsItsUserAndHistoryNamesThem() async throws {
        let f = try ServerFixture()
        let token = try f.call(as: "admin").issueToken(for: "cora").token
        try await f.test(authenticated: true) { client in
            let response = try await client.send("/api/v1/plans", .post, json: #"{"client": "C-0002", "template": "home-care"}"#,
                                                 headers: Self.bearer(token))
            #expect(response.status == .created)
            let changes = response.object["changes"] as? [[String: Any]]
            #expect(changes?.first?["user"] as? String == "cora")
        }
    }

    @Test func anUnknownTokenIsUnauthenticated() async throws {
        let f = try ServerFixture()
        try await f.test(authenticated: true) { client in
            let response = try await client.send("/api/v1/plans/SP-000001", .get, headers: Self.bearer("spt_" + String(repeating: "0", count: 64)))
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate] == "Bearer")
            #expect(response.object["message"] as? String == "The API token is not valid")
        }
    }

    @Test func aRevokedTokenIsUnauthenticatedAtOnce() async throws {
        let f = try ServerFixture()
        let token = try f.call(as: "admin").issueToken(for: "lee").token
        try await f.test(authenticated: true) { client in
            #expect(try await client.send("/api/v1/plans/SP-000001", .get, headers: Self.bearer(token)).status == .ok)
            _ = try f.call(as: "admin").revokeTokens(of: "lee")
            let response = try await client.send("/api/v1/plans/SP-000001", .get, headers: Self.bearer(token))
            #expect(response.status == .unauthorized)
            #expect(response.object["message"] as? String == "The API token was revoked")
        }
    }

    @Test func aTokenInTheQueryStringIsNotAccepted() async throws {
        let f = try ServerFixture()
        let token = try f.call(as: "admin").issueToken(for: "admin").token
        try await f.test(authenticated: true) { client in
            for query in ["access_token", "token", "bearer"] {
                let response = try await client.send("/api/v1/plans/SP-000001?\(query)=\(token)", .get)
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func anotherSchemeIsUnauthenticated() async throws {
        let f = try ServerFixture()
        try await f.test(authenticated: true) { client in
            let response = try await client.send("/api/v1/plans/SP-000001", .get, headers: [.authorization: "Basic YWRtaW46YWRtaW4="])
            #expect(response.status == .unauthorized)
            #expect(response.object["message"] as? String == "The Authorization header must be 'Bearer TOKEN'")
        }
    }

    @Test func aRoleThatMayNotIsForbiddenByTheService() async throws {
        let f = try ServerFixture()
        let token = try f.call(as: "admin").issueToken(for: "wes").token
        let before = try f.dump()
        try await f.test(authenticated: true) { client in
            let response = try await client.send("/api/v1/plans/SP-000002/activate", .post, headers: Self.bearer(token))
            #expect(response.status == .forbidden)
            #expect(response.object["error"] as? String == "forbidden")
            #expect(response.object["message"] as? String == "wes (worker) may not activate plans")
            #expect(response.headers[.wwwAuthenticate] == nil)
        }
        #expect(try f.dump() == before)
    }

    @Test func healthAndTheOpenAPIDocumentNeedNoToken() async throws {
        let f = try ServerFixture()
        try await f.test(authenticated: true) { client in
            let health = try await client.send("/healthz", .get)
            let document = try await client.send("/api/v1/openapi.json", .get)
            #expect(health.status == .ok && document.status == .ok)
        }
    }

    @Test func aStoreWithoutUsersServesEveryoneAsTheLocalAdministratorUntilAUserIsAdded() async throws {
        let f = try ServerFixture(demo: false)
        try await f.test(authenticated: true) { client in
            let response = try await client.send("/api/v1/clients", .post, json: #"[{"id": "C-0009", "name": "Kai Lee", "profile": {}}]"#)
            #expect(response.status == .ok)
            _ = try f.call(as: "admin").addUser("ana", roles: [.admin], password: nil)
            #expect(try await client.send("/api/v1/clients/C-0009", .get).status == .unauthorized)
            try f.call(as: "ana").removeUser("ana")
            #expect(try await client.send("/api/v1/clients/C-0009", .get).status == .ok)
        }
    }
}
