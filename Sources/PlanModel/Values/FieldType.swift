/// The type of a profile, record or item field, as written in YAML.
public enum FieldType: String, Codable, Sendable, CaseIterable {
    case text, longText = "long_text", number, integer, boolean, date, choice
    case multiChoice = "multi_choice", phone, email, url

    /// Choice types must carry `options`.
    public var needsOptions: Bool { self == .choice || self == .multiChoice }
}
