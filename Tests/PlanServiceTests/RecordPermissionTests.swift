import Foundation
import PlanModel
import RulesReader
import PlanService
import PlanStore
import Testing

/// `Rules/permissions.yaml` narrows what a role may link and create, per record type.
@Suite struct RecordPermissionTests {
    /// A copy of the sample Rules folder with `yaml` as its permissions.yaml.
    static func rules(_ yaml: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("supportplan-permissions-\(UUID().uuidString)/Rules")
        try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ServiceFixture.sampleRules, to: folder)
        try Data(yaml.utf8).write(to: folder.appendingPathComponent("permissions.yaml"))
        return folder
    }

    @Test func aCoordinatorCreatesAndLinksOnlyTheTypesTheFileAllows() throws {
        let rules = try Self.rules("coordinator: { create: [care_contact], link: [service_provider] }\n")
        let fixture = try RoleFixture(rules: rules)
        let cora = fixture.call(as: .coordinator)
        let before = try fixture.store.contentDump()
        let create = #expect(throws: ServiceError.self) {
            _ = try cora.createRecord(plan: "SP-000003", item: "risk_assessments", RolePermissionTests.riskAssessment)
        }
        #expect(create?.kind == .forbidden)
        #expect(create?.reasons == ["cora (coordinator) may not create risk_assessment records (Rules/permissions.yaml)"])
        let link = #expect(throws: ServiceError.self) { _ = try cora.link(plan: "SP-000003", item: "medications", records: ["MED-00003"]) }
        #expect(link?.reasons == ["cora (coordinator) may not link medication records (Rules/permissions.yaml)"])
        #expect(try fixture.store.contentDump() == before)
        // A team leader is not narrowed by the coordinator's line.
        _ = try fixture.call(as: .teamLeader).link(plan: "SP-000003", item: "medications", records: ["MED-00003"])
        _ = try fixture.call(as: .teamLeader).createRecord(plan: "SP-000003", item: "risk_assessments", RolePermissionTests.riskAssessment)
    }

    /// What front ends ask before they offer an action: the same answer the operation would give.
    @Test func theCallersPermissionsAnswerAsTheServiceWouldRefuse() throws {
        let rules = try Self.rules("coordinator: { create: [care_contact], link: [service_provider] }\n")
        let fixture = try RoleFixture(rules: rules)
        let cora = try fixture.call(as: .coordinator).permissions()
        #expect(cora.may(.workItems) && cora.may(.discardDrafts) && !cora.may(.activatePlans))
        #expect(cora.may(.create, recordType: "care_contact") && !cora.may(.create, recordType: "risk_assessment"))
        #expect(cora.may(.link, recordType: "service_provider") && !cora.may(.link, recordType: "medication"))
        let worker = try fixture.call(as: .worker).permissions()
        #expect(!worker.may(.link, recordType: "service_provider") && !worker.may(.workItems))
        let refusal = #expect(throws: ServiceError.self) { try worker.require(.startReviews) }
        #expect(refusal?.kind == .forbidden)
        #expect(refusal?.reasons == ["\(RoleFixture.userOf[.worker]!) (worker) may not start plan reviews"])
    }

    @Test func problemsInPermissionsYamlAreLocatedAndSuggestTheNearestName() throws {
        let yaml = """
            coordinater: { create: all }
            worker: { link: all }
            team_leader: { craete: all, link: [care_contct, medication] }
            admin: { create: everything }

            """
        var problems: [RulesFolderProblem] = []
        let catalog = try RecordTypeCatalogLoader.load(yaml: String(contentsOf: ServiceFixture.sampleRules.appendingPathComponent("record-types.yaml"), encoding: .utf8))
        _ = RecordPermissionsLoader.read(yaml: yaml, path: "Rules/permissions.yaml", recordTypes: catalog, problems: &problems)
        #expect(problems.map(\.description) == [
            "Rules/permissions.yaml:1:1: coordinater: unknown key 'coordinater' (did you mean 'coordinator'?)",
            "Rules/permissions.yaml:2:1: worker: role 'worker' may not link or create records at all, so there is nothing to narrow (only coordinator, team_leader and admin)",
            "Rules/permissions.yaml:3:16: team_leader.craete: unknown key 'craete' (did you mean 'create'?)",
            "Rules/permissions.yaml:3:36: team_leader.link[0]: unknown record type 'care_contct' (did you mean 'care_contact'?)",
            "Rules/permissions.yaml:4:18: admin.create: expected 'all' or a list of record types, got 'everything'",
        ])
    }

    @Test func aBrokenPermissionsFileStopsTheRulesFromLoading() throws {
        let rules = try Self.rules("coordinator: { create: [care_contct] }\n")
        let error = #expect(throws: ServiceError.self) { _ = try RulesCache(folder: rules) }
        #expect(error?.reasons.first?.hasPrefix("Rules/permissions.yaml:1:25: coordinator.create[0]: unknown record type 'care_contct'") == true)
    }
}
