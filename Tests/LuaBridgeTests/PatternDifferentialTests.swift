import Testing
@testable import LuaBridge

/// The sandbox's step-limited string.find, match, gmatch and gsub give Lua 5.4's answers and
/// error messages: each call runs in the sandbox (inside a hook, through LuaRuntime) and in a stock
/// liblua5.4 state, and the two answers must be identical.
@Suite struct PatternDifferentialTests {
    /// Generous limits: these cases are small, and the point is the answers, not the budget.
    static let limits = LuaLimits(instructions: 1 << 40, memoryBytes: 64 << 20, wallClockSeconds: 60)

    /// Runs `cases` on both sides and records every case whose answers differ.
    func expectSameAnswers(_ cases: [PatternCase], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let runtime = try LuaRuntime(limits: PatternDifferentialTests.limits)
        let stock = StockLua()
        var mismatches = 0
        for start in stride(from: 0, to: cases.count, by: 500) {
            let batch = Array(cases[start..<min(start + 500, cases.count)])
            let source = PatternDriver.source(batch)
            // One chunk name for both, so error positions read the same.
            let sandboxed = try callF(source, limits: PatternDifferentialTests.limits, runtime: runtime, chunkName: "=patterns")
            guard case .string(let sandboxText)? = sandboxed.values.first else {
                Issue.record("the sandbox returned \(sandboxed.values)", sourceLocation: sourceLocation)
                return
            }
            let sandboxAnswers = sandboxText.split(separator: "\n", omittingEmptySubsequences: false)
            let stockAnswers = try stock.callF(source, chunkName: "=patterns").split(separator: "\n", omittingEmptySubsequences: false)
            try #require(sandboxAnswers.count == batch.count && stockAnswers.count == batch.count, sourceLocation: sourceLocation)
            for (index, test) in batch.enumerated() where sandboxAnswers[index] != stockAnswers[index] {
                mismatches += 1
                if mismatches <= 20 {
                    Issue.record(
                        "\(test.call)\n  sandbox: \(sandboxAnswers[index])\n  lua5.4:  \(stockAnswers[index])",
                        sourceLocation: sourceLocation)
                }
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(cases.count) calls answered differently", sourceLocation: sourceLocation)
    }

    @Test func generatedPatternsAnswerAsStockLua54Does() throws {
        var generator = PatternCaseGenerator(seed: 0x5EED_1234)
        try expectSameAnswers((0..<12_000).map { _ in generator.next() })
    }

    @Test func edgeCasesAnswerAsStockLua54Does() throws {
        func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
        func find(_ s: String, _ p: String) -> PatternCase { PatternCase(operation: .find, subject: bytes(s), pattern: bytes(p)) }
        func match(_ s: String, _ p: String) -> PatternCase { PatternCase(operation: .match, subject: bytes(s), pattern: bytes(p)) }
        let deep = String(repeating: "a", count: 300)
        try expectSameAnswers([
            // Nesting depth: items that match nothing, or once, do not recurse in lstrlib.
            find("", String(repeating: "a*", count: 250)),
            find("", String(repeating: "a-", count: 250)),
            find("", String(repeating: "a?", count: 250)),
            find(deep, String(repeating: "a?", count: 199)),
            find(deep, String(repeating: "a?", count: 201)),
            find("b", String(repeating: "a*", count: 250) + "b"),
            find(deep, String(repeating: "a-", count: 199) + "$"),
            find(deep, String(repeating: "a", count: 300) + "$"),
            match(deep, String(repeating: "(", count: 32) + String(repeating: ")", count: 32)),
            match(deep, String(repeating: "(", count: 33) + String(repeating: ")", count: 33)),
            match(deep, String(repeating: "()", count: 33)),
            match(deep, "(a)" + String(repeating: "%1", count: 150)),
            // Ends of patterns and of subjects.
            find("a", "%"), find("a", "[a"), find("a", "[]"), find("a", "[^]"), find("]", "[]]"), find("]", "[^]]"),
            find("a", "[a%"), find("a", "[a%]"), find("%", "[%%]"), find("a", "%b"), find("a", "%ba"),
            find("a", "%f"), find("a", "%fa"), find("a", "%f["), find("a", "(a"), find("a", "a)"),
            find("a", "%1"), find("a", "(a%1)"), find("a", "(a)%2"), find("a", "%0"),
            find("a\0b", "%z"), find("a\0b", "[%z]"), find("a\0b", "%f[%z]"), find("a\0b", "[\0]"),
            find("a\0b", "a\0"), find("a\0b", "%\0"), find("a$", "$$"), find("a^", "a^"), find("^a", "^^"),
        ])
    }

    /// The `%z` cases of Lua 5.4.4's testes/pm.lua (deprecated, still in 5.4's lstrlib), with the
    /// answers stock Lua gives.
    @Test func percentZMatchesTheZeroByteAloneInSetsAndInFrontiers() throws {
        let result = try value(of: """
            local all = {}
            for i = 0, 255 do all[#all + 1] = string.char(i) end
            all = table.concat(all)
            local function set(p)
              local out = {}
              string.gsub(all, p, function(c) out[#out + 1] = c end)
              return table.concat(out)
            end
            return {
              set('%Z') == set('[\\1-\\255]'),
              set('.') == set('[\\1-\\255%z]'),
              set('%z'), #set('%Z'), #set('[\\1-\\255%z]'),
              string.find("a", "%f[^%z]"),
              string.find("aba", "%f[a%z]"),
              string.find("aba", "%f[%z]"),
              string.find("aba", "%f[%l%z]") == nil,
              string.find("aba", "%f[^%l%z]") == nil,
            }
            """, limits: PatternDifferentialTests.limits)
        #expect(result == .list([
            .boolean(true), .boolean(true), .string("\0"), .integer(255), .integer(256),
            .integer(1), .integer(3), .integer(4), .boolean(true), .boolean(true),
        ]))
    }
}
