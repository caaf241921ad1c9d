import Foundation
import PlanModel
@testable import PlanRules
import Testing

/// The hook catalogue is the one declaration of the hooks: the index accepts exactly its hooks,
/// coverage lists every definition of each, and the docs' hook table lists each one.
@Suite struct HookCatalogueTests {
    /// A rules file defining every hook of the catalogue once, each on its own line.
    static let everyHook = """
    local R = { items = {}, sections = {}, forms = {}, plan = {} }
    R.items.contacts = {
      visible = function(ctx) return true end,
      default = function(ctx) return nil end,
      complete = function(ctx) return true end,
      candidates = function(ctx, record) return true end,
    }
    R.sections.care = { visible = function(ctx) return true end }
    R.forms.care_contact = {
      fields = function(ctx) return nil end,
      defaults = function(ctx) return {} end,
      validate = function(values, ctx) return {} end,
    }
    R.plan.can_activate = function(ctx) return true end
    return R
    """

    @Test func coverageListsEveryHookOfTheCatalogueAtTheLineItIsDefined() throws {
        let rules = try Fixture.rules(Self.everyHook)
        let lines = Self.everyHook.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func line(of name: String, _ marker: String) -> Int { lines.firstIndex { $0.contains(marker) }! + 1 }
        #expect(rules.definedHooks.map(\.name) == [
            "items.contacts.visible", "items.contacts.default", "items.contacts.complete", "items.contacts.candidates",
            "sections.care.visible", "forms.care_contact.fields", "forms.care_contact.defaults",
            "forms.care_contact.validate", "plan.can_activate",
        ])
        #expect(Set(rules.definedHooks.map(\.name)) == Set(HookKind.all.map {
            $0.qualifiedName(owner: $0.scope == .items ? "contacts" : $0.scope == .sections ? "care" : "care_contact")
        }))
        #expect(rules.definedHooks.first { $0.name == "forms.care_contact.validate" }?.line == line(of: "validate", "validate = "))
    }

    @Test func aHookNameOutsideTheCatalogueIsRefusedWithTheCataloguesNames() {
        let error = Fixture.loadError("""
        local R = { items = {}, forms = {} }
        R.forms.care_contact = { validated = function(values, ctx) return {} end }
        return R
        """)
        #expect(error?.problems.map(\.message) == [
            "unknown hook 'validated' in forms.care_contact (expected fields, defaults, validate) (did you mean 'validate'?)",
        ])
    }

    @Test func theDocsHookTableListsEveryHookOfTheCatalogue() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let docs = try String(contentsOf: root.appendingPathComponent("docs/writing-rules.md"), encoding: .utf8)
        let rows = docs.split(separator: "\n").filter { $0.hasPrefix("| `") && $0.contains("(") }
        let documented = rows.compactMap { row -> String? in
            let cell = row.dropFirst(3).prefix { $0 != "`" }
            return HookKind.Scope.allCases.contains { cell.hasPrefix($0.rawValue + ".") } ? String(cell) : nil
        }
        // `forms.T.fields` may be a list, so the docs write it without arguments.
        #expect(Set(documented) == Set(HookKind.all.map { $0 == .formFields ? "forms.T.fields" : $0.signature }))
    }
}
