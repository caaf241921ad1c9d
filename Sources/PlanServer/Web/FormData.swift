/// A posted `application/x-www-form-urlencoded` form: its fields in order, a name may repeat.
struct FormData: Sendable {
    var fields: [(name: String, value: String)]

    init(_ fields: [(name: String, value: String)] = []) { self.fields = fields }

    /// Reads a form body or a query string; undecodable escapes are kept as typed.
    init(parsing text: Substring) {
        fields = text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (FormData.decode(parts[0]), parts.count > 1 ? FormData.decode(parts[1]) : "")
        }
    }

    subscript(name: String) -> String? { fields.first { $0.name == name }?.value }

    func all(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    /// The item or record fields of a form, posted as `v.KEY`: key → text, repeated names (ticked
    /// boxes) joined with commas, blanks from the always-sent hidden input dropped.
    var values: [(key: String, text: String)] {
        var order: [String] = []
        var texts: [String: [String]] = [:]
        for (name, value) in fields where name.hasPrefix("v.") {
            let key = String(name.dropFirst(2))
            if texts[key] == nil { order.append(key); texts[key] = [] }
            texts[key]!.append(value)
        }
        return order.map { key in
            let parts = texts[key]!
            return (key, parts.count == 1 ? parts[0] : parts.filter { !$0.isEmpty }.joined(separator: ","))
        }
    }

    /// What was typed, by field key, to show again after a refusal.
    var typed: [String: String] {
        Dictionary(values.map { ($0.key, $0.text) }, uniquingKeysWith: { a, _ in a })
    }

    static func decode(_ s: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        var i = s.utf8.startIndex
        let utf8 = s.utf8
        while i != utf8.endIndex {
            let byte = utf8[i]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), let h1 = utf8.index(i, offsetBy: 1, limitedBy: utf8.endIndex), h1 != utf8.endIndex,
                      let h2 = utf8.index(h1, offsetBy: 1, limitedBy: utf8.endIndex), h2 != utf8.endIndex,
                      let hi = hex(utf8[h1]), let lo = hex(utf8[h2]) {
                bytes.append(hi << 4 | lo)
                i = h2
            } else {
                bytes.append(byte)
            }
            i = utf8.index(after: i)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
