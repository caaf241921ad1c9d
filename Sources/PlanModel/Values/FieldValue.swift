import Foundation

/// A value held by a profile field, a record field or a plan item field.
///
/// Unset is represented by absence from the dictionary that holds values, never by a case.
public enum FieldValue: Hashable, Sendable {
    case text(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case list([String])

    /// Blank in the sense of `sp.blank`: an empty string or an empty list. Whitespace is not blank.
    public var isBlank: Bool {
        switch self {
        case .text(let s): return s.isEmpty
        case .list(let l): return l.isEmpty
        default: return false
        }
    }

    /// The value as a person reads it in text output.
    public var displayText: String {
        switch self {
        case .text(let s): return s
        case .integer(let i): return String(i)
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : String(d)
        case .boolean(let b): return b ? "yes" : "no"
        case .list(let l): return l.joined(separator: ", ")
        }
    }

    public var textValue: String? {
        if case .text(let s) = self { return s }
        return nil
    }
}

extension FieldValue: Codable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .boolean(b); return }
        if let i = try? c.decode(Int.self) { self = .integer(i); return }
        if let d = try? c.decode(Double.self) { self = .number(d); return }
        if let s = try? c.decode(String.self) { self = .text(s); return }
        if let l = try? c.decode([String].self) { self = .list(l); return }
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a text, number, boolean or list of texts")
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .text(let s): try c.encode(s)
        case .integer(let i): try c.encode(i)
        case .number(let d): try c.encode(d)
        case .boolean(let b): try c.encode(b)
        case .list(let l): try c.encode(l)
        }
    }
}

/// Field values by field key.
public typealias FieldValues = [String: FieldValue]
