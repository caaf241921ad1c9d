import Testing
@testable import LuaBridge

@Suite struct SandboxTests {
    @Test(arguments: [
        "io", "os", "debug", "package", "load", "loadfile", "dofile", "collectgarbage", "_G", "warn",
    ])
    func forbiddenGlobalsAreAbsent(name: String) throws {
        #expect(try value(of: "return \(name) == nil") == .boolean(true))
    }

    @Test func stringDumpAndMathRandomAreAbsent() throws {
        #expect(try value(of: "return string.dump == nil and math.random == nil and math.randomseed == nil") == .boolean(true))
    }

    @Test func allowedLibrariesWork() throws {
        let result = try value(of: """
            local t = {3, 1, 2}; table.sort(t)
            return string.format("%s %d %s %s", table.concat(t, ","), math.floor(2.5), utf8.char(72), ("x"):upper())
            """)
        #expect(result == .string("1,2,3 2 H X"))
    }

    @Test func assigningAGlobalIsAnError() throws {
        let error = try #require(failure(of: "x = 1"))
        #expect(error.kind == .runtime)
        #expect(error.message == "assignment to global 'x' is not allowed")
        #expect(error.description == "Rules/test/rules.lua:2: assignment to global 'x' is not allowed")
    }

    @Test func rawsetOnTheEnvironmentIsAnError() throws {
        let error = try #require(failure(of: "rawset(_ENV, 'x', 1)"))
        #expect(error.message.contains("assignment to global 'x' is not allowed"))
    }

    @Test func readingAnUndefinedGlobalGivesNil() throws {
        #expect(try value(of: "return undefined_thing") == .nil)
    }

    @Test func libraryTablesAreReadOnly() throws {
        for attack in [
            "string.upper = function() return 'hacked' end",
            "rawset(string, 'upper', function() return 'hacked' end)",
            "table.insert(math, 1)",
            "setmetatable(string, {})",
            "coroutine.wrap = nil",
        ] {
            let error = try #require(failure(of: attack), "\(attack) succeeded")
            #expect(error.kind == .runtime, "\(attack)")
        }
        #expect(try value(of: "return getmetatable(string)") == .string("read-only"))
    }

    @Test func theStringMetatableIsProtected() throws {
        #expect(try value(of: "return getmetatable('')") == .string("read-only"))
        #expect(failure(of: "setmetatable('', {})") != nil)
        let error = try #require(failure(of: "getmetatable('').__index.upper = nil"))
        #expect(error.kind == .runtime)
    }

    @Test func nothingAHookDoesSurvivesIntoTheNextEvaluation() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile("""
            local counter = 0
            return {
              f = function()
                counter = counter + 1
                pcall(function() string.upper = nil end)
                pcall(rawset, string, 'upper', nil)
                pcall(rawset, _ENV, 'leak', 1)
                _ENV = { leaked = true }
                return counter
              end,
              g = function() return counter, leak, leaked, string.upper('a') end,
            }
            """, chunkName: "@Rules/test/rules.lua")
        for _ in 0..<3 {
            let values = try runtime.evaluate { evaluation in
                let table = try evaluation.run(chunk)
                _ = try evaluation.call(table, path: ["f"], [])
                let table2 = try evaluation.run(chunk)
                return try evaluation.call(table2, path: ["g"], []).values
            }
            #expect(values == [.integer(0), .nil, .nil, .string("A")])
        }
    }

    @Test func printGoesToTheEvaluationLog() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile("print('loaded') return { f = function(a) print('x', a, nil, true) return 1 end }", chunkName: "@r.lua")
        let (log, callLog) = try runtime.evaluate { evaluation in
            let table = try evaluation.run(chunk)
            let result = try evaluation.call(table, path: ["f"], [.value(.integer(2))])
            return (evaluation.log, result.log)
        }
        #expect(log == ["loaded", "x\t2\tnil\ttrue"])
        #expect(callLog == ["x\t2\tnil\ttrue"])
        let fresh = try runtime.evaluate { evaluation in evaluation.log }
        #expect(fresh == [])
    }

    @Test func requireLoadsOnlyHostModulesAsTextCachedPerEvaluation() throws {
        var resolved: [String] = []
        let runtime = try LuaRuntime(limits: .small, modules: { name in
            resolved.append(name)
            switch name {
            case "helpers": return LuaModule(source: "print('helpers ran') return { twice = function(x) return 2 * x end }", chunkName: "@Rules/lib/helpers.lua")
            case "binary": return LuaModule(source: "\u{1B}Lua", chunkName: "@Rules/lib/binary.lua")
            default: return nil
            }
        })
        let chunk = try runtime.compile("""
            return { f = function()
              local a = require('helpers'); local b = require('helpers')
              local okMissing, missing = pcall(require, 'missing')
              local okBinary, binary = pcall(require, 'binary')
              return a == b, a.twice(21), okMissing, missing, okBinary, binary
            end }
            """, chunkName: "@Rules/x/rules.lua")
        for _ in 0..<2 {
            let result = try runtime.evaluate { evaluation in
                try evaluation.call(try evaluation.run(chunk), path: ["f"], [])
            }
            #expect(result.values.prefix(3) == [.boolean(true), .integer(42), .boolean(false)])
            guard case .string(let missing) = result.values[3] else { Issue.record("no message"); return }
            #expect(missing.contains("module 'missing' not found"))
            #expect(result.values[4] == .boolean(false))
            guard case .string(let binary) = result.values[5] else { Issue.record("no message"); return }
            #expect(binary.contains("attempt to load a binary chunk"))
            #expect(result.log == ["helpers ran"])
        }
        #expect(resolved.filter { $0 == "helpers" }.count == 1)
    }

    @Test func compileRefusesBinaryChunks() throws {
        let runtime = try LuaRuntime()
        #expect(throws: LuaError.self) { try runtime.compile("\u{1B}Lua\u{54}\u{00}", chunkName: "@b.lua") }
    }

    @Test func hostValuesAreReadOnly() throws {
        let error = try #require(failure(of: "local t = ...; t.name = 'x'", [.value(.map(["name": .string("a")]))]))
        #expect(error.message == "attempt to modify read-only table (key 'name')")
        #expect(failure(of: "local t = ...; rawset(t, 'name', 'x')", [.value(.map(["name": .string("a")]))]) != nil)
        #expect(failure(of: "local t = ...; table.insert(t, 'x')", [.value(.list([.integer(1)]))]) != nil)
        #expect(failure(of: "local t = ...; setmetatable(t, nil)", [.value(.list([.integer(1)]))]) != nil)
        #expect(try value(of: "local t = ...; return getmetatable(t)", [.value(.list([.integer(1)]))]) == .string("read-only"))
    }

    @Test func hostListsSupportLengthIpairsAndPairs() throws {
        let args: [LuaHostValue] = [.value(.list([.integer(10), .integer(20), .integer(30)]))]
        let result = try value(of: """
            local t = ...
            local sum = 0
            for _, v in ipairs(t) do sum = sum + v end
            local n = 0
            for k, v in pairs(t) do n = n + k end
            return {#t, sum, n}
            """, args)
        #expect(result == .list([.integer(3), .integer(60), .integer(6)]))
    }

    @Test func gcMetamethodsAreRefused() throws {
        let error = try #require(failure(of: "setmetatable({}, {__gc = function() while true do end end})"))
        #expect(error.message.contains("__gc metamethods are not allowed"))
    }

    @Test func tableFunctionsStillBehave() throws {
        let result = try value(of: """
            local t = {1, 2, 3}
            table.insert(t, 4); table.insert(t, 1, 0)
            local r = table.remove(t, 1)
            local m = table.move({7, 8}, 1, 2, 2, {1})
            return { table.concat(t, "-"), r, table.concat(m, ","), table.unpack({5}) }
            """)
        #expect(result == .list([.string("1-2-3-4"), .integer(0), .string("1,7,8"), .integer(5)]))
    }
}
