import Testing
@testable import PlanStore

@Suite struct PublishingTests {
    private func publish(_ store: SQLitePlanStore, manifest: String = "id: t\n", rules: String? = "return {}\n",
                         libraries: [String: String] = ["carelib": "return {}\n"], now: String = "2025-01-01") throws
        -> (version: Int, created: Bool) {
        try store.write { try $0.publish(templateID: "t", manifest: manifest, rulesSource: rules, libraries: libraries, now: now) }
    }

    @Test func publishingUnchangedContentAddsNoVersion() throws {
        let fixture = try StoreFixture()
        #expect(try publish(fixture.store) == (1, true))
        #expect(try publish(fixture.store, now: "2025-02-01") == (1, false))
        #expect(try fixture.store.read { try $0.latestTemplateVersion(id: "t")?.publishedAt } == "2025-01-01")
    }

    @Test(arguments: [
        ("manifest", "id: t\nname: T\n", "return {}\n", ["carelib": "return {}\n"]),
        ("rules", "id: t\n", "return { x = 1 }\n", ["carelib": "return {}\n"]),
        ("no rules", "id: t\n", nil, ["carelib": "return {}\n"]),
        ("library text", "id: t\n", "return {}\n", ["carelib": "return { 1 }\n"]),
        ("library added", "id: t\n", "return {}\n", ["carelib": "return {}\n", "dates": ""]),
        ("library removed", "id: t\n", "return {}\n", [:]),
    ] as [(String, String, String?, [String: String])])
    func publishingChangedContentAddsAVersion(change: String, manifest: String, rules: String?, libraries: [String: String]) throws {
        let fixture = try StoreFixture()
        _ = try publish(fixture.store)
        #expect(try publish(fixture.store, manifest: manifest, rules: rules, libraries: libraries) == (2, true))
        let latest = try #require(try fixture.store.read { try $0.latestTemplateVersion(id: "t") })
        #expect(latest.version == 2 && latest.manifest == manifest && latest.rulesSource == rules && latest.libraries == libraries)
        // Version 1 keeps the texts it was published with.
        #expect(try fixture.store.read { try $0.templateVersion(id: "t", version: 1)?.rulesSource } == "return {}\n")
    }

    @Test func versionsAreNumberedPerTemplate() throws {
        let fixture = try StoreFixture()
        try fixture.store.write { (tx) throws in
            #expect(try tx.publish(templateID: "b", manifest: "1", rulesSource: nil, libraries: [:], now: "n") == (1, true))
            #expect(try tx.publish(templateID: "a", manifest: "1", rulesSource: nil, libraries: [:], now: "n") == (1, true))
            #expect(try tx.publish(templateID: "a", manifest: "2", rulesSource: nil, libraries: [:], now: "n") == (2, true))
        }
        #expect(try fixture.store.read { try $0.templateIDs() } == ["a", "b"])
        #expect(try fixture.store.read { try $0.latestTemplateVersion(id: "c") } == nil)
    }

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
