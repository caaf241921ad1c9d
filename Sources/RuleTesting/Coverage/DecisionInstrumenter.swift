import PlanRules

/// Rewrites a rules file so each `if` and `elseif` condition reports which way it went:
/// `if C then` becomes `if __sp_decision(7, not (C)) then`, on the same line, so line numbers,
/// line coverage and error locations stay those of the file as written. The recorder returns the
/// condition's truth, so the rules behave exactly as written.
///
/// A condition holding a `function` literal is left as written (and not counted): its own `if`s
/// and `end`s would need a parser, not a token scan, to bracket safely.
enum DecisionInstrumenter {
    /// One `if`/`elseif` condition of a file.
    struct Site: Sendable, Equatable {
        var id: Int
        var line: Int
        /// `if` or `elseif`.
        var keyword: String
        /// The condition as written, on one line, shortened: `ctx.client.profile.age < 18`.
        var condition: String
    }

    static func instrument(_ source: String) -> (source: String, sites: [Site]) {
        let tokens = LuaToken.tokenize(source)
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { Array(String($0).unicodeScalars) }
        // Insertions per line, applied right to left so earlier columns stay valid.
        var insertions: [Int: [(column: Int, text: String)]] = [:]
        var sites: [Site] = []
        var i = 0
        while i < tokens.count {
            defer { i += 1 }
            guard tokens[i].isKeyword("if") || tokens[i].isKeyword("elseif") else { continue }
            guard let then = matchingThen(tokens, after: i) else { continue }
            let id = sites.count + 1
            let start = tokens[i + 1], end = tokens[then]
            sites.append(Site(id: id, line: tokens[i].line, keyword: tokens[i].text, condition: text(lines, from: start, to: end)))
            insertions[start.line, default: []].append((start.column - 1, "__sp_decision(\(id), not ("))
            insertions[end.line, default: []].append((end.column - 1, ")) "))
            i = then
        }
        for (line, edits) in insertions {
            guard line - 1 < lines.count else { continue }
            for edit in edits.sorted(by: { $0.column > $1.column }) {
                let at = min(edit.column, lines[line - 1].count)
                lines[line - 1].insert(contentsOf: edit.text.unicodeScalars, at: at)
            }
        }
        let rewritten = lines.map { scalars in String(String.UnicodeScalarView(scalars)) }.joined(separator: "\n")
        return (rewritten, sites)
    }

    /// The index of the `then` closing the condition that starts after `start`; nil when the condition
    /// holds a function literal or the file ends first.
    private static func matchingThen(_ tokens: [LuaToken], after start: Int) -> Int? {
        var depth = 0
        var k = start + 1
        guard k < tokens.count, !tokens[k].isKeyword("then") else { return nil }
        while k < tokens.count {
            let token = tokens[k]
            if token.kind == .symbol {
                if ["(", "[", "{"].contains(token.text) { depth += 1 }
                if [")", "]", "}"].contains(token.text) { depth -= 1 }
            } else if token.isKeyword("function") {
                return nil
            } else if depth == 0 && token.isKeyword("then") {
                return k
            } else if token.kind == .keyword && ["do", "end", "if", "elseif", "else", "local", "return"].contains(token.text) {
                return nil
            }
            k += 1
        }
        return nil
    }

    /// The source between two tokens as written, on one line with single spaces, shortened.
    private static func text(_ lines: [[Unicode.Scalar]], from start: LuaToken, to end: LuaToken) -> String {
        var scalars: [Unicode.Scalar] = []
        for line in start.line...end.line where line - 1 < lines.count {
            let row = lines[line - 1]
            let from = line == start.line ? min(start.column - 1, row.count) : 0
            let to = line == end.line ? min(end.column - 1, row.count) : row.count
            if from < to { scalars += row[from..<to] }
            scalars.append(" ")
        }
        let text = String(String.UnicodeScalarView(scalars)).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return text.count > 60 ? String(text.prefix(59)) + "…" : text
    }
}
