import Foundation
import PlanModel
import PlanService
import PlanStore
import Testing

/// Passwords and API tokens: what the server signs people in with.
@Suite struct AuthenticationTests {
    @Test func aPasswordSignsItsUserInAndAWrongOneDoesNot() throws {
        let fixture = try RoleFixture()
        try fixture.admin.setPassword("cora", password: "correct horse battery")
        #expect(try fixture.service.signIn(name: "cora", password: "correct horse battery") == "cora")
        for (name, password) in [("cora", "correct horse battery!"), ("nobody", "correct horse battery"), ("wes", "any password at all")] {
            let error = #expect(throws: ServiceError.self) { _ = try fixture.service.signIn(name: name, password: password) }
            #expect(error?.kind == .unauthenticated)
            #expect(error?.reasons == ["Wrong user name or password"])
        }
    }

    @Test func thePasswordIsStoredOnlyAsASaltedHash() throws {
        let fixture = try RoleFixture()
        try fixture.admin.setPassword("cora", password: "correct horse battery")
        try fixture.admin.setPassword("lee", password: "correct horse battery")
        let dump = try fixture.store.contentDump()
        #expect(!dump.contains("correct horse battery"))
        let hashes = try fixture.store.read { tx in [try tx.user(name: "cora")?.passwordHash, try tx.user(name: "lee")?.passwordHash] }
        #expect(hashes[0]?.hasPrefix("$2b$04$") == true)
        #expect(hashes[0] != hashes[1], "the same password hashes differently for each user (salt)")
    }

    @Test(arguments: ["short", String(repeating: "x", count: 73)])
    func aPasswordBcryptCannotTakeWholeIsBadInput(_ password: String) throws {
        let fixture = try RoleFixture()
        let error = #expect(throws: ServiceError.self) { try fixture.admin.setPassword("cora", password: password) }
        #expect(error?.kind == .badInput)
    }

    @Test func aTokenIsKeptAsTheLowerCaseHexOfItsSHA256() {
        // The FIPS 180-2 example: stored tokens made by earlier builds must still be found.
        #expect(Credentials.hash(token: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func aTokenIdentifiesItsUserUntilRevoked() throws {
        let fixture = try RoleFixture()
        let issued = try fixture.admin.issueToken(for: "wes")
        #expect(issued.token.hasPrefix("spt_") && issued.token.count == 68)
        #expect(try fixture.service.authenticate(token: issued.token) == "wes")
        #expect(!(try fixture.store.contentDump()).contains(issued.token), "only the token's hash is stored")
        #expect(try fixture.admin.revokeTokens(of: "wes", id: issued.id) == [issued.id])
        let error = #expect(throws: ServiceError.self) { _ = try fixture.service.authenticate(token: issued.token) }
        #expect(error?.kind == .unauthenticated)
        #expect(error?.reasons == ["The API token was revoked"])
        let unknown = #expect(throws: ServiceError.self) { _ = try fixture.service.authenticate(token: "spt_nothing") }
        #expect(unknown?.reasons == ["The API token is not valid"])
    }

    @Test func removingAUserEndsTheirTokens() throws {
        let fixture = try RoleFixture()
        let issued = try fixture.admin.issueToken(for: "wes")
        try fixture.admin.removeUser("wes")
        #expect(throws: ServiceError.self) { _ = try fixture.service.authenticate(token: issued.token) }
    }

    @Test func twoTokensAreNeverTheSame() {
        #expect(Set((0..<100).map { _ in Credentials.newToken() }).count == 100)
    }
}
