import Foundation
import PlanModel
import PlanService
import PlanStore
import Testing

/// SPEC section 8's table, operation by operation: each role that may do it does it, and each other
/// role is refused with a message naming the user, the role and the action, changing nothing.
@Suite struct RolePermissionTests {
    /// One changing operation: who may do it, what it needs first (done as admin), and the call.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var allowed: Set<Role>
        var action: String
        var setup: @Sendable (ServiceCall) throws -> Void = { _ in }
        var run: @Sendable (ServiceCall) throws -> Void
        var testDescription: String { name }
    }

    static let staff: Set<Role> = [.coordinator, .teamLeader, .admin]

    static let cases: [Case] = [
        Case(name: "client import", allowed: [.admin], action: "import clients", run: { s in
            _ = try s.importClients(data: Data(#"[{"id": "C-0009", "name": "Kai Lee", "profile": {}}]"#.utf8), file: "new.json") }),
        Case(name: "record edit", allowed: staff, action: "edit records", run: { s in
            _ = try s.editRecord("CC-00003", [Assignment(key: "phone", text: "0411 999 888")]) }),
        Case(name: "template publish", allowed: [.implementer, .admin], action: "publish templates", run: { s in
            _ = try s.publish(["home-care"]) }),
        Case(name: "plan create", allowed: staff, action: "create plans", run: { s in
            _ = try s.createPlan(client: "C-0003", template: "ndis-core") }),
        Case(name: "item set", allowed: staff, action: "work on plan items", run: { s in
            _ = try s.setValues(plan: "SP-000003", item: "living_arrangements", [Assignment(key: "address_line1", text: "4 Bay Road")]) }),
        Case(name: "item complete", allowed: staff, action: "work on plan items", run: { s in
            _ = try s.complete(plan: "SP-000003", item: "client_identity") }),
        Case(name: "item review", allowed: staff, action: "work on plan items", run: { s in
            _ = try s.review(plan: "SP-000002", item: "preferred_name") }),
        Case(name: "item not-required", allowed: staff, action: "work on plan items", run: { s in
            _ = try s.notRequired(plan: "SP-000003", item: "providers", reason: "All in house") }),
        Case(name: "item reinstate", allowed: staff, action: "work on plan items",
             setup: { s in _ = try s.notRequired(plan: "SP-000003", item: "providers", reason: "All in house") },
             run: { s in _ = try s.reinstate(plan: "SP-000003", item: "providers") }),
        Case(name: "item add", allowed: staff, action: "work on plan items", run: { s in
            _ = try s.addInstance(plan: "SP-000003", item: "service_schedule", clone: nil) }),
        Case(name: "item remove", allowed: staff, action: "work on plan items",
             setup: { s in _ = try s.addInstance(plan: "SP-000003", item: "service_schedule", clone: nil) },
             run: { s in _ = try s.removeInstance(plan: "SP-000003", item: "service_schedule#2") }),
        Case(name: "item link", allowed: staff, action: "link records", run: { s in
            _ = try s.link(plan: "SP-000003", item: "medications", records: ["MED-00003"]) }),
        Case(name: "item unlink", allowed: staff, action: "link records",
             setup: { s in _ = try s.link(plan: "SP-000003", item: "medications", records: ["MED-00003"]) },
             run: { s in _ = try s.unlink(plan: "SP-000003", item: "medications", record: "MED-00003") }),
        Case(name: "item create", allowed: staff, action: "create records", run: { s in
            _ = try s.createRecord(plan: "SP-000003", item: "risk_assessments", RolePermissionTests.riskAssessment) }),
        Case(name: "plan review", allowed: staff, action: "start plan reviews",
             setup: { s in _ = try s.discard("SP-000002") },
             run: { s in _ = try s.startReview("SP-000001") }),
        Case(name: "plan discard", allowed: staff, action: "discard draft plans", run: { s in _ = try s.discard("SP-000003") }),
        Case(name: "plan activate", allowed: [.teamLeader, .admin], action: "activate plans",
             setup: { s in try RolePermissionTests.reviewEverything(s, "SP-000002") },
             run: { s in _ = try s.activate("SP-000002") }),
        Case(name: "user add", allowed: [.admin], action: "manage users", run: { s in
            _ = try s.addUser("kim", roles: [.worker], password: "a long passphrase") }),
        Case(name: "user remove", allowed: [.admin], action: "manage users", run: { s in try s.removeUser("wes") }),
        Case(name: "user password", allowed: [.admin], action: "manage users", run: { s in try s.setPassword("wes", password: "another passphrase") }),
        Case(name: "user token", allowed: [.admin], action: "manage users", run: { s in _ = try s.issueToken(for: "wes") }),
        Case(name: "user revoke", allowed: [.admin], action: "manage users",
             setup: { s in _ = try s.issueToken(for: "wes") },
             run: { s in _ = try s.revokeTokens(of: "wes") }),
    ]

    static let riskAssessment = [("risk", "Fall in the shower"), ("category", "Falls"), ("likelihood", "Likely"), ("consequence", "Major"),
                                 ("rating", "High"), ("controls", "Shower chair"), ("assessed_date", "2026-11-20"), ("review_date", "2027-05-20")]
        .map { Assignment(key: $0.0, text: $0.1) }

    static func reviewEverything(_ s: ServiceCall, _ plan: String) throws {
        _ = try s.setValues(plan: plan, item: "goals", [try Assignment.parse("progress_notes=Catches the tram with a worker")])
        for item in try s.evaluate(plan).items where item.visible && item.status == .open {
            _ = try s.review(plan: plan, item: item.instance == 1 ? item.key : "\(item.key)#\(item.instance)")
        }
    }

    @Test(arguments: cases)
    func eachRoleMayDoWhatTheTableSaysAndIsRefusedTheRest(_ testCase: Case) throws {
        for role in Role.allCases {
            let fixture = try RoleFixture()
            try testCase.setup(fixture.admin)
            let before = try fixture.store.contentDump()
            let user = RoleFixture.userOf[role]!
            if testCase.allowed.contains(role) {
                #expect(throws: Never.self, "\(testCase.name) as \(user) (\(role.rawValue))") { try testCase.run(fixture.call(as: role)) }
            } else {
                let error = #expect(throws: ServiceError.self, "\(testCase.name) as \(user) (\(role.rawValue))") {
                    try testCase.run(fixture.call(as: role))
                }
                #expect(error?.kind == .forbidden)
                #expect(error?.reasons == ["\(user) (\(role.rawValue)) may not \(testCase.action)"])
                #expect(try fixture.store.contentDump() == before, "\(testCase.name) as \(user) changed the database")
            }
        }
    }

    /// Reading: every role reads active plans; drafts and clients without an active plan need more.
    @Test func aWorkerReadsActivePlansOnly() throws {
        let fixture = try RoleFixture()
        let worker = fixture.call(as: .worker)
        #expect(try worker.show("SP-000001").plan.status == .active)
        #expect(try worker.history("SP-000001").isEmpty == false)
        #expect(try worker.plans().map(\.id) == ["SP-000001"])
        #expect(try worker.client("C-0001").plans.map(\.id) == ["SP-000001"])
        #expect(try worker.record("CC-00001").id == "CC-00001")
        for read in [{ _ = try worker.show("SP-000002") }, { _ = try worker.evaluate("SP-000003") }, { _ = try worker.history("SP-000002") },
                     { _ = try worker.diff("SP-000002") }, { _ = try worker.candidates(plan: "SP-000003", item: "medications") }] as [() throws -> Void] {
            let error = #expect(throws: ServiceError.self) { try read() }
            #expect(error?.reasons == ["wes (worker) may not read plans that are not active"])
        }
        let error = #expect(throws: ServiceError.self) { _ = try worker.client("C-0002") }
        #expect(error?.reasons == ["wes (worker) may not read clients without an active plan"])
        #expect(try fixture.call(as: .coordinator).plans().map(\.id) == ["SP-000001", "SP-000002", "SP-000003"])
    }

    @Test(arguments: Role.allCases)
    func explainAndEvaluateAllAreForImplementersAndAdmins(_ role: Role) throws {
        let fixture = try RoleFixture()
        let call = fixture.call(as: role)
        let user = RoleFixture.userOf[role]!
        if role == .implementer || role == .admin {
            _ = try call.explain("SP-000001", item: "preferred_name")
            #expect(try call.evaluateAll(threads: 1).plans == 3)
        } else {
            let explain = #expect(throws: ServiceError.self) { _ = try call.explain("SP-000001", item: "preferred_name") }
            #expect(explain?.reasons == ["\(user) (\(role.rawValue)) may not explain plan items"])
            let all = #expect(throws: ServiceError.self) { _ = try call.evaluateAll(threads: 1) }
            #expect(all?.reasons == ["\(user) (\(role.rawValue)) may not evaluate every plan"])
        }
    }

    @Test func anUnknownUserIsUnauthenticatedOnceUsersExist() throws {
        let fixture = try RoleFixture()
        let error = #expect(throws: ServiceError.self) { _ = try fixture.call(as: "bob").plans() }
        #expect(error?.kind == .unauthenticated)
        #expect(error?.reasons == ["No user named 'bob': once a database has users, whoever acts must be one of them"])
    }

    @Test func aDatabaseWithoutUsersRunsEveryoneAsTheLocalAdministrator() throws {
        let fixture = try ServiceFixture()
        #expect(try fixture.service.actingUser() == .localAdministrator("tester"))
        let error = #expect(throws: ServiceError.self) { _ = try fixture.service.addUser("jo", roles: [.worker], password: nil) }
        #expect(error?.reasons == ["The first user must have the admin role: once a user exists, only an admin can add users"])
        _ = try fixture.service.addUser("ana", roles: [.admin], password: nil)
        #expect(throws: ServiceError.self) { _ = try fixture.service.actingUser() }
    }

    @Test func historyNamesTheActingUser() throws {
        let fixture = try RoleFixture()
        _ = try fixture.call(as: .coordinator).complete(plan: "SP-000003", item: "client_identity")
        let last = try fixture.admin.history("SP-000003").last
        #expect(last?.user == "cora")
    }

    @Test func theLastAdminCannotBeRemovedWhileOthersRemain() throws {
        let fixture = try RoleFixture()
        let error = #expect(throws: ServiceError.self) { try fixture.admin.removeUser("admin") }
        #expect(error?.reasons == ["'admin' is the only admin; add another admin before removing them"])
    }
}
