import Foundation
import HTTPTypes
import HummingbirdTesting
import PlanModel
import PlanService
import Testing

/// SPEC section 8's table through the API: every changing route as every role, with the role's own
/// token. Each role that may do it gets its answer; each other one gets 403 with the service's
/// refusal naming the user, the role and the action, and the database is unchanged.
@Suite struct RoleAPITests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var allowed: Set<Role>
        var action: String
        var method: HTTPRequest.Method = .post
        var path: String
        var body: String? = nil
        var setup: @Sendable (ServiceCall) throws -> Void = { _ in }
        var testDescription: String { name }
    }

    static let staff: Set<Role> = [.coordinator, .teamLeader, .admin]
    static let userOf: [Role: String] = [.worker: "wes", .coordinator: "cora", .teamLeader: "lee", .implementer: "ivy", .admin: "admin"]
    static let items = "/api/v1/plans/SP-000003/items"

    static let cases: [Case] = [
        Case(name: "client import", allowed: [.admin], action: "import clients", path: "/api/v1/clients",
             body: #"[{"id": "C-0009", "name": "Kai Lee", "profile": {}}]"#),
        Case(name: "record edit", allowed: staff, action: "edit records", method: .patch, path: "/api/v1/records/CC-00003",
             body: #"{"values": {"phone": "0411 999 888"}}"#),
        Case(name: "template publish", allowed: [.implementer, .admin], action: "publish templates", path: "/api/v1/templates/home-care/publish"),
        Case(name: "plan create", allowed: staff, action: "create plans", path: "/api/v1/plans",
             body: #"{"client": "C-0003", "template": "ndis-core"}"#),
        Case(name: "item set", allowed: staff, action: "work on plan items", method: .patch, path: "\(items)/living_arrangements",
             body: #"{"values": {"address_line1": "4 Bay Road"}}"#),
        Case(name: "item complete", allowed: staff, action: "work on plan items", path: "\(items)/client_identity/complete"),
        Case(name: "item review", allowed: staff, action: "work on plan items", path: "/api/v1/plans/SP-000002/items/preferred_name/review"),
        Case(name: "item not-required", allowed: staff, action: "work on plan items", path: "\(items)/providers/not-required",
             body: #"{"reason": "All in house"}"#),
        Case(name: "item reinstate", allowed: staff, action: "work on plan items", path: "\(items)/providers/reinstate",
             setup: { s in _ = try s.notRequired(plan: "SP-000003", item: "providers", reason: "All in house") }),
        Case(name: "item add", allowed: staff, action: "work on plan items", path: "\(items)/service_schedule/add", body: "{}"),
        Case(name: "item remove", allowed: staff, action: "work on plan items", path: "\(items)/service_schedule~2/remove",
             setup: { s in _ = try s.addInstance(plan: "SP-000003", item: "service_schedule", clone: nil) }),
        Case(name: "item link", allowed: staff, action: "link records", path: "\(items)/medications/link", body: #"{"records": ["MED-00003"]}"#),
        Case(name: "item unlink", allowed: staff, action: "link records", path: "\(items)/medications/unlink", body: #"{"record": "MED-00003"}"#,
             setup: { s in _ = try s.link(plan: "SP-000003", item: "medications", records: ["MED-00003"]) }),
        Case(name: "item create", allowed: staff, action: "create records", path: "\(items)/risk_assessments/create",
             body: #"{"values": {"risk": "Fall in the shower", "category": "Falls", "likelihood": "Likely", "consequence": "Major", "rating": "High", "controls": "Shower chair", "assessed_date": "2026-11-20", "review_date": "2027-05-20"}}"#),
        Case(name: "plan review", allowed: staff, action: "start plan reviews", path: "/api/v1/plans/SP-000001/review", body: "{}",
             setup: { s in _ = try s.discard("SP-000002") }),
        Case(name: "plan discard", allowed: staff, action: "discard draft plans", path: "/api/v1/plans/SP-000003/discard"),
        Case(name: "plan activate", allowed: [.teamLeader, .admin], action: "activate plans", path: "/api/v1/plans/SP-000002/activate",
             setup: { s in try RoleAPITests.reviewEverything(s, "SP-000002") }),
    ]

    static func reviewEverything(_ s: ServiceCall, _ plan: String) throws {
        _ = try s.setValues(plan: plan, item: "goals", [try Assignment.parse("progress_notes=Catches the tram with a worker")])
        for item in try s.evaluate(plan).items where item.visible && item.status == .open {
            _ = try s.review(plan: plan, item: item.instance == 1 ? item.key : "\(item.key)#\(item.instance)")
        }
    }

    /// The demo, an implementer `ivy`, Ron's home-care draft SP-000003 and one API token per user; made once.
    static let base: Result<(file: URL, tokens: [String: String]), Error> = Result {
        let fixture = try ServerFixture()
        let admin = fixture.call(as: "admin")
        _ = try admin.addUser("ivy", roles: [.implementer], password: nil)
        _ = try admin.createPlan(client: "C-0002", template: "home-care")
        var tokens: [String: String] = [:]
        for user in userOf.values { tokens[user] = try admin.issueToken(for: user).token }
        let keep = FileManager.default.temporaryDirectory.appendingPathComponent("supportplan-api-roles-\(UUID().uuidString).sqlite")
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: fixture.store.path + suffix) {
            try FileManager.default.copyItem(atPath: fixture.store.path + suffix, toPath: keep.path + suffix)
        }
        return (keep, tokens)
    }

    @Test(arguments: cases)
    func eachRoleMayCallWhatTheTableSaysAndIsRefusedTheRest(_ testCase: Case) async throws {
        let (file, tokens) = try Self.base.get()
        for role in Role.allCases {
            let fixture = try ServerFixture(copying: file)
            try testCase.setup(fixture.call(as: "admin"))
            let before = try fixture.dump()
            let user = Self.userOf[role]!
            let response = try await fixture.test(authenticated: true) { client in
                try await client.send(testCase.path, testCase.method, json: testCase.body,
                                      headers: [.authorization: "Bearer \(tokens[user]!)"])
            }
            if testCase.allowed.contains(role) {
                #expect((200..<300).contains(response.status.code), "\(testCase.name) as \(user): \(response.status) \(response.text)")
            } else {
                #expect(response.status == .forbidden, "\(testCase.name) as \(user): \(response.text)")
                #expect(response.object["error"] as? String == "forbidden")
                #expect(response.object["message"] as? String == "\(user) (\(role.rawValue)) may not \(testCase.action)")
                #expect(try fixture.dump() == before, "\(testCase.name) as \(user) changed the database")
            }
        }
    }
}
