import Foundation
import PlanModel
import RulesReader
import PlanRules
import RuleTesting

/// The 100-item benchmark plan of `bench/plan-rules`, built from the fixture `bench/plan-baseline.lua --fixture`
/// printed, so the Swift engine and the plain-Lua baseline see the very same client, records and item values.
struct BenchPlan {
    let folder: RulesFolder
    let template: PlanTemplate
    let client: Client
    let records: [ClientRecord]
    let plan: SupportPlan
    let today: String

    static let templateID = "bench-100"

    init(planRules: String) throws {
        folder = try RulesFolder.load(at: URL(fileURLWithPath: planRules))
        guard let template = folder.templates[Self.templateID] else {
            throw Subprocess.Failure(description: "\(planRules) has no template \(Self.templateID)")
        }
        self.template = template
        let parser = FixtureParser(rules: folder, today: "2026-11-27")
        let fixture = try parser.parse(contentsOf: URL(fileURLWithPath: "\(planRules)/\(Self.templateID).fixture.yaml"),
                                       file: "bench/plan-rules/\(Self.templateID).fixture.yaml")
        client = fixture.client
        records = fixture.records
        today = fixture.today
        var valuesByRef: [InstanceRef: FieldValues] = [:]
        for setup in fixture.items {
            var values = FieldValues()
            for change in setup.values { values[change.key] = change.value }
            valuesByRef[setup.ref] = values
        }
        let instances = template.items.map { item in
            ItemInstance(key: item.key, values: valuesByRef[InstanceRef(item.key, 1)] ?? [:])
        }
        plan = SupportPlan(id: "SP-000001", clientID: client.id, templateID: template.id, templateVersion: 1,
                           createdOn: today, instances: instances)
    }

    /// The plan as a copy with another id and client, for filling a store.
    func plan(id: String, clientID: String) -> SupportPlan {
        var copy = plan
        copy.id = id
        copy.clientID = clientID
        return copy
    }

    var input: RulesInput {
        RulesInput(template: template, plan: plan, client: client, records: records, recordTypes: folder.recordTypes, today: today,
                   profile: folder.profile)
    }

    /// The input of another plan of the same template for another client: every non-blank text of the plan's
    /// values and of the client's profile carries `variant`, and every count is raised by it, so no value is the
    /// same as in the plan or in another variant, while every hook answers as it does for the plan (blank stays blank).
    func input(variant: Int) -> RulesInput {
        func changed(_ values: FieldValues) -> FieldValues {
            values.mapValues { value in
                switch value {
                case .text(let text) where !text.isEmpty: .text("\(text) \(variant)")
                case .integer(let count): .integer(count + variant)
                default: value
                }
            }
        }
        var other = plan(id: "SP-\(100_000 + variant)", clientID: "\(client.id)-\(variant)")
        for index in other.instances.indices { other.instances[index].values = changed(other.instances[index].values) }
        let otherClient = Client(id: other.clientID, name: "\(client.name) \(variant)", profile: changed(client.profile))
        return RulesInput(template: template, plan: other, client: otherClient, records: records, recordTypes: folder.recordTypes,
                          today: today, profile: folder.profile)
    }

    func rules() throws -> LuaRules {
        try LuaRules(template: template, profile: folder.profile, recordTypes: folder.recordTypes, libraries: folder.libraries,
                     libraryFolder: "plan-rules/lib")
    }
}
