import Testing
@testable import PlanStore

@Suite struct ContentHashTests {
    @Test func theContentHashIsSHA256OfTheTextsAndSeparatesTheirParts() throws {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        let a = StoredTemplateVersion.contentHash(manifest: "ab", rulesSource: "c", libraries: [:])
        let b = StoredTemplateVersion.contentHash(manifest: "a", rulesSource: "bc", libraries: [:])
        let empty = StoredTemplateVersion.contentHash(manifest: "a", rulesSource: "", libraries: [:])
        let none = StoredTemplateVersion.contentHash(manifest: "a", rulesSource: nil, libraries: [:])
        #expect(a != b && empty != none)
    }
}
