import Foundation
import PlanStore

/// Published template versions by template and version number, each read from the store once per
/// service instead of on every plan read (the row holds the manifest, rules, libraries and catalogs:
/// the biggest of the rows a read loads).
///
/// **Why this is safe.** A published version never changes. Every store writes template versions
/// only by inserting a new one in `publish` (SQLite, PostgreSQL and the memory store alike); none
/// updates or deletes a version, and the migrations only add columns. A version is cached only once a
/// transaction has read it, and no operation loads a plan in the transaction that publishes its
/// version, so what is cached was committed: the same row every later transaction — of this process
/// or another sharing the database — reads. The rules cache already keys its parsed templates and
/// engines by template and version on the same ground.
///
/// Unbounded, like the rules cache: it holds the versions plans are read from, a handful per
/// template. A version that is not found is not remembered.
public final class TemplateVersionCache: @unchecked Sendable {
    private struct Key: Hashable {
        var template: String
        var version: Int
    }

    /// Guards `versions` and `reads`; the `@unchecked Sendable` rests on it.
    private let lock = NSLock()
    private var versions: [Key: StoredTemplateVersion] = [:]
    private var reads = 0

    public init() {}

    /// How many times a version was read from the store: for tests (count reads, not time).
    public var storeReads: Int { lock.withLock { reads } }

    /// Version `version` of template `id`: the cached row, or `tx`'s, then kept.
    func version(id: String, version: Int, _ tx: any StoreReader) throws -> StoredTemplateVersion? {
        let key = Key(template: id, version: version)
        if let found = lock.withLock({ versions[key] }) { return found }
        let stored = try tx.templateVersion(id: id, version: version)
        lock.withLock {
            reads += 1
            if let stored { versions[key] = stored }
        }
        return stored
    }
}
