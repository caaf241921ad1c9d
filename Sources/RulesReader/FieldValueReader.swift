import PlanModel
import Foundation

/// Reads a YAML node or a JSON value as the type a field says, so `1990-03-01` stays the text of a date
/// and `5` becomes `.number(5)` for a number field.
///
/// It converts shape only: a value of the right shape but outside the field's options or format (a
/// choice not listed, an impossible date) is returned as read, for `FieldDefinition.problem(with:)`
/// to judge. Null reads as `.success(nil)`: unset.
public enum FieldValueReader {
    /// Reads a YAML node (from `RulesFileReader.parse`) as `field`'s type. Scalars are read from their text,
    /// never from the type YAML would infer.
    public static func read(node: YAMLNode, as field: FieldDefinition) -> Result<FieldValue?, FieldValueError> {
        switch node {
        case .scalar(let scalar):
            if RulesFileReader.isNull(scalar) { return .success(nil) }
            return read(text: scalar.string, as: field, got: RulesFileReader.describe(node))
        case .sequence(let sequence) where field.type == .multiChoice:
            var options: [String] = []
            for element in sequence {
                guard case .scalar(let scalar) = element, !RulesFileReader.isNull(scalar) else {
                    return .failure(FieldValueError("expected a list of options, got \(RulesFileReader.describe(element)) in the list"))
                }
                options.append(scalar.string)
            }
            return .success(.list(options))
        default:
            return .failure(FieldValueError("expected \(expected(field.type)), got \(RulesFileReader.describe(node))"))
        }
    }

    /// Reads a value from `JSONSerialization` (or plain Swift `String`, `Int`, `Double`, `Bool`, `[Any]`,
    /// `NSNull`) as `field`'s type.
    public static func read(json: Any, as field: FieldDefinition) -> Result<FieldValue?, FieldValueError> {
        if json is NSNull { return .success(nil) }
        if let text = json as? String { return read(text: text, as: field, got: quoted(text)) }
        if type(of: json) == Bool.self, let b = json as? Bool { return typed(.boolean(b), as: field, got: String(b)) }
        if type(of: json) == Int.self, let i = json as? Int { return typed(.integer(i), as: field, got: String(i)) }
        if type(of: json) == Double.self, let d = json as? Double { return typed(.number(d), as: field, got: String(d)) }
        if let n = json as? NSNumber {
            let kind = String(cString: n.objCType)
            // JSONSerialization gives booleans as NSNumber of C type `c` (`__NSCFBoolean`).
            if kind == "c" { return typed(.boolean(n.boolValue), as: field, got: String(n.boolValue)) }
            if kind == "d" || kind == "f" || kind == "Q" && n.uint64Value > UInt64(Int.max) {
                return typed(.number(n.doubleValue), as: field, got: n.stringValue)
            }
            return typed(.integer(n.intValue), as: field, got: n.stringValue)
        }
        if let array = json as? [Any] {
            guard field.type == .multiChoice else {
                return .failure(FieldValueError("expected \(expected(field.type)), got a list"))
            }
            var options: [String] = []
            for element in array {
                guard let text = element as? String else {
                    return .failure(FieldValueError("expected a list of options, got \(describeJSON(element)) in the list"))
                }
                options.append(text)
            }
            return .success(.list(options))
        }
        return .failure(FieldValueError("expected \(expected(field.type)), got \(describeJSON(json))"))
    }

    // MARK: Text

    /// Reads the text of a scalar (YAML, a JSON string) as `field`'s type.
    /// `got` (how the value reads in a message) is only worked out for a message.
    static func read(text: String, as field: FieldDefinition, got: @autoclosure () -> String) -> Result<FieldValue?, FieldValueError> {
        switch field.type {
        case .integer:
            guard let i = integer(text) else { return .failure(FieldValueError("expected a whole number, got \(got())")) }
            return .success(.integer(i))
        case .number:
            guard let d = number(text) else { return .failure(FieldValueError("expected a number, got \(got())")) }
            return .success(.number(d))
        case .boolean:
            guard let b = boolean(text) else { return .failure(FieldValueError("expected true or false, got \(got())")) }
            return .success(.boolean(b))
        case .multiChoice:
            return .success(.list([text]))
        case .text, .longText, .date, .choice, .phone, .email, .url:
            return .success(.text(text))
        }
    }

    /// A JSON number or boolean meeting `field`: numbers become text for text kinds, whole numbers integers.
    private static func typed(_ value: FieldValue, as field: FieldDefinition, got: String) -> Result<FieldValue?, FieldValueError> {
        switch (field.type, value) {
        case (.boolean, .boolean), (.integer, .integer), (.number, .number): return .success(value)
        case (.number, .integer(let i)): return .success(.number(Double(i)))
        case (.integer, .number(let d)) where d == d.rounded() && abs(d) < 9e15: return .success(.integer(Int(d)))
        case (.text, .integer), (.text, .number), (.longText, .integer), (.longText, .number),
             (.phone, .integer), (.choice, .integer), (.choice, .number):
            return .success(.text(got))
        default:
            return .failure(FieldValueError("expected \(expected(field.type)), got \(got)"))
        }
    }

    /// `5`, `-3`, `+7`, and `5.0` (a whole number written as a decimal).
    static func integer(_ text: String) -> Int? {
        let t = trimmedOfWhitespace(text)
        if let i = Int(t.hasPrefix("+") ? String(t.dropFirst()) : t) { return i }
        if let d = number(t), d == d.rounded(), abs(d) < 9e15 { return Int(d) }
        return nil
    }

    /// A finite decimal number; no `inf`, `nan` or hexadecimal.
    static func number(_ text: String) -> Double? {
        let t = trimmedOfWhitespace(text)
        guard !t.isEmpty, t.allSatisfy({ "0123456789+-.eE".contains($0) }), let d = Double(t), d.isFinite else { return nil }
        return d
    }

    /// `text` without leading and trailing `.whitespaces`. Text that starts and ends with a visible ASCII
    /// character (nearly all of it) is returned as it is, without Foundation's trimming (a measurable share of
    /// reading a fixture).
    static func trimmedOfWhitespace(_ text: String) -> String {
        if let first = text.utf8.first, let last = text.utf8.last, isVisibleASCII(first), isVisibleASCII(last) { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// True when `text` is empty or only `.whitespacesAndNewlines`; as `trimmingCharacters(in:).isEmpty`,
    /// answered at once for text that starts with a visible ASCII character.
    package static func isBlank(_ text: String) -> Bool {
        if let first = text.utf8.first, isVisibleASCII(first) { return false }
        return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    private static func isVisibleASCII(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }

    /// YAML's booleans: `true`/`false` and `yes`/`no`, in any case.
    static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: return nil
        }
    }

    static func expected(_ type: FieldType) -> String {
        switch type {
        case .text, .longText, .phone, .email, .url, .choice: return "text"
        case .date: return "a date (YYYY-MM-DD)"
        case .integer: return "a whole number"
        case .number: return "a number"
        case .boolean: return "true or false"
        case .multiChoice: return "a list of options"
        }
    }

    private static func quoted(_ text: String) -> String { text.count > 40 ? "'\(text.prefix(40))…'" : "'\(text)'" }

    private static func describeJSON(_ value: Any) -> String {
        switch value {
        case is [Any]: return "a list"
        case is [String: Any]: return "an object"
        case is NSNull: return "null"
        default: return "'\(value)'"
        }
    }
}
