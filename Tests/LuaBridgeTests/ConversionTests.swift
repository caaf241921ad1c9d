import Testing
@testable import LuaBridge

@Suite struct ConversionTests {
    static let roundTrips: [LuaValue] = [
        .nil, .boolean(true), .boolean(false), .integer(0), .integer(Int64.max), .integer(Int64.min),
        .number(1.5), .number(-0.25), .number(1e300), .string(""), .string("héllo ✓"), .string("a\u{0}b"),
        .list([.integer(1), .string("two"), .list([.boolean(true)])]),
        .map([:]), .map(["a": .integer(1), "nested": .map(["b": .list([.number(2.5)])])]),
    ]

    @Test(arguments: roundTrips)
    func valuesRoundTripThroughLua(original: LuaValue) throws {
        #expect(try value(of: "return ...", [.value(original)]) == original)
    }

    @Test func integersStayIntegersAndFloatsStayFloats() throws {
        #expect(try value(of: "return 3") == .integer(3))
        #expect(try value(of: "return 3.0") == .number(3.0))
        #expect(try value(of: "return math.maxinteger + 1") == .integer(Int64.min))
        #expect(try value(of: "return 2^63") == .number(9.223372036854775808e18))
        #expect(try value(of: "return math.tointeger(2^53)") == .integer(1 << 53))
    }

    @Test func nulBytesSurvive() throws {
        #expect(try value(of: "return 'a\\0b'") == .string("a\u{0}b"))
        #expect(try value(of: "return #(...)", [.value(.string("x\u{0}y\u{0}"))]) == .integer(4))
    }

    @Test func tablesReadRawIgnoringMetamethods() throws {
        let result = try value(of: """
            return setmetatable({a = 1}, {__index = function() return 'fake' end, __len = function() return 99 end,
              __pairs = function() error('no') end})
            """)
        #expect(result == .map(["a": .integer(1)]))
        #expect(try value(of: "return setmetatable({}, {__index = {x = 1}})") == .map([:]))
    }

    static let refusals: [(String, String)] = [
        ("return { fields = { {}, {}, { options = function() end } } }", "result.fields[3].options: cannot convert a function"),
        ("return coroutine.create(function() end)", "result: cannot convert a thread (coroutine)"),
        ("return 0/0", "result: cannot convert NaN"),
        ("return { x = 1/0 }", "result.x: cannot convert an infinite number"),
        ("return { y = -math.huge }", "result.y: cannot convert an infinite number"),
        ("local t = {} t.self = t return t", "result.self: cannot convert a cyclic table (it contains itself)"),
        ("return { 1, x = 2 }", "result: cannot convert a table mixing string keys and list positions"),
        ("return { [2] = 'b' }", "result: cannot convert a table whose integer keys are not 1...n"),
        ("return { [true] = 1 }", "result: cannot convert a table with a key of type boolean"),
        ("return { [1.5] = 1 }", "result: cannot convert a table with a key of type number"),
        ("return { name = '\\xff' }", "result.name: cannot convert a string that is not valid UTF-8"),
        ("return { ['odd key'] = print }", "result[\"odd key\"]: cannot convert a function"),
        ("return 1, function() end", "result#2: cannot convert a function"),
    ]

    @Test(arguments: refusals)
    func refusedValuesNameTheirPath(source: String, message: String) throws {
        let error = try #require(failure(of: source))
        #expect(error.kind == .conversion)
        #expect(error.message == message)
    }

    @Test func deepNestingIsRefused() throws {
        let ok = try value(of: "local t = 1 for i = 1, 32 do t = {t} end return t")
        #expect(ok != .nil)
        let error = try #require(failure(of: "local t = 1 for i = 1, 33 do t = {t} end return t"))
        #expect(error.kind == .conversion)
        #expect(error.message.hasSuffix("cannot convert a table nested deeper than 32"))
    }

    @Test func largeTablesAreRefused() throws {
        let limits = LuaLimits(instructions: 1_000_000, memoryBytes: 16 << 20, wallClockSeconds: 30, maxTableEntries: 1000)
        #expect(try value(of: "local t = {} for i = 1, 1000 do t[i] = i end return t", limits: limits) != .nil)
        let error = try #require(failure(of: "local t = {} for i = 1, 1001 do t[i] = i end return t", limits: limits))
        #expect(error.message == "result: cannot convert a table with more than 1000 entries")
    }

    @Test func sharedSubtablesAreNotCycles() throws {
        #expect(try value(of: "local s = {1} return {s, s}") == .list([.list([.integer(1)]), .list([.integer(1)])]))
    }

    @Test func hostArgumentsConvertBackForHostFunctions() throws {
        var seen: [[LuaValue]] = []
        let record = RecordObject(["name": .value(.string("Ann")), "tags": .value(.list([.string("x")]))])
        let function = LuaHostValue.function { args in
            seen.append(args)
            return .value(.integer(Int64(args.count)))
        }
        let result = try value(of: "local rec, fn = ... return fn(rec, {1, 2}, nil, 'z')", [.object(record), function])
        #expect(result == .integer(4))
        #expect(seen == [[.map(["name": .string("Ann"), "tags": .list([.string("x")])]), .list([.integer(1), .integer(2)]), .nil, .string("z")]])
        let error = try #require(failure(of: "local fn = ... return fn(function() end)", [function]))
        #expect(error.message.contains("argument 1: cannot convert a function"))
    }

    @Test func returnedHostDataConvertsToItsValues() throws {
        let record = RecordObject(["name": .value(.string("Ann"))])
        #expect(try value(of: "local rec, v = ... return {rec, v}", [.object(record), .value(.map(["k": .integer(1)]))])
            == .list([.map(["name": .string("Ann")]), .map(["k": .integer(1)])]))
    }

    @Test func shapeDescribesTablesFunctionsAndValues() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile("""
            local R = { items = {} }
            R.items.name = {
              visible = function(ctx) return true end,
              label = "Name",
            }
            R.list = { 1, function() return 2 end }
            return R
            """, chunkName: "@Rules/t/rules.lua")
        try runtime.evaluate { evaluation in
            let table = try evaluation.run(chunk)
            guard case .table(let top, _) = try evaluation.shape(of: table),
                case .table(let items, _) = top["items"], case .table(let name, _) = items["name"],
                case .function(let visible) = name["visible"], case .table(_, let list) = top["list"],
                case .function(let second) = list[1]
            else {
                Issue.record("unexpected shape")
                return
            }
            #expect(visible.chunkName == "@Rules/t/rules.lua")
            #expect(visible.lineDefined == 3)
            if case .value(let label) = name["label"] { #expect(label == .string("Name")) } else { Issue.record("label") }
            #expect(try evaluation.call(visible, []).values == [.boolean(true)])
            #expect(try evaluation.call(second, []).values == [.integer(2)])
        }
    }
}
