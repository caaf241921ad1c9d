/// One call of a string-matching function, for the differential test against stock Lua.
struct PatternCase {
    enum Operation: String {
        case find, match, gmatch, gsub
    }

    /// What gsub replaces a match with: a string (with `%0`..`%9`, `%%`), a number, or one of the
    /// tables and functions the driver defines (`PatternDriver.replacements`).
    enum Replacement {
        case string([UInt8])
        case integer(Int)
        case named(String)
    }

    var operation: Operation
    var subject: [UInt8]
    var pattern: [UInt8]
    /// `init` of find, match and gmatch; nil leaves the argument out.
    var start: Int? = nil
    /// find's `plain` flag.
    var plain = false
    var replacement: Replacement? = nil
    /// gsub's fourth argument.
    var maxReplacements: Int? = nil

    /// The case as a Lua table constructor `{op, subject, pattern, arg3, arg4}`.
    var luaTable: String {
        let third: String
        let fourth: String
        switch operation {
        case .find, .match, .gmatch:
            third = start.map(String.init) ?? "nil"
            fourth = plain ? "true" : "nil"
        case .gsub:
            switch replacement {
            case .string(let bytes): third = PatternCase.literal(bytes)
            case .integer(let n): third = String(n)
            case .named(let name): third = "REPL.\(name)"
            case nil: third = "nil"
            }
            fourth = maxReplacements.map(String.init) ?? "nil"
        }
        return "{\"\(operation.rawValue)\", \(PatternCase.literal(subject)), \(PatternCase.literal(pattern)), \(third), \(fourth)}"
    }

    /// How a failure names the case: the call as a rule author would write it.
    var call: String {
        var arguments = [PatternCase.literal(subject), PatternCase.literal(pattern)]
        switch operation {
        case .find, .match, .gmatch:
            if start != nil || plain { arguments.append(start.map(String.init) ?? "nil") }
            if plain { arguments.append("true") }
        case .gsub:
            switch replacement {
            case .string(let bytes): arguments.append(PatternCase.literal(bytes))
            case .integer(let n): arguments.append(String(n))
            case .named(let name): arguments.append(name)
            case nil: arguments.append("nil")
            }
            if let maxReplacements { arguments.append(String(maxReplacements)) }
        }
        return "string.\(operation.rawValue)(\(arguments.joined(separator: ", ")))"
    }

    /// A Lua string literal holding exactly `bytes`: printable ASCII as itself, the rest as `\ddd`.
    static func literal(_ bytes: [UInt8]) -> String {
        var text = "\""
        for byte in bytes {
            if byte >= 32, byte < 127, byte != UInt8(ascii: "\\"), byte != UInt8(ascii: "\"") {
                text.unicodeScalars.append(UnicodeScalar(byte))
            } else {
                let digits = String(byte)
                text += "\\" + String(repeating: "0", count: 3 - digits.count) + digits
            }
        }
        return text + "\""
    }
}
