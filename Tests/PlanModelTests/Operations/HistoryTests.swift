@testable import PlanModel
import Testing

/// A plan's life, History: every change to a plan, its items and profile writes, with who, when, before and after.
@Suite struct HistoryTests {
    /// One operation on a fresh `ndis-core` plan and the event it must record.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        var setUp: @Sendable (inout PlanWorkbench) throws -> Void = { _ in }
        let operation: @Sendable (inout PlanWorkbench) throws -> Void
        let action: String
        let target: String
        let before: String?
        let after: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "set a field", operation: { try $0.set(InstanceRef("communication"), [("method", .text("Auslan"))]) },
             action: "set", target: "communication.method", before: nil, after: #""Auslan""#),
        Case(name: "set a video link", operation: { try $0.set(InstanceRef("transfer_video"), [("url", .text("https://v.example.org/a"))]) },
             action: "set", target: "transfer_video.url", before: "https://example.org/transfers", after: "https://v.example.org/a"),
        Case(name: "write a profile field", setUp: { try $0.set(InstanceRef("preferred_name"), [("pronouns", .text("he/him"))]) },
             operation: { try $0.set(InstanceRef("preferred_name"), [("pronouns", .text("she/her"))]) },
             action: "profile", target: "profile.pronouns", before: #""he/him""#, after: #""she/her""#),
        Case(name: "link", setUp: { try $0.link(InstanceRef("emergency_contacts"), ["CC-00002"]) },
             operation: { try $0.link(InstanceRef("emergency_contacts"), ["CC-00001"]) },
             action: "link", target: "emergency_contacts", before: #"["CC-00002"]"#, after: #"["CC-00002","CC-00001"]"#),
        Case(name: "unlink", setUp: { try $0.link(InstanceRef("emergency_contacts"), ["CC-00001"]) },
             operation: { try $0.unlink(InstanceRef("emergency_contacts"), "CC-00001") },
             action: "unlink", target: "emergency_contacts", before: #"["CC-00001"]"#, after: "[]"),
        Case(name: "create a record", operation: { try $0.create(InstanceRef("emergency_contacts"), ["name": .text("Pat")]) },
             action: "create_record", target: "CC-00010", before: nil, after: #"{"name":"Pat"}"#),
        Case(name: "edit a record", operation: { try $0.editRecord("CC-00002", [("relationship", .text("Sibling"))]) },
             action: "edit_record", target: "CC-00002", before: #"{"name":"Sam Citizen"}"#,
             after: #"{"name":"Sam Citizen","relationship":"Sibling"}"#),
        Case(name: "complete", operation: { try $0.complete(InstanceRef("transfer_video")) },
             action: "complete", target: "transfer_video", before: "open", after: "complete"),
        Case(name: "reopen", setUp: { try $0.complete(InstanceRef("transfer_video")) },
             operation: { try $0.set(InstanceRef("transfer_video"), [("url", nil)]) },
             action: "reopen", target: "transfer_video", before: "complete", after: "open"),
        Case(name: "not required", operation: { try $0.markNotRequired(InstanceRef("medications"), reason: "None prescribed") },
             action: "not_required", target: "medications", before: "open", after: "not_required: None prescribed"),
        Case(name: "reinstate", setUp: { try $0.markNotRequired(InstanceRef("medications"), reason: nil) },
             operation: { try $0.reinstate(InstanceRef("medications")) },
             action: "reinstate", target: "medications", before: "not_required", after: "open"),
        Case(name: "add another", operation: { try $0.addInstance("medications", cloneOf: 1) },
             action: "add", target: "medications#2", before: nil, after: "clone of medications#1"),
        Case(name: "remove", setUp: { try $0.addInstance("medications", cloneOf: nil) },
             operation: { try $0.removeInstance(InstanceRef("medications", 2)) },
             action: "remove", target: "medications#2",
             before: #"{"instance":2,"key":"medications","records":[],"status":"open","values":{}}"#, after: nil),
        Case(name: "activate", setUp: { try TestTemplates.finish(&$0) },
             operation: { _ = try $0.activate(previousActive: nil) },
             action: "activate", target: "", before: "draft", after: "active"),
        Case(name: "discard", operation: { try $0.discard() },
             action: "discard", target: "", before: "draft", after: "discarded"),
    ]

    @Test(arguments: cases)
    func everyChangeRecordsWhoWhenBeforeAndAfter(_ change: Case) throws {
        var bench = try TestTemplates.create()
        try change.setUp(&bench)
        let earlier = bench.events.count
        try change.operation(&bench)
        let recorded = Array(bench.events[earlier...])
        #expect(recorded.allSatisfy { $0.user == TestTemplates.user && $0.at == TestTemplates.timestamp && $0.planID == "P-1" })
        #expect(recorded.first { $0.action == change.action } ==
                HistoryEvent(planID: "P-1", at: TestTemplates.timestamp, user: TestTemplates.user, action: change.action,
                             target: change.target, before: change.before, after: change.after))
    }
}
