/// A piece of an HTML document: an element, text or a run of pieces. Text and attribute values are
/// plain strings here and escaped only when rendered, so no page can forget to escape a value.
public indirect enum Node: Sendable {
    case element(String, [Attribute], [Node])
    case text(String)
    case fragment([Node])

    /// Nothing at all, for optional parts of a page.
    public static let empty = Node.fragment([])

    /// The HTML text of this node: every text and attribute value escaped.
    public func render() -> String {
        var out = ""
        out.reserveCapacity(4096)
        render(into: &out)
        return out
    }

    /// A whole document: the doctype and this node (an `html` element).
    public func renderDocument() -> String { "<!DOCTYPE html>\n" + render() }

    func render(into out: inout String) {
        switch self {
        case .text(let s):
            HTMLEscaping.escape(s, into: &out)
        case .fragment(let nodes):
            for n in nodes { n.render(into: &out) }
        case .element(let name, let attributes, let children):
            out += "<" + name
            for a in attributes {
                out += " " + a.name
                if let v = a.value { out += "=\""; HTMLEscaping.escape(v, into: &out); out += "\"" }
            }
            out += ">"
            if Node.voidElements.contains(name) { return }
            for c in children { c.render(into: &out) }
            out += "</" + name + ">"
        }
    }

    /// Elements that have no content and no end tag.
    static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
}

/// One attribute of an element; a nil value is a boolean attribute (`required`).
public struct Attribute: Sendable {
    public let name: String
    public let value: String?
    public init(_ name: String, _ value: String?) { self.name = name; self.value = value }

    public static func `class`(_ v: String) -> Attribute { Attribute("class", v) }
    public static func id(_ v: String) -> Attribute { Attribute("id", v) }
    public static func href(_ v: String) -> Attribute { Attribute("href", v) }
    public static func name(_ v: String) -> Attribute { Attribute("name", v) }
    public static func value(_ v: String) -> Attribute { Attribute("value", v) }
    public static func type(_ v: String) -> Attribute { Attribute("type", v) }
    public static func `for`(_ v: String) -> Attribute { Attribute("for", v) }
    public static func title(_ v: String) -> Attribute { Attribute("title", v) }
    public static func aria(_ name: String, _ v: String) -> Attribute { Attribute("aria-" + name, v) }
    public static func data(_ name: String, _ v: String) -> Attribute { Attribute("data-" + name, v) }
    /// A boolean attribute such as `required` or `selected`.
    public static func flag(_ name: String) -> Attribute { Attribute(name, nil) }
}
