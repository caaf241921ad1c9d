import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PlanModel
import PlanService
import Testing

/// The web page shows each user only the actions their roles allow (the service says which), and a
/// post the page would not have offered is still refused with the service's sentence, changing nothing.
/// The demo has admin, cora (coordinator), lee (team leader) and wes (worker); SP-000001 is Ada
/// Nguyen's active plan and SP-000002 its review draft.
@Suite struct WebRoleTests {
    /// The demo with an implementer, ivy, added by the admin.
    static func fixture() throws -> ServerFixture {
        let fixture = try ServerFixture()
        let admin = fixture.runner.service.call(as: Caller(user: "admin", today: "2026-11-28"))
        _ = try admin.addUser("ivy", roles: [.implementer], password: nil)
        return fixture
    }

    static let draftActions = [">Mark Reviewed</button>", ">Link existing</a>", ">Create new</a>", ">Not Required</button>",
                               ">Reinstate</button>", ">Add Another</button>", ">Save</button>", ">Discard</button>", "aria-label=\"Unlink "]

    @Test func aCoordinatorWorksTheDraftAndDiscardsItButDoesNotSetItToActive() async throws {
        try await Self.fixture().testAsUsers { client in
            let draft = try await client.page("/plans/SP-000002", as: "cora")
            #expect(draft.status == .ok)
            for action in Self.draftActions { #expect(draft.text.contains(action), "\(action)") }
            #expect(!draft.text.contains(">Set to Active</button>"))
            #expect(try await client.page("/clients/C-0001", as: "cora").text.contains(">Create Support Plan</button>"))
        }
    }

    @Test func aTeamLeaderAlsoSetsDraftsToActive() async throws {
        try await Self.fixture().testAsUsers { client in
            let draft = try await client.page("/plans/SP-000002", as: "lee").text
            #expect(draft.contains(">Set to Active</button>"))
            #expect(draft.contains(">Mark Reviewed</button>"))
        }
    }

    @Test func anImplementerReadsTheDraftWithNoWayToChangeIt() async throws {
        try await Self.fixture().testAsUsers { client in
            let draft = try await client.page("/plans/SP-000002", as: "ivy")
            #expect(draft.status == .ok)
            for action in Self.draftActions + [">Set to Active</button>"] { #expect(!draft.text.contains(action), "\(action)") }
            #expect(!draft.text.contains("<form method=\"post\""))
            let active = try await client.page("/plans/SP-000001", as: "ivy").text
            #expect(!active.contains("Start Plan Review"))
            #expect(!(try await client.page("/clients/C-0001", as: "ivy").text.contains("Create Support Plan")))
        }
    }

    @Test func aWorkerReadsTheActivePlanOnlyAndIsToldWhyNotTheDraft() async throws {
        try await Self.fixture().testAsUsers { client in
            let active = try await client.page("/plans/SP-000001", as: "wes")
            #expect(active.status == .ok)
            #expect(!active.text.contains("Start Plan Review"))
            #expect(!active.text.contains("<form method=\"post\""))
            let draft = try await client.page("/plans/SP-000002", as: "wes")
            #expect(draft.status == .forbidden)
            #expect(draft.text.contains("wes (worker) may not read plans that are not active"))
            let confirm = try await client.page("/plans/SP-000001/review", as: "wes")
            #expect(confirm.status == .forbidden)
            #expect(confirm.text.contains("wes (worker) may not start plan reviews"))
            #expect(!confirm.text.contains(">Confirm</button>"))
        }
    }

    /// Each post is made with a valid form token (fetched as the admin), as a user whose page had no
    /// such control: the service refuses it, the page names the user, the role and the action.
    @Test(arguments: [
        ("wes", "/plans/SP-000001/review", "", "wes (worker) may not start plan reviews"),
        ("wes", "/plans/SP-000002/discard", "", "wes (worker) may not discard draft plans"),
        ("ivy", "/plans/SP-000002/items/preferred_name/review", "", "ivy (implementer) may not work on plan items"),
        ("ivy", "/plans/SP-000002/items/preferred_name/set", "&v.preferred_name=Eve", "ivy (implementer) may not work on plan items"),
        ("ivy", "/clients/C-0001/plans", "&template=ndis-core", "ivy (implementer) may not create plans"),
        ("cora", "/plans/SP-000002/activate", "", "cora (coordinator) may not activate plans"),
    ])
    func aForgedPostOfAHiddenActionIsRefusedAndChangesNothing(user: String, path: String, fields: String, sentence: String) async throws {
        let fixture = try Self.fixture()
        let before = try fixture.dump()
        try await fixture.testAsUsers { client in
            let form = try await client.formToken(from: "/plans/SP-000002")
            let response = try await client.execute(uri: path, method: .post,
                                                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: form.cookie,
                                                              TestAuthenticator.header: user],
                                                    body: ByteBuffer(string: "csrf=\(form.token)\(fields)"))
            #expect(response.status == .forbidden)
            #expect(response.text.contains("<h1>Not allowed</h1>"))
            #expect(response.text.contains(sentence))
        }
        #expect(try fixture.dump() == before)
    }
}

extension TestClientProtocol {
    /// A page fetched as `user`.
    func page(_ uri: String, as user: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: [TestAuthenticator.header: user], body: nil)
    }

    /// A CSRF cookie and the token its forms carry, from a page the admin opens.
    func formToken(from uri: String) async throws -> (cookie: String, token: String) {
        let response = try await execute(uri: uri, method: .get, headers: [:], body: nil)
        let cookie = try #require(response.headers[.setCookie]?.split(separator: ";").first.map(String.init))
        let marker = "name=\"csrf\" value=\""
        let text = response.text
        let start = try #require(text.range(of: marker)).upperBound
        let token = String(text[start...].prefix { $0 != "\"" })
        return (cookie, token)
    }
}
