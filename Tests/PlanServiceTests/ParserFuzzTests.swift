import Foundation
import PlanModel
import RulesReader
@testable import PlanService
import Testing

/// Random and mutated input fed to the parsers anyone can reach — client import JSON and template
/// YAML — for a bounded, seeded number of rounds. Each input is either read or refused with located
/// problems; a refused import changes nothing. A crash or a hang fails the whole run.
@Suite struct ParserFuzzTests {
    /// xorshift64*: the same inputs on every run, so a failure can be replayed from its round.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            return state &* 2685821657736338717
        }
    }

    static let fragments: [String] = [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\ud800", "null", "true", "1e999", "-0", "9223372036854775808",
        "\u{1B}[31m", "\u{202E}", "\0", "\n", "&a", "*a", "!!binary", "- ", "  ", "\t", "#", "'", "|", ">", "%YAML",
        "{\"id\": \"C-1\"}", "\"records\": [", "key: value", "items:", "[[[[[[[[", "]]]]]]", String(repeating: "a", count: 300),
    ]

    /// A copy of `seed` with a few random edits: bytes flipped, fragments inserted, spans cut or doubled.
    static func mutate(_ seed: String, _ rng: inout SeededGenerator) -> String {
        var bytes = Array(seed.utf8)
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0 where !bytes.isEmpty: bytes[at] = UInt8.random(in: 0...255, using: &rng)
            case 1: bytes.insert(contentsOf: Array(fragments.randomElement(using: &rng)!.utf8), at: at)
            case 2 where !bytes.isEmpty: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...20, using: &rng)))
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, at + Int.random(in: 1...40, using: &rng))
                bytes.insert(contentsOf: bytes[at..<end], at: at)
            default: bytes.append(UInt8.random(in: 0...255, using: &rng))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func mutatedClientImportsAreReadOrRefusedAndARefusalChangesNothing() throws {
        let f = try ServiceFixture()
        try f.runDemo()
        let before = try f.dump()
        let seeds = [DemoData.clientsJSON,
                     #"{"id": "C-0001", "name": "Ada Nguyen", "profile": {"phone": null}, "records": [{"id": "CC-00001", "type": "care_contact", "name": "Bo"}]}"#]
        var rng = SeededGenerator(state: 0x5eed_1234_abcd_0001)
        var refused = 0
        for round in 0..<400 {
            let text = Self.mutate(seeds[round % seeds.count], &rng)
            do {
                _ = try f.service.importClients(data: Data(text.utf8), file: "fuzz.json", dryRun: true)
            } catch let error as ServiceError {
                refused += 1
                #expect(error.kind == .badInput, "round \(round): \(error.kind)")
                #expect(!error.reasons.isEmpty && error.reasons.allSatisfy { !$0.isEmpty }, "round \(round)")
            }
        }
        // Dry runs and refusals alike leave the database as it was.
        #expect(try f.dump() == before)
        #expect(refused > 200)
    }

    @Test func mutatedTemplatesAreLoadedOrRefusedWithLocatedProblems() throws {
        let rules = ServiceFixture.sampleRules
        let cache = try RulesCache(folder: rules)
        let seed = try String(contentsOf: rules.appendingPathComponent("home-care/template.yaml"), encoding: .utf8)
        var rng = SeededGenerator(state: 0x5eed_1234_abcd_0002)
        var refused = 0
        for round in 0..<300 {
            let text = Self.mutate(seed, &rng)
            do throws(RulesFolderError) {
                _ = try TemplateLoader.load(yaml: text, path: "Rules/home-care/template.yaml", folderName: "home-care",
                                            profile: cache.profile, recordTypes: cache.recordTypes)
            } catch {
                refused += 1
                #expect(!error.problems.isEmpty, "round \(round)")
                #expect(error.problems.allSatisfy { $0.file == "Rules/home-care/template.yaml" }, "round \(round)")
            }
        }
        #expect(refused > 100)
    }
}
