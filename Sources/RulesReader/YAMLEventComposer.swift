import CLibYAML
import PlanModel
import Yams

/// Composes well-formed YAML from libyaml's events straight into the `Node` tree `Yams.compose(yaml:, .basic)`
/// builds — same texts, styles, tags and marks — at a fraction of the cost, checking `YAMLBudget`'s limits on
/// the way.
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
    static func compose(_ text: String) -> Node? {
        guard marksAreExact else { return nil }
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { bytes -> Node? in
            var composer = Composer()
            defer { composer.close() }
            yaml_parser_set_input_string(&composer.parser, bytes.baseAddress, bytes.count)
            return composer.document()
        } ?? nil
    }

    /// Yams gives `Mark` (a struct of two `Int`s, line then column) no public initializer, so marks are made
    /// from this twin of it; `marksAreExact` checks the two agree before the first use, and if a later Yams laid
    /// `Mark` out differently every document would simply take Yams' own path.
    private struct MarkLayout { var line: Int; var column: Int }

    static func mark(line: Int, column: Int) -> Mark {
        unsafeBitCast(MarkLayout(line: line, column: column), to: Mark.self)
    }

    static let marksAreExact: Bool = {
        guard MemoryLayout<Mark>.size == MemoryLayout<MarkLayout>.size else { return false }
        let probe = mark(line: 2, column: 3)
        return probe.line == 2 && probe.column == 3
    }()

    private struct Composer {
        var parser = yaml_parser_t()
        var event = yaml_event_t()
        var nodes = 0
        // Tags as Yams makes them (the `.basic` resolver, the default constructor). A `Tag` is an object that
        // Yams resolves in place the first time a node is compared or hashed, so an implicit tag is made per
        // node; a `str` tag never changes and one serves every quoted scalar and every key (Yams' duplicate
        // check has resolved each key's tag to `str` by the time it returns the tree).
        // `Constructor.default` makes a new constructor (and its tables) at each use: one per document, as Yams.
        let constructor = Constructor.default
        let stringTag: Tag
        var implicitTag: Tag { Tag(.implicit, .basic, constructor) }

        init() {
            stringTag = Tag(.str, .basic, constructor)
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

        mutating func document() -> Node? {
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
        mutating func node(depth: Int) -> Node? {
            guard count() else { return nil }
            switch event.type {
            case YAML_SCALAR_EVENT: return scalar()
            case YAML_SEQUENCE_START_EVENT: return sequence(depth: depth)
            case YAML_MAPPING_START_EVENT: return mapping(depth: depth)
            default: return nil  // an alias
            }
        }

        var mark: Mark { YAMLEventComposer.mark(line: event.start_mark.line + 1, column: event.start_mark.column + 1) }

        mutating func scalar(isKey: Bool = false) -> Node? {
            let data = event.data.scalar
            guard data.anchor == nil, data.length <= DataLimits.textBytes else { return nil }
            // As Yams: a quoted scalar is tagged `str`; a plain one has no tag unless written, and written tags go to Yams.
            let tag: Tag
            if data.quoted_implicit == 1 || isKey && data.tag == nil { tag = stringTag } else if data.tag == nil { tag = implicitTag } else { return nil }
            // libyaml has checked the input is UTF-8, and so is what it gives back.
            let string = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            guard let style = Node.Scalar.Style(rawValue: numericCast(data.style.rawValue)) else { return nil }
            return .scalar(.init(string, tag, style, mark))
        }

        mutating func sequence(depth: Int) -> Node? {
            let start = event.data.sequence_start
            guard start.anchor == nil, start.implicit != 0, depth < maxDepth else { return nil }
            let mark = self.mark
            var nodes: [Node] = []
            while next() {
                if event.type == YAML_SEQUENCE_END_EVENT {
                    // Yams reads the style from the end event, whose data libyaml leaves zeroed: `.any`.
                    guard let style = Node.Sequence.Style(rawValue: numericCast(event.data.sequence_start.style.rawValue)) else { return nil }
                    return .sequence(.init(nodes, implicitTag, style, mark))
                }
                guard let node = node(depth: depth + 1) else { return nil }
                nodes.append(node)
            }
            return nil
        }

        mutating func mapping(depth: Int) -> Node? {
            let start = event.data.mapping_start
            guard start.anchor == nil, start.implicit != 0, depth < maxDepth else { return nil }
            let mark = self.mark
            var pairs: [(Node, Node)] = []
            var keys = SeenKeys()
            while next() {
                if event.type == YAML_MAPPING_END_EVENT {
                    // As for sequences: Yams' style comes from the zeroed end event.
                    guard let style = Node.Mapping.Style(rawValue: numericCast(event.data.mapping_start.style.rawValue)) else { return nil }
                    return .mapping(.init(pairs, implicitTag, style, mark))
                }
                // Keys are scalars here; with the `.basic` resolver two scalar keys are equal for Yams exactly
                // when their texts are, so a repeated text is the duplicate Yams reports.
                guard event.type == YAML_SCALAR_EVENT, count(), let key = scalar(isKey: true),
                      case .scalar(let keyScalar) = key, keys.insert(keyScalar.string),
                      next(), let value = node(depth: depth + 1) else { return nil }
                pairs.append((key, value))
            }
            return nil
        }
    }

    /// A mapping's keys so far: most mappings have a few, compared in a list; a large one switches to a set.
    private struct SeenKeys {
        var list: [String] = []
        var set: Set<String> = []

        /// False when `key` was seen before.
        mutating func insert(_ key: String) -> Bool {
            guard set.isEmpty else { return set.insert(key).inserted }
            if list.contains(key) { return false }
            list.append(key)
            if list.count == 16 { set = Set(list) }
            return true
        }
    }
}
