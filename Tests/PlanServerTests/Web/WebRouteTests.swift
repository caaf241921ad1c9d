import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PlanServer

/// The web page through the real router: pages, their headers and the CSRF check on every post.
@Suite struct WebRouteTests {
    @Test func theRootSendsBrowsersToTheClientList() async throws {
        try await ServerFixture().test { client in
            let response = try await client.send("/", .get)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/clients")
        }
    }

    @Test func aFirstVisitGetsAnHttpOnlyStrictCookieAndAPageThatLoadsOnlyItsStylesheet() async throws {
        try await ServerFixture().test { client in
            let response = try await client.send("/clients?q=ada", .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.hasPrefix("sp_csrf=") && cookie.hasSuffix("; Path=/; HttpOnly; SameSite=Strict"))
            #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'; style-src 'self'") == true)
            #expect(response.text.contains("<a href=\"/clients/C-0001\">Ada Nguyen</a>"))
            #expect(!response.text.contains("Ron Walsh"))
        }
    }

    @Test func thePlanPageShowsTheActionsByTheirNames() async throws {
        try await ServerFixture().test { client in
            let draft = try await client.send("/plans/SP-000002", .get).text
            #expect(draft.contains(">Mark Reviewed</button>"))
            #expect(draft.contains("<progress value=\"") && draft.contains("aria-label=\"Plan progress\""))
            #expect(draft.contains("name=\"revision\" value=\""))
            let active = try await client.send("/plans/SP-000001", .get).text
            #expect(active.contains("Open review draft SP-000002"))
            #expect(!active.contains(">Mark Complete</button>"))
        }
    }

    @Test func aPostWithoutTheTokenOfItsCookieChangesNothing() async throws {
        let fixture = try ServerFixture()
        let before = try fixture.dump()
        try await fixture.test { client in
            let cookie = "sp_csrf=" + String(repeating: "ab", count: 32)
            let response = try await client.execute(uri: "/plans/SP-000002/items/preferred_name/review", method: .post,
                                                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                                    body: ByteBuffer(string: "csrf=forged&revision=1"))
            #expect(response.status == .forbidden)
            #expect(response.text.contains("This form has expired"))
        }
        #expect(try fixture.dump() == before)
    }

    @Test func anUnknownPlanIsAPageSayingSo() async throws {
        try await ServerFixture().test { client in
            let response = try await client.send("/plans/SP-999999", .get)
            #expect(response.status == .notFound)
            #expect(response.text.contains("No plan with id &#39;SP-999999&#39;"))
        }
    }
}
