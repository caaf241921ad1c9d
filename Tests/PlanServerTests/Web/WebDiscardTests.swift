import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Discard a draft from the web page: a confirmation, then post/redirect/get; a refusal in place.
@Suite struct WebDiscardTests {
    @Test func discardingTheReviewDraftAsksFirstThenLeadsBackToTheReviewedPlan() async throws {
        let fixture = try ServerFixture()
        try await fixture.testAsUsers { client in
            let confirm = try await client.page("/plans/SP-000002/discard", as: "cora")
            #expect(confirm.status == .ok)
            #expect(confirm.text.contains("<h1 id=\"confirm-h\">Discard SP-000002?</h1>"))
            #expect(confirm.text.contains("SP-000001, the plan it reviews, stays active; a new review can be started."))
            let form = try await client.formToken(from: "/plans/SP-000002/discard")
            let revision = try #require(confirm.text.range(of: "name=\"revision\" value=\"")).upperBound
            let response = try await client.execute(uri: "/plans/SP-000002/discard", method: .post,
                                                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: form.cookie,
                                                              TestAuthenticator.header: "cora"],
                                                    body: ByteBuffer(string: "csrf=\(form.token)&revision=\(confirm.text[revision...].prefix { $0.isNumber })"))
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/plans/SP-000001")
            let reviewed = try await client.page("/plans/SP-000001", as: "cora").text
            #expect(reviewed.contains(">Start Plan Review</button>"))
            #expect(!reviewed.contains("Open review draft"))
        }
        #expect(try fixture.dump().contains("discarded"))
    }

    @Test func discardingAnActivePlanIsRefusedOnThePlanPage() async throws {
        let fixture = try ServerFixture()
        let before = try fixture.dump()
        try await fixture.testAsUsers { client in
            let form = try await client.formToken(from: "/plans/SP-000002")
            let response = try await client.execute(uri: "/plans/SP-000001/discard", method: .post,
                                                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: form.cookie],
                                                    body: ByteBuffer(string: "csrf=\(form.token)"))
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("Plan SP-000001 is active; only a draft can be discarded"))
            #expect(response.text.contains("<h1>Support plan SP-000001"))
        }
        #expect(try fixture.dump() == before)
    }
}
