import CLibYAML
import PlanModel

/// Composes well-formed YAML from libyaml's events straight into the `YAMLNode` tree that Yams' path
/// (`Yams.compose(yaml:, .basic)`, then `YAMLNode.init(_:)`) gives — same texts, styles and marks — at a fraction
/// of the cost, checking `YAMLBudget`'s limits on the way.
///
/// Profiled on 1,000 fixture files, Yams' composer spent most of its time around libyaml rather than in it:
/// a class per event, a `Tag` object per node, each text decoded through `NSString`, and every mapping's keys
/// hashed into a grouping dictionary to look for duplicates; the budget then walked the whole tree again.
///
/// It is only a fast path: it gives up (nil) on anything it does not compose exactly as Yams would or that
/// needs a message — a syntax error, an empty stream, a second document, anchors, aliases, explicit tags,
/// keys that are not scalars, a duplicate key, deep nesting, anything over budget — and the caller then
/// composes the same text with Yams, whose errors and the budget's messages are what users see.
enum YAMLEventComposer {
    /// Nesting deeper than this is left to Yams (and its own nesting limit), so this composer's recursion
    /// stays shallow on any thread's stack.
    static let maxDepth = 64

    /// The document's root, or nil when the text must take the full path.
    static func compose(_ text: String) -> YAMLNode? {
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { bytes -> YAMLNode? in
            var composer = Composer()
            defer { composer.close() }
            yaml_parser_set_input_string(&composer.parser, bytes.baseAddress, bytes.count)
            return composer.document()
        } ?? nil
    }

    private struct Composer {
        var parser = yaml_parser_t()
        var event = yaml_event_t()
        var nodes = 0
        /// A fingerprint of each key of the mappings being composed, innermost last, for the duplicate check: an ASCII
        /// key's bytes hashed as libyaml gives them (`KeyPrint`), so keys are told apart by comparing integers, without
        /// a `Set<String>` (a `String` hashed per key, 17 % of composing a fixture) or a `String` kept per key.
        var pendingPrints: [UInt64] = []

        /// Room for the children of a list or mapping as it starts: most have a few, so one allocation holds them; a
        /// larger one grows its array by moving it. (Children were once gathered on a shared stack and moved out into
        /// an array of the final size, but moving them one by one cost more than the allocations it saved.)
        static let firstRoom = 4

        init() {
            // Room for a fixture's largest mapping (a plan's items) from the start, rather than grown append by append.
            pendingPrints.reserveCapacity(128)
            yaml_parser_initialize(&parser)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        }

        mutating func close() {
            yaml_event_delete(&event)
            yaml_parser_delete(&parser)
        }

        /// Moves to the next event; false on a syntax error.
        mutating func next() -> Bool {
            yaml_event_delete(&event)
            return yaml_parser_parse(&parser, &event) == 1
        }

        mutating func expect(_ type: yaml_event_type_t) -> Bool { next() && event.type == type }

        mutating func document() -> YAMLNode? {
            guard expect(YAML_STREAM_START_EVENT), expect(YAML_DOCUMENT_START_EVENT), next(),
                  let root = node(depth: 0),
                  expect(YAML_DOCUMENT_END_EVENT), expect(YAML_STREAM_END_EVENT) else { return nil }
            return root
        }

        /// Counts one more node against the budget; false past it.
        mutating func count() -> Bool {
            nodes += 1
            return nodes <= DataLimits.yamlNodes
        }

        /// The node whose first event is the current one.
        mutating func node(depth: Int) -> YAMLNode? {
            guard count(), markFits else { return nil }
            switch event.type {
            case YAML_SCALAR_EVENT: return scalar().map(YAMLNode.scalar)
            case YAML_SEQUENCE_START_EVENT: return sequence(depth: depth)
            case YAML_MAPPING_START_EVENT: return mapping(depth: depth)
            default: return nil  // an alias
            }
        }

        var mark: YAMLNode.Mark { YAMLNode.Mark(line: event.start_mark.line + 1, column: event.start_mark.column + 1) }

        /// Whether the current event's mark is kept exactly in a node (`YAMLNode.Place`); a text whose marks are not
        /// goes to Yams, whose tree keeps them as the node can.
        var markFits: Bool { YAMLNode.Place.holds(line: event.start_mark.line + 1, column: event.start_mark.column + 1) }

        mutating func scalar() -> YAMLNode.Scalar? {
            let data = event.data.scalar
            // Written tags go to Yams (a `!!binary` is decoded there, an unknown tag refused).
            guard data.anchor == nil, data.tag == nil, data.length <= DataLimits.textBytes,
                  let style = YAMLNode.Scalar.Style(rawValue: numericCast(data.style.rawValue)) else { return nil }
            // libyaml has checked the input is UTF-8, and so is what it gives back.
            let string = String(decoding: bytes, as: UTF8.self)
            return YAMLNode.Scalar(string, style: style, mark: mark)
        }

        /// The current scalar event's text as libyaml holds it.
        var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: event.data.scalar.value, count: event.data.scalar.length) }

        mutating func sequence(depth: Int) -> YAMLNode? {
            let start = event.data.sequence_start
            guard start.anchor == nil, start.implicit != 0, depth < maxDepth else { return nil }
            let mark = self.mark
            var nodes: [YAMLNode] = []
            nodes.reserveCapacity(Self.firstRoom)
            while next() {
                if event.type == YAML_SEQUENCE_END_EVENT { return .sequence(.init(nodes, mark: mark)) }
                guard let node = node(depth: depth + 1) else { return nil }
                nodes.append(node)
            }
            return nil
        }

        mutating func mapping(depth: Int) -> YAMLNode? {
            let start = event.data.mapping_start
            guard start.anchor == nil, start.implicit != 0, depth < maxDepth else { return nil }
            let mark = self.mark
            let first = pendingPrints.count
            var pairs: [YAMLNode.Mapping.Pair] = []
            pairs.reserveCapacity(Self.firstRoom)
            var seen = SeenKeys()
            while next() {
                if event.type == YAML_MAPPING_END_EVENT {
                    pendingPrints.removeSubrange(first...)
                    return .mapping(.init(pairs: pairs, mark: mark))
                }
                // Keys are scalars here; with the `.basic` resolver two scalar keys are equal for Yams exactly
                // when their texts are, so a repeated text is the duplicate Yams reports.
                guard event.type == YAML_SCALAR_EVENT, count(), markFits, let key = scalar() else { return nil }
                let print = KeyPrint.of(bytes)
                guard seen.isNew(key.string, print: print, among: pendingPrints[first...], in: pairs),
                      next(), let value = node(depth: depth + 1) else { return nil }
                pendingPrints.append(print)
                pairs.append(.init(key: .scalar(key), value: value))
            }
            return nil
        }
    }
}

/// A mapping key's fingerprint for the duplicate check: FNV-1a of an ASCII key's bytes, or `unicode` for any other key.
/// Two ASCII texts are equal exactly when their bytes are, so different prints mean different keys; a text that is not
/// ASCII may equal another written differently (a precomposed `é` and `e` with an accent, a Kelvin sign and `K`), so its
/// print says only "compare the texts". The check compares texts from a mapping's first key whose print it has seen, so
/// crafted keys with one print cost no more than the `Set<String>` every mapping once used.
enum KeyPrint {
    static let unicode = UInt64.max

    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var high: UInt8 = 0
        for byte in bytes {
            high |= byte
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        // An ASCII key's print never collides with `unicode`.
        return high < 0x80 ? hash & (UInt64.max >> 1) : unicode
    }
}
