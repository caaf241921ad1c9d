/// One field of the profile, a record type, a `fields` item or a create-new form.
public struct FieldDefinition: Hashable, Sendable, Codable {
    public var key: String
    public var label: String?
    public var type: FieldType
    public var required: Bool
    public var options: [String]
    public var defaultValue: FieldValue?
    public var help: String?

    public init(key: String, label: String? = nil, type: FieldType, required: Bool = false,
                options: [String] = [], defaultValue: FieldValue? = nil, help: String? = nil) {
        self.key = key; self.label = label; self.type = type; self.required = required
        self.options = options; self.defaultValue = defaultValue; self.help = help
    }

    /// The label people see; the key when no label is given.
    public var displayLabel: String { label ?? key }

    /// The built-in check of one value: nil when acceptable, else the message a person reads.
    /// A nil or blank value fails only a required field.
    public func problem(with value: FieldValue?) -> String? {
        problem(with: value, requiring: false)
    }

    /// `problem(with:)` of the field as an item that requires it checks it (`TemplateItem.effectiveField`),
    /// without a copy of the field made to say so.
    func problem(with value: FieldValue?, requiring: Bool) -> String? {
        guard let value, !value.isBlank else {
            return required || requiring ? "\(displayLabel) is required" : nil
        }
        if type.acceptsAsIs(value) { return nil }
        switch (type, value) {
        case (.date, .text(let s)):
            return CalendarDate(s) == nil ? "Enter a valid date (YYYY-MM-DD)" : nil
        case (.choice, .text(let s)):
            return options.contains(s) ? nil : "Choose one of: \(options.joined(separator: ", "))"
        case (.multiChoice, .list(let l)):
            let bad = l.filter { !options.contains($0) }
            return bad.isEmpty ? nil : "Choose from: \(options.joined(separator: ", "))"
        case (.phone, .text(let s)): return ValueFormat.isPhone(s) ? nil : "Enter a valid phone number"
        case (.email, .text(let s)): return ValueFormat.isEmail(s) ? nil : "Enter a valid email address"
        case (.url, .text(let s)): return ValueFormat.isURL(s) ? nil : "Enter a valid URL"
        default:
            return "\(displayLabel) must be \(type.valueDescription)"
        }
    }

    /// Reads a value typed on a command line or in a fixture (`FIELD=VALUE`) as this field's type.
    /// Empty text unsets the field (nil). Throws a message when the text cannot be this type.
    public func parse(_ text: String) throws(FieldValueError) -> FieldValue? {
        if text.isEmpty { return nil }
        switch type {
        case .integer:
            guard let i = Int(text) else { throw FieldValueError("\(displayLabel): '\(text)' is not a whole number") }
            return .integer(i)
        case .number:
            guard let d = Double(text), d.isFinite else { throw FieldValueError("\(displayLabel): '\(text)' is not a number") }
            return .number(d)
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "y", "1": return .boolean(true)
            case "false", "no", "n", "0": return .boolean(false)
            default: throw FieldValueError("\(displayLabel): '\(text)' is not yes or no")
            }
        case .multiChoice:
            return .list(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        default:
            return .text(text)
        }
    }

    /// Converts a loosely typed value (from YAML or JSON) to this field's type where that is lossless.
    public func coerce(_ value: FieldValue) -> FieldValue {
        switch (type, value) {
        case (.number, .integer(let i)): return .number(Double(i))
        case (.integer, .number(let d)) where d == d.rounded() && abs(d) < 9e15: return .integer(Int(d))
        case (.multiChoice, .text(let s)): return .list([s])
        case (.text, .integer(let i)), (.longText, .integer(let i)), (.phone, .integer(let i)): return .text(String(i))
        case (.text, .number(let d)), (.longText, .number(let d)): return .text(FieldValue.number(d).displayText)
        default: return value
        }
    }
}

/// A value that could not be read as its field's type.
public struct FieldValueError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension FieldType {
    /// A non-blank value of this type with nothing more to check (no format, no options): the built-in check
    /// passes it knowing only the field's type, without reading (or copying) the rest of its definition.
    @inline(__always)
    func acceptsAsIs(_ value: FieldValue) -> Bool {
        switch (self, value) {
        case (.text, .text), (.longText, .text), (.integer, .integer), (.number, .number), (.number, .integer),
             (.boolean, .boolean): return true
        default: return false
        }
    }

    var valueDescription: String {
        switch self {
        case .text, .longText: return "text"
        case .number: return "a number"
        case .integer: return "a whole number"
        case .boolean: return "yes or no"
        case .date: return "a date (YYYY-MM-DD)"
        case .choice: return "one of its options"
        case .multiChoice: return "a list of its options"
        case .phone: return "a phone number"
        case .email: return "an email address"
        case .url: return "a URL"
        }
    }
}
import Foundation
