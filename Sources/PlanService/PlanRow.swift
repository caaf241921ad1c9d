import PlanModel

/// A plan in a list, as every front end shows it: who, which template, where in
/// its life. Every key is always present (null when unset), like a plan's own body.
public struct PlanRow: Sendable, Encodable {
    public let id: String, client: String, template: String, templateVersion: Int, status: String
    public let previousPlan: String?, activationDate: String?, expiryDate: String?, created: String

    public init(_ p: SupportPlan) {
        id = p.id; client = p.clientID; template = p.templateID; templateVersion = p.templateVersion
        status = p.status.rawValue; previousPlan = p.previousPlanID; activationDate = p.activationDate
        expiryDate = p.expiryDate; created = p.createdOn
    }

    enum CodingKeys: String, CodingKey {
        case id, client, template, templateVersion = "template_version", status, previousPlan = "previous_plan"
        case activationDate = "activation_date", expiryDate = "expiry_date", created
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(client, forKey: .client); try c.encode(template, forKey: .template)
        try c.encode(templateVersion, forKey: .templateVersion); try c.encode(status, forKey: .status)
        try c.encode(previousPlan, forKey: .previousPlan); try c.encode(activationDate, forKey: .activationDate)
        try c.encode(expiryDate, forKey: .expiryDate); try c.encode(created, forKey: .created)
    }
}

/// An item's create-new form as every front end shows it: record type, fields, defaults, rule errors.
public struct FormView: Sendable, Encodable {
    public let recordType: String
    public let fields: [FieldDefinition]
    public let defaults: FieldValues
    public let errors: [String]

    public init(recordType: RecordType, form: FormOutcome) {
        self.recordType = recordType.key; fields = form.fields; defaults = form.defaults; errors = form.errors.map(\.description)
    }

    enum CodingKeys: String, CodingKey { case recordType = "record_type", fields, defaults, errors }
}
