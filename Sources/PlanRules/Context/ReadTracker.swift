import LuaBridge
import PlanModel

/// The `ctx` paths hooks read, in first-read order, each with the value it gave, for `plan explain`.
public final class ReadTracker {
    public private(set) var reads: [ReadValue] = []
    private var seen: Set<String> = []
    public init() {}

    public var paths: [String] { reads.map(\.path) }

    /// Records the first read of `path`; `value` is described only then.
    func read(_ path: String, _ value: () -> String) {
        if seen.insert(path).inserted { reads.append(ReadValue(path: path, value: value())) }
    }

    func reset() { reads = []; seen = [] }
}

/// One `ctx` read as explain shows it: `client.profile.takes_medication = nil (unset)`.
public struct ReadValue: Sendable, Equatable, Encodable {
    /// `item.values.phone`, `client.records(care_contact)`.
    public var path: String
    /// What the read gave, as Lua would write it (`"0400 000 000"`, `12`, `true`, `{"English", "Greek"}`), or a
    /// summary of a ctx table (`2 records`, `record CC-00001 (care_contact)`); `nil (unset)` for a known field
    /// that holds nothing, `nil (none)` for a lookup that found nothing.
    public var value: String

    public init(path: String, value: String) { self.path = path; self.value = value }

    /// `path = value`, as the CLI prints it.
    public var description: String { "\(path) = \(value)" }

    /// The text of a value a read gave; `missing` says why a nil is nil.
    static func describe(_ value: LuaHostValue, missing: String = "unset") -> String {
        switch value {
        case .value(.nil): return "nil (\(missing))"
        case .value(let plain): return literal(plain)
        case .object(let object as ExplainedObject): return object.explained
        case .object, .table: return "a table"
        case .function: return "a function"
        }
    }

    /// A plain value as Lua source would write it.
    static func literal(_ value: LuaValue) -> String {
        switch value {
        case .nil: return "nil"
        case .boolean(let flag): return flag ? "true" : "false"
        case .integer(let integer): return String(integer)
        case .number(let number): return number.isFinite ? String(number) : (number.isNaN ? "nan" : (number > 0 ? "inf" : "-inf"))
        case .string(let text): return quoted(text)
        case .list(let items): return "{" + items.map(literal).joined(separator: ", ") + "}"
        case .map(let fields):
            return "{" + fields.keys.sorted().map { "\($0) = \(literal(fields[$0]!))" }.joined(separator: ", ") + "}"
        }
    }

    private static let escapes: [Unicode.Scalar: String] = ["\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"]

    private static func quoted(_ text: String) -> String {
        "\"" + text.unicodeScalars.map { escapes[$0] ?? String($0) }.joined() + "\""
    }
}

/// A lazy ctx object that says what it is when explain shows a read of it.
protocol ExplainedObject {
    var explained: String { get }
}

/// `1 record`, `2 records`, `no records`.
func countedRecords(_ count: Int) -> String {
    count == 0 ? "no records" : count == 1 ? "1 record" : "\(count) records"
}
