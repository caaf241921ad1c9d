/// What a store location (the value a front end is given, e.g. `SUPPORTPLAN_DB`) names: a SQLite file, a PostgreSQL
/// server, or a throwaway store in memory.
public enum StoreLocation: Hashable, Sendable {
    /// A SQLite database file (the default): any value that is not one of the others.
    case file(path: String)
    /// A PostgreSQL database: `postgres://USER[:PASS]@HOST[:PORT]/DB[?options]` (or `postgresql://`).
    case postgres(url: String)
    /// `memory:` — an empty store that lives as long as the process; for trying things and tests.
    case memory

    public init(_ value: String) {
        if value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") {
            self = .postgres(url: value)
        } else if value == "memory:" {
            self = .memory
        } else {
            self = .file(path: value)
        }
    }
}
