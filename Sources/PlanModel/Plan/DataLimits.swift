/// The documented bounds on what files and commands may ask for (docs/limits.md lists each one, its
/// value and what happens past it). Checked where the data enters, so no count or id runs into
/// `Int` overflow and no file makes work grow past what these allow.
public enum DataLimits {
    /// The largest number in a record or plan id (`CC-999999999`); a series that reaches it hands out no more.
    public static let idNumber = 999_999_999
    /// The largest instance number of one item (`key#1000`), so Add Another stops there too.
    public static let instancesPerItem = 1_000
    /// The largest file of a Rules folder that is read (template.yaml, rules.lua, lib modules, catalogs).
    public static let rulesFileBytes = 1 << 20
    /// The most items one template may have, over all its sections; each is evaluated on every change.
    public static let itemsPerTemplate = 500
    /// The most values one YAML document may hold, counting each use of an alias (an alias bomb stops here).
    public static let yamlNodes = 200_000
    /// The longest text value (in UTF-8 bytes) a file or import may give a field, name or id.
    public static let textBytes = 65_536
    /// The largest fixture file that is read.
    public static let fixtureFileBytes = 2 << 20
    /// The most steps one fixture may take; each re-evaluates the plan, so run time grows with this linearly.
    public static let stepsPerFixture = 10_000
    /// The most records a fixture's client may have.
    public static let recordsPerClient = 10_000
}
