import LuaBridge
import PlanModel

extension FieldValue {
    /// The value as rules see it in Lua: text kinds as strings, integers as integers,
    /// numbers as floats, booleans, `multi_choice` as a list of strings.
    var luaValue: LuaValue {
        switch self {
        case .text(let s): return .string(s)
        case .integer(let i): return .integer(Int64(i))
        case .number(let d): return .number(d)
        case .boolean(let b): return .boolean(b)
        case .list(let l): return l.isEmpty ? .map([:]) : .list(l.map { .string($0) })
        }
    }
}

extension LuaTableWriter {
    /// Sets `key` to a field's value as `FieldValue.luaValue` shows it, scalars written directly (no
    /// `LuaValue` in between: profiles and item values are most of what a plan's tables hold).
    mutating func set(_ key: String, field value: FieldValue) {
        switch value {
        case .text(let s): set(key, string: s)
        case .integer(let i): set(key, integer: i)
        case .number(let d): set(key, number: d)
        case .boolean(let b): set(key, boolean: b)
        case .list: set(key, value.luaValue)
        }
    }
}

extension LuaValue {
    /// A short name of the Lua type, for messages.
    var luaTypeName: String {
        switch self {
        case .nil: return "nil"
        case .boolean: return "a boolean"
        case .integer, .number: return "a number"
        case .string: return "a string"
        case .list, .map: return "a table"
        }
    }

    /// Reads a Lua value as a field's value; a message when it is not of the field's type.
    func fieldValue(for field: FieldDefinition) -> Result<FieldValue?, HookResultError> {
        switch (field.type, self) {
        case (_, .nil): return .success(nil)
        case (.integer, .integer(let i)): return .success(.integer(Int(i)))
        case (.integer, .number(let d)) where d == d.rounded() && abs(d) < 9e15: return .success(.integer(Int(d)))
        case (.number, .number(let d)): return .success(.number(d))
        case (.number, .integer(let i)): return .success(.number(Double(i)))
        case (.boolean, .boolean(let b)): return .success(.boolean(b))
        case (.multiChoice, .list(let items)):
            var strings: [String] = []
            for item in items {
                guard case .string(let s) = item else {
                    return .failure(HookResultError("field '\(field.key)' must be a list of strings, got a list holding \(item.luaTypeName)"))
                }
                strings.append(s)
            }
            return .success(.list(strings))
        case (.multiChoice, .map(let m)) where m.isEmpty: return .success(.list([]))
        case (.text, .string(let s)), (.longText, .string(let s)), (.date, .string(let s)), (.choice, .string(let s)),
             (.phone, .string(let s)), (.email, .string(let s)), (.url, .string(let s)):
            return .success(.text(s))
        default:
            return .failure(HookResultError("field '\(field.key)' (\(field.type.rawValue)) can't take \(luaTypeName)"))
        }
    }
}

/// A hook returned something of the wrong shape.
struct HookResultError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
