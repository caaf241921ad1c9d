import Testing
@testable import PlanStore

/// Publishing a template stores a version only when its texts changed, in every store.
@Suite struct ConformancePublishingTests {
    private func publish(_ store: any PlanStore, manifest: String = "id: t\n", rules: String? = "return {}\n",
                         libraries: [String: String] = ["carelib": "return {}\n"], now: String = "2025-01-01") throws
        -> (version: Int, created: Bool) {
        try store.write { try $0.publish(templateID: "t", manifest: manifest, rulesSource: rules, libraries: libraries, now: now) }
    }

    @Test(arguments: StoreKind.underTest)
    func publishingUnchangedContentAddsNoVersion(kind: StoreKind) throws {
        let db = try kind.make()
        #expect(try publish(db.store) == (1, true))
        #expect(try publish(db.store, now: "2025-02-01") == (1, false))
        #expect(try db.store.read { try $0.latestTemplateVersion(id: "t")?.publishedAt } == "2025-01-01")
    }

    static let changes: [(String, String, String?, [String: String])] = [
        ("manifest", "id: t\nname: T\n", "return {}\n", ["carelib": "return {}\n"]),
        ("rules", "id: t\n", "return { x = 1 }\n", ["carelib": "return {}\n"]),
        ("no rules", "id: t\n", nil, ["carelib": "return {}\n"]),
        ("library text", "id: t\n", "return {}\n", ["carelib": "return { 1 }\n"]),
        ("library added", "id: t\n", "return {}\n", ["carelib": "return {}\n", "dates": ""]),
        ("library removed", "id: t\n", "return {}\n", [:]),
    ]

    @Test(arguments: StoreKind.underTest, changes.indices)
    func publishingChangedContentAddsAVersion(kind: StoreKind, change: Int) throws {
        let (_, manifest, rules, libraries) = Self.changes[change]
        let db = try kind.make()
        _ = try publish(db.store)
        #expect(try publish(db.store, manifest: manifest, rules: rules, libraries: libraries) == (2, true))
        let latest = try #require(try db.store.read { try $0.latestTemplateVersion(id: "t") })
        #expect(latest.version == 2 && latest.manifest == manifest && latest.rulesSource == rules && latest.libraries == libraries)
        // Version 1 keeps the texts it was published with.
        #expect(try db.store.read { try $0.templateVersion(id: "t", version: 1)?.rulesSource } == "return {}\n")
    }

    @Test(arguments: StoreKind.underTest)
    func versionsAreNumberedPerTemplate(kind: StoreKind) throws {
        let db = try kind.make()
        try db.store.write { (tx) throws in
            #expect(try tx.publish(templateID: "b", manifest: "1", rulesSource: nil, libraries: [:], now: "n") == (1, true))
            #expect(try tx.publish(templateID: "a", manifest: "1", rulesSource: nil, libraries: [:], now: "n") == (1, true))
            #expect(try tx.publish(templateID: "a", manifest: "2", rulesSource: nil, libraries: [:], now: "n") == (2, true))
        }
        #expect(try db.store.read { try $0.templateIDs() } == ["a", "b"])
        #expect(try db.store.read { try $0.latestTemplateVersion(id: "c") } == nil)
    }
}
