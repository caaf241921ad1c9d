/// Where each entry of the table `rules.lua` returns is written in the source: the path
/// `items.medications.complete` → the line and column of its key, and for a function, its tokens.
///
/// The loaded rules only know what the table holds, not where each key was typed; this map lets the
/// linter put a problem with `items.chek` at the `chek` the author wrote. It follows the common ways of
/// building the table: nested constructors (`local R = { items = { x = { … } } }`), assignments through
/// the returned name (`R.items.x = { … }`, `R.items["x"].complete = function …`, `function R.plan.can_activate(ctx)`)
/// and simple aliases (`local items = R.items`). Anything cleverer is not mapped, and the caller falls back
/// to the line the loader gave.
package struct RulesTableMap {
    package struct Entry: Equatable {
        package var path: [String]
        package var line: Int
        package var column: Int
        /// The token indices of a function value, from `function` through its `end`.
        package var function: ClosedRange<Int>?
    }

    package let tokens: [LuaToken]
    package private(set) var entries: [Entry] = []

    package init(source: String) {
        self.init(tokens: LuaToken.tokenize(source))
    }

    package init(tokens: [LuaToken]) {
        self.tokens = tokens
        build()
    }

    /// The last place `path` is given a value: the one in effect when the chunk returns.
    package func entry(_ path: [String]) -> Entry? { entries.last { $0.path == path } }

    // MARK: Building

    private mutating func build() {
        guard let root = returnedTable() else { return }
        var aliases: [String: [String]] = [:]
        if case .name(let name) = root { aliases[name] = [] }
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            if case .constructor(let index) = root, index == i {
                i = constructor(at: i, path: [])
                continue
            }
            let afterDot = i > 0 && (tokens[i - 1].isSymbol(".") || tokens[i - 1].isSymbol(":"))
            guard token.kind == .name, !afterDot, let base = aliases[token.text] else {
                // `local items = R.items`: an alias for a part of the table.
                if token.isKeyword("local"), i + 3 < tokens.count, tokens[i + 1].kind == .name, tokens[i + 2].isSymbol("="),
                   tokens[i + 3].kind == .name, let base = aliases[tokens[i + 3].text] {
                    let (chain, _, next) = self.chain(from: i + 4)
                    if next >= tokens.count || !tokens[next].isSymbol("=") && !tokens[next].isSymbol("(") {
                        aliases[tokens[i + 1].text] = base + chain
                    }
                }
                i += 1
                continue
            }
            let (chain, key, next) = self.chain(from: i + 1)
            let isFunctionStatement = i > 0 && tokens[i - 1].isKeyword("function")
            if isFunctionStatement, let key, !chain.isEmpty {
                let end = matchingEnd(ofFunctionAt: i - 1)
                entries.append(Entry(path: base + chain, line: key.line, column: key.column, function: (i - 1)...end))
                i = end + 1
                continue
            }
            if next < tokens.count, tokens[next].isSymbol("=") {
                // `R = { … }` or `local R = { … }` builds the root; `R.items.x = …` one entry.
                let keyToken = key ?? token
                i = value(at: next + 1, path: base + chain, key: keyToken, record: !chain.isEmpty)
                continue
            }
            i = max(next, i + 1)
        }
    }

    private enum Root { case name(String), constructor(Int) }

    /// The table the chunk's last top-level `return` gives: a name or a constructor.
    private func returnedTable() -> Root? {
        var depth = 0
        var loopHeader = false
        var found: Root?
        for (i, token) in tokens.enumerated() {
            switch (token.kind, token.text) {
            case (.keyword, "function"), (.keyword, "if"), (.keyword, "repeat"): depth += 1
            case (.keyword, "while"), (.keyword, "for"): depth += 1; loopHeader = true
            case (.keyword, "do"): if loopHeader { loopHeader = false } else { depth += 1 }
            case (.keyword, "end"), (.keyword, "until"): depth -= 1
            case (.keyword, "return") where depth == 0 && i + 1 < tokens.count:
                let next = tokens[i + 1]
                if next.kind == .name { found = .name(next.text) } else if next.isSymbol("{") { found = .constructor(i + 1) }
            default: break
            }
        }
        return found
    }

    /// `.a.b["c"]` from `start`: the keys, the last key's token, and the index after the chain.
    private func chain(from start: Int) -> ([String], LuaToken?, Int) {
        var keys: [String] = []
        var key: LuaToken?
        var k = start
        while k + 1 < tokens.count {
            if (tokens[k].isSymbol(".") || tokens[k].isSymbol(":")), tokens[k + 1].kind == .name {
                keys.append(tokens[k + 1].text); key = tokens[k + 1]; k += 2
            } else if tokens[k].isSymbol("["), k + 2 < tokens.count, tokens[k + 1].kind == .string, tokens[k + 2].isSymbol("]") {
                keys.append(tokens[k + 1].text); key = tokens[k + 1]; k += 3
            } else {
                break
            }
        }
        return (keys, key, k)
    }

    /// Reads the value starting at `i` for `path`; returns the index after it.
    private mutating func value(at i: Int, path: [String], key: LuaToken, record: Bool) -> Int {
        guard i < tokens.count else { return i }
        if tokens[i].isKeyword("function") {
            let end = matchingEnd(ofFunctionAt: i)
            if record { entries.append(Entry(path: path, line: key.line, column: key.column, function: i...end)) }
            return end + 1
        }
        if record { entries.append(Entry(path: path, line: key.line, column: key.column, function: nil)) }
        if tokens[i].isSymbol("{") { return constructor(at: i, path: path) }
        return skipExpression(from: i)
    }

    /// Reads a table constructor opening at `i`; returns the index after its `}`.
    private mutating func constructor(at open: Int, path: [String]) -> Int {
        var i = open + 1
        while i < tokens.count, !tokens[i].isSymbol("}") {
            if tokens[i].kind == .name, i + 1 < tokens.count, tokens[i + 1].isSymbol("=") {
                i = value(at: i + 2, path: path + [tokens[i].text], key: tokens[i], record: true)
            } else if tokens[i].isSymbol("["), i + 3 < tokens.count, tokens[i + 1].kind == .string,
                      tokens[i + 2].isSymbol("]"), tokens[i + 3].isSymbol("=") {
                i = value(at: i + 4, path: path + [tokens[i + 1].text], key: tokens[i + 1], record: true)
            } else {
                i = skipExpression(from: i)
            }
            if i < tokens.count, tokens[i].isSymbol(",") || tokens[i].isSymbol(";") { i += 1 }
        }
        return i + 1
    }

    /// The index of the `,`, `;` or closing bracket that ends the expression starting at `i`.
    private func skipExpression(from start: Int) -> Int {
        var depth = 0
        var i = start
        while i < tokens.count {
            let t = tokens[i]
            if t.isKeyword("function") { i = matchingEnd(ofFunctionAt: i) + 1; continue }
            if t.isSymbol("(") || t.isSymbol("{") || t.isSymbol("[") { depth += 1 }
            if t.isSymbol(")") || t.isSymbol("}") || t.isSymbol("]") {
                if depth == 0 { return i }
                depth -= 1
            }
            if depth == 0, t.isSymbol(",") || t.isSymbol(";") { return i }
            // A statement keyword at depth 0 ends an expression of an assignment statement.
            if depth == 0, i > start, t.kind == .keyword, ["local", "return", "if", "for", "while", "repeat", "end"].contains(t.text) { return i }
            if depth == 0, i > start, t.kind == .name, tokens[i - 1].kind == .name || tokens[i - 1].isSymbol(")")
                || tokens[i - 1].isSymbol("}") || tokens[i - 1].kind == .string || tokens[i - 1].kind == .number {
                return i  // two operands in a row: a new statement began
            }
            i += 1
        }
        return i
    }

    /// The index of the `end` closing the function whose `function` keyword is at `start`.
    func matchingEnd(ofFunctionAt start: Int) -> Int {
        var depth = 0
        var loopHeader = false
        var i = start
        while i < tokens.count {
            switch (tokens[i].kind, tokens[i].text) {
            case (.keyword, "function"), (.keyword, "if"), (.keyword, "repeat"): depth += 1
            case (.keyword, "while"), (.keyword, "for"): depth += 1; loopHeader = true
            case (.keyword, "do"): if loopHeader { loopHeader = false } else { depth += 1 }
            case (.keyword, "end"), (.keyword, "until"):
                depth -= 1
                if depth == 0 { return i }
            default: break
            }
            i += 1
        }
        return tokens.count - 1
    }

    /// The index of the bracket closing the one at `open`.
    func matchingBracket(at open: Int) -> Int {
        var depth = 0
        for i in open..<tokens.count {
            let t = tokens[i]
            if t.isSymbol("(") || t.isSymbol("{") || t.isSymbol("[") { depth += 1 }
            if t.isSymbol(")") || t.isSymbol("}") || t.isSymbol("]") {
                depth -= 1
                if depth == 0 { return i }
            }
        }
        return tokens.count - 1
    }

    // MARK: Returns

    /// The literal a `return` in the function's own body starts with, when the whole first value is that
    /// literal: `return "yes"`, `return { … }, x`; not `return "a" .. b` nor a nested function's returns.
    package func literalReturns(of function: ClosedRange<Int>) -> [(token: LuaToken, kind: String)] {
        var out: [(LuaToken, String)] = []
        var i = function.lowerBound + 1
        let enders: Set<String> = ["end", "else", "elseif", "until"]
        func endsValue(_ k: Int) -> Bool {
            guard k < tokens.count else { return true }
            let t = tokens[k]
            return (t.kind == .keyword && enders.contains(t.text)) || t.isSymbol(";") || t.isSymbol(",")
        }
        while i < function.upperBound {
            if tokens[i].isKeyword("function") { i = matchingEnd(ofFunctionAt: i) + 1; continue }
            if tokens[i].isKeyword("return"), i + 1 <= function.upperBound {
                let first = tokens[i + 1]
                switch first.kind {
                case .string where endsValue(i + 2): out.append((first, "a string"))
                case .number where endsValue(i + 2): out.append((first, "a number"))
                case .keyword where (first.text == "true" || first.text == "false") && endsValue(i + 2): out.append((first, "a boolean"))
                case .symbol where first.text == "{":
                    let close = matchingBracket(at: i + 1)
                    if endsValue(close + 1) { out.append((first, "a table")) }
                default: break
                }
            }
            i += 1
        }
        return out
    }
}
