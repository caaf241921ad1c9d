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
