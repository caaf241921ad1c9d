import PlanModel

/// Composes the strict block-style YAML that fixtures and Rules files are written in straight from the text's bytes
/// into the `YAMLNode` tree that libyaml's events give through `YAMLEventComposer` — same texts, styles, marks, key
/// order and budget — without libyaml. Anything outside that subset gives nil, and `RulesFileReader.parse` then takes
/// the libyaml path unchanged, so every error, message and mark users see comes from there as before.
///
/// Why hand-written rather than a library: libyaml's scanner and parser were half of parsing a fixture (profiled on
/// the fixtures-scale bench's 1,000 files: libyaml 0.23 s of 0.45 s, building the tree from its events 0.075 s) and
/// about a fifth of the whole fixtures run; they look at every byte several times (a character buffer, a token queue,
/// simple-key bookkeeping, an event per node, each text copied twice). No Swift YAML library is faster, and the
/// subset the readers need is small enough to recognise in one pass. Measured in alternating runs of main's release
/// bench and this one (its quick fixtures-scale run, medians): the parse of the 1,000 files 0.475 → 0.236 s (−50 %),
/// the whole run 1.48 → 1.30 s, the parse's share 32 % → 18 % (7 pairs at load 4.5–5.8; an earlier 5 pairs at load
/// 2.6–3.6 gave 0.452 → 0.240 s and 32 % → 21 %).
///
/// The subset, and everything else left to libyaml (each rule keeps what this accepts to what it is certain libyaml
/// reads the same way; see `StrictYAMLComposerTests` for the differential proof):
/// - the document: one block mapping or block list at column 0; no `---`, `...` or `%` directives; every byte printable
///   ASCII or a line feed, or a character libyaml reads as printable and not as a line break or a byte order mark
///   (no tab, carriage return or other control character);
/// - block mappings of `key: value` lines and block lists of `- value` lines (indentless under a key too, compact
///   `- key: value` and `- - value`), each value on its line or, after a bare `key:` or `-`, a collection on the
///   lines below (or nothing: the empty plain text, marked as libyaml marks it);
/// - keys: one-line plain or quoted texts of ASCII characters, no longer than libyaml's simple keys may be, with the
///   `:` right after them;
/// - values on a line: plain texts of one line (not starting with an indicator, ending at `: `, ` #` or the line's
///   end), single- and double-quoted texts of one line (double-quoted with the single-character escapes only), and
///   flow lists and mappings `[a, b]`, `{ k: v }` of those on one line (no trailing comma, no empty value);
/// - comments on their own lines and after a value (after a space); blank lines.
/// Anchors, aliases, tags, block scalars (`|`, `>`), `?` keys, texts over more than one line, and every error need
/// libyaml. The same budget applies: `DataLimits.yamlNodes` nodes, `DataLimits.textBytes` bytes a text, nesting
/// below `YAMLEventComposer.maxDepth`; a duplicate key gives nil, so that libyaml's path reports it.
package enum StrictYAMLComposer {
    /// Longest key, in bytes from its first character to its `:`, taken here. libyaml forgets a simple key's start
    /// 1,024 characters on (and then reads the line otherwise); a byte is at most a character, so this stays clear.
    static let longestKey = 1_000

    /// The document's root, or nil when the text must take libyaml's path.
    package static func compose(_ text: String) -> YAMLNode? {
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { bytes -> YAMLNode? in
            var composer = Composer(bytes: bytes)
            return composer.document()
        } ?? nil
    }

    private struct Composer {
        let bytes: UnsafeBufferPointer<UInt8>
        /// The next byte to read.
        var pos = 0
        /// The line `pos` is on (0-based, as libyaml counts) and the offset that line starts at.
        var line = 0
        var lineStart = 0
        /// The column of the content `pos` is at when it is at the first character of a line's content (its indent,
        /// spaces only), or -1 at the end of the text.
        var indent = -1
        /// Whether every byte is ASCII: a column is then an offset from the line's start; otherwise libyaml counts
        /// characters, which `column(_:)` does from the last column it counted on the line.
        var ascii = true
        var countedLine = -1, countedOffset = 0, countedColumn = 0
        var nodes = 0
        /// The key prints of the mappings being composed, innermost last (as `YAMLEventComposer` keeps them).
        var pendingPrints: [UInt64] = []

        static let firstRoom = 4

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            pendingPrints.reserveCapacity(128)
        }

        // MARK: Bytes

        /// The byte at `offset`, or 0 past the end (a 0 byte in the text is refused up front, so 0 means the end).
        @inline(__always) func at(_ offset: Int) -> UInt8 { offset < bytes.count ? bytes[offset] : 0 }

        /// A space, a line feed or the end: what libyaml calls blank-or-break-or-end, in this subset.
        @inline(__always) static func endsToken(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0 }

        @inline(__always) static func isFlowIndicator(_ byte: UInt8) -> Bool {
            byte == 0x2C || byte == 0x5B || byte == 0x5D || byte == 0x7B || byte == 0x7D  // , [ ] { }
        }

        /// Whether every character is one this composer reads exactly as libyaml does: printable ASCII and line feeds,
        /// and other characters libyaml's reader accepts that its scanner treats as nothing but text (not NEL, the
        /// line and paragraph separators, or a byte order mark); and no line starts with `---` or `...`.
        mutating func charactersFit() -> Bool {
            let count = bytes.count
            // Lines and columns well within what a node's place keeps.
            guard count < 1 << 27 else { return false }
            var i = 0
            var lineBegins = true
            var stop = 0
            while i < count {
                // Eight bytes at once while they are printable ASCII (a line feed is not: a line's start is checked
                // byte by byte); else the next eight one by one.
                if i >= stop {
                    if !lineBegins && i + 8 <= count && Self.printableASCII(UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)) {
                        i += 8
                        continue
                    }
                    stop = i + 8
                }
                let byte = bytes[i]
                if lineBegins {
                    if (byte == 0x2D || byte == 0x2E) && at(i + 1) == byte && at(i + 2) == byte { return false }
                    lineBegins = false
                }
                if byte < 0x80 {
                    if byte == 0x0A {
                        lineBegins = true
                    } else if byte < 0x20 || byte == 0x7F {
                        return false
                    }
                    i += 1
                    continue
                }
                ascii = false
                // Swift's text is valid UTF-8, so the lead byte says the length.
                let scalar: UInt32
                if byte < 0xE0 {
                    scalar = UInt32(byte & 0x1F) << 6 | UInt32(at(i + 1) & 0x3F)
                    i += 2
                } else if byte < 0xF0 {
                    scalar = UInt32(byte & 0x0F) << 12 | UInt32(at(i + 1) & 0x3F) << 6 | UInt32(at(i + 2) & 0x3F)
                    i += 3
                } else {
                    scalar = 0x10000
                    i += 4
                }
                if scalar < 0xA0 || scalar == 0x2028 || scalar == 0x2029 || scalar == 0xFEFF || scalar > 0xFFFD && scalar < 0x10000 {
                    return false
                }
            }
            return true
        }

        /// Whether all eight bytes of `word` are in 0x20...0x7E: none has its high bit set, none is below 0x20 (the
        /// word less 0x20 in every byte borrows into a byte's high bit only where that byte was below 0x20, when no
        /// byte's high bit was set), none is 0x7F (the same test for zero bytes after flipping 0x7F's bits).
        @inline(__always) static func printableASCII(_ word: UInt64) -> Bool {
            let high: UInt64 = 0x8080_8080_8080_8080
            let below = (word &- 0x2020_2020_2020_2020) & ~word
            let flipped = word ^ 0x7F7F_7F7F_7F7F_7F7F
            let delete = (flipped &- 0x0101_0101_0101_0101) & ~flipped
            return (word | below | delete) & high == 0
        }

        /// libyaml's column of `offset` on the current line: characters, not bytes.
        mutating func column(_ offset: Int) -> Int {
            if ascii { return offset - lineStart }
            if countedLine != line || offset < countedOffset {
                countedLine = line; countedOffset = lineStart; countedColumn = 0
            }
            var column = countedColumn
            var i = countedOffset
            while i < offset {
                if bytes[i] & 0xC0 != 0x80 { column += 1 }
                i += 1
            }
            countedOffset = offset; countedColumn = column
            return column
        }

        mutating func mark(_ offset: Int) -> YAMLNode.Mark { YAMLNode.Mark(line: line + 1, column: column(offset) + 1) }

        /// Counts one more node against the budget; false past it.
        mutating func count() -> Bool {
            nodes += 1
            return nodes <= DataLimits.yamlNodes
        }

        mutating func skipSpaces() { while at(pos) == 0x20 { pos += 1 } }

        /// From the start of a line: past blank and comment lines to the first content, setting `indent`.
        mutating func skipToContent() {
            while true {
                var p = pos
                while at(p) == 0x20 { p += 1 }
                if p >= bytes.count { pos = p; indent = -1; return }
                switch bytes[p] {
                case 0x0A:
                    pos = p + 1; line += 1; lineStart = pos
                case 0x23:  // a comment line
                    while p < bytes.count && bytes[p] != 0x0A { p += 1 }
                    pos = p
                default:
                    pos = p; indent = p - lineStart
                    return
                }
            }
        }

        /// After a value: spaces, a comment after at least one of them, then the line's end; on to the next content.
        mutating func finishLine() -> Bool {
            var p = pos
            while at(p) == 0x20 { p += 1 }
            if at(p) == 0x23 {
                guard p > pos else { return false }
                while p < bytes.count && bytes[p] != 0x0A { p += 1 }
            }
            if p >= bytes.count { pos = p; indent = -1; return true }
            guard bytes[p] == 0x0A else { return false }
            pos = p + 1; line += 1; lineStart = pos
            skipToContent()
            return true
        }

        // MARK: Texts

        /// A scalar's text and style as libyaml gives them.
        struct Text {
            var string: String
            var style: YAMLNode.Scalar.Style
        }

        /// Whether a plain scalar may start at `offset`: not blank and not an indicator (a `-` only before a letter,
        /// digit or `.`, where libyaml reads it as the text's first character in both contexts).
        func plainStarts(at offset: Int) -> Bool {
            switch at(offset) {
            case 0, 0x0A, 0x20: return false
            case 0x2D:  // -
                let next = at(offset + 1)
                return (next >= 0x30 && next <= 0x39) || (next | 0x20 >= 0x61 && next | 0x20 <= 0x7A) || next == 0x2E
            case 0x3F, 0x3A, 0x2C, 0x5B, 0x5D, 0x7B, 0x7D, 0x23, 0x26, 0x2A, 0x21, 0x7C, 0x3E, 0x27, 0x22, 0x25, 0x40, 0x60:
                return false  // ? : , [ ] { } # & * ! | > ' " % @ `
            default: return true
            }
        }

        /// The end of the one-line plain scalar starting at `pos` (checked by `plainStarts`), as libyaml's
        /// `scan_plain_scalar` ends it: at `:` before a blank, at blanks before `#` or the line's end, at the line's
        /// end, and in a flow collection at `,[]{}`; spaces between words are kept. Nil where libyaml reports an error
        /// (in a flow collection, `:` before one of `,?[]{}`).
        mutating func plainEnd(flow: Bool) -> Int? {
            var p = pos
            var end = pos
            while true {
                let byte = at(p)
                if byte == 0x20 {
                    var next = p
                    while at(next) == 0x20 { next += 1 }
                    let after = at(next)
                    if after == 0x23 || after == 0x0A || after == 0 { break }
                    p = next
                    continue
                }
                if byte == 0x0A || byte == 0 { break }
                if byte == 0x3A {
                    let after = at(p + 1)
                    if Self.endsToken(after) { break }
                    if flow && (after == 0x3F || Self.isFlowIndicator(after)) { return nil }
                } else if flow && Self.isFlowIndicator(byte) {
                    break
                }
                p += 1
                end = p
            }
            return end
        }

        func string(_ start: Int, _ end: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }

        func text(_ start: Int, _ end: Int, style: YAMLNode.Scalar.Style) -> Text? {
            guard end - start <= DataLimits.textBytes else { return nil }
            return Text(string: string(start, end), style: style)
        }

        static func text(_ built: [UInt8], style: YAMLNode.Scalar.Style) -> Text? {
            guard built.count <= DataLimits.textBytes else { return nil }
            return Text(string: String(decoding: built, as: UTF8.self), style: style)
        }

        /// What libyaml writes for `\` and `byte` in a double-quoted scalar, for the one-character escapes; nil for
        /// the others (`\x`, `\u`, `\U`, `\N`, `\_`, `\L`, `\P`, an escaped line break or tab), left to libyaml.
        static func unescaped(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30: return 0x00  // 0
            case 0x61: return 0x07  // a
            case 0x62: return 0x08  // b
            case 0x74: return 0x09  // t
            case 0x6E: return 0x0A  // n
            case 0x76: return 0x0B  // v
            case 0x66: return 0x0C  // f
            case 0x72: return 0x0D  // r
            case 0x65: return 0x1B  // e
            case 0x20, 0x22, 0x2F, 0x5C: return byte  // space " / \
            default: return nil
            }
        }

        /// The one-line quoted scalar whose quote (`'` or `"`) is at `pos`; `pos` moves past its closing quote. In
        /// single quotes `''` is a quote; in double quotes `\` starts an escape (`unescaped`). Every other character,
        /// spaces included, is the text's as written.
        mutating func quoted() -> Text? {
            let quote = bytes[pos]
            let single = quote == 0x27
            let start = pos + 1
            var p = start
            var escaped = false
            while true {
                let byte = at(p)
                if byte == quote {
                    guard single && at(p + 1) == quote else { break }
                    escaped = true
                    p += 2
                    continue
                }
                if byte == 0x0A || byte == 0 { return nil }
                if byte == 0x5C && !single {
                    guard Self.unescaped(at(p + 1)) != nil else { return nil }
                    escaped = true
                    p += 2
                    continue
                }
                p += 1
            }
            pos = p + 1
            let style: YAMLNode.Scalar.Style = single ? .singleQuoted : .doubleQuoted
            guard escaped else { return text(start, p, style: style) }
            var built: [UInt8] = []
            built.reserveCapacity(p - start)
            var i = start
            while i < p {
                // The scan above has checked each escape.
                built.append(single ? bytes[i] : bytes[i] == 0x5C ? Self.unescaped(bytes[i + 1])! : bytes[i])
                i += bytes[i] == (single ? quote : 0x5C) ? 2 : 1
            }
            return Self.text(built, style: style)
        }

        /// The plain or quoted scalar at `pos`, which moves past it (for a plain one, to its last character's end).
        mutating func scalarText(flow: Bool) -> Text? {
            switch at(pos) {
            case 0x27, 0x22: return quoted()
            default:
                guard plainStarts(at: pos), let end = plainEnd(flow: flow) else { return nil }
                let start = pos
                pos = end
                return text(start, end, style: .plain)
            }
        }

        /// A mapping key at `pos` followed straight by `:` and then `after`-allowed byte; `pos` moves past the `:`.
        mutating func key(flow: Bool) -> Key? {
            let start = pos
            guard var text = scalarText(flow: flow), at(pos) == 0x3A, pos - start <= StrictYAMLComposer.longestKey else { return nil }
            let after = at(pos + 1)
            // In a flow mapping the value must follow on the line; in a block one it may be on the lines below.
            guard flow ? after == 0x20 : Self.endsToken(after) else { return nil }
            // ASCII keys only: two of them are equal texts exactly when their bytes are (see `KeyPrint`).
            guard let print = text.string.withUTF8({ bytes in bytes.allSatisfy { $0 < 0x80 } ? KeyPrint.of(bytes) : nil }) else { return nil }
            let mark = self.mark(start)
            pos += 1
            return Key(scalar: .init(text.string, style: text.style, mark: mark), print: print)
        }

        struct Key {
            var scalar: YAMLNode.Scalar
            var print: UInt64
        }

        // MARK: Keys

        // MARK: Nodes

        mutating func document() -> YAMLNode? {
            guard charactersFit() else { return nil }
            skipToContent()
            guard indent == 0, let root = blockCollection(depth: 0), indent == -1 else { return nil }
            return root
        }

        /// The block list or mapping whose first `-` or key is at `pos`.
        mutating func blockCollection(depth: Int) -> YAMLNode? {
            let column = self.column(pos)
            if at(pos) == 0x2D && Self.endsToken(at(pos + 1)) { return blockSequence(column: column, indentless: false, depth: depth) }
            return blockMapping(column: column, depth: depth)
        }

        /// A block list whose `-` lines are at `column`; `indentless` when it is a mapping's value at the mapping's column.
        mutating func blockSequence(column: Int, indentless: Bool, depth: Int) -> YAMLNode? {
            guard depth < YAMLEventComposer.maxDepth, count() else { return nil }
            let mark = self.mark(pos)
            var nodes: [YAMLNode] = []
            nodes.reserveCapacity(Self.firstRoom)
            while true {
                pos += 1  // the `-`
                // An empty entry is marked where its `-` ends.
                let emptyMark = self.mark(pos)
                guard let node = sequenceEntry(column: column, emptyMark: emptyMark, depth: depth + 1) else { return nil }
                nodes.append(node)
                if indent == column {
                    if at(pos) == 0x2D && Self.endsToken(at(pos + 1)) { continue }
                    guard indentless else { return nil }
                    break
                }
                guard indent < column else { return nil }
                break
            }
            return .sequence(.init(nodes, mark: mark))
        }

        /// What follows a `-` at `pos`: a value on its line (a compact list or mapping too), a collection on the lines
        /// below, or nothing.
        mutating func sequenceEntry(column: Int, emptyMark: YAMLNode.Mark, depth: Int) -> YAMLNode? {
            if lineEndsHere() { return below(column: column, emptyMark: emptyMark, depth: depth, indentless: false) }
            let byte = at(pos)
            if byte == 0x2D && Self.endsToken(at(pos + 1)) { return blockSequence(column: self.column(pos), indentless: false, depth: depth) }
            if byte == 0x5B || byte == 0x7B { return valueOnLine(depth: depth) }
            let start = pos
            guard let text = scalarText(flow: false) else { return nil }
            if at(pos) == 0x3A && Self.endsToken(at(pos + 1)) {
                // `- key: …`: a mapping whose keys are at this key's column.
                pos = start
                return blockMapping(column: self.column(start), depth: depth)
            }
            return scalarOnLine(text, start: start)
        }

        /// The value after a key's `:` at `pos`, with the mapping's keys at `column`.
        mutating func mappingValue(column: Int, emptyMark: YAMLNode.Mark, depth: Int) -> YAMLNode? {
            if lineEndsHere() { return below(column: column, emptyMark: emptyMark, depth: depth, indentless: true) }
            return valueOnLine(depth: depth)
        }

        /// After a `-` or a key's `:`: true when only spaces and a comment follow on the line (`pos` stays, for
        /// `finishLine`); else false, with `pos` moved to what follows.
        mutating func lineEndsHere() -> Bool {
            var p = pos
            while at(p) == 0x20 { p += 1 }
            let byte = at(p)
            if byte == 0x0A || byte == 0 || byte == 0x23 { return true }
            pos = p
            return false
        }

        /// After a bare `-` or `key:`: the collection on the lines below, indented further (or, under a key, a list at
        /// the key's column), else the empty plain text.
        mutating func below(column: Int, emptyMark: YAMLNode.Mark, depth: Int, indentless: Bool) -> YAMLNode? {
            guard finishLine() else { return nil }
            if indent > column { return blockCollection(depth: depth) }
            if indentless && indent == column && at(pos) == 0x2D && Self.endsToken(at(pos + 1)) {
                return blockSequence(column: column, indentless: true, depth: depth)
            }
            guard count() else { return nil }
            return .scalar(.init("", style: .plain, mark: emptyMark))
        }

        /// A scalar or flow collection at `pos` that ends its line.
        mutating func valueOnLine(depth: Int) -> YAMLNode? {
            let start = pos
            let node: YAMLNode
            switch at(pos) {
            case 0x5B:
                guard let sequence = flowSequence(depth: depth) else { return nil }
                node = sequence
            case 0x7B:
                guard let mapping = flowMapping(depth: depth) else { return nil }
                node = mapping
            default:
                guard let text = scalarText(flow: false) else { return nil }
                return scalarOnLine(text, start: start)
            }
            guard finishLine() else { return nil }
            return node
        }

        mutating func scalarOnLine(_ text: Text, start: Int) -> YAMLNode? {
            let mark = self.mark(start)
            guard finishLine(), count() else { return nil }
            return .scalar(.init(text.string, style: text.style, mark: mark))
        }

        /// A block mapping whose keys are at `column`, the first at `pos`.
        mutating func blockMapping(column: Int, depth: Int) -> YAMLNode? {
            guard depth < YAMLEventComposer.maxDepth, count() else { return nil }
            let mark = self.mark(pos)
            let first = pendingPrints.count
            var pairs: [YAMLNode.Mapping.Pair] = []
            pairs.reserveCapacity(Self.firstRoom)
            var seen = SeenKeys()
            while true {
                guard let key = self.key(flow: false), count(),
                      seen.isNew(key.scalar.string, print: key.print, among: pendingPrints[first...], in: pairs) else { return nil }
                // An empty value is marked where the `:` ends.
                let emptyMark = self.mark(pos)
                guard let value = mappingValue(column: column, emptyMark: emptyMark, depth: depth + 1) else { return nil }
                pendingPrints.append(key.print)
                pairs.append(.init(key: .scalar(key.scalar), value: value))
                if indent == column { continue }
                guard indent < column else { return nil }
                break
            }
            pendingPrints.removeSubrange(first...)
            return .mapping(.init(pairs: pairs, mark: mark))
        }

        // MARK: Flow collections (on one line)

        /// A list item or mapping value inside a flow collection.
        mutating func flowNode(depth: Int) -> YAMLNode? {
            switch at(pos) {
            case 0x5B: return flowSequence(depth: depth)
            case 0x7B: return flowMapping(depth: depth)
            default:
                let mark = self.mark(pos)
                guard let text = scalarText(flow: true), count() else { return nil }
                return .scalar(.init(text.string, style: text.style, mark: mark))
            }
        }

        /// After an entry: true past a `,` before the next entry, false past the closing `close`; nil otherwise (a
        /// trailing comma, anything else, the line's end).
        mutating func flowSeparator(close: UInt8) -> Bool? {
            skipSpaces()
            let byte = at(pos)
            if byte == close { pos += 1; return false }
            guard byte == 0x2C else { return nil }
            pos += 1
            skipSpaces()
            guard at(pos) != close else { return nil }
            return true
        }

        mutating func flowSequence(depth: Int) -> YAMLNode? {
            guard depth < YAMLEventComposer.maxDepth, count() else { return nil }
            let mark = self.mark(pos)
            pos += 1
            skipSpaces()
            var nodes: [YAMLNode] = []
            if at(pos) == 0x5D {
                pos += 1
                return .sequence(.init(nodes, mark: mark))
            }
            nodes.reserveCapacity(Self.firstRoom)
            while true {
                guard let node = flowNode(depth: depth + 1) else { return nil }
                nodes.append(node)
                guard let more = flowSeparator(close: 0x5D) else { return nil }
                if !more { return .sequence(.init(nodes, mark: mark)) }
            }
        }

        mutating func flowMapping(depth: Int) -> YAMLNode? {
            guard depth < YAMLEventComposer.maxDepth, count() else { return nil }
            let mark = self.mark(pos)
            pos += 1
            skipSpaces()
            var pairs: [YAMLNode.Mapping.Pair] = []
            if at(pos) == 0x7D {
                pos += 1
                return .mapping(.init(pairs: pairs, mark: mark))
            }
            pairs.reserveCapacity(Self.firstRoom)
            let first = pendingPrints.count
            var seen = SeenKeys()
            while true {
                guard let key = self.key(flow: true), count(),
                      seen.isNew(key.scalar.string, print: key.print, among: pendingPrints[first...], in: pairs) else { return nil }
                skipSpaces()
                guard let value = flowNode(depth: depth + 1) else { return nil }
                pendingPrints.append(key.print)
                pairs.append(.init(key: .scalar(key.scalar), value: value))
                guard let more = flowSeparator(close: 0x7D) else { return nil }
                if !more { break }
            }
            pendingPrints.removeSubrange(first...)
            return .mapping(.init(pairs: pairs, mark: mark))
        }
    }
}
