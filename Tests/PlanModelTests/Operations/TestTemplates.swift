@testable import PlanModel
import Testing

/// A small organisation in Swift: a profile, record types, a template with every item kind, and a client.
///
/// `ndis-core` v3 has three sections:
/// - `about_me`: `preferred_name` (profile, required), `communication` (fields: a required choice, a note,
///   a field with a default; repeatable)
/// - `contacts`: `emergency_contacts` (records, link and create, min 1, max 2), `medications` (records, link only,
///   repeatable)
/// - `safety`: `transfer_video` (video, repeatable, with a template link), `consent` (fields, not skippable)
enum TestTemplates {
    static let today = "2025-06-30"
    static let user = "coordinator@example.org"
    static let timestamp = "2025-06-30T09:15:00Z"

    static let profile = ProfileSchema(fields: [
        FieldDefinition(key: "first_name", label: "First name", type: .text),
        FieldDefinition(key: "preferred_name", label: "Preferred name", type: .text),
        FieldDefinition(key: "pronouns", label: "Pronouns", type: .text),
        FieldDefinition(key: "uses_aac", label: "Uses an AAC device", type: .boolean),
    ])

    static let recordTypes = RecordTypeCatalog(types: [
        RecordType(key: "care_contact", label: "Care contact", prefix: "CC", display: ["name", "relationship", "phone"], fields: [
            FieldDefinition(key: "name", label: "Name", type: .text, required: true),
            FieldDefinition(key: "relationship", label: "Relationship", type: .choice,
                            options: ["Parent", "Sibling", "Guardian", "Friend", "Other"]),
            FieldDefinition(key: "phone", label: "Phone", type: .phone),
        ]),
        RecordType(key: "medication", label: "Medication", prefix: "MED", display: ["name", "status"], fields: [
            FieldDefinition(key: "name", label: "Name", type: .text, required: true),
            FieldDefinition(key: "status", label: "Status", type: .choice, options: ["current", "ceased"]),
        ]),
    ])

    static let communicationFields = [
        FieldDefinition(key: "method", label: "Preferred method", type: .choice,
                        required: true, options: ["Verbal", "AAC device", "Auslan", "Written"]),
        FieldDefinition(key: "notes", label: "Notes", type: .longText),
        FieldDefinition(key: "language", label: "Language", type: .text, defaultValue: .text("English")),
    ]

    static func ndisCore(version: Int = 3, status: PlanTemplate.Status = .active) -> PlanTemplate {
        PlanTemplate(id: "ndis-core", name: "NDIS Core Supports", status: status, sections: [
            TemplateSection(key: "about_me", title: "About me", items: [
                TemplateItem(key: "preferred_name", title: "Preferred name and pronouns", kind: .profile,
                             fields: [profile.field("preferred_name")!, profile.field("pronouns")!], required: true),
                TemplateItem(key: "communication", title: "Communication", kind: .fields, fields: communicationFields,
                             repeatable: true),
            ]),
            TemplateSection(key: "contacts", title: "Contacts", items: [
                TemplateItem(key: "emergency_contacts", title: "Emergency contacts", kind: .records,
                             recordType: "care_contact", min: 1, max: 2),
                TemplateItem(key: "medications", title: "Current medications", kind: .records,
                             recordType: "medication", actions: [.link], repeatable: true),
            ]),
            TemplateSection(key: "safety", title: "Safety", items: [
                TemplateItem(key: "transfer_video", title: "Transfer technique video", kind: .video,
                             repeatable: true, url: "https://example.org/transfers"),
                TemplateItem(key: "consent", title: "Consent", kind: .fields,
                             fields: [FieldDefinition(key: "agreed", label: "Agreed", type: .boolean, required: true)],
                             skippable: false),
            ]),
        ], version: version)
    }

    /// Version 4 drops `consent` and adds `risks`.
    static func ndisCoreV4() -> PlanTemplate {
        var t = ndisCore(version: 4)
        t.sections[2].items.removeAll { $0.key == "consent" }
        t.sections[2].items.append(TemplateItem(
            key: "risks", title: "Risks", kind: .fields,
            fields: [FieldDefinition(key: "level", label: "Risk level", type: .choice, options: ["Low", "High"],
                                     defaultValue: .text("Low"))]))
        return t
    }

    static let client = Client(id: "C-0001", name: "Alex Citizen", profile: ["first_name": .text("Alex")])

    static let records: [ClientRecord] = [
        ClientRecord(id: "CC-00001", type: "care_contact", clientID: "C-0001",
                     fields: ["name": .text("Jo Citizen"), "relationship": .text("Parent")]),
        ClientRecord(id: "CC-00002", type: "care_contact", clientID: "C-0001", fields: ["name": .text("Sam Citizen")]),
        ClientRecord(id: "CC-00003", type: "care_contact", clientID: "C-0001", fields: ["name": .text("Kim Lee")]),
        ClientRecord(id: "MED-00001", type: "medication", clientID: "C-0001",
                     fields: ["name": .text("Paracetamol"), "status": .text("current")]),
        ClientRecord(id: "MED-00002", type: "medication", clientID: "C-0001",
                     fields: ["name": .text("Ibuprofen"), "status": .text("ceased")]),
        ClientRecord(id: "GAP-00001", type: "goal_attainment_plan", clientID: "C-0001", fields: ["title": .text("Goals 2025")]),
        ClientRecord(id: "BSP-00001", type: "behaviour_support_plan", clientID: "C-0001", fields: ["title": .text("BSP 2025")]),
    ]

    /// Hands out record ids from 10 up, per prefix, as a store sequence would.
    final class IDCounter: @unchecked Sendable {
        var next: [String: Int] = [:]
        func id(for type: RecordType) -> String {
            let n = next[type.key, default: 10]
            next[type.key] = n + 1
            return type.recordID(number: n)
        }
    }

    static func create(
        id: String = "P-1", template: PlanTemplate = ndisCore(), rules: PlainRules = PlainRules(),
        client: Client = client, goalAttainmentPlan: String? = nil, behaviourSupportPlan: String? = nil
    ) throws(PlanRefusal) -> PlanWorkbench {
        let counter = IDCounter()
        return try PlanWorkbench.create(
            id: id, template: template, recordTypes: recordTypes, rules: rules, client: client, records: records,
            goalAttainmentPlan: goalAttainmentPlan, behaviourSupportPlan: behaviourSupportPlan,
            today: today, user: user, timestamp: timestamp, nextRecordID: counter.id(for:))
    }

    /// Works through every item of a fresh `ndis-core` v3 plan so that it is at 100 %.
    static func finish(_ bench: inout PlanWorkbench) throws(PlanRefusal) {
        try bench.set(InstanceRef("preferred_name"), [("preferred_name", .text("Al")), ("pronouns", .text("they/them"))])
        try bench.complete(InstanceRef("preferred_name"))
        try bench.set(InstanceRef("communication"), [("method", .text("Auslan"))])
        try bench.complete(InstanceRef("communication"))
        try bench.link(InstanceRef("emergency_contacts"), ["CC-00001"])
        try bench.complete(InstanceRef("emergency_contacts"))
        try bench.markNotRequired(InstanceRef("medications"), reason: "No medications")
        try bench.complete(InstanceRef("transfer_video"))
        try bench.set(InstanceRef("consent"), [("agreed", .boolean(true))])
        try bench.complete(InstanceRef("consent"))
    }

    /// An active plan `P-1`, worked through and activated, and the client it left behind.
    static func activePlan(rules: PlainRules = PlainRules()) throws(PlanRefusal) -> PlanWorkbench {
        var bench = try create(rules: rules)
        try finish(&bench)
        _ = try bench.activate(previousActive: nil)
        return bench
    }

    /// Starts a review of `active` as `P-2`.
    static func review(
        of active: PlanWorkbench, upgradeTo newTemplate: PlanTemplate? = nil, hasReviewDraft: Bool = false,
        rules: PlainRules = PlainRules()
    ) throws(PlanRefusal) -> (PlanWorkbench, PlanWorkbench.UpgradeReport?) {
        let counter = IDCounter()
        return try PlanWorkbench.startReview(
            of: active.plan, newID: "P-2", hasReviewDraft: hasReviewDraft, template: active.template,
            upgradeTo: newTemplate, recordTypes: recordTypes, rules: rules, client: active.client,
            records: active.records, today: "2026-06-30", user: "reviewer@example.org",
            timestamp: "2026-06-30T10:00:00Z", nextRecordID: counter.id(for:))
    }
}

/// A switch a `PlainRules` closure reads, so a test can change what a hook answers.
final class Flag {
    var on: Bool
    init(_ on: Bool) { self.on = on }
}

/// A failure raised inside a `PlainRules` closure: a rule error.
struct HookFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs an operation that must be refused: checks the exact reasons and that nothing changed.
func expectRefusal(
    _ bench: inout PlanWorkbench, _ reasons: [String], sourceLocation: SourceLocation = #_sourceLocation,
    _ operation: (inout PlanWorkbench) throws -> Void
) {
    let (plan, client, records, events) = (bench.plan, bench.client, bench.records, bench.events)
    do {
        try operation(&bench)
        Issue.record("expected a refusal: \(reasons)", sourceLocation: sourceLocation)
    } catch let error as PlanRefusal {
        #expect(error.reasons == reasons, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a PlanRefusal, got \(error)", sourceLocation: sourceLocation)
    }
    #expect(bench.plan == plan, "a refusal leaves the plan unchanged", sourceLocation: sourceLocation)
    #expect(bench.client == client, "a refusal leaves the client unchanged", sourceLocation: sourceLocation)
    #expect(bench.records == records, "a refusal leaves the records unchanged", sourceLocation: sourceLocation)
    #expect(bench.events == events, "a refusal records no history", sourceLocation: sourceLocation)
}

/// The reasons a throwing expression was refused with, or nil when it succeeded.
func refusal<T>(_ body: () throws -> T) -> [String]? {
    do { _ = try body(); return nil } catch let error as PlanRefusal { return error.reasons } catch { return ["not a PlanRefusal: \(error)"] }
}

extension PlanWorkbench {
    func status(_ ref: String) -> ItemInstance.Status? { plan.instance(InstanceRef(parsing: ref)!)?.status }
    func item(_ ref: String) -> ItemEvaluation? { evaluate().item(InstanceRef(parsing: ref)!) }
}
