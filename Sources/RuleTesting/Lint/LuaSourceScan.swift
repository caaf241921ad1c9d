import PlanRules
import PlanModel

/// A scan of one Lua file for mistakes the compiler lets through: assignments to globals, reads of
/// names defined nowhere, and `require` of modules that don't exist.
///
/// It is a token scan, not a parser: a name counts as declared when it is declared anywhere in the
/// file (`local`, a parameter, a `for` variable), so it finds misspellings and forgotten `local`s
/// without knowing scopes.
struct LuaSourceScan {
    struct Finding: Equatable {
        var line: Int
        var column: Int
        var isError: Bool
        var message: String
    }

    /// The globals a hook may read (docs/writing-rules.md, purity).
    static let allowedGlobals: Set<String> = [
        "sp", "require", "print", "pairs", "ipairs", "next", "select", "type", "tostring", "tonumber",
        "error", "assert", "pcall", "xpcall", "setmetatable", "getmetatable", "rawget", "rawset", "rawequal",
        "rawlen", "string", "table", "math", "utf8", "coroutine", "_ENV", "_VERSION",
    ]

    /// Findings for `source`; `modules` are the names `require` can load.
    static func scan(_ source: String, modules: Set<String>) -> [Finding] {
        let tokens = LuaToken.tokenize(source)
        var findings: [Finding] = []
        let declared = declaredNames(tokens)
        // Blocks and brackets: a `name =` is an assignment only at statement level, not in a table constructor.
        var stack: [String] = []
        var loopHeader = false
        var reported = Set<String>()
        for (i, token) in tokens.enumerated() {
            let previous = i > 0 ? tokens[i - 1] : nil
            let next = i + 1 < tokens.count ? tokens[i + 1] : nil
            switch (token.kind, token.text) {
            case (.keyword, "function"), (.keyword, "if"), (.keyword, "repeat"):
                stack.append("block")
            case (.keyword, "while"), (.keyword, "for"):
                stack.append("block"); loopHeader = true
            case (.keyword, "do"):
                if loopHeader { loopHeader = false } else { stack.append("block") }
            case (.keyword, "end"), (.keyword, "until"):
                if let last = stack.lastIndex(of: "block") { stack.removeSubrange(last...) }
            case (.symbol, "{"), (.symbol, "("), (.symbol, "["):
                stack.append(token.text)
            case (.symbol, "}"), (.symbol, ")"), (.symbol, "]"):
                if !stack.isEmpty, stack.last != "block" { stack.removeLast() }
            default: break
            }
            guard token.kind == .name else { continue }
            if let previous, previous.isSymbol(".") || previous.isSymbol(":") || previous.isKeyword("goto") || previous.isSymbol("::") { continue }
            if next?.isSymbol("::") == true { continue }
            let inTable = stack.last == "{"
            if inTable, next?.isSymbol("=") == true { continue }  // a field of a table constructor
            if declared.contains(token.text) || allowedGlobals.contains(token.text) {
                if token.text == "require" { findings += requireFinding(tokens, at: i, modules: modules) }
                continue
            }
            let isAssignment = next?.isSymbol("=") == true && !inTable
            let isGlobalFunction = previous?.isKeyword("function") == true && i >= 2 && !tokens[i - 2].isKeyword("local")
                && next?.isSymbol(".") != true && next?.isSymbol(":") != true
            if isAssignment || isGlobalFunction {
                findings.append(Finding(line: token.line, column: token.column, isError: true,
                                        message: "assignment to undeclared global '\(token.text)' (add 'local'; assigning a global is an error when the rules run)"))
            } else if isGlobalFunction == false, previous?.isKeyword("function") != true, reported.insert(token.text).inserted {
                findings.append(Finding(line: token.line, column: token.column, isError: false,
                                        message: "'\(token.text)' is not defined: a global that doesn't exist reads as nil (a misspelt local?)"))
            }
        }
        return findings
    }

    /// Every name the file declares: locals, local functions, parameters and loop variables.
    static func declaredNames(_ tokens: [LuaToken]) -> Set<String> { Set(declarations(tokens)) }

    /// Every declaration of a name, once per declaration, in order.
    static func declarations(_ tokens: [LuaToken]) -> [String] {
        var names: [String] = []
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            if token.isKeyword("local") || token.isKeyword("for") {
                var k = i + 1
                if token.isKeyword("local"), k < tokens.count, tokens[k].isKeyword("function") { k += 1 }
                while k < tokens.count, tokens[k].kind == .name {
                    names.append(tokens[k].text)
                    k += 1
                    if token.isKeyword("local"), k + 2 < tokens.count, tokens[k].isSymbol("<") { k += 3 }  // <const>, <close>
                    guard k < tokens.count, tokens[k].isSymbol(",") else { break }
                    k += 1
                }
            } else if token.isKeyword("function") {
                var k = i + 1
                while k < tokens.count, !tokens[k].isSymbol("(") { k += 1 }
                k += 1
                while k < tokens.count, !tokens[k].isSymbol(")") {
                    if tokens[k].kind == .name { names.append(tokens[k].text) }
                    k += 1
                }
            }
            i += 1
        }
        return names
    }

    /// `require("x")`, `require "x"` or `require 'x'` of a module missing from `lib`.
    static func requireFinding(_ tokens: [LuaToken], at i: Int, modules: Set<String>) -> [Finding] {
        var k = i + 1
        if k < tokens.count, tokens[k].isSymbol("(") { k += 1 }
        guard k < tokens.count, tokens[k].kind == .string else { return [] }
        let name = tokens[k].text
        guard !modules.contains(name) else { return [] }
        let known = modules.sorted()
        let hint = Suggestion.phrase(for: name, among: known)
        let listing = known.isEmpty ? " (lib has no modules)" : hint.isEmpty ? " (lib has \(known.joined(separator: ", ")))" : hint
        return [Finding(line: tokens[k].line, column: tokens[k].column, isError: true,
                        message: "require of missing module '\(name)': no lib/\(name).lua\(listing)")]
    }
}
