/// The one place values become HTML text. Markup characters become character references; C0 control
/// characters (an ANSI escape in a client's name, say) become their visible Control Pictures (`␛`), so
/// whatever a value holds is shown as text and never interpreted.
enum HTMLEscaping {
    static func escape(_ s: String, into out: inout String) {
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}": out.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case "\u{7F}": out += "\u{2421}"
            default: out.unicodeScalars.append(scalar)
            }
        }
    }

    static func escape(_ s: String) -> String {
        var out = ""
        escape(s, into: &out)
        return out
    }
}
