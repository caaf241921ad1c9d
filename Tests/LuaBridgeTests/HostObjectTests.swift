import Testing
@testable import LuaBridge

@Suite struct HostObjectTests {
    @Test func aHookReadsOnlyTheFieldsItUsesOncePerKey() throws {
        let profile = RecordObject(["first_name": .value(.string("Ann")), "suburb": .value(.string("Carlton"))])
        let client = RecordObject(["profile": .object(profile), "id": .value(.integer(7))])
        let result = try value(of: """
            local ctx = ...
            local a = ctx.client.profile.first_name
            local b = ctx.client.profile.first_name
            local c = ctx.client.profile.missing
            local d = ctx.client.profile.missing
            return a .. b .. tostring(c)
            """, [.object(RecordObject(["client": .object(client)]))])
        #expect(result == .string("AnnAnnnil"))
        #expect(client.reads == [.string("profile")])
        #expect(profile.reads == [.string("first_name"), .string("missing")])
    }

    @Test func theSameHostObjectIsOneProxyForTheWholeEvaluation() throws {
        let profile = RecordObject(["name": .value(.string("Ann")), "age": .value(.integer(30))])
        let client = RecordObject(["profile": .object(profile)])
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile("""
            local kept
            return {
              same = function(a, b) return rawequal(a, b), rawequal(a.profile, b.profile) end,
              keep = function(c) kept = c return c.profile.name end,
              again = function(c) return rawequal(kept, c), c.profile.name, c.profile.missing end,
            }
            """, chunkName: "@Rules/test/rules.lua")
        try runtime.evaluate { evaluation in
            let table = try evaluation.run(chunk)
            let same = try evaluation.call(table, path: ["same"], [.object(client), .object(client)]).values
            #expect(same == [.boolean(true), .boolean(true)])
            // Across calls: the same proxy, whose answers need not be asked for again.
            _ = try evaluation.call(table, path: ["keep"], [.object(client)])
            let again = try evaluation.call(table, path: ["again"], [.object(client)]).values
            #expect(again == [.boolean(true), .string("Ann"), .nil])
            _ = try evaluation.call(table, path: ["again"], [.object(client)])
        }
        #expect(client.reads == [.string("profile")])
        #expect(profile.reads == [.string("name"), .string("missing")])
        // A new evaluation starts with new proxies and asks again.
        try runtime.evaluate { evaluation in
            _ = try evaluation.call(try evaluation.run(chunk), path: ["keep"], [.object(client)])
        }
        #expect(client.reads == [.string("profile"), .string("profile")])
    }

    @Test func aProxyRevealsNoObjectIdentity() throws {
        let record = RecordObject(["name": .value(.string("Ann"))])
        let other = RecordObject(["name": .value(.string("Bob"))])
        // The proxy is an empty table before and after reads: answers are cached where no script reaches,
        // because a key present in the proxy would be writable.
        let result = try value(of: """
            local r, o = ...
            local before = next(r)
            local n = r.name
            local keys = {}
            for k, v in next, r do keys[#keys + 1] = tostring(k) .. '=' .. tostring(v) end
            local m = getmetatable(r)
            return { tostring(before), table.concat(keys, ','), m, rawequal(getmetatable(r), getmetatable(o)),
                     rawlen(r), tostring(rawget(r, 1)), tostring(r.missing), tostring(rawget(r, 'missing')) }
            """, [.object(record), .object(other)])
        #expect(result == .list([.string("nil"), .string(""), .string("read-only"), .boolean(true),
                                 .integer(0), .string("nil"), .string("nil"), .string("nil")]))
        #expect(failure(of: "local r = ... getmetatable(r).__index = nil", [.object(record)]) != nil)
        #expect(failure(of: "local r = ... rawset(r, 1, 'x')", [.object(record)]) != nil)
    }

    @Test func integerValuedKeysAreOneKey() throws {
        let list = ListObject([.value(.string("a")), .value(.string("b"))])
        let counting = CountingList(list)
        let result = try value(of: "local l = ... return { l[1], l[1.0], l[2.0], l[2], tostring(l[1.5]), tostring(l[3]), tostring(l[3.0]) }",
                               [.object(counting)])
        #expect(result == .list([.string("a"), .string("a"), .string("b"), .string("b"), .string("nil"), .string("nil"), .string("nil")]))
        #expect(counting.reads == [.index(1), .index(2), .index(3)])
    }

    @Test func manyDistinctKeysReachTheHostAsTheirOwnText() throws {
        let runtime = try LuaRuntime(limits: LuaLimits(instructions: 10_000_000, memoryBytes: 16 << 20, wallClockSeconds: 5))
        let chunk = try runtime.compile("""
            return { f = function(a, b)
              for i = 1, 10000 do
                local k = 'key' .. i
                if a[k] ~= k or b[k] ~= k then error('wrong answer for ' .. k) end
              end
              local long = string.rep('x', 60) .. 'é'
              return a[long] == long, a['\\xff'] == nil
            end }
            """, chunkName: "@r.lua")
        for _ in 0..<3 {
            let values = try runtime.evaluate { evaluation in
                try evaluation.call(try evaluation.run(chunk), path: ["f"], [.object(EchoObject()), .object(EchoObject())]).values
            }
            #expect(values == [.boolean(true), .boolean(true)])
        }
    }

    @Test func hostObjectsAreReadOnly() throws {
        let record = RecordObject(["name": .value(.string("Ann"))])
        let error = try #require(failure(of: "local r = ...\nr.name = 'Bob'", [.object(record)]))
        #expect(error.message == "attempt to modify read-only table (key 'name')")
        #expect(error.line == 3)
        #expect(failure(of: "local r = ... rawset(r, 'name', 'Bob')", [.object(record)]) != nil)
        #expect(failure(of: "local r = ... setmetatable(r, {})", [.object(record)]) != nil)
        #expect(try value(of: "local r = ... return getmetatable(r)", [.object(record)]) == .string("read-only"))
    }

    @Test func listObjectsSupportLengthIpairsAndPairs() throws {
        let list = ListObject([.value(.string("a")), .value(.string("b")), .object(RecordObject(["id": .value(.integer(3))]))])
        let result = try value(of: """
            local l = ...
            local out = {}
            for i, v in ipairs(l) do out[#out + 1] = type(v) == 'table' and v.id or v end
            local keys = 0
            for k in pairs(l) do keys = keys + k end
            return { #l, table.concat(out, ','), keys }
            """, [.object(list)])
        #expect(result == .list([.integer(3), .string("a,b,3"), .integer(6)]))
    }

    @Test func pairsVisitsMapObjectKeys() throws {
        let record = RecordObject(["a": .value(.integer(1)), "b": .value(.integer(2))])
        let result = try value(of: "local r = ... local s = '' for k, v in pairs(r) do s = s .. k .. v end return s", [.object(record)])
        #expect(result == .string("a1b2"))
    }

    @Test func hostErrorsBecomeLuaErrorsWithTheirDescription() throws {
        let record = RecordObject([:])
        let error = try #require(failure(of: "local r = ...\nreturn r.explode", [.object(record)]))
        #expect(error.kind == .runtime)
        #expect(error.message == "the record is locked")
        #expect(error.line == 3)
        let function = LuaHostValue.function { _ in throw HostFailure(reason: "no such record") }
        let caught = try value(of: "local fn = ... return select(2, pcall(function() return fn(1) end))", [function])
        #expect(caught == .string("Rules/test/rules.lua:1: no such record"))
    }

    @Test func hostFunctionsReturnHostValues() throws {
        let records = LuaHostValue.function { args in
            guard case .string(let type) = args.first else { return .value(.nil) }
            return .object(ListObject([.object(RecordObject(["type": .value(.string(type))]))]))
        }
        #expect(try value(of: "local records = ... return records('med')[1].type", [records]) == .string("med"))
    }

    @Test func definedGlobalsAreVisibleForOneEvaluation() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile("return { f = function() return sp and sp.answer end }", chunkName: "@r.lua")
        let first = try runtime.evaluate { evaluation in
            try evaluation.define(global: "sp", .value(.map(["answer": .integer(42)])))
            return try evaluation.call(try evaluation.run(chunk), path: ["f"], []).values
        }
        #expect(first == [.integer(42)])
        let second = try runtime.evaluate { try $0.call(try $0.run(chunk), path: ["f"], []).values }
        #expect(second == [.nil])
        #expect(failure(of: "sp = 1") != nil)
    }

    @Test func tablesFromAnEndedEvaluationAreRefused() throws {
        let runtime = try LuaRuntime(limits: .small)
        let chunk = try runtime.compile("return { f = function() return 1 end }", chunkName: "@r.lua")
        let table = try runtime.evaluate { try $0.run(chunk) }
        let error = try runtime.evaluate { evaluation -> LuaError? in
            do {
                _ = try evaluation.call(table, path: ["f"], [])
                return nil
            } catch {
                return error as? LuaError
            }
        }
        #expect(error?.kind == .runtime)
    }
}

extension HostObjectTests {
    @Test func aKeyReadOnceCannotBeWrittenAfterwards() throws {
        let record = RecordObject(["name": .value(.string("Ann"))])
        let result = try value(of: """
            local r = ...
            local before = r.name
            local ok = pcall(function() r.name = 'Mallory' end)
            return { before, ok, r.name, rawget(r, 'name') == nil }
            """, [.object(record)])
        #expect(result == .list([.string("Ann"), .boolean(false), .string("Ann"), .boolean(true)]))
    }
}
