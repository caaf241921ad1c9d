import PlanModel

/// URLs of the web pages, in one place. An instance is `key` or `key~N` in a path (`#` starts a fragment).
enum Paths {
    static func client(_ id: String) -> String { "/clients/" + component(id) }
    static func plan(_ id: String) -> String { "/plans/" + component(id) }
    static func item(_ plan: String, _ ref: InstanceRef, _ action: String) -> String {
        Paths.plan(plan) + "/items/" + component(pathItem(ref)) + "/" + action
    }
    static func pathItem(_ ref: InstanceRef) -> String { ref.instance == 1 ? ref.key : "\(ref.key)~\(ref.instance)" }
    static func anchor(_ ref: InstanceRef) -> String { "i-\(ref.key)-\(ref.instance)" }
    static func itemOnPlan(_ plan: String, _ ref: InstanceRef) -> String { Paths.plan(plan) + "#" + anchor(ref) }
    static func panel(_ plan: String, _ ref: InstanceRef, _ panel: String) -> String {
        Paths.plan(plan) + "?open=" + component(panel) + "&item=" + component(pathItem(ref)) + "#" + anchor(ref)
    }

    /// Reads `key` or `key~N` back.
    static func ref(_ text: String) -> InstanceRef? {
        InstanceRef(parsing: text.replacingOccurrences(of: "~", with: "#"))
    }

    /// Percent-encodes everything but unreserved characters, so ids can't break out of a path or query.
    static func component(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: Swift.max(0, width - count)) + self }
}
