import Testing
@testable import LuaBridge

/// `LuaFlatTable.isUTF8(of:_:)`, how a default's answer is matched to a field's key and to the memo's text: the
/// same bytes, not the same String to Swift's `==`.
@Suite struct UTF8BytesTests {
    static func same(_ text: String, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { LuaFlatTable.isUTF8(of: text, $0) }
    }

    @Test(arguments: ["", "value", "Dr Helen Cho", "a_field_with_a_long_key_1", "caf\u{E9}", "cafe\u{301}"])
    func aTextIsItsOwnBytes(text: String) {
        #expect(Self.same(text, Array(text.utf8)))
    }

    /// Short (held in the String itself) and long (held in its storage): a byte changed first, last, or one more.
    @Test(arguments: ["value", "a_field_with_a_long_key_1"])
    func otherBytesAreNotTheText(text: String) {
        var first = Array(text.utf8), last = Array(text.utf8)
        first[0] ^= 1
        last[last.count - 1] ^= 1
        #expect(!Self.same(text, first))
        #expect(!Self.same(text, last))
        #expect(!Self.same(text, Array(text.utf8) + [UInt8(ascii: "x")]))
        #expect(!Self.same(text, Array(text.utf8.dropLast())))
        #expect(!Self.same(text, []))
    }

    /// "é" as one code point and as "e" and a combining accent: equal to Swift, other bytes.
    @Test func canonicallyEqualTextOfOtherBytesIsNotTheText() {
        #expect("caf\u{E9}" == "cafe\u{301}")
        #expect(!Self.same("caf\u{E9}", Array("cafe\u{301}".utf8)))
        #expect(!Self.same("cafe\u{301}", Array("caf\u{E9}".utf8)))
    }
}
