import PlanModel

/// The profile and record types one template version's plans are read with.
public struct VersionCatalogs: Sendable {
    public var profile: ProfileSchema
    public var recordTypes: RecordTypeCatalog
    /// True when they are the version's own (kept at publish); false when the version predates that and
    /// the Rules folder's current files stand in.
    public var fromVersion: Bool
}
