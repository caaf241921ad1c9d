import Foundation
import Testing
@testable import PlanModel
@testable import RulesReader

/// Whatever a Rules file holds, loading it ends in problems, never a crash.
@Suite struct RulesFileRobustnessTests {
    /// A small deterministic generator, so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// `original` after a few random edits: characters removed, `pieces` inserted, characters copied over others.
    static func mangled(_ original: [Unicode.Scalar], edits: ClosedRange<Int>, pieces: [String], using random: inout SplitMix) -> String {
        var scalars = original
        for _ in 0..<Int.random(in: edits, using: &random) {
            let at = Int.random(in: 0..<scalars.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: scalars.remove(at: at)
            case 1: scalars.insert(contentsOf: pieces.randomElement(using: &random)!.unicodeScalars, at: at)
            default: scalars[at] = scalars[Int.random(in: 0..<scalars.count, using: &random)]
            }
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }

    func readTemplate(_ yaml: String) -> [RulesFolderProblem] {
        var problems: [RulesFolderProblem] = []
        _ = TemplateLoader.read(yaml: yaml, path: "Rules/ndis-core/template.yaml", folderName: "ndis-core",
                                profile: try? ProfileSchemaLoader.load(yaml: RulesFolderFixture.profile),
                                recordTypes: try? RecordTypeCatalogLoader.load(yaml: RulesFolderFixture.recordTypes),
                                problems: &problems)
        return problems
    }

    @Test func mangledTemplatesGiveProblemsNotCrashes() {
        var random = SplitMix(state: 2026)
        let pieces = ["\t", ":", "- ", "[", "]", "{", "}", "\n", "&a ", "*a", "!!binary ", "'", "\"", "?", "#", ",", "~", "\u{0}", "é"]
        let original = Array(RulesFolderFixture.template.unicodeScalars)
        for _ in 0..<400 {
            let text = Self.mangled(original, edits: 1...6, pieces: pieces, using: &random)
            for problem in readTemplate(text) {
                #expect(problem.file == "Rules/ndis-core/template.yaml")
                #expect(!problem.message.isEmpty)
            }
        }
    }

    @Test func deepNestingIsAProblem() {
        let problems = readTemplate(String(repeating: "[", count: 5000))
        #expect(problems.count == 1)
        #expect(problems.first?.line == 1)
    }

    @Test func everyValueOfTheWrongShapeIsReported() {
        let problems = readTemplate("""
            id: [ndis-core]
            name: {a: 1}
            description: [x]
            status: [active]
            limits: 5
            sections:
              - key: s
                title: S
                guidance: {text: [a], links: x}
                items:
                  - [not, an, item]
                  - { key: k, title: T, kind: records, record_type: [x], actions: link, min: x, max: x, repeatable: x, skippable: x }
                  - { key: v, title: V, kind: video, url: [x] }
                  - { key: p, title: P, kind: profile, fields: x, required: x }
                  - { key: f, title: F, kind: fields, fields: { key: a } }

            """)
        #expect(problems.map { "\($0.line!) \($0.path): \($0.message)" } == [
            "1 id: expected text, got a list",
            "2 name: expected text, got a mapping",
            "3 description: expected text, got a list",
            "4 status: expected text, got a list",
            "5 limits: expected a mapping, got '5'",
            "9 sections[0].guidance.text: expected text, got a list",
            "9 sections[0].guidance.links: expected a list, got 'x'",
            "11 sections[0].items[0]: expected a mapping, got a list",
            "12 sections[0].items[1].repeatable: expected true or false, got 'x'",
            "12 sections[0].items[1].skippable: expected true or false, got 'x'",
            "12 sections[0].items[1].record_type: expected text, got a list",
            "12 sections[0].items[1].actions: expected a list, got 'link'",
            "12 sections[0].items[1].min: expected a whole number, got 'x'",
            "12 sections[0].items[1].max: expected a whole number, got 'x'",
            "13 sections[0].items[2].url: expected text, got a list",
            "14 sections[0].items[3].required: expected true or false, got 'x'",
            "14 sections[0].items[3].fields: expected a list, got 'x'",
            "15 sections[0].items[4].fields: expected a list, got a mapping",
        ])
    }
}
