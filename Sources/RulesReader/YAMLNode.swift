import Yams

/// A composed YAML document as the readers see it: texts with their style and place, mappings in file order,
/// lists. Every reader of Rules files and fixtures walks this rather than Yams' `Node`.
///
/// Why not Yams' `Node`: profiled on 1,000 fixture files (fixtures-scale, 2026-11-30), building and walking
/// `Node`s was most of what parsing cost outside libyaml. Each `Node.Scalar` carries a `Tag` object (made per
/// node, resolved in place when compared), an optional anchor and an optional mark, so every copy a reader makes
/// retains three or four objects, and each mapping's pairs are copied into a second array when it is made.
/// The readers use none of that: a scalar's text and style (plain or quoted, for null) and every node's
/// line:column. This node holds exactly those (a copy retains one object). Measured with `perf record` of the
/// release fixture runner (the CLI's test command) over the 1,000 files, main's binary and this one side by side
/// (both see the same load on the shared machine): the samples under `FixtureParser.parse` fell by 22 % (650 → 505),
/// those under the composer by 17 %, while evaluation stayed within 5 %.
///
/// Yams stays the composer of everything unusual (`RulesFileReader.parse`): its tree is checked against the
/// budget and converted with `init(_:)`, so its messages and marks are what users see.
public enum YAMLNode: Equatable, Sendable {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence(Sequence)

    /// Where a node starts in its file, 1-based, as Yams' `Mark`.
    public struct Mark: Equatable, Sendable {
        public var line: Int
        public var column: Int

        public init(line: Int, column: Int) { self.line = line; self.column = column }
    }

    /// A node's mark, and a scalar's style, in one word: line and column in 28 bits each (over 268 million lines or
    /// columns, far past the size any file may have, they are kept as the largest that fits), the style in 8.
    ///
    /// Why one word: with two `Int`s and a style byte a scalar was 33 bytes and a node 41, whose copies (a node is
    /// copied as it is made, listed and read) moved odd-sized, overlapping blocks that the processor could not
    /// forward from the writes just made; 16 % of composing a fixture was those copies. Now a scalar is two words of
    /// text and this one, a list or mapping an array and this.
    struct Place: Equatable, Sendable {
        static let largest = (1 << 28) - 1

        var bits: UInt64

        init(_ mark: Mark, style: UInt8 = 0) {
            func part(_ value: Int) -> UInt64 { UInt64(min(max(value, 0), Self.largest)) }
            bits = part(mark.line) << 36 | part(mark.column) << 8 | UInt64(style)
        }

        var mark: Mark { Mark(line: Int(bits >> 36), column: Int((bits >> 8) & UInt64(Self.largest))) }
        var style: UInt8 { UInt8(truncatingIfNeeded: bits) }

        /// Whether a line and column are kept as they are.
        static func holds(line: Int, column: Int) -> Bool { (0...largest).contains(line) && (0...largest).contains(column) }
    }

    public struct Scalar: Equatable, Sendable {
        /// libyaml's scalar styles, with its numbers (as Yams' `Node.Scalar.Style`).
        public enum Style: UInt8, Sendable {
            case any = 0, plain, singleQuoted, doubleQuoted, literal, folded
        }

        public var string: String
        var place: Place

        public var style: Style {
            get { Style(rawValue: place.style) ?? .any }
            set { place = Place(place.mark, style: newValue.rawValue) }
        }

        public var mark: Mark {
            get { place.mark }
            set { place = Place(newValue, style: place.style) }
        }

        public init(_ string: String, style: Style = .plain, mark: Mark) {
            self.string = string; self.place = Place(mark, style: style.rawValue)
        }
    }

    /// A mapping's entries in file order; keys are nodes (Yams' path lets a key be a list or a mapping).
    public struct Mapping: RandomAccessCollection, Equatable, Sendable {
        /// One key and its value. A struct, not a tuple: an array of tuples is destroyed through the runtime's generic
        /// tuple code, element by element (3 % of parsing a fixture), an array of structs by code made for them.
        public struct Pair: Equatable, Sendable {
            public var key: YAMLNode
            public var value: YAMLNode

            public init(key: YAMLNode, value: YAMLNode) { self.key = key; self.value = value }
        }

        public var pairs: [Pair]
        var place: Place

        public var mark: Mark {
            get { place.mark }
            set { place = Place(newValue) }
        }

        public init(_ pairs: [(key: YAMLNode, value: YAMLNode)], mark: Mark) {
            self.init(pairs: pairs.map { Pair(key: $0.key, value: $0.value) }, mark: mark)
        }

        public init(pairs: [Pair], mark: Mark) { self.pairs = pairs; self.place = Place(mark) }

        public var startIndex: Int { 0 }
        public var endIndex: Int { pairs.count }
        public subscript(position: Int) -> (key: YAMLNode, value: YAMLNode) { (pairs[position].key, pairs[position].value) }

        /// The value of the first scalar key with this text.
        public subscript(key: String) -> YAMLNode? {
            pairs.first { if case .scalar(let s) = $0.key { s.string == key } else { false } }?.value
        }

    }

    public struct Sequence: RandomAccessCollection, Equatable, Sendable {
        public var nodes: [YAMLNode]
        var place: Place

        public var mark: Mark {
            get { place.mark }
            set { place = Place(newValue) }
        }

        public init(_ nodes: [YAMLNode], mark: Mark) { self.nodes = nodes; self.place = Place(mark) }

        public var startIndex: Int { 0 }
        public var endIndex: Int { nodes.count }
        public subscript(position: Int) -> YAMLNode { nodes[position] }
    }

    public var mark: Mark {
        switch self {
        case .scalar(let scalar): return scalar.mark
        case .mapping(let mapping): return mapping.mark
        case .sequence(let sequence): return sequence.mark
        }
    }

    /// The value at `key` when this is a mapping.
    public subscript(key: String) -> YAMLNode? {
        if case .mapping(let mapping) = self { return mapping[key] }
        return nil
    }
}

extension YAMLNode {
    /// Yams' tree as the readers see it. Yams has replaced each alias with the node it names, and the caller has
    /// checked the tree against `YAMLBudget`, so this makes at most `DataLimits.yamlNodes` nodes; it recurses
    /// no deeper than Yams' own composer did.
    init(_ node: Node) {
        func mark(_ mark: Yams.Mark?) -> Mark { Mark(line: mark?.line ?? 0, column: mark?.column ?? 0) }
        switch node {
        case .scalar(let scalar):
            self = .scalar(Scalar(scalar.string, style: Scalar.Style(rawValue: numericCast(scalar.style.rawValue)) ?? .any,
                                  mark: mark(scalar.mark)))
        case .mapping(let mapping):
            self = .mapping(Mapping(mapping.map { (key: YAMLNode($0.key), value: YAMLNode($0.value)) }, mark: mark(mapping.mark)))
        case .sequence(let sequence):
            self = .sequence(Sequence(sequence.map { YAMLNode($0) }, mark: mark(sequence.mark)))
        case .alias(let alias):
            // Yams' composer never leaves one (it gives the anchored node); read as the empty text it stands for.
            self = .scalar(Scalar("", style: .any, mark: mark(alias.mark)))
        }
    }
}
