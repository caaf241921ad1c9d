import LuaBridge
import PlanModel

/// Reads what hooks return, refusing the wrong shape with a message an implementer can act on.
enum HookResults {
    static func boolean(_ values: [LuaValue], hook: HookKind) throws(HookResultError) -> Bool {
        try boolean(values, hook: hook.name)
    }

    static func verdict(_ values: [LuaValue], hook: HookKind) throws(HookResultError) -> [String]? {
        try verdict(values, hook: hook.name)
    }

    /// `boolean` of an answer read by `callHook`.
    static func boolean(_ answer: LuaHookAnswer, hook: HookKind) throws(HookResultError) -> Bool {
        switch answer {
        case .flag(let flag): return flag
        case .refusal: return false
        case .values(let values): return try boolean(values, hook: hook.name)
        }
    }

    /// `verdict` of an answer read by `callHook`.
    static func verdict(_ answer: LuaHookAnswer, hook: HookKind) throws(HookResultError) -> [String]? {
        switch answer {
        case .flag(let ok): return ok ? nil : []
        case .refusal(let message): return [message]
        case .values(let values): return try verdict(values, hook: hook.name)
        }
    }

    static func boolean(_ values: [LuaValue], hook: String) throws(HookResultError) -> Bool {
        guard case .boolean(let b)? = values.first else {
            throw HookResultError("'\(hook)' returned \(values.first?.luaTypeName ?? "nothing"); expected true or false")
        }
        return b
    }

    /// `true`, or `false` and a message or a list of messages. Returns nil for true.
    static func verdict(_ values: [LuaValue], hook: String) throws(HookResultError) -> [String]? {
        guard case .boolean(let ok)? = values.first else {
            throw HookResultError("'\(hook)' returned \(values.first?.luaTypeName ?? "nothing"); expected true, or false and a message")
        }
        if ok { return nil }
        switch values.count > 1 ? values[1] : .nil {
        case .nil: return []
        case .string(let s): return [s]
        case .map(let m) where m.isEmpty: return []
        case .list(let items):
            var messages: [String] = []
            for item in items {
                guard case .string(let s) = item else {
                    throw HookResultError("'\(hook)' returned false with a list holding \(item.luaTypeName); expected a list of messages")
                }
                messages.append(s)
            }
            return messages
        case let other:
            throw HookResultError("'\(hook)' returned false with \(other.luaTypeName); expected a message or a list of messages")
        }
    }

    /// A table field → value, typed by `fields`.
    static func values(_ value: LuaValue, fields: [FieldDefinition], hook: String, owner: String) throws(HookResultError) -> FieldValues {
        let entries: [String: LuaValue]
        switch value {
        case .map(let m): entries = m
        default: throw HookResultError("'\(hook)' returned \(value.luaTypeName == "a table" ? "a list" : value.luaTypeName); expected a table of field = value")
        }
        var result = FieldValues()
        for (key, v) in entries.sorted(by: { $0.key < $1.key }) {
            guard let field = fields.first(where: { $0.key == key }) else {
                throw HookResultError("'\(hook)' returned field '\(key)', which \(owner) does not have")
            }
            switch v.fieldValue(for: field) {
            case .success(let fv): if let fv { result[key] = fv }
            case .failure(let e): throw HookResultError("'\(hook)' returned a bad value: \(e.description)")
            }
        }
        return result
    }

    /// `values(_:fields:hook:owner:)` of a flat table read in place; nil when an entry names no field or does not
    /// fit it (the caller then converts the answer and `values` gives the message).
    ///
    /// An answer of one field (most defaults) that is the very answer `memo` holds — of the same item, to the same
    /// field, the same value to the byte and bit — is given `memo`'s values again rather than a new table of them;
    /// any other answer of one field takes the memo's place. Nothing of one plan's answer reaches another's except
    /// values equal to its own in every way a caller can tell.
    static func values(_ entries: inout LuaFlatTable, fields: [FieldDefinition], item: Int, memo: inout DefaultMemo) -> FieldValues? {
        // Fields are found by their key's bytes (`fieldIndex`), not by a String made of each key.
        fields.withUnsafeBufferPointer { fields in
            guard let first = entries.next() else { return FieldValues() }
            guard let index = fieldIndex(named: first.key, in: fields) else { return nil }
            // Compared while the entry is on the stack, before the next is read, and made into a value only when it
            // is not the memo's: an answer as the last one makes no String at all.
            let remembered = memo.item == item && memo.field == index && first.isExactly(memo.value)
            let value = remembered ? nil : first.value
            guard let second = entries.next() else {
                // One entry, or an entry that was not flat (the caller converts the answer then, whatever this gives).
                if remembered {
                    memo.reused += 1
                    return memo.values
                }
                guard case .success(let fieldValue) = converted(value!, to: fields.baseAddress! + index) else { return nil }
                // A table of one made as one: an empty table grown by an insertion was looked up, made anew and looked up
                // again, and `Dictionary(minimumCapacity:)`, not specialized here, looked up its type's metadata each time.
                let values: FieldValues = fieldValue.map { [fields[index].key: $0] } ?? [:]
                if entries.isFlat { memo = DefaultMemo(item: item, field: index, value: value!, values: values, generation: memo.generation + 1, reused: memo.reused) }
                return values
            }
            var result = FieldValues()
            func add(_ index: Int, _ value: LuaValue) -> Bool {
                guard case .success(let fieldValue) = converted(value, to: fields.baseAddress! + index) else { return false }
                if let fieldValue { result[fields[index].key] = fieldValue }
                return true
            }
            guard add(index, value ?? memo.value) else { return nil }
            var entry: LuaFlatTable.Entry? = second
            while let next = entry {
                guard let index = fieldIndex(named: next.key, in: fields), add(index, next.value) else { return nil }
                entry = entries.next()
            }
            return result
        }
    }

    /// `value.fieldValue(for: field.pointee)`, with text for a field that takes text as it is made here: asking the
    /// field copied it whole (a retain and a release of each of its strings and lists) for every answer.
    @inline(__always)
    static func converted(_ value: LuaValue, to field: UnsafePointer<FieldDefinition>) -> Result<FieldValue?, HookResultError> {
        if case .string(let text) = value {
            // The types `fieldValue(for:)` gives text of a string as it is; every other type asks it.
            switch field.pointee.type {
            case .text, .longText, .date, .choice, .phone, .email, .url: return .success(.text(text))
            case .number, .integer, .boolean, .multiChoice: break
            }
        }
        return value.fieldValue(for: field.pointee)
    }

    /// The position of the field whose key has the UTF-8 bytes `key`: compared in place, with no String made of
    /// the key and no field copied out of the list to be asked.
    static func fieldIndex(named key: UnsafeRawBufferPointer, in fields: UnsafeBufferPointer<FieldDefinition>) -> Int? {
        for index in fields.indices where LuaFlatTable.isUTF8(of: fields[index].key, key) { return index }
        return nil
    }

    static func stringList(_ value: LuaValue, hook: String) throws(HookResultError) -> [String] {
        switch value {
        case .map(let m) where m.isEmpty: return []
        case .list(let items):
            var out: [String] = []
            for item in items {
                guard case .string(let s) = item else { throw HookResultError("'\(hook)' returned a list holding \(item.luaTypeName); expected record ids") }
                out.append(s)
            }
            return out
        default: throw HookResultError("'\(hook)' returned \(value.luaTypeName); expected a list of record ids")
        }
    }

    /// Form fields: a list of `{ key =, label =, type =, required =, options =, default =, help = }`;
    /// a field named by key alone takes the record type's definition.
    static func formFields(_ value: LuaValue, recordType: RecordType) throws(HookResultError) -> [FieldDefinition] {
        guard case .list(let entries) = value else {
            if case .map(let m) = value, m.isEmpty { return [] }
            throw HookResultError("'fields' gave \(value.luaTypeName); expected a list of fields")
        }
        var fields: [FieldDefinition] = []
        for (i, entry) in entries.enumerated() {
            let at = "fields[\(i + 1)]"
            guard case .map(let m) = entry else { throw HookResultError("\(at) is \(entry.luaTypeName); expected a table with a key") }
            guard case .string(let key)? = m["key"], !key.isEmpty else { throw HookResultError("\(at) has no key") }
            for name in m.keys where !["key", "label", "type", "required", "options", "default", "help"].contains(name) {
                throw HookResultError("\(at) has unknown property '\(name)'")
            }
            var field = recordType.field(key) ?? FieldDefinition(key: key, type: .text)
            if let v = m["type"] {
                guard case .string(let t) = v, let type = FieldType(rawValue: t) else {
                    throw HookResultError("\(at).type must be one of \(FieldType.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                field.type = type
            }
            if let v = m["label"] { guard case .string(let s) = v else { throw HookResultError("\(at).label must be a string") }; field.label = s }
            if let v = m["help"] { guard case .string(let s) = v else { throw HookResultError("\(at).help must be a string") }; field.help = s }
            if let v = m["required"] { guard case .boolean(let b) = v else { throw HookResultError("\(at).required must be true or false") }; field.required = b }
            if let v = m["options"] { field.options = try stringList(v, hook: "\(at).options") }
            if field.type.needsOptions && field.options.isEmpty { throw HookResultError("\(at) is a \(field.type.rawValue) without options") }
            if let v = m["default"] {
                switch v.fieldValue(for: field) {
                case .success(let d): field.defaultValue = d
                case .failure(let e): throw HookResultError("\(at).default: \(e.description)")
                }
            }
            fields.append(field)
        }
        return fields
    }

    /// `validate`'s table field → message.
    static func messages(_ value: LuaValue) throws(HookResultError) -> [String: String] {
        guard case .map(let m) = value else {
            throw HookResultError("'validate' returned \(value.luaTypeName == "a table" ? "a list" : value.luaTypeName); expected a table of field = message")
        }
        var out: [String: String] = [:]
        for (key, v) in m {
            guard case .string(let s) = v else { throw HookResultError("'validate' gave field '\(key)' \(v.luaTypeName); expected a message") }
            out[key] = s
        }
        return out
    }
}

/// What one plan position's `default` hook answered last when it gave one field (`HookResults.values(_:fields:item:memo:)`):
/// the item, the field's position among its fields, the value as Lua gave it, and the values made of it. An answer is
/// the memo's only when it is exactly `value` (`LuaFlatTable.Entry.isExactly(_:)`: text by its bytes, floats by their bits).
struct DefaultMemo {
    var item = -1
    var field = -1
    var value = LuaValue.nil
    var values = FieldValues()
    /// How many times `values` were replaced: values given while the memo is at one generation are the very same.
    var generation = 0
    /// How many answers were given `values` again (counted for tests). An answer moves `reused` or `generation` on
    /// exactly when it is given the memo's values (`LuaRules.runDefault` tells them so).
    var reused = 0
}
