import Foundation
import Testing
import Yams
@testable import PlanModel
@testable import RulesReader

/// The fast composer builds exactly the tree Yams builds, and leaves to Yams everything that needs a message.
@Suite struct YAMLEventComposerTests {
    /// Every detail a reader can see: texts, styles, marks, order.
    static func render(_ node: YAMLNode) -> String {
        func mark(_ mark: YAMLNode.Mark) -> String { "@\(mark.line):\(mark.column)" }
        switch node {
        case .scalar(let s):
            return "\(s.string.debugDescription)\(mark(s.mark)) \(s.style.rawValue)"
        case .sequence(let s):
            return "[\(mark(s.mark)): " + s.map(render).joined(separator: ", ") + "]"
        case .mapping(let m):
            return "{\(mark(m.mark)): " + m.map { "\(render($0.key)) => \(render($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    /// Whether the fast tree has the texts, styles, marks and order of Yams' own tree (read from it directly, not
    /// through `YAMLNode.init(_:)`).
    static func same(_ node: YAMLNode, _ yams: Node) -> Bool {
        func same(_ mark: YAMLNode.Mark, _ yams: Mark?) -> Bool { mark.line == yams?.line && mark.column == yams?.column }
        switch (node, yams) {
        case let (.scalar(a), .scalar(b)):
            return a.string == b.string && Int(a.style.rawValue) == Int(b.style.rawValue) && same(a.mark, b.mark)
        case let (.sequence(a), .sequence(b)):
            return same(a.mark, b.mark) && a.count == b.count && zip(a, b).allSatisfy { Self.same($0, $1) }
        case let (.mapping(a), .mapping(b)):
            return same(a.mark, b.mark) && a.count == b.count
                && zip(a, b).allSatisfy { Self.same($0.key, $1.key) && Self.same($0.value, $1.value) }
        default:
            return false
        }
    }

    /// Whether Yams composes `text` into the tree `node` is.
    static func yams(_ text: String, gives node: YAMLNode) -> Bool {
        guard let root = (try? Yams.compose(yaml: text, .basic)) ?? nil else { return false }
        return same(node, root)
    }

    /// What the readers get on Yams' path: Yams' tree through `YAMLNode.init(_:)`.
    static func converted(_ text: String) -> YAMLNode? {
        (try? Yams.compose(yaml: text, .basic)).flatMap { $0 }.map(YAMLNode.init)
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every YAML file of the sample Rules folders, the sample fixtures and the bench's rules.
    static let sampleFiles: [URL] = ["Rules", "Fixtures", "bench"].flatMap { folder -> [URL] in
        let enumerator = FileManager.default.enumerator(at: packageRoot.appendingPathComponent(folder), includingPropertiesForKeys: nil)
        return (enumerator?.allObjects as? [URL] ?? []).filter { ["yaml", "yml"].contains($0.pathExtension) }
    }.sorted { $0.path < $1.path }

    @Test func composesEverySampleFileExactlyAsYamsDoes() throws {
        #expect(Self.sampleFiles.count >= 15)
        for url in Self.sampleFiles {
            let text = try String(contentsOf: url, encoding: .utf8)
            let fast = try #require(YAMLEventComposer.compose(text), "\(url.lastPathComponent) took the slow path")
            #expect(Self.yams(text, gives: fast), "\(url.path): \(Self.render(fast))")
            #expect(fast == Self.converted(text), "\(url.path)")
        }
    }

    @Test func composesEveryScalarStyleTagAndMarkAsYamsDoes() throws {
        let text = """
            plain: text
            quoted: 'single'
            double: "dou\\tble"
            empty:
            tilde: ~
            folded: >
              one
              two
            literal: |
              kept
            flow: { a: [1, "2", '3'], b: {} }
            list:
              - x
              -
              - - nested
            é: ünïcode — long dash
            nul: "a\\0b"
            """
        let fast = try #require(YAMLEventComposer.compose(text))
        #expect(Self.yams(text, gives: fast), "\(Self.render(fast))")
        #expect(fast == Self.converted(text))
    }

    /// Each of these needs Yams' path: its message, or a tree this composer does not build.
    @Test(arguments: [
        "",
        "# only a comment\n",
        "a: [1, 2\n",
        "a: 1\na: 2\n",
        "a: 1\n'a': 2\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: !custom 1\n",
        "!!map { a: 1 }\n",
        "? [complex]\n: key\n",
        "a: 1\n---\nb: 2\n",
        "a: \"\(String(repeating: "x", count: DataLimits.textBytes + 1))\"\n",
        String(repeating: "[", count: 5000),
        String(repeating: "[", count: YAMLEventComposer.maxDepth + 1) + String(repeating: "]", count: YAMLEventComposer.maxDepth + 1),
        "a: b: c\n",
        "\tkey: tab\n",
    ])
    func leavesToYamsWhatNeedsAMessageOrAnotherTree(_ text: String) {
        #expect(YAMLEventComposer.compose(text) == nil)
    }

    /// Each mapping checks its keys against its own, whatever mappings and lists come between them, and the pairs come
    /// out in file order: below and above the size (16 keys) where the check switches to a set.
    @Test(arguments: [3, 15, 16, 17, 40])
    func keysAreCheckedAgainstTheirOwnMappingOnly(_ count: Int) throws {
        let keys = (0..<count).map { "k\($0)" }
        let text = keys.map { "\($0): { \(keys.prefix(3).map { "\($0): [x, { \($0): y }]" }.joined(separator: ", ")) }" }.joined(separator: "\n") + "\n"
        let fast = try #require(YAMLEventComposer.compose(text))
        #expect(Self.yams(text, gives: fast), "\(Self.render(fast))")
        #expect(fast == Self.converted(text))
        guard case .mapping(let root) = fast else { Issue.record("not a mapping"); return }
        #expect(root.map { if case .scalar(let s) = $0.key { s.string } else { "" } } == keys)

        let repeated = text + "k\(count - 1): again\n"
        #expect(YAMLEventComposer.compose(repeated) == nil)
        var reader = RulesFileReader(file: "keys.yaml")
        #expect(reader.parse(repeated) == nil)
        #expect(reader.problems.map(\.message) == ["duplicate key 'k\(count - 1)' in one mapping"])
    }

    /// Keys are duplicates when Swift (and so Yams) calls their texts equal, even written with other bytes: a
    /// precomposed é and e with an accent, a Kelvin sign and K; in a small mapping and in one past the size where
    /// ASCII keys are checked by a set of prints, with the pair near and far apart.
    @Test(arguments: [("\u{E9}", "e\u{301}"), ("K", "\u{212A}"), ("\u{212B}", "\u{C5}")], [0, 3, 20])
    func keysEqualAsTextsAreDuplicatesWhateverTheirBytes(_ pair: (String, String), _ between: Int) throws {
        let others = (0..<between).map { "k\($0): v\n" }.joined()
        let text = "\(pair.0): 1\n" + others + "\(pair.1): 2\n"
        #expect(YAMLEventComposer.compose(text) == nil)
        var reader = RulesFileReader(file: "keys.yaml")
        #expect(reader.parse(text) == nil)
        #expect(reader.problems.map(\.message) == ["duplicate key '\(pair.0)' in one mapping"])

        // The same keys, different as texts, with those bytes around them: composed as Yams composes them.
        let distinct = "\(pair.0): 1\n" + others + "\(pair.0)x: 2\n" + "\(pair.1)y: 3\n" + "K\u{E9}: 4\n"
        let fast = try #require(YAMLEventComposer.compose(distinct))
        #expect(Self.yams(distinct, gives: fast), "\(Self.render(fast))")
        #expect(fast == Self.converted(distinct))
    }

    /// A node keeps its place and a scalar its style in one word: every style, and lines and columns up to the largest
    /// kept, read back as written; past it the place is kept as the largest, and the composer leaves such a text to Yams.
    @Test func placesAndStylesAreKeptExactlyUpToTheLargestPlace() {
        let largest = YAMLNode.Place.largest
        for style in [YAMLNode.Scalar.Style.any, .plain, .singleQuoted, .doubleQuoted, .literal, .folded] {
            for (line, column) in [(0, 0), (1, 1), (171, 43), (largest, 1), (1, largest), (largest, largest)] {
                let scalar = YAMLNode.Scalar("x", style: style, mark: .init(line: line, column: column))
                #expect(scalar.style == style && scalar.mark == YAMLNode.Mark(line: line, column: column))
            }
        }
        var scalar = YAMLNode.Scalar("x", style: .doubleQuoted, mark: .init(line: 3, column: 4))
        scalar.mark = .init(line: 5, column: 6)
        #expect(scalar.style == .doubleQuoted && scalar.mark == YAMLNode.Mark(line: 5, column: 6))
        scalar.style = .literal
        #expect(scalar.style == .literal && scalar.mark == YAMLNode.Mark(line: 5, column: 6))
        #expect(YAMLNode.Mapping(pairs: [], mark: .init(line: largest, column: 9)).mark == YAMLNode.Mark(line: largest, column: 9))
        #expect(YAMLNode.Sequence([], mark: .init(line: 9, column: largest)).mark == YAMLNode.Mark(line: 9, column: largest))
        #expect(YAMLNode.Place.holds(line: largest, column: largest))
        #expect(!YAMLNode.Place.holds(line: largest + 1, column: 1) && !YAMLNode.Place.holds(line: 1, column: largest + 1))
        #expect(YAMLNode.Scalar("x", mark: .init(line: largest + 7, column: -1)).mark == YAMLNode.Mark(line: largest, column: 0))
    }

    @Test func nestingUpToTheLimitIsComposed() throws {
        let depth = YAMLEventComposer.maxDepth
        let text = String(repeating: "[", count: depth) + "x" + String(repeating: "]", count: depth)
        let fast = try #require(YAMLEventComposer.compose(text))
        #expect(Self.yams(text, gives: fast), "\(Self.render(fast))")
        #expect(fast == Self.converted(text))
    }

    @Test func moreValuesThanTheBudgetAreLeftToTheBudgetsMessage() {
        let list = "[" + Array(repeating: "1", count: DataLimits.yamlNodes).joined(separator: ",") + "]"
        #expect(YAMLEventComposer.compose(list) == nil)
        var reader = RulesFileReader(file: "big.yaml")
        #expect(reader.parse(list) == nil)
        #expect(reader.problems.map(\.message) == ["the document has more than \(DataLimits.yamlNodes) values (counting each use of an alias); split it up"])
    }

    /// Randomly broken sample files: the fast composer either gives Yams' tree or leaves the text to Yams.
    @Test func mangledFilesGiveYamsTreeOrNothing() throws {
        var random = RulesFileRobustnessTests.SplitMix(state: 1818)
        let pieces = ["\t", ":", "- ", "[", "]", "{", "}", "\n", "&a ", "*a", "!!binary ", "'", "\"", "?", "#", ",", "~", "é", "---\n"]
        var composed = 0
        for url in Self.sampleFiles.prefix(6) {
            let original = Array(try String(contentsOf: url, encoding: .utf8).unicodeScalars)
            for _ in 0..<60 {
                let text = RulesFileRobustnessTests.mangled(original, edits: 1...4, pieces: pieces, using: &random)
                guard let fast = YAMLEventComposer.compose(text) else { continue }
                composed += 1
                #expect(Self.yams(text, gives: fast), "\(url.lastPathComponent): \(text.debugDescription)")
                #expect(fast == Self.converted(text), "\(url.lastPathComponent): \(text.debugDescription)")
            }
        }
        #expect(composed > 0)
    }
}
