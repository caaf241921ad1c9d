/// A person who receives services: an id, a name and a profile typed by `profile.yaml`.
public struct Client: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var profile: FieldValues
    /// The client's latest support plan, set when a plan is activated.
    public var latestPlanID: String?

    public init(id: String, name: String, profile: FieldValues = [:], latestPlanID: String? = nil) {
        self.id = id; self.name = name; self.profile = profile; self.latestPlanID = latestPlanID
    }
}

/// Something related to a client: a care contact, a medication, a risk assessment…
public struct ClientRecord: Hashable, Sendable, Codable {
    public var id: String
    public var type: String
    public var clientID: String
    public var fields: FieldValues

    public init(id: String, type: String, clientID: String, fields: FieldValues = [:]) {
        self.id = id; self.type = type; self.clientID = clientID; self.fields = fields
    }
}
