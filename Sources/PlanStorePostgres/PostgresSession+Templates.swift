import PlanModel
import PlanStore
import PostgresNIO

extension PostgresSession {
    func templateVersion(id: String, version: Int) throws -> StoredTemplateVersion? {
        try run("""
            SELECT template_id, version, manifest, rules_source, libraries, hash, published_at, profile_source, record_types_source
            FROM template_version WHERE template_id = \(id) AND version = \(version)
            """).first.map(templateVersion(from:))
    }

    func latestTemplateVersion(id: String) throws -> StoredTemplateVersion? {
        try run("""
            SELECT template_id, version, manifest, rules_source, libraries, hash, published_at, profile_source, record_types_source
            FROM template_version WHERE template_id = \(id) ORDER BY version DESC LIMIT 1
            """).first.map(templateVersion(from:))
    }

    func templateIDs() throws -> [String] {
        try run("SELECT DISTINCT template_id FROM template_version ORDER BY template_id").map { try value($0, String.self) }
    }

    func publish(templateID: String, manifest: String, rulesSource: String?, libraries: [String: String],
                 profileSource: String?, recordTypesSource: String?, now: String) throws -> (version: Int, created: Bool) {
        let hash = StoredTemplateVersion.contentHash(manifest: manifest, rulesSource: rulesSource, libraries: libraries,
                                                     profileSource: profileSource, recordTypesSource: recordTypesSource)
        let latest = try latestTemplateVersion(id: templateID)
        if let latest, latest.hash == hash { return (latest.version, false) }
        let version = (latest?.version ?? 0) + 1
        let librariesJSON = try StoreRefusals.encoded(libraries.mapValues(FieldValue.text), "the libraries of template '\(templateID)'")
        try run("""
            INSERT INTO template_version (template_id, version, manifest, rules_source, libraries, hash, published_at,
                                          profile_source, record_types_source)
            VALUES (\(templateID), \(version), \(manifest), \(rulesSource), \(librariesJSON), \(hash), \(now),
                    \(profileSource), \(recordTypesSource))
            """)
        return (version, true)
    }

    private func templateVersion(from row: PostgresRow) throws -> StoredTemplateVersion {
        let (id, version, manifest, rules, librariesJSON, hash, published, profile, recordTypes)
            = try decode(row, (String, Int, String, String?, String, String, String, String?, String?).self)
        let what = "the libraries of version \(version) of template '\(id)'"
        var libraries: [String: String] = [:]
        for (name, value) in try StoreRefusals.decoded(librariesJSON, what) {
            guard let text = value.textValue else { throw StoreError.corrupt("Cannot read \(what): '\(name)' is not text") }
            libraries[name] = text
        }
        return StoredTemplateVersion(id: id, version: version, manifest: manifest, rulesSource: rules, libraries: libraries,
                                     profileSource: profile, recordTypesSource: recordTypes, hash: hash, publishedAt: published)
    }
}
