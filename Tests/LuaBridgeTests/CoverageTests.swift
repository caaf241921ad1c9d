import Testing
@testable import LuaBridge

@Suite struct CoverageTests {
    static let source = """
        local R = {}
        R.f = function(x)
          if x then
            return 1
          end
          return 2
        end
        local function helper()
          return 3
        end
        R.g = helper
        return R
        """

    @Test func activeLinesReachNestedFunctions() throws {
        let runtime = try LuaRuntime()
        let chunk = try runtime.compile(CoverageTests.source, chunkName: "@Rules/c/rules.lua")
        // The same set as the union of debug.getinfo(f, "L").activelines over the three functions in
        // lua5.4: a function statement's code sits on its `end` line (the closure is made there).
        #expect(runtime.activeLines(of: chunk) == [1, 3, 4, 6, 7, 9, 10, 11, 12])
    }

    @Test func coverageRecordsTheLinesRunPerChunk() throws {
        let runtime = try LuaRuntime(collectCoverage: true)
        let chunk = try runtime.compile(CoverageTests.source, chunkName: "@Rules/c/rules.lua")
        try runtime.evaluate { evaluation in
            let table = try evaluation.run(chunk)
            _ = try evaluation.call(table, path: ["f"], [.value(.boolean(true))])
        }
        let lines = try #require(runtime.coverage["@Rules/c/rules.lua"])
        #expect(lines.isSuperset(of: [1, 3, 4, 7, 10, 11, 12]))
        #expect(!lines.contains(6))
        #expect(!lines.contains(9))
    }

    @Test func withoutCoverageNothingIsRecorded() throws {
        let runtime = try LuaRuntime()
        _ = try callF(CoverageTests.source.replacingOccurrences(of: "R.g = helper", with: "R.g = helper R.f = nil R.f = function() return 0 end"), runtime: runtime)
        #expect(runtime.coverage.isEmpty)
    }
}
