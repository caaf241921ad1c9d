import CLua
import CLuaGuard

/// Collects the bytes `lua_dump` writes.
private final class DumpBuffer {
    var bytes: [UInt8] = []
}

private let dumpWriter: @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int, UnsafeMutableRawPointer?) -> Int32 = {
    _, pointer, size, data in
    let buffer = Unmanaged<DumpBuffer>.fromOpaque(data!).takeUnretainedValue()
    if let pointer, size > 0 { buffer.bytes.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: size)) }
    return 0
}

extension LuaRuntime {
    /// Lines of a chunk that hold code: those of its main function and of every nested function.
    ///
    /// Read from the chunk's own compiled form (`lua_dump` with debug information, parsed here),
    /// so every nested prototype is reached without running anything. Like `debug.getinfo(f, "L")`
    /// the `VARARGPREP` of a vararg function is skipped, and so is a line whose only instruction
    /// is a function's implicit final `return` (an `end` the line hook rarely reports).
    public func activeLines(of chunk: LuaChunk) -> Set<Int> {
        if let known = activeLinesCache[ObjectIdentifier(chunk)] { return known }
        guard chunk.belongs(to: self) else { return [] }
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        lua_rawgeti(L, clua_registryindex(), lua_Integer(chunk.ref))
        let buffer = DumpBuffer()
        _ = lua_dump(L, dumpWriter, Unmanaged.passUnretained(buffer).toOpaque(), 0)
        var reader = DumpReader(bytes: buffer.bytes)
        var lines = Set<Int>()
        if (try? reader.readChunk(into: &lines)) == nil { lines = [] }
        activeLinesCache[ObjectIdentifier(chunk)] = lines
        return lines
    }
}

/// A reader of Lua 5.4's binary chunk format, just far enough for line information.
struct DumpReader {
    struct Malformed: Error {}

    let bytes: [UInt8]
    var offset = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw Malformed() }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func skip(_ count: Int) throws {
        guard count >= 0, offset + count <= bytes.count else { throw Malformed() }
        offset += count
    }

    mutating func size() throws -> Int {
        var value = 0
        while true {
            let b = try byte()
            guard value < Int.max >> 8 else { throw Malformed() }
            value = (value << 7) | Int(b & 0x7f)
            if b & 0x80 != 0 { return value }
        }
    }

    mutating func skipString() throws {
        let length = try size()
        if length > 0 { try skip(length - 1) }
    }

    mutating func readChunk(into lines: inout Set<Int>) throws {
        try skip(4 + 1 + 1 + 6)            // signature, version, format, LUAC_DATA
        let instructionSize = Int(try byte())
        let integerSize = Int(try byte())
        let numberSize = Int(try byte())
        try skip(integerSize + numberSize)  // LUAC_INT, LUAC_NUM
        try skip(1)                         // upvalue count of the main closure
        try readFunction(into: &lines, instructionSize: instructionSize, constantSize: max(integerSize, numberSize))
    }

    mutating func readFunction(into lines: inout Set<Int>, instructionSize: Int, constantSize: Int) throws {
        try skipString()                    // source
        let lineDefined = try size()
        _ = try size()                      // last line defined
        try skip(1)                         // parameters
        let isVararg = try byte() != 0
        try skip(1)                         // max stack size
        let codeCount = try size()
        try skip(codeCount * instructionSize)
        let constantCount = try size()
        for _ in 0..<constantCount {
            switch try byte() {
            case 3, 19: try skip(constantSize)     // integer, float
            case 4, 20: try skipString()           // short, long string
            default: break                         // nil, false, true
            }
        }
        let upvalueCount = try size()
        try skip(upvalueCount * 3)
        let protoCount = try size()
        for _ in 0..<protoCount { try readFunction(into: &lines, instructionSize: instructionSize, constantSize: constantSize) }
        let lineInfoCount = try size()
        var deltas: [Int8] = []
        deltas.reserveCapacity(lineInfoCount)
        for _ in 0..<lineInfoCount { deltas.append(Int8(bitPattern: try byte())) }
        let absoluteCount = try size()
        var absolute: [Int: Int] = [:]
        for _ in 0..<absoluteCount {
            let pc = try size()
            absolute[pc] = try size()
        }
        let localCount = try size()
        for _ in 0..<localCount {
            try skipString()
            _ = try size()
            _ = try size()
        }
        let upvalueNameCount = try size()
        for _ in 0..<upvalueNameCount { try skipString() }

        var line = lineDefined
        var perInstruction: [Int] = []
        for pc in 0..<deltas.count {
            if deltas[pc] == Int8.min, let absoluteLine = absolute[pc] {
                line = absoluteLine
            } else {
                line += Int(deltas[pc])
            }
            perInstruction.append(line)
        }
        guard !perInstruction.isEmpty else { return }
        let first = isVararg ? 1 : 0
        let last = perInstruction.count - 1
        var counted = Set<Int>()
        for pc in first..<perInstruction.count where pc != last { counted.insert(perInstruction[pc]) }
        if last >= first, counted.contains(perInstruction[last]) || counted.isEmpty { counted.insert(perInstruction[last]) }
        lines.formUnion(counted)
    }
}
