/// What each role may link and create, per record type, from the optional `Rules/permissions.yaml`.
///
/// It only narrows: a role the file does not mention (or an action it leaves out) keeps the right its
/// role gives for every record type. `coordinator: { create: [care_contact], link: all }` lets
/// coordinators create care contacts only, and link records of every type.
public struct RecordPermissions: Sendable, Equatable {
    /// The two per-record-type rights.
    public enum Right: String, Sendable, CaseIterable {
        case link, create
    }

    /// The record types a right covers.
    public enum Scope: Sendable, Equatable {
        case all
        case only(Set<String>)

        public func covers(_ recordType: String) -> Bool {
            switch self {
            case .all: return true
            case .only(let types): return types.contains(recordType)
            }
        }
    }

    /// Role → right → scope; what is missing is `.all`.
    public var scopes: [Role: [Right: Scope]]

    public init(scopes: [Role: [Right: Scope]] = [:]) { self.scopes = scopes }

    /// No narrowing at all: the rights of a Rules folder without permissions.yaml.
    public static let unrestricted = RecordPermissions()

    /// Whether `role` may use `right` on records of `recordType`, as far as this file says.
    public func allows(_ role: Role, _ right: Right, _ recordType: String) -> Bool {
        (scopes[role]?[right] ?? .all).covers(recordType)
    }
}
