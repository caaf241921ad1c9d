/// One published version of a template exactly as it was published: the texts plans made from it are evaluated with.
public struct StoredTemplateVersion: Hashable, Sendable, Codable {
    public var id: String
    public var version: Int
    /// The text of `template.yaml`.
    public var manifest: String
    /// The text of `rules.lua`, nil when the template has none.
    public var rulesSource: String?
    /// Shared Lua libraries the rules use, by name (`carelib`) → source text.
    public var libraries: [String: String]
    /// SHA-256 (hex) over the manifest, rules and libraries; equal content has an equal hash.
    public var hash: String
    public var publishedAt: String

    public init(id: String, version: Int, manifest: String, rulesSource: String?, libraries: [String: String],
                hash: String, publishedAt: String) {
        self.id = id; self.version = version; self.manifest = manifest; self.rulesSource = rulesSource
        self.libraries = libraries; self.hash = hash; self.publishedAt = publishedAt
    }

    /// The content hash of a template's texts: SHA-256 over each part's name, byte length and text, libraries in name order.
    public static func contentHash(manifest: String, rulesSource: String?, libraries: [String: String]) -> String {
        var hasher = SHA256()
        func part(_ name: String, _ text: String?) {
            hasher.update(name.utf8)
            hasher.update([0])
            if let text {
                hasher.update(String(text.utf8.count).utf8)
                hasher.update([0x3A])
                hasher.update(text.utf8)
            } else {
                hasher.update("none".utf8)
            }
            hasher.update([0])
        }
        part("template.yaml", manifest)
        part("rules.lua", rulesSource)
        for name in libraries.keys.sorted() { part("lib/" + name, libraries[name]) }
        return hasher.finalizeHex()
    }
}
