import Foundation
import Testing

/// `ctx.schema` through the command line: the Rules folder's catalogs as a fixture's hooks see them, and
/// what `plan explain` shows a hook read of them.
@Suite struct SchemaCommandTests {
    @Test func rulesEvalReadsTheSchemaOfTheRulesFolder() throws {
        let ws = try Workspace(demo: false)
        let fixture = CommandLineTool.packageRoot.appendingPathComponent("Fixtures/ndis-core/forms.yaml").path
        try ws.assertCommand(["rules", "eval", "ndis-core",
                              "ctx.schema.record_types.care_contact.fields.is_emergency_contact.label, "
                                + "#ctx.schema.record_types.care_contact.field_list, ctx.schema.profile.fields.takes_medication.type, "
                                + "ctx.schema.record_types.care_contact.fields.emergency",
                              "--fixture", fixture],
                             stdoutEquals: "\"Emergency contact\"\n8\n\"boolean\"\nnil\n")
    }

    @Test func planExplainShowsWhatAFormHookReadOfTheSchema() throws {
        let ws = try Workspace()
        let result = try ws.assertCommand(["plan", "explain", "SP-000002", "emergency_contacts", "--form", "care_contact"])
        #expect(result.stdout.contains("""
              read: client.profile.date_of_birth = "1990-03-01"
              read: today = "2026-11-28"
              read: client.profile.has_guardian = nil (unset)
              read: schema.record_types.care_contact = record type care_contact
              read: schema.record_types.care_contact.field_list = a list of 8

            """), "\(result)")
    }
}
