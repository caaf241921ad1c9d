import Testing
@testable import PlanModel

/// The built-in format checks, and the profile's check that leans on them.
@Suite struct ValueFormatTests {
    /// Every ASCII character and a few others that are (or are not) Unicode whitespace, alone and inside text.
    static let characters: [Character] = (0..<128).map { Character(Unicode.Scalar(UInt8($0))) }
        + ["\r\n", "\u{85}", "\u{A0}", "\u{1680}", "\u{2003}", "\u{2028}", "\u{202F}", "\u{3000}", "\u{200B}", "é", "\u{1F600}"]

    @Test func whitespaceIsFoundAsCharacterIsWhitespaceFindsIt() {
        for character in Self.characters {
            for text in [String(character), "a\(character)b", "é\(character)", "\(character)é"] {
                #expect(ValueFormat.hasWhitespace(text) == text.contains(where: \.isWhitespace), "\(text.debugDescription)")
            }
        }
        #expect(!ValueFormat.hasWhitespace(""))
    }

    @Test func emailsAndURLsWithAnyWhitespaceAreRefused() {
        #expect(ValueFormat.isEmail("fatima.brown1@example.com"))
        #expect(!ValueFormat.isEmail("fatima brown@example.com"))
        #expect(!ValueFormat.isEmail("fatima\u{A0}brown@example.com"))
        #expect(!ValueFormat.isEmail("fatima@example.com\r\n"))
        #expect(ValueFormat.isEmail("fätima@exämple.com"))
        #expect(ValueFormat.isURL("https://video.example.org.au/clients/C-00001"))
        #expect(!ValueFormat.isURL("https://video.example.org.au/a b"))
        #expect(!ValueFormat.isURL("https://video.example.org.au/\u{2028}"))
        #expect(ValueFormat.isURL("https://exämple.org/é"))
    }

    /// A profile may be incomplete: a required field's blank value passes, any other value is judged by its type.
    @Test func aProfileJudgesARequiredFieldOnlyByItsValue() {
        let profile = ProfileSchema(fields: [])
        let email = FieldDefinition(key: "email", label: "Email", type: .email, required: true)
        #expect(profile.problem(with: .text(""), for: email) == nil)
        #expect(profile.problem(with: .list([]), for: email) == nil)
        #expect(profile.problem(with: .text("  "), for: email) == "Enter a valid email address")
        #expect(profile.problem(with: .text("a@b.c"), for: email) == nil)
        #expect(profile.problem(with: .text("not an email"), for: email) == "Enter a valid email address")
        #expect(profile.problem(with: .integer(3), for: email) == "Email must be \(FieldType.email.valueDescription)")
        let count = FieldDefinition(key: "count", type: .integer, required: true)
        #expect(profile.problem(with: .text("x"), for: count) == "count must be \(FieldType.integer.valueDescription)")
    }
}
