/// The organisation-wide client profile fields of `profile.yaml`.
public struct ProfileSchema: Hashable, Sendable, Codable {
    public var fields: [FieldDefinition]
    private var index: [String: Int]

    public init(fields: [FieldDefinition]) {
        self.fields = fields
        self.index = Dictionary(fields.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func field(_ key: String) -> FieldDefinition? { index[key].map { fields[$0] } }

    /// Where the field `key` is in `fields`, for a caller that reads it in place rather than copying it out.
    public func position(of key: String) -> Int? { index[key] }
}
