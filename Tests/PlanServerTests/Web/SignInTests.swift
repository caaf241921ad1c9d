import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PlanService
import Synchronization
import Testing
@testable import PlanServer

/// Signing in to the web page of an installation with users (the demo's admin, cora, lee and wes):
/// the session cookie, where sign-in leads back to, expiry, the pause after failed tries, signing out.
@Suite struct SignInTests {
    static let password = "correct horse battery"
    static let start = Date(timeIntervalSince1970: 1_795_860_000)  // 2026-11-28T10:00:00Z

    /// A clock tests move by hand.
    final class Clock: Sendable {
        let now = Mutex(SignInTests.start)
        func advance(minutes: Double) { now.withLock { $0 += minutes * 60 } }
    }

    static func fixture(_ clock: Clock = Clock()) throws -> ServerFixture {
        var settings = ServerFixture.settings
        settings.clock = { clock.now.withLock { $0 } }
        settings.sessionIdleLimit = .seconds(30 * 60)
        settings.sessionLifetime = .seconds(2 * 3600)
        let f = try ServerFixture(settings: settings)
        try f.call(as: "admin").setPassword("cora", password: password)
        return f
    }

    /// The browser's side: its cookies, and the CSRF token of the last sign-in page it loaded.
    final class Browser: Sendable {
        let cookies = Mutex<[String: String]>([:])
        let token = Mutex("")

        var cookieHeader: String { cookies.withLock { $0.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") } }

        func keep(_ response: TestResponse) {
            for field in response.headers[values: .setCookie] {
                let pair = field.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                cookies.withLock { $0[String(pair[0])] = field.contains("Max-Age=0") ? nil : String(pair[1]) }
            }
            if let match = response.text.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/) { token.withLock { $0 = String(match.1) } }
        }

        func get(_ client: any TestClientProtocol, _ uri: String) async throws -> TestResponse {
            let response = try await client.execute(uri: uri, method: .get, headers: [.cookie: cookieHeader], body: nil)
            keep(response)
            return response
        }

        func post(_ client: any TestClientProtocol, _ uri: String, _ fields: [(String, String)], csrf: Bool = true) async throws -> TestResponse {
            let all = (csrf ? [("csrf", token.withLock { $0 })] : []) + fields
            let body = all.map { "\($0.0)=\(Paths.component($0.1))" }.joined(separator: "&")
            let response = try await client.execute(uri: uri, method: .post,
                                                    headers: [.cookie: cookieHeader, .contentType: "application/x-www-form-urlencoded"],
                                                    body: ByteBuffer(string: body))
            keep(response)
            return response
        }

        func signIn(_ client: any TestClientProtocol, as user: String = "cora", password: String = SignInTests.password,
                    next: String = "/clients") async throws -> TestResponse {
            _ = try await get(client, "/sign-in")
            return try await post(client, "/sign-in", [("user", user), ("password", password), ("next", next)])
        }
    }

    @Test func aPageWithoutASessionSendsTheBrowserToSignInAndBack() async throws {
        try await Self.fixture().test(authenticated: true) { client in
            let response = try await client.send("/plans/SP-000001?open=link", .get)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/sign-in?next=%2Fplans%2FSP-000001%3Fopen%3Dlink")
        }
    }

    @Test func theSignInPageLabelsItsFields() async throws {
        try await Self.fixture().test(authenticated: true) { client in
            let response = try await client.send("/sign-in?next=%2Fplans%2FSP-000001", .get)
            #expect(response.status == .ok)
            #expect(response.text.contains(#"<label for="user">User name</label>"#))
            #expect(response.text.contains(#"<label for="password">Password</label>"#))
            #expect(response.text.contains(#"type="password""#))
            #expect(response.text.contains(">Sign in</button>"))
            #expect(response.text.contains(#"name="next" value="/plans/SP-000001""#))
            #expect(!response.text.contains("Sign out"))
        }
    }

    @Test func signingInSetsAnHttpOnlyStrictSessionCookieAndLeadsBack() async throws {
        let f = try Self.fixture()
        let id = try await f.test(authenticated: true) { client in
            let browser = Browser()
            let response = try await browser.signIn(client, next: "/plans/SP-000001")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/plans/SP-000001")
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("sp_session=") })
            let match = try #require(cookie.wholeMatch(of: /sp_session=([0-9a-f]{64}); Path=\/; HttpOnly; SameSite=Strict/))
            let page = try await browser.get(client, "/plans/SP-000001")
            #expect(page.status == .ok)
            #expect(page.text.contains("Signed in as cora (coordinator)"))
            #expect(page.text.contains(#"<form method="post" action="/sign-out""#) && page.text.contains(">Sign out</button>"))
            return String(match.1)
        }
        let dump = try f.dump()
        #expect(!dump.contains(id), "only the session id's hash is stored")
        #expect(dump.contains(Credentials.hash(token: id)))
    }

    @Test func aWrongPasswordOrUnknownNameIsTheSameAnswerAndStartsNoSession() async throws {
        let f = try Self.fixture()
        try await f.test(authenticated: true) { client in
            for (user, password) in [("cora", "not the password"), ("nobody", Self.password)] {
                let browser = Browser()
                let response = try await browser.signIn(client, as: user, password: password)
                #expect(response.status == .unauthorized)
                #expect(response.text.contains("Wrong user name or password"))
                #expect(response.text.contains(#"id="user" name="user" type="text" value="\#(user)""#))
                #expect(!response.headers[values: .setCookie].contains { $0.hasPrefix("sp_session=") })
            }
        }
        #expect(!(try f.dump()).contains("== web_session\n("))
    }

    @Test func fiveFailuresPauseThatNameFromThatAddressForFifteenMinutes() async throws {
        let clock = Clock()
        try await Self.fixture(clock).test(authenticated: true) { client in
            let browser = Browser()
            for _ in 1...5 { #expect(try await browser.signIn(client, password: "guess guess").status == .unauthorized) }
            clock.advance(minutes: 1)
            let paused = try await browser.signIn(client)
            #expect(paused.status == .tooManyRequests)
            #expect(paused.headers[.retryAfter] == "840")
            #expect(paused.text.contains("Try again after 10:15 UTC."))
            #expect(try await browser.signIn(client, as: "lee", password: "guess guess").status == .unauthorized, "another name is not paused")
            clock.advance(minutes: 14)
            #expect(try await browser.signIn(client).status == .seeOther)
        }
    }

    @Test(arguments: ["https://evil.example/", "//evil.example/x", "/\\evil.example", "http:/x", "/sign-out", " /clients"])
    func signInLeadsOnlyToAPathOnThisServer(_ next: String) async throws {
        try await Self.fixture().test(authenticated: true) { client in
            let response = try await Browser().signIn(client, next: next)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/clients")
        }
    }

    @Test func aSignInFormWithoutItsTokenIsRefused() async throws {
        let f = try Self.fixture()
        try await f.test(authenticated: true) { client in
            let browser = Browser()
            _ = try await browser.get(client, "/sign-in")
            let response = try await browser.post(client, "/sign-in", [("user", "cora"), ("password", Self.password)], csrf: false)
            #expect(response.status == .forbidden)
            #expect(response.text.contains("This form has expired"))
            #expect(!response.headers[values: .setCookie].contains { $0.hasPrefix("sp_session=") })
        }
    }

    @Test func aForgedSessionIdIsSentToSignInAndForgotten() async throws {
        try await Self.fixture().test(authenticated: true) { client in
            let response = try await client.send("/clients", .get, headers: [.cookie: "sp_session=" + String(repeating: "ab", count: 32)])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/sign-in")
            #expect(response.headers[.setCookie] == "sp_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict")
        }
    }

    @Test func aSessionEndsAfterHalfAnHourIdle() async throws {
        let clock = Clock()
        try await Self.fixture(clock).test(authenticated: true) { client in
            let browser = Browser()
            _ = try await browser.signIn(client)
            clock.advance(minutes: 29)
            #expect(try await browser.get(client, "/clients").status == .ok)
            clock.advance(minutes: 29)
            #expect(try await browser.get(client, "/clients").status == .ok, "using the session keeps it alive")
            clock.advance(minutes: 31)
            let expired = try await browser.get(client, "/clients")
            #expect(expired.status == .seeOther)
            #expect(expired.headers[.location] == "/sign-in")
        }
    }

    @Test func aSessionEndsAtItsLifetimeHoweverBusy() async throws {
        let clock = Clock()
        try await Self.fixture(clock).test(authenticated: true) { client in
            let browser = Browser()
            _ = try await browser.signIn(client)
            for _ in 1...5 {
                clock.advance(minutes: 20)
                #expect(try await browser.get(client, "/clients").status == .ok)
            }
            clock.advance(minutes: 20)
            #expect(try await browser.get(client, "/clients").status == .seeOther)
        }
    }

    @Test func signingOutEndsTheSessionInTheStore() async throws {
        let f = try Self.fixture()
        try await f.test(authenticated: true) { client in
            let browser = Browser()
            _ = try await browser.signIn(client)
            let stolen = browser.cookieHeader
            _ = try await browser.get(client, "/clients")
            let response = try await browser.post(client, "/sign-out", [])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/sign-in")
            #expect(response.headers[values: .setCookie].contains("sp_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"))
            let replayed = try await client.send("/clients", .get, headers: [.cookie: stolen])
            #expect(replayed.status == .seeOther)
        }
    }

    @Test func signingOutNeedsTheFormsToken() async throws {
        try await Self.fixture().test(authenticated: true) { client in
            let browser = Browser()
            _ = try await browser.signIn(client)
            #expect(try await browser.post(client, "/sign-out", [], csrf: false).status == .forbidden)
            #expect(try await browser.get(client, "/clients").status == .ok)
        }
    }

    @Test func aSessionEndsWhenItsUserIsRemovedOrTheirPasswordChanges() async throws {
        let f = try Self.fixture()
        try await f.test(authenticated: true) { client in
            let browser = Browser()
            _ = try await browser.signIn(client)
            try f.call(as: "admin").setPassword("cora", password: "a new passphrase")
            #expect(try await browser.get(client, "/clients").status == .seeOther)
            _ = try await browser.signIn(client, password: "a new passphrase")
            #expect(try await browser.get(client, "/clients").status == .ok)
            try f.call(as: "admin").removeUser("cora")
            #expect(try await browser.get(client, "/clients").status == .seeOther)
        }
    }

    @Test func serversOnOneDatabaseShareSessions() async throws {
        let f = try Self.fixture()
        let other = try ServerFixture(settings: f.runner.settings, reopening: f)
        let browser = Browser()
        try await f.test(authenticated: true) { client in _ = try await browser.signIn(client) }
        try await other.test(authenticated: true) { client in
            let page = try await browser.get(client, "/clients")
            #expect(page.status == .ok)
            #expect(page.text.contains("Signed in as cora (coordinator)"))
        }
    }

    @Test func aFormPostedByARoleThatMayNotIsRefusedByTheServiceAndChangesNothing() async throws {
        let f = try Self.fixture()
        try f.call(as: "admin").setPassword("wes", password: Self.password)
        let before = try f.dump()
        try await f.test(authenticated: true) { client in
            let browser = Browser()
            _ = try await browser.signIn(client, as: "wes")
            let page = try await browser.get(client, "/plans/SP-000001")
            #expect(page.text.contains("Signed in as wes (worker)"))
            let response = try await browser.post(client, "/plans/SP-000001/review", [("revision", "0")])
            #expect(response.status == .forbidden)
            #expect(response.text.contains("wes (worker) may not start plan reviews"))
        }
        #expect(try f.dump().replacing(/== web_session\n[^=]*/, with: "") == before.replacing(/== web_session\n[^=]*/, with: ""))
    }

    @Test func aSingleUserInstallationHasNoSignInPage() async throws {
        try await ServerFixture(demo: false).test(authenticated: true) { client in
            let response = try await client.send("/sign-in", .get)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/clients")
            let clients = try await client.send("/clients", .get)
            #expect(clients.status == .ok)
            #expect(!clients.text.contains("Sign out"))
        }
    }

    @Test func theRequestLogNamesTheUserAndNeverTheirPasswordOrToken() async throws {
        let f = try Self.fixture()
        let token = try f.call(as: "admin").issueToken(for: "lee").token
        let lines = LogLines()
        let logger = Logger(label: "test") { _ in lines }
        try await f.app(logger: logger, authenticated: true).test(.router) { client in
            _ = try await Browser().signIn(client)
            _ = try await client.send("/api/v1/plans/SP-000001", .get, headers: [.authorization: "Bearer \(token)"])
        }
        let all = lines.text
        #expect(all.contains("GET /api/v1/plans/SP-000001 200"))
        #expect(all.contains("user=lee"))
        #expect(all.contains("POST /sign-in 303"))
        #expect(!all.contains(Self.password) && !all.contains(token) && !all.contains("Bearer"))
    }
}
