import PlanModel
import PlanRules

/// Reads of profile fields that `profile.yaml` does not have, found without running the rules:
/// `ctx.client.profile.takes_medicaton`, `ctx.client.profile["takes_medicaton"]`, and `p.takes_medicaton`
/// after `local p = ctx.client.profile`. Strict ctx makes such a read a rule error when the hook runs;
/// lint names it before any fixture reaches that line.
///
/// A token scan like `LuaSourceScan`: an alias counts only when every declaration of its name in the
/// file is a `local NAME = ….client.profile`, so a name reused for something else is never judged.
struct ProfileReadScan {
    let tokens: [LuaToken]
    let fields: [String]

    init(source: String, profile: ProfileSchema) {
        tokens = LuaToken.tokenize(source)
        fields = profile.fields.map(\.key)
    }

    func findings() -> [LuaSourceScan.Finding] {
        let known = Set(fields)
        let aliases = profileAliases()
        var findings: [LuaSourceScan.Finding] = []
        var i = 0
        while i < tokens.count {
            // The end of a path that names the profile table: `client . profile`, or an alias not after a dot.
            var profileEnd: Int?
            if tokens[i].kind == .name, tokens[i].text == "client", i + 2 < tokens.count,
               tokens[i + 1].isSymbol("."), tokens[i + 2].kind == .name, tokens[i + 2].text == "profile" {
                profileEnd = i + 2
            } else if tokens[i].kind == .name, aliases.contains(tokens[i].text),
                      !(i > 0 && (tokens[i - 1].isSymbol(".") || tokens[i - 1].isSymbol(":"))),
                      !(i > 0 && tokens[i - 1].isKeyword("local")) {
                profileEnd = i
            }
            guard let end = profileEnd, let (field, token) = fieldRead(after: end) else { i += 1; continue }
            if !known.contains(field) {
                findings.append(.init(line: token.line, column: token.column, isError: true,
                                      message: "profile field '\(field)' is not in profile.yaml"
                                        + Suggestion.phrase(for: field, among: fields)
                                        + " (reading it is a rule error when the rules run)"))
            }
            i = end + 1
        }
        return findings
    }

    /// The field a path reads right after the profile table, `.name` or `["name"]`, unless it is
    /// assigned or called (those are other mistakes, reported elsewhere).
    private func fieldRead(after end: Int) -> (String, LuaToken)? {
        var k = end + 1
        guard k < tokens.count else { return nil }
        let field: LuaToken
        if tokens[k].isSymbol("."), k + 1 < tokens.count, tokens[k + 1].kind == .name {
            field = tokens[k + 1]; k += 2
        } else if tokens[k].isSymbol("["), k + 2 < tokens.count, tokens[k + 1].kind == .string, tokens[k + 2].isSymbol("]") {
            field = tokens[k + 1]; k += 3
        } else {
            return nil
        }
        if k < tokens.count, tokens[k].isSymbol("(") || tokens[k].isSymbol(":") { return nil }
        return (field.text, field)
    }

    /// Names that are, in every declaration the file makes of them, `local NAME = ….client.profile`.
    private func profileAliases() -> Set<String> {
        var profileDeclarations: [String: Int] = [:]
        var allDeclarations: [String: Int] = [:]
        for name in LuaSourceScan.declarations(tokens) { allDeclarations[name, default: 0] += 1 }
        for i in tokens.indices where tokens[i].isKeyword("local") {
            guard i + 6 < tokens.count, tokens[i + 1].kind == .name, tokens[i + 2].isSymbol("=") else { continue }
            // The value: a dotted chain of names ending in `client . profile`, and nothing after it.
            var k = i + 3
            var chain: [String] = []
            while k < tokens.count, tokens[k].kind == .name {
                chain.append(tokens[k].text)
                guard k + 1 < tokens.count, tokens[k + 1].isSymbol(".") else { break }
                k += 2
            }
            let after = k + 1 < tokens.count ? tokens[k + 1] : nil
            let continues = after.map { $0.isSymbol(".") || $0.isSymbol("[") || $0.isSymbol("(") || $0.isSymbol(":")
                || $0.isSymbol(",") || $0.kind == .symbol && ["..", "+", "-", "*", "/", "==", "~="].contains($0.text) } ?? false
            if chain.suffix(2) == ["client", "profile"], !continues {
                profileDeclarations[tokens[i + 1].text, default: 0] += 1
            }
        }
        return Set(profileDeclarations.filter { allDeclarations[$0.key] == $0.value }.keys)
    }
}
