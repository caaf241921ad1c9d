import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PlanServer
import PlanService
import Testing

/// Each error kind answers its status in `{"error", "message", "reasons"}`, and nothing refused or
/// malformed changes the database.
@Suite struct ErrorAnswerTests {
    static let setValues = "/api/v1/plans/SP-000002/items/what_matters"

    @Test(arguments: [
        (#"{"values": "#, "The request body is not valid JSON"),
        (#"[1, 2]"#, "The request body must be a JSON object, not a list"),
        (#"{"values": {}, "colour": "red"}"#, "Unknown field 'colour' in the request body (expected values)"),
        (#"{"values": 5}"#, "Field 'values' must be an object of field: value, not a number"),
        (#"{}"#, "Field 'values' is required"),
    ])
    func malformedBodiesAreBadInputNamingTheField(body: String, message: String) async throws {
        let f = try ServerFixture()
        let before = try f.dump()
        try await f.test { client in
            let response = try await client.send(Self.setValues, .patch, json: body)
            #expect(response.status == .badRequest)
            #expect(response.object["error"] as? String == "bad_input")
            #expect(response.object["message"] as? String == message)
            #expect(response.object["reasons"] as? [String] == [message])
        }
        #expect(try f.dump() == before)
    }

    @Test func aBodyOverTheLimitIsBadInput() async throws {
        let f = try ServerFixture(settings: ServerSettings(bodyLimit: 64, today: { "2026-11-28" }))
        try await f.test { client in
            let big = #"{"values": {"good_day": ""# + String(repeating: "x", count: 100) + #""}}"#
            let response = try await client.send(Self.setValues, .patch, json: big)
            #expect(response.status == .badRequest)
            #expect(response.object["message"] as? String == "The request body is over the server's limit of 64 bytes")
        }
    }

    @Test func wrongTypesInTheBodyNameTheField() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let response = try await client.send("/api/v1/plans", .post, json: #"{"client": 7, "template": "home-care"}"#)
            #expect(response.status == .badRequest)
            #expect(response.object["message"] as? String == "Field 'client' must be text, not a number")
            let dry = try await client.send("/api/v1/plans/SP-000002/discard?dry_run=maybe", .post)
            #expect(dry.object["message"] as? String == "Query parameter 'dry_run' must be true or false, not 'maybe'")
        }
    }

    @Test func unknownIdsAreNotFound() async throws {
        let f = try ServerFixture()
        try await f.test { client in
            let response = try await client.send("/api/v1/plans/SP-000099", .get)
            #expect(response.status == .notFound)
            #expect(response.text == #"{"error":"not_found","message":"No plan with id 'SP-000099'","reasons":["No plan with id 'SP-000099'"]}"#)
        }
    }

    @Test func refusalsAre422WithTheirReasons() async throws {
        let f = try ServerFixture()
        let before = try f.dump()
        try await f.test { client in
            let response = try await client.send("/api/v1/plans/SP-000002/activate", .post)
            #expect(response.status == .unprocessableContent)
            #expect(response.object["error"] as? String == "refused")
            #expect((response.object["reasons"] as? [String])?.isEmpty == false)
        }
        #expect(try f.dump() == before)
    }

    /// An authenticator that establishes no user, as a token check that failed would.
    struct NoUser: RouterMiddleware {
        typealias Context = APIRequestContext
        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            try await next(request, context)
        }
    }

    /// An authenticator that refuses, as a role check would.
    struct Refuse: RouterMiddleware {
        typealias Context = APIRequestContext
        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            throw ServiceError.forbidden("User 'kim' (worker) may not discard plans")
        }
    }

    @Test func noActingUserIsUnauthenticatedAndARefusedRoleIsForbidden() async throws {
        let f = try ServerFixture()
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        for (authenticator, status, kind) in [(NoUser() as any MiddlewareProtocol<Request, Response, APIRequestContext>, HTTPResponse.Status.unauthorized, "unauthenticated"),
                                              (Refuse(), .forbidden, "forbidden")] {
            let router = PlanServerApp.router(runner: f.runner, logger: logger, authenticator: authenticator)
            let app = PlanServerApp.application(router: router, host: "127.0.0.1", port: 0, settings: f.runner.settings, logger: logger)
            try await app.test(.router) { client in
                let response = try await client.send("/api/v1/plans/SP-000002/discard", .post)
                #expect(response.status == status)
                #expect(response.object["error"] as? String == kind)
                #expect(try await client.send("/healthz", .get).status == .ok)
            }
        }
    }
}
