import Foundation
import Testing
@testable import PlanModel
@testable import RulesReader

/// A Rules folder written to a fresh temporary directory, from inline YAML.
struct RulesFolderFixture {
    let root: URL

    /// Writes `files` (path relative to the Rules folder → text) under `<tmp>/<unique>/Rules`.
    init(_ files: [String: String]) throws {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("supportplan-loading-\(UUID().uuidString)")
        root = base.appendingPathComponent("Rules")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// A valid folder with `ndis-core`, overridden or extended by `files`.
    static func valid(_ files: [String: String] = [:]) throws -> RulesFolderFixture {
        var all = ["profile.yaml": profile, "record-types.yaml": recordTypes,
                   "ndis-core/template.yaml": template, "ndis-core/rules.lua": "return {}\n",
                   "lib/dates.lua": "return { x = 1 }\n"]
        all.merge(files) { $1 }
        return try RulesFolderFixture(all)
    }

    /// The problems of loading this folder, as people read them.
    func problems() -> [String] {
        RulesFolder.inspect(at: root).problems.map(\.description)
    }

    static let profile = """
        fields:
          - { key: first_name, label: First name, type: text }
          - { key: preferred_name, label: Preferred name, type: text }
          - { key: pronouns, type: choice, options: [she/her, he/him, they/them] }
          - { key: date_of_birth, label: Date of birth, type: date, default: 1990-03-01 }
          - { key: uses_aac, label: Uses an AAC device, type: boolean, default: no }
          - { key: weight, type: number, default: 5 }
          - { key: siblings, type: integer, default: 2 }
          - { key: languages, type: multi_choice, options: [English, Auslan, Vietnamese], default: [English, Auslan] }

        """

    static let recordTypes = """
        types:
          - key: care_contact
            label: Care contact
            prefix: CC
            display: [name, relationship, phone]
            fields:
              - { key: name, label: Name, type: text, required: true }
              - { key: relationship, type: choice, options: [Parent, Sibling, Guardian, Friend, Other] }
              - { key: phone, type: phone }
          - key: medication
            prefix: MED
            fields:
              - { key: name, type: text, required: true }
              - { key: status, type: choice, options: [current, ceased], default: current }

        """

    static let template = """
        id: ndis-core
        name: NDIS Core Supports
        description: Broadest coverage
        status: active
        limits: { instructions: 500000, memory_mb: 32 }
        sections:
          - key: about_me
            title: About me
            guidance:
              text: Shown at the section heading.
              links: [{ title: Person-centred planning, url: "https://example.org/pcp" }]
            items:
              - key: preferred_name
                title: Preferred name and pronouns
                kind: profile
                fields: [preferred_name, pronouns]
                required: true
                guidance: Ask the client what they like to be called.
              - key: emergency_contacts
                title: Emergency contacts
                kind: records
                record_type: care_contact
                actions: [link, create]
                min: 1
                max: 5
                repeatable: false
                skippable: true
          - key: daily_life
            title: Daily life
            items:
              - key: communication
                title: Communication
                kind: fields
                fields:
                  - { key: method, label: Preferred method, type: choice, options: [Verbal, AAC device, Auslan, Written], required: true }
                  - { key: notes, type: long_text }
                  - { key: review_on, type: date, default: 2026-01-31 }
              - key: transfer_video
                title: Transfer technique video
                kind: video
                url: "https://example.org/transfers"
                repeatable: true

        """

    /// The valid template with `old` replaced by `new` (which must occur).
    static func template(replacing old: String, with new: String) -> String {
        if !template.contains(old) { Issue.record("the fixture template lacks \(old.debugDescription)") }
        return template.replacingOccurrences(of: old, with: new)
    }

    /// The problems of the valid folder whose template is `yaml`.
    static func templateProblems(_ yaml: String) throws -> [String] {
        try valid(["ndis-core/template.yaml": yaml]).problems()
    }
}
