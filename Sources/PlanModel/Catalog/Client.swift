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

    enum CodingKeys: String, CodingKey { case id, name, profile, latestPlanID = "latest_plan_id" }

    // Every key always present (`null` when unset), so readers see one shape for every client.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(name, forKey: .name); try c.encode(profile, forKey: .profile)
        try c.encode(latestPlanID, forKey: .latestPlanID)
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
