import Testing
@testable import LuaBridge

extension LuaLimits {
    /// Small limits so attacks stop quickly. The wall clock is generous: only the wall-clock tests,
    /// with limits of their own, may race it, so a loaded test machine cannot fail the others.
    static let small = LuaLimits(instructions: 200_000, memoryBytes: 8 << 20, wallClockSeconds: 30)
}

/// Compiles `return { f = function(...) BODY end }` style sources and calls `f`.
func callF(
    _ source: String, _ args: [LuaHostValue] = [], limits: LuaLimits = .small, runtime: LuaRuntime? = nil,
    chunkName: String = "@Rules/test/rules.lua"
) throws -> LuaCallResult {
    let runtime = try runtime ?? LuaRuntime(limits: limits)
    let chunk = try runtime.compile(source, chunkName: chunkName)
    return try runtime.evaluate { evaluation in
        let table = try evaluation.run(chunk)
        return try evaluation.call(table, path: ["f"], args)
    }
}

/// Runs `body` as the body of `f` and returns its first value.
func value(of body: String, _ args: [LuaHostValue] = [], limits: LuaLimits = .small) throws -> LuaValue {
    try callF("return { f = function(...) \(body) end }", args, limits: limits).values.first ?? .nil
}

/// The LuaError `body` raises, or nil.
func failure(of body: String, _ args: [LuaHostValue] = [], limits: LuaLimits = .small) -> LuaError? {
    do {
        _ = try callF("return { f = function(...)\n\(body)\nend }", args, limits: limits)
        return nil
    } catch let error as LuaError {
        return error
    } catch {
        return LuaError(kind: .runtime, message: "unexpected \(error)")
    }
}

/// A host object over a dictionary, counting the reads it answers.
final class RecordObject: LuaHostObject {
    let fields: [String: LuaHostValue]
    var reads: [LuaKey] = []

    init(_ fields: [String: LuaHostValue]) {
        self.fields = fields
    }

    func luaIndex(_ key: LuaKey) throws -> LuaHostValue {
        reads.append(key)
        guard case .string(let name) = key else { return .value(.nil) }
        if name == "explode" { throw HostFailure(reason: "the record is locked") }
        return fields[name] ?? .value(.nil)
    }

    func luaLength() -> Int { 0 }
    func luaKeys() -> [LuaKey] { fields.keys.sorted().map { .string($0) } }
}

final class ListObject: LuaHostObject {
    let items: [LuaHostValue]
    init(_ items: [LuaHostValue]) { self.items = items }
    func luaIndex(_ key: LuaKey) throws -> LuaHostValue {
        guard case .index(let i) = key, i >= 1, i <= items.count else { return .value(.nil) }
        return items[i - 1]
    }
    func luaLength() -> Int { items.count }
    func luaKeys() -> [LuaKey] { (1...max(items.count, 1)).prefix(items.count).map { .index($0) } }
}

struct HostFailure: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}

/// Counts the reads of a wrapped object.
final class CountingList: LuaHostObject {
    let inner: LuaHostObject
    var reads: [LuaKey] = []
    init(_ inner: LuaHostObject) { self.inner = inner }
    func luaIndex(_ key: LuaKey) throws -> LuaHostValue {
        reads.append(key)
        return try inner.luaIndex(key)
    }
    func luaLength() -> Int { inner.luaLength() }
    func luaKeys() -> [LuaKey] { inner.luaKeys() }
}

/// Answers every string key with its own text.
final class EchoObject: LuaHostObject {
    func luaIndex(_ key: LuaKey) throws -> LuaHostValue {
        guard case .string(let name) = key else { return .value(.nil) }
        return .value(.string(name))
    }
    func luaLength() -> Int { 0 }
    func luaKeys() -> [LuaKey] { [] }
}
