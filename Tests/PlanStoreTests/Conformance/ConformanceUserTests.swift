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

/// Web sessions behave the same in every store: found by hash, touched, ended, swept by age, and
/// gone with their user, so servers sharing a database share their sessions.
@Suite struct ConformanceSessionTests {
    static let ana = ConformanceUserTests.ana
    static let first = StoredSession(hash: "s1", user: "ana", createdAt: "2026-11-28T09:00:00.000Z", lastSeenAt: "2026-11-28T09:00:00.000Z")
    static let second = StoredSession(hash: "s2", user: "ana", createdAt: "2026-11-28T10:00:00.000Z", lastSeenAt: "2026-11-28T10:30:00.000Z")

    @Test(arguments: StoreKind.underTest)
    func sessionsAreFoundByHashTouchedAndEnded(kind: StoreKind) throws {
        let db = try kind.make()
        try db.store.write { tx in try tx.insert(Self.ana); try tx.insert(Self.first) }
        #expect(try db.store.read { try $0.session(hash: "s1") } == Self.first)
        #expect(try db.store.read { try $0.session(hash: "nope") } == nil)
        try db.store.write { try $0.touchSession(hash: "s1", at: "2026-11-28T09:05:00.000Z") }
        #expect(try db.store.read { try $0.session(hash: "s1")?.lastSeenAt } == "2026-11-28T09:05:00.000Z")
        try db.store.write { tx in try tx.touchSession(hash: "nope", at: "t"); try tx.removeSession(hash: "nope") }
        try db.store.write { try $0.removeSession(hash: "s1") }
        #expect(try db.store.read { try $0.session(hash: "s1") } == nil)
    }

    @Test(arguments: StoreKind.underTest)
    func aSessionOfAMissingUserOrATakenHashIsRefusedAndChangesNothing(kind: StoreKind) throws {
        let db = try kind.make()
        #expect(throws: StoreError(.notFound, "Cannot store a session of user 'ana', who does not exist")) {
            try db.store.write { try $0.insert(Self.first) }
        }
        try db.store.write { tx in try tx.insert(Self.ana); try tx.insert(Self.first) }
        var taken = Self.second
        taken.hash = "s1"
        #expect(throws: StoreError(.constraint, "A session with this hash already exists")) { try db.store.write { try $0.insert(taken) } }
        #expect(try db.store.read { try $0.session(hash: "s1") } == Self.first)
    }

    @Test(arguments: StoreKind.underTest)
    func oldSessionsAreSweptAndSessionsGoWithTheirUser(kind: StoreKind) throws {
        let db = try kind.make()
        try db.store.write { tx in
            try tx.insert(Self.ana); try tx.insert(ConformanceUserTests.jo)
            try tx.insert(Self.first); try tx.insert(Self.second)
            try tx.insert(StoredSession(hash: "s3", user: "jo", createdAt: "2026-11-28T10:00:00.000Z", lastSeenAt: "2026-11-28T10:00:00.000Z"))
        }
        // s1 is too old; s3 idle too long; s2 lives.
        let swept = try db.store.write { try $0.removeSessions(createdBefore: "2026-11-28T09:30:00.000Z", lastSeenBefore: "2026-11-28T10:10:00.000Z") }
        #expect(swept == 2)
        #expect(try db.store.read { tx in try ["s1", "s2", "s3"].map { try tx.session(hash: $0) != nil } } == [false, true, false])
        try db.store.write { try $0.removeUser(name: "ana") }
        #expect(try db.store.read { try $0.session(hash: "s2") } == nil)
        try db.store.write { tx in
            try tx.insert(StoredSession(hash: "s4", user: "jo", createdAt: "t", lastSeenAt: "t"))
            try tx.removeSessions(user: "jo")
        }
        #expect(try db.store.read { try $0.session(hash: "s4") } == nil)
    }
}
