import Foundation
import PlanModel

/// A check of JSON text that refuses what JSON parsers quietly accept or alter: invalid UTF-8 (which
/// would be replaced), a NUL character (which would cut a name short where text meets C), lone
/// surrogate escapes, duplicate keys (the last would silently win), trailing commas, nesting deeper
/// than 64 and texts longer than `DataLimits.textBytes`. Run before `JSONSerialization`, which then
/// only ever sees text this check accepted.
struct StrictJSON {
    /// What is wrong and where: 1-based line and column (in bytes) of the document.
    struct Problem: Error, Equatable, CustomStringConvertible {
        var line: Int
        var column: Int
        var message: String
        var description: String { "\(line):\(column): \(message)" }
    }

    static let maxDepth = 64

    private let bytes: [UInt8]
    private var at = 0
    private var line: Int
    private var lineStart = 0

    private init(_ bytes: [UInt8], firstLine: Int) { self.bytes = bytes; self.line = firstLine }

    /// Throws the first problem of `data`, a whole JSON document; `firstLine` numbers its first line.
    static func check(_ data: [UInt8], firstLine: Int = 1) throws(Problem) {
        if let offset = invalidUTF8Offset(data) {
            var checker = StrictJSON(data, firstLine: firstLine)
            checker.advanceLines(to: offset)
            throw checker.problem("invalid UTF-8 (byte 0x\(String(data[offset], radix: 16, uppercase: true))); save the file as UTF-8")
        }
        var checker = StrictJSON(data, firstLine: firstLine)
        checker.skipSpace()
        try checker.value(depth: 0)
        checker.skipSpace()
        if checker.at < data.count { throw checker.problem("unexpected text after the JSON value") }
    }

    // MARK: Values

    private mutating func value(depth: Int) throws(Problem) {
        guard depth < Self.maxDepth else { throw problem("nested more than \(Self.maxDepth) deep") }
        guard let byte = peek else { throw problem("the JSON ends where a value was expected") }
        switch byte {
        case UInt8(ascii: "{"): try object(depth: depth)
        case UInt8(ascii: "["): try array(depth: depth)
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw problem("unexpected character '\(Self.show(byte))' where a value was expected")
        }
    }

    private mutating func object(depth: Int) throws(Problem) {
        at += 1
        var keys: Set<String> = []
        skipSpace()
        if peek == UInt8(ascii: "}") { at += 1; return }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else {
                if peek == UInt8(ascii: "}") { throw problem("a comma before '}': trailing commas are not JSON") }
                throw problem("expected a key in double quotes")
            }
            let (keyLine, keyColumn) = (line, at - lineStart + 1)
            let key = try string()
            guard keys.insert(key).inserted else {
                throw Problem(line: keyLine, column: keyColumn, message: "key '\(key)' appears twice in one object")
            }
            skipSpace()
            guard peek == UInt8(ascii: ":") else { throw problem("expected ':' after the key '\(key)'") }
            at += 1
            skipSpace()
            try value(depth: depth + 1)
            skipSpace()
            switch peek {
            case UInt8(ascii: ","): at += 1
            case UInt8(ascii: "}"): at += 1; return
            default: throw problem("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func array(depth: Int) throws(Problem) {
        at += 1
        skipSpace()
        if peek == UInt8(ascii: "]") { at += 1; return }
        while true {
            skipSpace()
            if peek == UInt8(ascii: "]") { throw problem("a comma before ']': trailing commas are not JSON") }
            try value(depth: depth + 1)
            skipSpace()
            switch peek {
            case UInt8(ascii: ","): at += 1
            case UInt8(ascii: "]"): at += 1; return
            default: throw problem("expected ',' or ']' in a list")
            }
        }
    }

    /// A string's text; the bytes are valid UTF-8 already.
    private mutating func string() throws(Problem) -> String {
        at += 1
        var out: [UInt8] = []
        while true {
            guard let byte = peek else { throw problem("a text is not closed with '\"'") }
            switch byte {
            case UInt8(ascii: "\""):
                at += 1
                guard out.count <= DataLimits.textBytes else {
                    throw problem("a text of \(out.count) bytes is longer than the \(DataLimits.textBytes) a text may have")
                }
                return String(decoding: out, as: UTF8.self)
            case 0:
                throw problem("a NUL character in a text is refused")
            case ..<0x20:
                throw problem("a control character (0x\(String(byte, radix: 16, uppercase: true))) in a text must be written as an escape")
            case UInt8(ascii: "\\"):
                at += 1
                try escape(into: &out)
            default:
                out.append(byte)
                at += 1
            }
        }
    }

    private mutating func escape(into out: inout [UInt8]) throws(Problem) {
        // Problems point at the escape's backslash.
        let backslash = at - 1
        func problem(_ message: String) -> Problem { Problem(line: line, column: backslash - lineStart + 1, message: message) }
        guard let byte = peek else { throw problem("a text ends inside an escape") }
        at += 1
        let simple: [UInt8: UInt8] = [UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F,
                                      UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A,
                                      UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09]
        if let plain = simple[byte] { out.append(plain); return }
        guard byte == UInt8(ascii: "u") else { throw problem("unknown escape '\\\(Self.show(byte))'") }
        var scalar = try hex4()
        if scalar == 0 { throw problem("a NUL character (\\u0000) in a text is refused") }
        if (0xD800...0xDBFF).contains(scalar) {
            guard peek == UInt8(ascii: "\\"), at + 1 < bytes.count, bytes[at + 1] == UInt8(ascii: "u") else {
                throw problem("a lone surrogate escape (\\u\(String(scalar, radix: 16, uppercase: true))) is not a character")
            }
            at += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw problem("a lone surrogate escape is not a character") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(scalar) {
            throw problem("a lone surrogate escape (\\u\(String(scalar, radix: 16, uppercase: true))) is not a character")
        }
        out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
    }

    private mutating func hex4() throws(Problem) -> UInt32 {
        guard at + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16) else {
            throw problem("\\u must be followed by four hexadecimal digits")
        }
        at += 4
        return value
    }

    private mutating func number() throws(Problem) {
        let start = at
        if peek == UInt8(ascii: "-") { at += 1 }
        func digits(_ s: inout StrictJSON) -> Int {
            let from = s.at
            while let b = s.peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) { s.at += 1 }
            return s.at - from
        }
        let whole = digits(&self)
        guard whole > 0, !(whole > 1 && bytes[at - whole] == UInt8(ascii: "0")) else {
            at = start
            throw problem("a number is not written as JSON numbers are")
        }
        if peek == UInt8(ascii: ".") {
            at += 1
            guard digits(&self) > 0 else { throw problem("a number needs digits after its '.'") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            at += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { at += 1 }
            guard digits(&self) > 0 else { throw problem("a number needs digits after its exponent") }
        }
    }

    private mutating func literal(_ word: String) throws(Problem) {
        let expected = Array(word.utf8)
        guard at + expected.count <= bytes.count, Array(bytes[at..<at + expected.count]) == expected else {
            throw problem("unexpected text where a value was expected (true, false, null, a number, a text, a list or an object)")
        }
        at += expected.count
    }

    // MARK: Position

    private var peek: UInt8? { at < bytes.count ? bytes[at] : nil }

    private mutating func skipSpace() {
        while let byte = peek {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): at += 1
            case UInt8(ascii: "\n"): at += 1; line += 1; lineStart = at
            default: return
            }
        }
    }

    private mutating func advanceLines(to offset: Int) {
        for i in 0..<offset where bytes[i] == UInt8(ascii: "\n") { line += 1; lineStart = i + 1 }
        at = offset
    }

    private func problem(_ message: String) -> Problem {
        Problem(line: line, column: at - lineStart + 1, message: message)
    }

    private static func show(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : "0x" + String(byte, radix: 16, uppercase: true)
    }

    /// The offset of the first byte that is not part of valid UTF-8, or nil.
    static func invalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: i += 1; continue
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return i
            }
            guard i + length <= bytes.count else { return i }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            // Overlong forms, surrogates and code points past U+10FFFF.
            if b == 0xE0 && bytes[i + 1] < 0xA0 { return i }
            if b == 0xED && bytes[i + 1] > 0x9F { return i }
            if b == 0xF0 && bytes[i + 1] < 0x90 { return i }
            if b == 0xF4 && bytes[i + 1] > 0x8F { return i }
            i += length
        }
        return nil
    }
}
