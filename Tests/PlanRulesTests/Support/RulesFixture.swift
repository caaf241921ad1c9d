@testable import PlanModel
@testable import PlanRules
import Testing

/// A small organisation in Swift and a template `t` whose rules are an inline Lua string, so each test
/// writes only the hooks it is about.
///
/// Template `t` (rules at `Rules/t/rules.lua`):
/// - `about`: `preferred_name` (profile: preferred_name, pronouns), `communication` (fields: a required
///   choice `method`, `language` defaulting to English; repeatable)
/// - `care`: `contacts` (records of care_contact, min 1, max 2), `medications` (records of medication),
///   `transfer_video` (video, template link)
/// - `extras`: `notes` (fields: `note`)
enum Fixture {
    static let today = "2025-06-30"
    static let file = "Rules/t/rules.lua"

    static let profile = ProfileSchema(fields: [
        FieldDefinition(key: "first_name", label: "First name", type: .text),
        FieldDefinition(key: "preferred_name", label: "Preferred name", type: .text),
        FieldDefinition(key: "pronouns", label: "Pronouns", type: .text),
        FieldDefinition(key: "takes_medication", label: "Takes medication", type: .boolean),
        FieldDefinition(key: "birth_date", label: "Date of birth", type: .date),
        FieldDefinition(key: "suburb", label: "Suburb", type: .text),
        FieldDefinition(key: "languages", label: "Languages", type: .multiChoice, options: ["English", "Greek", "Auslan"]),
        FieldDefinition(key: "support_hours", label: "Support hours", type: .integer),
        FieldDefinition(key: "weight_kg", label: "Weight", type: .number),
    ])

    static let recordTypes = RecordTypeCatalog(types: [
        RecordType(key: "care_contact", label: "Care contact", prefix: "CC", display: ["name", "relationship"], fields: [
            FieldDefinition(key: "name", label: "Name", type: .text, required: true),
            FieldDefinition(key: "relationship", label: "Relationship", type: .choice,
                            options: ["Parent", "Sibling", "Other"], defaultValue: .text("Other")),
            FieldDefinition(key: "phone", label: "Phone", type: .phone),
            FieldDefinition(key: "suburb", label: "Suburb", type: .text),
        ]),
        RecordType(key: "medication", label: "Medication", prefix: "MED", display: ["name", "status"], fields: [
            FieldDefinition(key: "name", label: "Name", type: .text, required: true),
            FieldDefinition(key: "status", label: "Status", type: .choice, options: ["current", "ceased"]),
        ]),
    ])

    static func template(_ rules: String?, instructions: Int = 100_000) -> PlanTemplate {
        PlanTemplate(id: "t", name: "Test template", limits: TemplateLimits(instructions: instructions, memoryMB: 16), sections: [
            TemplateSection(key: "about", title: "About me", items: [
                TemplateItem(key: "preferred_name", title: "Preferred name", kind: .profile,
                             fields: [profile.field("preferred_name")!, profile.field("pronouns")!]),
                TemplateItem(key: "communication", title: "Communication", kind: .fields, fields: [
                    FieldDefinition(key: "method", label: "Method", type: .choice, required: true, options: ["Verbal", "Written"]),
                    FieldDefinition(key: "language", label: "Language", type: .text, defaultValue: .text("English")),
                ], repeatable: true),
            ]),
            TemplateSection(key: "care", title: "Care", items: [
                TemplateItem(key: "contacts", title: "Contacts", kind: .records, recordType: "care_contact", min: 1, max: 2),
                TemplateItem(key: "medications", title: "Medications", kind: .records, recordType: "medication"),
                TemplateItem(key: "transfer_video", title: "Transfer video", kind: .video, url: "https://example.org/transfers"),
            ]),
            TemplateSection(key: "extras", title: "Extras", items: [
                TemplateItem(key: "notes", title: "Notes", kind: .fields,
                             fields: [FieldDefinition(key: "note", label: "Note", type: .text)]),
            ]),
        ], version: 1, rulesSource: rules, rulesPath: file)
    }

    static let client = Client(id: "C-1", name: "Alex Citizen", profile: [
        "first_name": .text("Alex"), "pronouns": .text("they/them"), "takes_medication": .boolean(true),
        "birth_date": .text("1990-07-01"), "suburb": .text("Carlton"), "languages": .list(["English", "Greek"]),
        "support_hours": .integer(12), "weight_kg": .number(70.5),
    ])

    static let otherClient = Client(id: "C-2", name: "Bo Other", profile: [
        "first_name": .text("Bo"), "takes_medication": .boolean(false),
    ])

    static func records(of clientID: String = "C-1") -> [ClientRecord] {
        [
            ClientRecord(id: "CC-00001", type: "care_contact", clientID: clientID,
                         fields: ["name": .text("Jo Citizen"), "relationship": .text("Parent"), "suburb": .text("Carlton")]),
            ClientRecord(id: "CC-00002", type: "care_contact", clientID: clientID,
                         fields: ["name": .text("Sam Citizen"), "suburb": .text("Geelong")]),
            ClientRecord(id: "MED-00001", type: "medication", clientID: clientID,
                         fields: ["name": .text("Paracetamol"), "status": .text("current")]),
            ClientRecord(id: "MED-00002", type: "medication", clientID: clientID,
                         fields: ["name": .text("Ibuprofen"), "status": .text("ceased")]),
            ClientRecord(id: "BSP-00001", type: "behaviour_support_plan", clientID: clientID, fields: ["title": .text("BSP 2025")]),
            ClientRecord(id: "GAP-00001", type: "goal_attainment_plan", clientID: clientID, fields: ["title": .text("Goals 2025")]),
        ]
    }

    /// Compiles `source` as template `t`'s rules.
    static func rules(_ source: String, instructions: Int = 100_000, libraries: [String: String] = [:]) throws -> LuaRules {
        try LuaRules(template: template(source, instructions: instructions), profile: profile, recordTypes: recordTypes, libraries: libraries)
    }

    /// The load error `source` gives, or nil when it loads.
    static func loadError(_ source: String) -> RulesLoadError? {
        do { _ = try LuaRules(template: template(source), profile: profile, recordTypes: recordTypes); return nil }
        catch { return error }
    }

    /// A fresh draft plan of template `t` made by `PlanWorkbench.create` under `rules`.
    static func bench(_ rules: LuaRules, id: String = "P-1", client: Client = client,
                      behaviourSupportPlan: String? = nil) throws -> PlanWorkbench {
        var next = 10
        return try PlanWorkbench.create(
            id: id, template: rules.template, recordTypes: recordTypes, rules: rules, client: client,
            records: records(of: client.id), behaviourSupportPlan: behaviourSupportPlan, today: today,
            user: "coordinator@example.org", timestamp: "2025-06-30T09:00:00Z",
            nextRecordID: { type in next += 1; return type.recordID(number: next) }, profile: profile)
    }

    /// Compiles `source` and makes a plan with it.
    static func bench(_ source: String, instructions: Int = 100_000, client: Client = client,
                      behaviourSupportPlan: String? = nil) throws -> PlanWorkbench {
        try bench(rules(source, instructions: instructions), client: client, behaviourSupportPlan: behaviourSupportPlan)
    }

    /// The 1-based line of `source` holding `marker` (a `-- @name` comment, or any text).
    static func line(_ marker: String, in source: String) -> Int {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard let index = lines.firstIndex(where: { $0.contains(marker) }) else {
            Issue.record("no line holds '\(marker)'"); return 0
        }
        return index + 1
    }

    /// `Rules/t/rules.lua:<line of marker>`.
    static func location(_ marker: String, in source: String) -> String { "\(file):\(line(marker, in: source))" }

    /// Rules whose `items.<item>.complete` hook returns false and the text of each Lua expression, so a
    /// test reads what a hook sees through `ctx` and `sp` as the hook's messages.
    static func probeSource(_ expressions: [String], item: String = "notes") -> String {
        """
        local R = { items = {} }
        R.items.\(item) = {
          complete = function(ctx)
            return false, { \(expressions.map { "tostring(\($0))" }.joined(separator: ", ")) }
          end,
        }
        return R
        """
    }

    /// What each expression gives inside a hook of `item`, or the rule errors when the hook failed.
    static func probe(_ expressions: [String], item: String = "notes", in bench: PlanWorkbench? = nil,
                      behaviourSupportPlan: String? = nil) throws -> [String] {
        let rules = try rules(probeSource(expressions, item: item))
        let input: RulesInput
        if let bench {
            input = RulesInput(template: rules.template, plan: bench.plan, client: bench.client, records: bench.records,
                               recordTypes: recordTypes, today: today, profile: profile)
        } else {
            input = try Fixture.bench(rules, behaviourSupportPlan: behaviourSupportPlan).input
        }
        let verdict = rules.evaluate(input)
        if !verdict.errors.isEmpty { return verdict.errors.map(\.description) }
        return verdict.incomplete[InstanceRef(item)] ?? ["(no verdict)"]
    }

    /// Rules whose `communication.visible` hook runs `attack`, which must fail (the hook errs if it succeeds),
    /// and whose `notes.complete` hook returns the list `reads` joined by spaces, so a test sees whether the
    /// attack changed what a later hook reads.
    static func attackSource(_ attack: String, reads: String) -> String {
        """
        local R = { items = {} }
        R.items.communication = {
          visible = function(ctx)
            local ok = pcall(function() \(attack) end)
            if ok then error("the attack succeeded") end
            return true
          end,
        }
        R.items.notes = {
          complete = function(ctx)
            return false, table.concat(\(reads), " ")
          end,
        }
        return R
        """
    }

    /// What one expression gives inside a hook.
    static func probe(_ expression: String, item: String = "notes") throws -> String {
        try probe([expression], item: item).joined(separator: " | ")
    }
}

extension PlanWorkbench {
    /// A rules input for this plan, as the workbench would build it.
    func input(with rules: LuaRules) -> RulesInput {
        RulesInput(template: rules.template, plan: plan, client: client, records: records, recordTypes: recordTypes, today: today,
                   profile: profile)
    }

    func item(_ ref: String) -> ItemEvaluation? { evaluate().item(InstanceRef(parsing: ref)!) }
}

/// The reasons an operation was refused with, or nil when it succeeded.
func refusal<T>(_ body: () throws -> T) -> [String]? {
    do { _ = try body(); return nil } catch let error as PlanRefusal { return error.reasons } catch { return ["not a PlanRefusal: \(error)"] }
}
