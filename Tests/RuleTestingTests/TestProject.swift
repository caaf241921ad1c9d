import Foundation
@testable import RuleTesting

/// A project folder in a fresh temporary directory: a small Rules folder (templates `care` and
/// `legacy`) and any fixtures, written from inline text.
struct TestProject {
    let root: URL

    init(_ files: [String: String] = [:], rules: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("supportplan-ruletesting-\(UUID().uuidString)")
        var all = Self.rulesFiles.merging(rules) { $1 }.reduce(into: [String: String]()) { $0["Rules/\($1.key)"] = $1.value }
        all.merge(files) { $1 }
        for (path, text) in all { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    func runner(filter: String? = nil, coverage: Bool = false, minCoverage: Double? = nil, minDecisions: Double? = nil) throws -> FixtureRunner {
        try FixtureRunner(rulesFolder: url("Rules"), options: .init(filter: filter, coverage: coverage, minCoverage: minCoverage,
                                                                     minDecisions: minDecisions,
                                                                     baseDirectory: root, today: "2026-11-27"))
    }

    /// Runs everything under `Fixtures/`.
    func test(filter: String? = nil, coverage: Bool = false, minCoverage: Double? = nil, minDecisions: Double? = nil) throws -> TestRunReport {
        try runner(filter: filter, coverage: coverage, minCoverage: minCoverage, minDecisions: minDecisions).run(paths: [url("Fixtures")])
    }

    /// Writes one fixture of template `care` and runs it.
    static func run(_ fixture: String, name: String = "f") throws -> TestRunReport {
        let project = try TestProject(["Fixtures/care/\(name).yaml": fixture])
        return try project.test()
    }

    static let rulesFiles: [String: String] = [
        "profile.yaml": """
            fields:
              - { key: first_name, label: First name, type: text }
              - { key: preferred_name, label: Preferred name, type: text }
              - { key: uses_aac, label: Uses an AAC device, type: boolean }

            """,
        "record-types.yaml": """
            types:
              - key: care_contact
                label: Care contact
                prefix: CC
                display: [name, relationship]
                fields:
                  - { key: name, label: Name, type: text, required: true }
                  - { key: relationship, type: choice, options: [Parent, Sibling, Other] }
                  - { key: phone, type: phone }

            """,
        "care/template.yaml": """
            id: care
            name: Care
            status: active
            sections:
              - key: about
                title: About
                items:
                  - key: preferred_name
                    title: Preferred name
                    kind: profile
                    fields: [preferred_name]
                  - key: communication
                    title: Communication
                    kind: fields
                    fields:
                      - { key: method, label: Method, type: choice, options: [Verbal, Written] }
                      - { key: notes, type: long_text, default: none }
              - key: support
                title: Support
                items:
                  - key: contacts
                    title: Contacts
                    kind: records
                    record_type: care_contact
                    min: 1
                    skippable: false
                  - key: video
                    title: Video
                    kind: video
                    url: "https://example.org/v"
                    repeatable: true
                  - key: strategies
                    title: Strategies
                    kind: fields
                    fields: [{ key: text, type: text }]

            """,
        "care/rules.lua": careRules,
        "lib/util.lua": """
            local M = {}

            function M.ok(ctx)
              return ctx.client.name ~= "Blocked"
            end

            return M

            """,
        "legacy/template.yaml": """
            id: legacy
            name: Legacy
            sections:
              - key: main
                title: Main
                items:
                  - { key: check, title: Check, kind: fields, fields: [{ key: note, type: text }] }

            """,
        "legacy/rules.lua": """
            local R = { items = {} }
            R.items.check = {
              complete = function(ctx)
                local record = nil
                return record.field
              end,
            }
            return R

            """,
    ]

    static let careRules = """
        local util = require("util")
        local R = { items = {}, sections = {}, forms = {}, plan = {} }

        R.items.preferred_name = {
          default = function(ctx)
            return { preferred_name = ctx.client.profile.first_name }
          end,
        }

        R.items.communication = {
          complete = function(ctx)
            if ctx.item.values.method == nil then
              print("no method for " .. ctx.client.name)
              return false, "Choose a method"
            end
            return true
          end,
        }

        R.items.contacts = {
          candidates = function(ctx, record)
            return record.relationship ~= "Other"
          end,
        }

        R.sections.support = {
          visible = function(ctx)
            return ctx.client.profile.uses_aac ~= true
          end,
        }

        R.items.strategies = {
          visible = function(ctx) return ctx.plan.behaviour_support_plan ~= nil end,
        }

        R.forms.care_contact = {
          defaults = function(ctx) return { relationship = "Parent" } end,
          validate = function(values, ctx)
            if values.name == "X" then return { name = "Not X" } end
            return {}
          end,
        }

        R.plan.can_activate = function(ctx)
          return util.ok(ctx)
        end

        return R

        """

    /// The client and plan most fixtures start from.
    static let preamble = """
        template: care
        today: 2026-11-27
        client:
          id: C-0001
          name: Ada Nguyen
          profile: { first_name: Ada }
          records:
            - { id: CC-00077, type: care_contact, name: Bo Nguyen, relationship: Parent, phone: "0400 000 000" }
            - { id: CC-00078, type: care_contact, name: Cy Nguyen, relationship: Other }
            - { id: BSP-00003, type: behaviour_support_plan, title: Positive behaviour support }

        """
}
