import PlanModel

/// `ctx.section`'s tables of one engine, by section key: made once, then handed to every evaluation (each is a
/// shared table source, built once per runtime).
final class SectionTableCache {
    private var tables: [String: SectionTable] = [:]
    private var made = 0

    /// The table of the section of `key` and `title`; a new one when the engine's table of that key says something else (another
    /// template's section of the same key), so a table never shows a title it was not given.
    func table(key: String, title: String, names: ContextNames) -> SectionTable {
        if let cached = tables[key], cached.title == title { return cached }
        made += 1
        let table = SectionTable(key: key, title: title, names: names, serial: made)
        tables[key] = table
        return table
    }
}
