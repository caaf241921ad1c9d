import Foundation
import PlanModel
@testable import PlanRules
import RulesReader
import Testing

/// The engine keeps a template's rules table across plans when no evaluation changes it (KeptRulesTests): the
/// sample templates and the benchmark's 100-item template are written so that it can, `require` included.
@Suite struct KeptSampleRulesTests {
    @Test(arguments: ["Rules", "bench/plan-rules"])
    func everyTemplateOfTheFolderKeepsItsRulesTable(folder: String) throws {
        let rules = try RulesFolder.load(at: ServiceFixture.packageRoot.appendingPathComponent(folder))
        #expect(!rules.templates.isEmpty)
        for template in rules.sortedTemplates where template.rulesSource != nil {
            let engine = try LuaRules(template: template, profile: rules.profile, recordTypes: rules.recordTypes,
                                      libraries: rules.libraries)
            #expect(engine.keptRules?.isKept == true, "\(template.id): \(engine.keptRules?.refusal ?? "not kept")")
        }
    }
}
