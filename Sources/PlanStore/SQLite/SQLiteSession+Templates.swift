import GRDB
import PlanModel

extension SQLiteSession {
    private static let templateColumns = "template_id, version, manifest, rules_source, libraries, hash, published_at, profile_source, record_types_source"

    func templateVersion(id: String, version: Int) throws -> StoredTemplateVersion? {
        let statement = try db.cachedStatement(sql: """
            SELECT \(Self.templateColumns) FROM template_version WHERE template_id = ? AND version = ?
            """)
        return try Row.fetchOne(statement, arguments: [id, version]).map(templateVersion(from:))
    }

    func latestTemplateVersion(id: String) throws -> StoredTemplateVersion? {
        let statement = try db.cachedStatement(sql: """
            SELECT \(Self.templateColumns) FROM template_version WHERE template_id = ? ORDER BY version DESC LIMIT 1
            """)
        return try Row.fetchOne(statement, arguments: [id]).map(templateVersion(from:))
    }

    func templateIDs() throws -> [String] {
        try String.fetchAll(db, sql: "SELECT DISTINCT template_id FROM template_version ORDER BY template_id")
    }

    func publish(templateID: String, manifest: String, rulesSource: String?, libraries: [String: String],
                 profileSource: String?, recordTypesSource: String?, now: String) throws -> (version: Int, created: Bool) {
        let hash = StoredTemplateVersion.contentHash(manifest: manifest, rulesSource: rulesSource, libraries: libraries,
                                                     profileSource: profileSource, recordTypesSource: recordTypesSource)
        let latest = try latestTemplateVersion(id: templateID)
        if let latest, latest.hash == hash { return (latest.version, false) }
        let version = (latest?.version ?? 0) + 1
        let librariesJSON = try encoded(libraries.mapValues(FieldValue.text), "the libraries of template '\(templateID)'")
        try db.execute(sql: "INSERT INTO template_version (\(Self.templateColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       arguments: [templateID, version, manifest, rulesSource, librariesJSON, hash, now, profileSource, recordTypesSource])
        return (version, true)
    }

    private func templateVersion(from row: Row) throws -> StoredTemplateVersion {
        let id: String = row[0]
        let version: Int = row[1]
        let what = "the libraries of version \(version) of template '\(id)'"
        var libraries: [String: String] = [:]
        for (name, value) in try decoded(row[4], what) {
            guard let text = value.textValue else { throw StoreError.corrupt("Cannot read \(what): '\(name)' is not text") }
            libraries[name] = text
        }
        return StoredTemplateVersion(id: id, version: version, manifest: row[2], rulesSource: row[3], libraries: libraries,
                                     profileSource: row[7], recordTypesSource: row[8], hash: row[5], publishedAt: row[6])
    }
}
