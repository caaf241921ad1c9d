/// Text from data made safe for a terminal: control characters, escape sequences, backspaces,
/// carriage returns and bidirectional overrides in names, values and arguments are shown as visible
/// escapes (`\u{1B}`), so nothing a client record holds can move the cursor, retitle the window,
/// hide text or reorder a line. Newlines and tabs stay: they are ours to lay out text with.
enum TerminalText {
    /// Our own colours, the only escape sequences that may reach a terminal (`ESC [ 1 m` … `ESC [ 36 m`).
    static let ownStyles: Set<String> = ["0", "1", "2", "31", "32", "33", "36"]

    static func escape(_ text: String, allowingOwnStyles: Bool) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if allowingOwnStyles, s == "\u{1B}", let end = ownStyleEnd(scalars, from: i) {
                out.unicodeScalars.append(contentsOf: scalars[i...end])
                i = end + 1
                continue
            }
            if needsEscape(s) {
                out += "\\u{" + String(s.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(s)
            }
            i += 1
        }
        return out
    }

    /// C0 controls but newline and tab, DEL, C1 controls, and the bidi embedding, override and isolate marks.
    static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A, 0x09: return false
        case 0x00...0x1F, 0x7F, 0x80...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }

    /// The index of the `m` ending one of our own SGR sequences starting at `start`, if it is one.
    private static func ownStyleEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + 2 < scalars.count, scalars[start + 1] == "[" else { return nil }
        var j = start + 2
        var code = ""
        while j < scalars.count, ("0"..."9").contains(scalars[j]), code.count < 3 { code.unicodeScalars.append(scalars[j]); j += 1 }
        guard j < scalars.count, scalars[j] == "m", ownStyles.contains(code) else { return nil }
        return j
    }
}
