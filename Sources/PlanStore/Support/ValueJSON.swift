import PlanModel

/// The JSON text stored for field values and record links, written and read by hand so that a
/// `FieldValue.integer` stays an integer and a `FieldValue.number` stays a number (always written
/// with a `.` or an exponent), and so that bulk writes and streaming reads stay fast.
package enum ValueJSON {
    package struct Malformed: Error, CustomStringConvertible {
        var reason: String
        package var description: String { reason }
    }

    // MARK: Writing

    package static func encode(_ values: FieldValues) throws -> String {
        if values.isEmpty { return "{}" }
        var out = "{"
        var first = true
        for key in values.keys.sorted() {
            if !first { out.append(",") }
            first = false
            appendString(key, to: &out)
            out.append(":")
            try append(values[key]!, to: &out)
        }
        out.append("}")
        return out
    }

    package static func encode(_ list: [String]) -> String {
        if list.isEmpty { return "[]" }
        var out = "["
        for (i, text) in list.enumerated() {
            if i > 0 { out.append(",") }
            appendString(text, to: &out)
        }
        out.append("]")
        return out
    }

    private static func append(_ value: FieldValue, to out: inout String) throws {
        switch value {
        case .text(let s): appendString(s, to: &out)
        case .integer(let i): out.append(String(i))
        case .number(let d):
            guard d.isFinite else { throw Malformed(reason: "the number \(d) cannot be stored") }
            // Swift's description always keeps a `.` or an exponent (`70.0`, `1e-07`), which marks a number.
            out.append(d.description)
        case .boolean(let b): out.append(b ? "true" : "false")
        case .list(let l): out.append(encode(l))
        }
    }

    private static func appendString(_ text: String, to out: inout String) {
        out.append("\"")
        var plainStart = text.utf8.startIndex
        let utf8 = text.utf8
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let byte = utf8[i]
            if byte == 0x22 || byte == 0x5C || byte < 0x20 {
                out.append(contentsOf: String(text.utf8[plainStart..<i])!)
                switch byte {
                case 0x22: out.append("\\\"")
                case 0x5C: out.append("\\\\")
                case 0x0A: out.append("\\n")
                case 0x0D: out.append("\\r")
                case 0x09: out.append("\\t")
                default:
                    let hex = Array("0123456789abcdef")
                    out.append("\\u00"); out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 0xf)])
                }
                plainStart = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        out.append(contentsOf: String(text.utf8[plainStart..<utf8.endIndex])!)
        out.append("\"")
    }

    // MARK: Reading

    package static func decodeValues(_ text: String) throws -> FieldValues {
        var text = text
        return try text.withUTF8 { bytes in
            var parser = Parser(bytes: bytes)
            let values = try parser.object()
            try parser.end()
            return values
        }
    }

    package static func decodeList(_ text: String) throws -> [String] {
        var text = text
        return try text.withUTF8 { bytes in
            var parser = Parser(bytes: bytes)
            let list = try parser.stringArray()
            try parser.end()
            return list
        }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func end() throws {
            skipSpace()
            if at != bytes.count { throw fail("unexpected text after the value") }
        }

        mutating func object() throws -> FieldValues {
            skipSpace()
            try expect(UInt8(ascii: "{"))
            var values: FieldValues = [:]
            skipSpace()
            if peek() == UInt8(ascii: "}") { at += 1; return values }
            while true {
                skipSpace()
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                values[key] = try value()
                skipSpace()
                let next = try take()
                if next == UInt8(ascii: "}") { return values }
                if next != UInt8(ascii: ",") { throw fail("expected ',' or '}'") }
            }
        }

        mutating func stringArray() throws -> [String] {
            skipSpace()
            try expect(UInt8(ascii: "["))
            var list: [String] = []
            skipSpace()
            if peek() == UInt8(ascii: "]") { at += 1; return list }
            while true {
                skipSpace()
                list.append(try string())
                skipSpace()
                let next = try take()
                if next == UInt8(ascii: "]") { return list }
                if next != UInt8(ascii: ",") { throw fail("expected ',' or ']'") }
            }
        }

        mutating func value() throws -> FieldValue {
            skipSpace()
            switch peek() {
            case UInt8(ascii: "\""): return .text(try string())
            case UInt8(ascii: "["): return .list(try stringArray())
            case UInt8(ascii: "t"): try literal("true"); return .boolean(true)
            case UInt8(ascii: "f"): try literal("false"); return .boolean(false)
            default: return try number()
            }
        }

        mutating func number() throws -> FieldValue {
            let start = at
            var isInteger = true
            while at < bytes.count {
                let b = bytes[at]
                if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") { isInteger = false }
                else if !(b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || (b >= 0x30 && b <= 0x39)) { break }
                at += 1
            }
            let lexeme = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
            if isInteger, let i = Int(lexeme) { return .integer(i) }
            if !isInteger, let d = Double(lexeme) { return .number(d) }
            throw fail("'\(lexeme)' is not a value")
        }

        mutating func string() throws -> String {
            try expect(UInt8(ascii: "\""))
            var raw: [UInt8] = []
            var start = at
            while true {
                guard at < bytes.count else { throw fail("unterminated string") }
                let b = bytes[at]
                if b == UInt8(ascii: "\"") {
                    if raw.isEmpty {
                        at += 1
                        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at - 1]), as: UTF8.self)
                    }
                    raw.append(contentsOf: bytes[start..<at])
                    at += 1
                    return String(decoding: raw, as: UTF8.self)
                }
                if b == UInt8(ascii: "\\") {
                    raw.append(contentsOf: bytes[start..<at])
                    at += 1
                    let escape = try take()
                    switch escape {
                    case UInt8(ascii: "n"): raw.append(0x0A)
                    case UInt8(ascii: "r"): raw.append(0x0D)
                    case UInt8(ascii: "t"): raw.append(0x09)
                    case UInt8(ascii: "b"): raw.append(0x08)
                    case UInt8(ascii: "f"): raw.append(0x0C)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if scalar >= 0xD800 && scalar < 0xDC00 {
                            try expect(UInt8(ascii: "\\")); try expect(UInt8(ascii: "u"))
                            let low = try hex4()
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let u = Unicode.Scalar(scalar) else { throw fail("bad \\u escape") }
                        raw.append(contentsOf: Array(String(Character(u)).utf8))
                    default: raw.append(escape)
                    }
                    // Every escape adds at least one byte, so a non-empty `raw` marks an escaped string.
                    start = at
                    continue
                }
                at += 1
            }
        }

        mutating func hex4() throws -> UInt32 {
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = try take()
                let d: UInt8
                switch b {
                case 0x30...0x39: d = b - 0x30
                case 0x61...0x66: d = b - 0x61 + 10
                case 0x41...0x46: d = b - 0x41 + 10
                default: throw fail("bad \\u escape")
                }
                v = v << 4 | UInt32(d)
            }
            return v
        }

        mutating func literal(_ word: String) throws {
            for b in word.utf8 { if try take() != b { throw fail("expected '\(word)'") } }
        }

        mutating func expect(_ b: UInt8) throws {
            if try take() != b { throw fail("expected '\(Character(Unicode.Scalar(b)))'") }
        }

        mutating func take() throws -> UInt8 {
            guard at < bytes.count else { throw fail("unexpected end") }
            defer { at += 1 }
            return bytes[at]
        }

        func peek() -> UInt8? { at < bytes.count ? bytes[at] : nil }

        mutating func skipSpace() {
            while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
        }

        func fail(_ reason: String) -> Malformed { Malformed(reason: "\(reason) at byte \(at)") }
    }
}
