import Testing
@testable import LuaBridge

@Suite struct ErrorTests {
    @Test func runtimeErrorsReadAsASentenceWithFileAndLine() throws {
        let error = try #require(failure(of: "local ctx = {}\nreturn ctx.record.name"))
        #expect(error.kind == .runtime)
        #expect(error.message == "attempt to index a nil value (field 'record')")
        #expect(error.chunkName == "@Rules/test/rules.lua")
        #expect(error.line == 3)
        #expect(error.location == "Rules/test/rules.lua:3")
        #expect(error.description == "Rules/test/rules.lua:3: attempt to index a nil value (field 'record')")
        #expect(error.traceback?.contains("stack traceback") == true)
    }

    @Test func syntaxErrorsAreTheirOwnKind() throws {
        let runtime = try LuaRuntime()
        do {
            _ = try runtime.compile("return {\n  x = = 1\n}", chunkName: "@Rules/ndis-core/rules.lua")
            Issue.record("compiled")
        } catch {
            #expect(error.kind == .syntax)
            #expect(error.chunkName == "@Rules/ndis-core/rules.lua")
            #expect(error.line == 2)
            #expect(error.description == "Rules/ndis-core/rules.lua:2: unexpected symbol near '='")
        }
    }

    @Test func errorsWithoutAPositionTakeTheLineOfTheRaiser() throws {
        let error = try #require(failure(of: "\n\nerror({code = 1})"))
        #expect(error.message == "(error object is a table value)")
        #expect(error.line == 4)
        let levelZero = try #require(failure(of: "error('bare', 0)"))
        #expect(levelZero.message == "bare")
        #expect(levelZero.line == 2)
    }

    @Test func longChunkNamesAreMappedBack() throws {
        let name = "@Rules/" + String(repeating: "very-long-template-name/", count: 4) + "rules.lua"
        let runtime = try LuaRuntime(limits: .small)
        do {
            _ = try callF("return { f = function() error('deep') end }", runtime: runtime, chunkName: name)
            Issue.record("no error")
        } catch let error as LuaError {
            #expect(error.chunkName == name)
            #expect(error.line == 1)
            #expect(error.message == "deep")
        }
    }

    @Test func moduleErrorsNameTheModuleFile() throws {
        let runtime = try LuaRuntime(limits: .small, modules: { name in
            name == "bad" ? LuaModule(source: "local x = nil\nreturn x.y", chunkName: "@Rules/lib/bad.lua") : nil
        })
        do {
            _ = try callF("return { f = function() return require('bad') end }", runtime: runtime)
            Issue.record("no error")
        } catch let error as LuaError {
            #expect(error.description == "Rules/lib/bad.lua:2: attempt to index a nil value (local 'x')")
        }
    }

    @Test func aChunkMustReturnATable() throws {
        let runtime = try LuaRuntime()
        let chunk = try runtime.compile("return 1", chunkName: "@Rules/x/rules.lua")
        #expect(throws: LuaError.self) { try runtime.evaluate { try $0.run(chunk) } }
    }

    @Test func callingAMissingHookIsAnError() throws {
        let runtime = try LuaRuntime()
        let chunk = try runtime.compile("return { items = {} }", chunkName: "@r.lua")
        try runtime.evaluate { evaluation in
            let table = try evaluation.run(chunk)
            #expect(throws: LuaError.self) { try evaluation.call(table, path: ["items", "x", "visible"], []) }
        }
    }
}
