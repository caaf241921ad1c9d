import Foundation
import PlanModel
import PlanService
import PlanStore

/// A database with one user per role, copied fresh for each case so a case can change it: the demo
/// (SP-000001 active, SP-000002 its review draft, users admin, cora, lee and wes), an implementer
/// `ivy`, and Ron's home-care draft SP-000003.
final class RoleFixture {
    /// The user who holds each role.
    static let userOf: [Role: String] = [.worker: "wes", .coordinator: "cora", .teamLeader: "lee", .implementer: "ivy", .admin: "admin"]

    /// The base database, made once per test run.
    static let base: Result<URL, Error> = Result {
        let fixture = try ServiceFixture()
        try fixture.runDemo()
        let admin = fixture.service.service.call(as: caller("admin"))
        _ = try admin.addUser("ivy", roles: [.implementer], password: nil)
        _ = try admin.createPlan(client: "C-0002", template: "home-care")
        let keep = FileManager.default.temporaryDirectory.appendingPathComponent("supportplan-roles-\(UUID().uuidString).sqlite")
        try FileManager.default.copyItem(atPath: fixture.store.path, toPath: keep.path)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: fixture.store.path + suffix) {
            try FileManager.default.copyItem(atPath: fixture.store.path + suffix, toPath: keep.path + suffix)
        }
        return keep
    }

    static func caller(_ user: String) -> Caller {
        Caller(user: user, today: "2026-11-28", now: { "2026-11-28T09:00:00.000Z" })
    }

    let folder: URL
    let store: SQLitePlanStore
    let service: SupportPlanService

    init(rules: URL = ServiceFixture.sampleRules) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("supportplan-role-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("plans.sqlite").path
        let base = try Self.base.get()
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: base.path + suffix) {
            try FileManager.default.copyItem(atPath: base.path + suffix, toPath: path + suffix)
        }
        store = try SQLitePlanStore(path: path)
        service = SupportPlanService(store: store, rules: try RulesCache(folder: rules), credentials: Credentials(passwordCost: 4))
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func call(as user: String) -> ServiceCall { service.call(as: Self.caller(user)) }
    func call(as role: Role) -> ServiceCall { call(as: Self.userOf[role]!) }
    var admin: ServiceCall { call(as: .admin) }
}
