import Testing
import PlanModel
@testable import PlanStore

/// Users and API tokens behave the same in every store.
@Suite struct ConformanceUserTests {
    static let ana = StoredUser(name: "ana", roles: ["admin"], passwordHash: "$2b$12$abc", createdAt: "2025-01-01T09:00:00Z")
    static let jo = StoredUser(name: "jo", roles: ["worker", "coordinator"], passwordHash: nil, createdAt: "2025-01-02T09:00:00Z")

    @Test(arguments: StoreKind.underTest)
    func usersAreStoredListedInNameOrderChangedAndRemoved(kind: StoreKind) throws {
        let db = try kind.make()
        #expect(try db.store.read { try $0.userCount() } == 0)
        try db.store.write { tx in try tx.insert(Self.jo); try tx.insert(Self.ana) }
        #expect(try db.store.read { try $0.users() } == [Self.ana, Self.jo])
        #expect(try db.store.read { try $0.userCount() } == 2)
        var changed = Self.jo
        changed.roles = ["admin"]
        changed.passwordHash = "$2b$12$new"
        changed.createdAt = "ignored"
        try db.store.write { try $0.update(changed) }
        changed.createdAt = Self.jo.createdAt
        #expect(try db.store.read { try $0.user(name: "jo") } == changed)
        try db.store.write { try $0.removeUser(name: "jo") }
        #expect(try db.store.read { try $0.users() } == [Self.ana])
        #expect(try db.store.read { try $0.user(name: "jo") } == nil)
    }

    @Test(arguments: StoreKind.underTest)
    func aTakenNameAndAMissingUserAreRefusedAndChangeNothing(kind: StoreKind) throws {
        let db = try kind.make()
        try db.store.write { try $0.insert(Self.ana) }
        #expect(throws: StoreError(.constraint, "A user named 'ana' already exists")) {
            try db.store.write { try $0.insert(Self.ana) }
        }
        #expect(throws: StoreError(.notFound, "No user named 'jo'")) { try db.store.write { try $0.update(Self.jo) } }
        #expect(throws: StoreError(.notFound, "No user named 'jo'")) { try db.store.write { try $0.removeUser(name: "jo") } }
        #expect(throws: StoreError(.notFound, "No API token with id 42")) { try db.store.write { try $0.revokeToken(id: 42, at: "t") } }
        #expect(try db.store.read { try $0.users() } == [Self.ana])
    }

    @Test(arguments: StoreKind.underTest)
    func tokensAreFoundByHashRevokedOnceAndGoWithTheirUser(kind: StoreKind) throws {
        let db = try kind.make()
        try db.store.write { tx in try tx.insert(Self.ana); try tx.insert(Self.jo) }
        let (first, second, other) = try db.store.write { tx in
            (try tx.insertToken(user: "jo", hash: "h1", createdAt: "2025-01-03"),
             try tx.insertToken(user: "jo", hash: "h2", createdAt: "2025-01-04"),
             try tx.insertToken(user: "ana", hash: "h3", createdAt: "2025-01-05"))
        }
        #expect(first < second && second < other)
        #expect(try db.store.read { try $0.token(hash: "h2") } == StoredToken(id: second, user: "jo", hash: "h2", createdAt: "2025-01-04"))
        #expect(try db.store.read { try $0.token(hash: "nope") } == nil)
        try db.store.write { try $0.revokeToken(id: first, at: "2025-02-01") }
        try db.store.write { try $0.revokeToken(id: first, at: "2025-03-01") }
        #expect(try db.store.read { try $0.tokens(user: "jo").map(\.revokedAt) } == ["2025-02-01", nil])
        #expect(throws: StoreError.self) { try db.store.write { _ = try $0.insertToken(user: "ana", hash: "h1", createdAt: "t") } }
        try db.store.write { try $0.removeUser(name: "jo") }
        #expect(try db.store.read { try $0.tokens(user: "jo") } == [])
        #expect(try db.store.read { try $0.token(hash: "h3")?.user } == "ana")
        // A new token never takes the number of a removed one.
        #expect(try db.store.write { try $0.insertToken(user: "ana", hash: "h4", createdAt: "t") } > other)
    }
}
