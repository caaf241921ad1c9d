/// A token of Lua source, with its 1-based line and column: enough for the linter's scans.
package struct LuaToken: Equatable {
    package enum Kind: Equatable { case name, keyword, string, number, symbol }
    package var kind: Kind
    package var text: String
    package var line: Int
    package var column: Int

    package static let keywords: Set<String> = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
        "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    ]

    package func isKeyword(_ word: String) -> Bool { kind == .keyword && text == word }
    package func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }

    /// Splits source into tokens, dropping comments. Strings keep their contents (without quotes).
    /// Unterminated strings and comments end at the end of the source; the compiler reports them.
    package static func tokenize(_ source: String) -> [LuaToken] {
        let chars = Array(source.unicodeScalars)
        var tokens: [LuaToken] = []
        var i = 0, line = 1, lineStart = 0
        func peek(_ k: Int) -> Unicode.Scalar? { i + k < chars.count ? chars[i + k] : nil }
        func isNameStart(_ c: Unicode.Scalar) -> Bool { c == "_" || (c.isASCII && c.properties.isAlphabetic) }
        func isNameChar(_ c: Unicode.Scalar) -> Bool { isNameStart(c) || ("0"..."9").contains(c) }
        /// The level of a long bracket opening at i (`[[` 0, `[==[` 2), or nil.
        func longBracketLevel() -> Int? {
            guard peek(0) == "[" else { return nil }
            var k = 1
            while peek(k) == "=" { k += 1 }
            return peek(k) == "[" ? k - 1 : nil
        }
        func skipLong(level: Int) -> String {
            i += level + 2
            var text = ""
            while i < chars.count {
                if chars[i] == "]" {
                    var k = 1
                    while peek(k) == "=" { k += 1 }
                    if k - 1 == level && peek(k) == "]" { i += k + 1; return text }
                }
                if chars[i] == "\n" { line += 1; lineStart = i + 1 }
                text.unicodeScalars.append(chars[i])
                i += 1
            }
            return text
        }
        while i < chars.count {
            let c = chars[i]
            let column = i - lineStart + 1
            if c == "\n" { line += 1; i += 1; lineStart = i; continue }
            if c == " " || c == "\t" || c == "\r" { i += 1; continue }
            if c == "-" && peek(1) == "-" {
                i += 2
                if let level = longBracketLevel() { _ = skipLong(level: level); continue }
                while i < chars.count && chars[i] != "\n" { i += 1 }
                continue
            }
            let startLine = line
            if isNameStart(c) {
                var text = ""
                while i < chars.count && isNameChar(chars[i]) { text.unicodeScalars.append(chars[i]); i += 1 }
                tokens.append(LuaToken(kind: keywords.contains(text) ? .keyword : .name, text: text, line: startLine, column: column))
                continue
            }
            if ("0"..."9").contains(c) || (c == "." && peek(1).map { ("0"..."9").contains($0) } == true) {
                var text = ""
                while i < chars.count {
                    let d = chars[i]
                    if isNameChar(d) || d == "." { text.unicodeScalars.append(d); i += 1; continue }
                    if (d == "+" || d == "-"), let last = text.unicodeScalars.last, "eEpP".unicodeScalars.contains(last) {
                        text.unicodeScalars.append(d); i += 1; continue
                    }
                    break
                }
                tokens.append(LuaToken(kind: .number, text: text, line: startLine, column: column))
                continue
            }
            if c == "\"" || c == "'" {
                i += 1
                var text = ""
                while i < chars.count && chars[i] != c && chars[i] != "\n" {
                    if chars[i] == "\\", i + 1 < chars.count {
                        if chars[i + 1] == "\n" { line += 1; lineStart = i + 2 }
                        text.unicodeScalars.append(chars[i + 1]); i += 2; continue
                    }
                    text.unicodeScalars.append(chars[i]); i += 1
                }
                i += 1
                tokens.append(LuaToken(kind: .string, text: text, line: startLine, column: column))
                continue
            }
            if let level = longBracketLevel() {
                let text = skipLong(level: level)
                tokens.append(LuaToken(kind: .string, text: text, line: startLine, column: column))
                continue
            }
            for symbol in ["...", "..", "==", "~=", "<=", ">=", "//", "::", "<<", ">>"] where matches(symbol, chars, i) {
                tokens.append(LuaToken(kind: .symbol, text: symbol, line: line, column: column))
                i += symbol.unicodeScalars.count
                break
            }
            if tokens.last?.line == line && tokens.last?.column == column { continue }
            tokens.append(LuaToken(kind: .symbol, text: String(c), line: line, column: column))
            i += 1
        }
        return tokens
    }

    private static func matches(_ symbol: String, _ chars: [Unicode.Scalar], _ i: Int) -> Bool {
        let s = Array(symbol.unicodeScalars)
        guard i + s.count <= chars.count else { return false }
        return (0..<s.count).allSatisfy { chars[i + $0] == s[$0] }
    }
}
