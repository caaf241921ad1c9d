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
    /// The text of the `profile.yaml` the version was published against: its plans are shown and
    /// evaluated with these profile fields, whatever the Rules folder says later. Nil for a version
    /// published before versions kept it; such a version reads the Rules folder's current file.
    public var profileSource: String?
    /// The text of the `record-types.yaml` the version was published against; nil as for `profileSource`.
    public var recordTypesSource: String?
    /// SHA-256 (hex) over the manifest, rules, libraries and the two catalogs; equal content has an equal hash.
    public var hash: String
    public var publishedAt: String

    public init(id: String, version: Int, manifest: String, rulesSource: String?, libraries: [String: String],
                profileSource: String? = nil, recordTypesSource: String? = nil, hash: String, publishedAt: String) {
        self.id = id; self.version = version; self.manifest = manifest; self.rulesSource = rulesSource
        self.libraries = libraries; self.profileSource = profileSource; self.recordTypesSource = recordTypesSource
        self.hash = hash; self.publishedAt = publishedAt
    }

    /// Whether the version carries the profile and record types it was published against.
    public var hasCatalogs: Bool { profileSource != nil && recordTypesSource != nil }

    /// The content hash of a template's texts: SHA-256 over each part's name, byte length and text,
    /// libraries in name order, then the catalogs when given (so a version without them hashes as before).
    public static func contentHash(manifest: String, rulesSource: String?, libraries: [String: String],
                                   profileSource: String? = nil, recordTypesSource: String? = nil) -> String {
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
        if let profileSource { part("profile.yaml", profileSource) }
        if let recordTypesSource { part("record-types.yaml", recordTypesSource) }
        return hasher.finalizeHex()
    }
}
