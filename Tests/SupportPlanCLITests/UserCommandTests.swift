import Foundation
import PlanModel
import PlanService
import PlanStore
import Testing

/// `supportplan user …`, `--as` once users exist, and SPEC section 8's table through the command line.
@Suite struct UserCommandTests {
    @Test func theFirstAdministratorIsAddedToADatabaseWithoutUsers() throws {
        let ws = try Workspace(demo: false)
        ws.user = "someone"
        try ws.assertUnchanged(["user", "add", "jo", "--role", "worker"], exit: 1,
                               stderrEquals: "Refused: The first user must have the admin role: once a user exists, only an admin can add users\n")
        try ws.assertCommand(["user", "list"], stdoutEquals: "No users: every command runs as the local administrator.\n")
        try ws.assertCommand(["user", "add", "ana", "--role", "admin", "--password-stdin"],
                             stdoutEquals: "Added ana (admin) with a password.\n", stdin: Data("a long passphrase\n".utf8))
        try ws.assertCommand(["user", "list"], exit: 2, stderr: ["Error: No user named 'someone': once a database has users, whoever acts must be one of them (--as NAME"])
        ws.user = "ana"
        try ws.assertCommand(["user", "add", "jo", "--role", "worker", "coordinator"], stdoutEquals: "Added jo (worker, coordinator).\n")
        try ws.assertCommand(["user", "list"], stdoutEquals: "ana  admin  password\njo  worker, coordinator\n")
        #expect(!(try ws.dump()).contains("a long passphrase"))
    }

    @Test func anUnknownAsIsBadInputOnceUsersExist() throws {
        let ws = try Workspace()
        ws.user = "bob"
        try ws.assertUnchanged(["plan", "show", "SP-000001"], exit: 2, stderrEquals:
            "Error: No user named 'bob': once a database has users, whoever acts must be one of them (--as NAME or $SUPPORTPLAN_AS; an admin sees them with `supportplan user list`)\n")
    }

    @Test func aRefusalNamesTheUserTheRoleAndTheAction() throws {
        let ws = try Workspace()
        ws.user = "wes"
        try ws.assertUnchanged(["plan", "activate", "SP-000002"], exit: 1, stderrEquals: "Refused: wes (worker) may not activate plans\n")
        try ws.assertUnchanged(["plan", "activate", "SP-000002", "--format", "json"], exit: 1,
                               stdout: [#""error" : "forbidden""#, #""message" : "wes (worker) may not activate plans""#])
    }

    @Test func aTokenIsPrintedOnceAndCanBeRevoked() throws {
        let ws = try Workspace()
        let issued = try ws.assertCommand(["user", "token", "wes"], stderr: ["API token 1 for wes; it is shown only this once"])
        let token = issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("spt_") && token.count == 68)
        #expect(!(try ws.dump()).contains(token))
        try ws.assertCommand(["user", "list"], stdout: ["wes  worker  tokens 1\n"])
        try ws.assertCommand(["user", "revoke", "wes", "1"], stdoutEquals: "Revoked token 1 of wes.\n")
        try ws.assertCommand(["user", "revoke", "wes"], stdoutEquals: "No valid tokens of wes to revoke.\n")
        try ws.assertCommand(["user", "remove", "wes"], stdoutEquals: "Removed wes.\n")
        try ws.assertUnchanged(["user", "remove", "wes"], exit: 2, stderrEquals: "Error: No user named 'wes' (see `supportplan user list`)\n")
    }

    @Test func lintChecksPermissionsYaml() throws {
        let ws = try Workspace(demo: false)
        let rules = try ws.copyRules()
        try Data("coordinator: { create: [care_contct] }\n".utf8).write(to: rules.appendingPathComponent("permissions.yaml"))
        try ws.assertCommand(["lint", rules.path], exit: 1, stdout: [
            "permissions.yaml:1:25: error: coordinator.create[0]: unknown record type 'care_contct' (did you mean 'care_contact'?)",
        ])
    }

    /// One changing command of the table: who may run it and what it needs done first (as admin, in process).
    struct Case: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var allowed: Set<Role>
        var action: String
        var setup: @Sendable (ServiceCall, Workspace) throws -> Void = { _, _ in }
        var testDescription: String { arguments.prefix(2).joined(separator: " ") }
    }

    static let staff: Set<Role> = [.coordinator, .teamLeader, .admin]
    static let userOf: [Role: String] = [.worker: "wes", .coordinator: "cora", .teamLeader: "lee", .implementer: "ivy", .admin: "admin"]

    static let cases: [Case] = [
        Case(arguments: ["client", "import", "new.json"], allowed: [.admin], action: "import clients",
             setup: { _, ws in _ = try ws.write("new.json", #"[{"id": "C-0009", "name": "Kai Lee", "profile": {}}]"#) }),
        Case(arguments: ["record", "edit", "CC-00003", "phone=0411 999 888"], allowed: staff, action: "edit records"),
        Case(arguments: ["template", "publish", "home-care"], allowed: [.implementer, .admin], action: "publish templates"),
        Case(arguments: ["plan", "create", "--client", "C-0003", "--template", "ndis-core"], allowed: staff, action: "create plans"),
        Case(arguments: ["item", "set", "SP-000003", "living_arrangements", "address_line1=4 Bay Road"], allowed: staff, action: "work on plan items"),
        Case(arguments: ["item", "complete", "SP-000003", "client_identity"], allowed: staff, action: "work on plan items"),
        Case(arguments: ["item", "review", "SP-000002", "preferred_name"], allowed: staff, action: "work on plan items"),
        Case(arguments: ["item", "not-required", "SP-000003", "providers"], allowed: staff, action: "work on plan items"),
        Case(arguments: ["item", "reinstate", "SP-000003", "providers"], allowed: staff, action: "work on plan items",
             setup: { s, _ in _ = try s.notRequired(plan: "SP-000003", item: "providers", reason: nil) }),
        Case(arguments: ["item", "add", "SP-000003", "service_schedule", "--blank"], allowed: staff, action: "work on plan items"),
        Case(arguments: ["item", "remove", "SP-000003", "service_schedule#2"], allowed: staff, action: "work on plan items",
             setup: { s, _ in _ = try s.addInstance(plan: "SP-000003", item: "service_schedule", clone: nil) }),
        Case(arguments: ["item", "link", "SP-000003", "medications", "MED-00003"], allowed: staff, action: "link records"),
        Case(arguments: ["item", "unlink", "SP-000003", "medications", "MED-00003"], allowed: staff, action: "link records",
             setup: { s, _ in _ = try s.link(plan: "SP-000003", item: "medications", records: ["MED-00003"]) }),
        Case(arguments: ["item", "create", "SP-000003", "risk_assessments", "risk=Fall in the shower", "category=Falls", "likelihood=Likely",
                         "consequence=Major", "rating=High", "controls=Shower chair", "assessed_date=2026-11-20", "review_date=2027-05-20"],
             allowed: staff, action: "create records"),
        Case(arguments: ["plan", "review", "SP-000001"], allowed: staff, action: "start plan reviews",
             setup: { s, _ in _ = try s.discard("SP-000002") }),
        Case(arguments: ["plan", "discard", "SP-000003"], allowed: staff, action: "discard draft plans"),
        Case(arguments: ["plan", "activate", "SP-000002"], allowed: [.teamLeader, .admin], action: "activate plans",
             setup: { s, _ in
                 _ = try s.setValues(plan: "SP-000002", item: "goals", [try Assignment.parse("progress_notes=Catches the tram")])
                 for item in try s.evaluate("SP-000002").items where item.visible && item.status == .open {
                     _ = try s.review(plan: "SP-000002", item: item.instance == 1 ? item.key : "\(item.key)#\(item.instance)")
                 }
             }),
        Case(arguments: ["user", "add", "kim", "--role", "worker"], allowed: [.admin], action: "manage users"),
        Case(arguments: ["user", "token", "wes"], allowed: [.admin], action: "manage users"),
        Case(arguments: ["user", "remove", "wes"], allowed: [.admin], action: "manage users"),
    ]

    @Test(arguments: cases)
    func eachRoleRunsWhatTheTableAllowsAndIsRefusedTheRestWithExit1(_ testCase: Case) throws {
        for role in Role.allCases {
            let ws = try Workspace()
            let service = SupportPlanService(store: try SQLitePlanStore(path: ws.db.path), rules: try RulesCache(folder: ws.rules))
            let admin = service.call(as: Caller(user: "admin", today: Workspace.today))
            _ = try admin.addUser("ivy", roles: [.implementer], password: nil)
            _ = try admin.createPlan(client: "C-0002", template: "home-care")
            try testCase.setup(admin, ws)
            ws.user = Self.userOf[role]!
            if testCase.allowed.contains(role) {
                try ws.assertCommand(testCase.arguments, exit: 0)
            } else {
                try ws.assertUnchanged(testCase.arguments, exit: 1,
                                       stderrEquals: "Refused: \(ws.user) (\(role.rawValue)) may not \(testCase.action)\n")
            }
        }
    }
}
