/// What an item asks of the coordinator.
public enum ItemKind: String, Codable, Sendable, CaseIterable {
    /// Reviews or records client profile fields; values live in the profile.
    case profile
    /// Links existing client records or creates new ones.
    case records
    /// Plan-specific information held by the plan.
    case fields
    /// A client-specific video guidance link for workers.
    case video
}

/// What a `records` item lets the coordinator do.
public enum RecordAction: String, Codable, Sendable { case link, create }

/// One item of a template section.
public struct TemplateItem: Hashable, Sendable, Codable {
    public var key: String
    public var title: String
    public var kind: ItemKind
    /// `profile`: the profile fields it shows (resolved from profile.yaml); `fields`: its own fields.
    public var fields: [FieldDefinition]
    /// `profile`: the fields must be non-blank to complete.
    public var required: Bool
    public var recordType: String?
    public var actions: [RecordAction]
    public var min: Int
    public var max: Int?
    public var repeatable: Bool
    public var skippable: Bool
    public var guidance: Guidance?
    /// `video`: the template's default link.
    public var url: String?

    public init(key: String, title: String, kind: ItemKind, fields: [FieldDefinition] = [], required: Bool = false,
                recordType: String? = nil, actions: [RecordAction] = [.link, .create], min: Int = 0, max: Int? = nil,
                repeatable: Bool = false, skippable: Bool = true, guidance: Guidance? = nil, url: String? = nil) {
        self.key = key; self.title = title; self.kind = kind; self.fields = fields; self.required = required
        self.recordType = recordType; self.actions = actions; self.min = min; self.max = max
        self.repeatable = repeatable; self.skippable = skippable; self.guidance = guidance; self.url = url
    }

    public func field(_ key: String) -> FieldDefinition? { fields.first { $0.key == key } }

    /// The field as this item checks it: a `profile` item with `required: true` requires every field it shows.
    public func effectiveField(_ field: FieldDefinition) -> FieldDefinition {
        guard kind == .profile, required else { return field }
        var f = field
        f.required = true
        return f
    }
}
