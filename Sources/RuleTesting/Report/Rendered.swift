import Foundation
import PlanModel

/// How values read in differences: strings quoted as in JSON, lists in brackets, maps in braces by key.
enum Rendered {
    static func string(_ s: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])) ?? Data()
        let text = String(decoding: data, as: UTF8.self)
        return text.count >= 2 ? String(text.dropFirst().dropLast()) : "\"\(s)\""
    }

    static func strings(_ list: [String]) -> String { "[" + list.map(string).joined(separator: ", ") + "]" }

    static func value(_ value: FieldValue?) -> String {
        switch value {
        case nil: return "unset"
        case .text(let s)?: return string(s)
        case .integer(let i)?: return String(i)
        case .number(let d)?: return d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : String(d)
        case .boolean(let b)?: return b ? "true" : "false"
        case .list(let l)?: return strings(l)
        }
    }

    static func messages(_ map: [String: String]) -> String {
        "{" + map.sorted { $0.key < $1.key }.map { "\($0.key): \(string($0.value))" }.joined(separator: ", ") + "}"
    }
}
