import Foundation
import PlanModel
import RulesReader

/// The files of a new template, made to fit a Rules folder's profile and record types: a template.yaml
/// with one item of each kind, a commented rules.lua with one example of every hook, a fixture that
/// runs every line of it, and a sample client for `client import`.
///
/// What it writes lints clean and its fixture passes at once, so an author starts from green and
/// changes one thing at a time.
public struct TemplateScaffold: Sendable {
    public struct File: Sendable, Equatable {
        /// Relative to the folder holding Rules (`Rules/ID/template.yaml`, `Fixtures/ID/basic.yaml`).
        public var path: String
        public var text: String
    }

    /// How the front end that made the files names its commands, for the files' header comments:
    /// making this template, linting the Rules folder, running this template's fixtures.
    public struct Commands: Sendable {
        public var new: String, lint: String, test: String
        public init(new: String, lint: String, test: String) { self.new = new; self.lint = lint; self.test = test }
    }

    public let id: String
    public let name: String
    public var commands: Commands?
    let profileField: FieldDefinition?
    let recordType: RecordType

    /// Why `id` can't name a new template: the rule for ids, or nil.
    public static func idProblem(_ id: String) -> String? {
        let ok = id.first.map { ("a"..."z").contains($0) } == true
            && id.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        return ok ? nil : "'\(id)' is not a template id: write a lower-case letter, then letters, digits or '-' (home-care)"
    }

    /// A scaffold for `id` in `rules`: its profile item reviews the first profile field (none without
    /// profile fields); its records item links the first record type the organisation defined.
    public init(id: String, rules: RulesFolder, commands: Commands? = nil) {
        self.id = id
        self.commands = commands
        self.name = id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
        profileField = rules.profile.fields.first
        let builtIns = Set(RecordTypeCatalog.builtIns.map(\.key))
        recordType = rules.recordTypes.types.first { !builtIns.contains($0.key) } ?? rules.recordTypes.types[0]
    }

    /// The files, in the order they are written.
    public var files: [File] {
        [
            File(path: "Rules/\(id)/template.yaml", text: templateYAML),
            File(path: "Rules/\(id)/rules.lua", text: rulesLua),
            File(path: "Fixtures/\(id)/basic.yaml", text: fixtureYAML),
            File(path: "Clients/\(id)-sample.json", text: sampleClientJSON),
        ]
    }

    var sampleRecordID: String { recordType.recordID(number: 1) }
    let clientName = "Sam Sample"

    // MARK: template.yaml

    var templateYAML: String {
        var profileItem = ""
        if let field = profileField {
            profileItem = """
                  - key: \(field.key)
                    title: \(field.displayLabel)
                    kind: profile                # shows the client's live profile; edits write to it
                    fields: [\(field.key)]

            """
        }
        return """
            # \(name)\(commands.map { ": made by `\($0.new)`" } ?? ""). Structure lives here; behaviour in rules.lua.
            # Sections hold items; item keys are unique across the template. See docs/writing-rules.md.
            id: \(id)
            name: \(name)
            description: Who this plan is for and what it covers.
            status: active                   # draft | active | inactive; plans are made from active templates
            sections:
              - key: about
                title: About the client
                guidance:
                  text: Shown at the section heading.
                items:
            \(profileItem)      - key: notes
                    title: Plan notes
                    kind: fields                 # values the plan itself holds
                    fields:
                      - { key: summary, label: Summary, type: long_text, required: true }
                    guidance: What matters most to the client, in their words.
              - key: supports
                title: Supports
                items:
                  - key: contacts
                    title: \(recordType.label)
                    kind: records                # links the client's records, or creates new ones
                    record_type: \(recordType.key)
                    actions: [link, create]
                  - key: video
                    title: Video guidance
                    kind: video                  # a link for workers; its check needs an http(s) URL
                    url: "https://example.org/guidance"

            """
    }

    // MARK: rules.lua

    var rulesLua: String {
        let fields = recordType.fields.map { field -> String in
            var parts = ["key = \(luaString(field.key))", "type = \(luaString(field.type.rawValue))"]
            if let label = field.label { parts.append("label = \(luaString(label))") }
            if field.required { parts.append("required = true") }
            if !field.options.isEmpty { parts.append("options = { " + field.options.map(luaString).joined(separator: ", ") + " }") }
            return "      { " + parts.joined(separator: ", ") + " },"
        }.joined(separator: "\n")
        return """
            -- Rules of \(name) (\(id)): every hook is optional, and this file shows one of each.
            -- A hook is a function of ctx alone (the same ctx gives the same answer); ctx is read-only.
            -- \(commands.map { "Check with `\($0.lint)`; run the fixtures with `\($0.test)`." } ?? "Lint it, and run its fixtures, after every change.")
            local R = { items = {}, sections = {}, forms = {}, plan = {} }

            R.items.notes = {
              -- visible(ctx): false hides the item; a hidden item needs no completing.
              visible = function(ctx)
                return ctx.plan.status ~= "inactive"
              end,
              -- default(ctx): what a new instance starts with, field = value.
              default = function(ctx)
                return { summary = "Plan for " .. ctx.client.name }
              end,
              -- complete(ctx): runs after the built-in check (required fields); true, or false and a message.
              complete = function(ctx)
                local summary = ctx.item.values.summary or ""
                return #summary >= 20, "Write a summary of at least 20 characters"
              end,
            }

            R.items.contacts = {
              -- candidates(ctx, record): whether this record may be linked here.
              candidates = function(ctx, record)
                return record.type == \(luaString(recordType.key))
              end,
            }

            R.items.video = {
              -- default(ctx) of a video item: the link a new instance starts with (the template url without it).
              default = function(ctx)
                return "https://example.org/guidance"
              end,
            }

            R.sections.supports = {
              -- visible(ctx): false hides the section and every item in it.
              visible = function(ctx)
                return ctx.client.id ~= nil
              end,
            }

            R.forms.\(recordType.key) = {
              -- fields: the create-new form's fields, a list or function(ctx) returning one.
              fields = function(ctx)
                return {
            \(fields)
                }
              end,
              -- defaults(ctx): the form's starting values, field = value.
              defaults = function(ctx)
                return {}
              end,
              -- validate(values, ctx): field = message refuses the form (_form speaks for all of it); {} accepts.
              validate = function(values, ctx)
                local errors = {}
                return errors
              end,
            }

            -- can_activate(ctx): true, or false and a message; it runs beside "every item is done".
            R.plan.can_activate = function(ctx)
              local notes = ctx.plan.item("notes")
              return notes ~= nil and notes.status == "complete", "Complete the plan notes first"
            end

            return R

            """
    }

    // MARK: Fixture and sample client

    var fixtureYAML: String {
        let record = (["id: \(sampleRecordID)", "type: \(recordType.key)"] + sampleValues.map { "\($0.key): \($0.yaml)" })
            .joined(separator: ", ")
        let submit = sampleValues.map { "\($0.key): \($0.yaml)" }.joined(separator: ", ")
        let completeProfile = profileField.map { "  - { do: complete, item: \($0.key) }\n" } ?? ""
        return """
            # A first fixture of \(id): a client, what to expect, then steps that act and expect again.
            # \(commands.map { "Run it with `\($0.test)`; see" } ?? "See") docs/writing-fixtures.md.
            template: \(id)
            today: 2026-01-15
            client:
              id: C-0001
              name: \(clientName)
              profile: \(sampleProfile.yaml)
              records:
                - { \(record) }
            expect:
              visible: { notes: true }
              sections_visible: { supports: true }
              defaults: { notes: { summary: Plan for \(clientName) } }
              values: { video: "https://example.org/guidance" }
              complete: { notes: false }
              candidates: { contacts: [\(sampleRecordID)] }
              can_activate: false
              forms:
                \(recordType.key):
                  fields: [\(recordType.fields.map(\.key).joined(separator: ", "))]
                  submit: { \(submit) }
                  errors: {}
            steps:
              - { do: set, item: notes, values: { summary: Sam catches the tram to work on weekdays } }
              - { expect: { complete: { notes: true } } }
              - { do: complete, item: notes }
              - { do: link, item: contacts, records: [\(sampleRecordID)] }
              - { do: complete, item: contacts }
              - { do: complete, item: video }
            \(completeProfile)  - { expect: { can_activate: true } }
              - { do: activate }
              - { expect: { status: active } }

            """
    }

    var sampleClientJSON: String {
        let record = (["\"id\": \"\(sampleRecordID)\"", "\"type\": \"\(recordType.key)\""] + sampleValues.map { "\"\($0.key)\": \($0.json)" })
            .joined(separator: ", ")
        return """
            [
              { "id": "C-0001", "name": "\(clientName)", "profile": \(sampleProfile.json),
                "records": [ { \(record) } ] }
            ]

            """
    }

    /// A valid value of each required field of the record type, in YAML and JSON.
    var sampleValues: [(key: String, yaml: String, json: String)] {
        recordType.fields.filter(\.required).map(Self.sample)
    }

    /// The profile of the sample client: a value for the field the profile item shows, so it can be completed.
    var sampleProfile: (yaml: String, json: String) {
        guard let field = profileField else { return ("{}", "{}") }
        let value = Self.sample(field)
        return ("{ \(value.key): \(value.yaml) }", "{ \"\(value.key)\": \(value.json) }")
    }

    /// A valid value of `field`, in YAML and JSON.
    static func sample(_ field: FieldDefinition) -> (key: String, yaml: String, json: String) {
        func yamlString(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        let jsonString = yamlString
            switch field.type {
            case .number, .integer: return (field.key, "1", "1")
            case .boolean: return (field.key, "true", "true")
            case .date: return (field.key, "2026-01-01", "\"2026-01-01\"")
            case .choice: return (field.key, yamlString(field.options.first ?? ""), jsonString(field.options.first ?? ""))
            case .multiChoice: return (field.key, "[\(yamlString(field.options.first ?? ""))]", "[\(jsonString(field.options.first ?? ""))]")
            case .phone: return (field.key, "\"0400 000 000\"", "\"0400 000 000\"")
            case .email: return (field.key, "sam@example.org", "\"sam@example.org\"")
            case .url: return (field.key, "\"https://example.org\"", "\"https://example.org\"")
            case .text, .longText: return (field.key, "Sample", "\"Sample\"")
            }
    }

    func luaString(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
}
