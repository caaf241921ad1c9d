/// Forms as the pages post them: every form carries the CSRF token, and forms that change a plan
/// carry the plan revision they were rendered from, so a stale save is caught instead of applied.
enum Forms {
    static func post(_ action: String, _ context: PageContext, revision: Int? = nil, _ attributes: Attribute...,
                     @NodeBuilder content: () -> [Node]) -> Node {
        el("form", attributes: [Attribute("method", "post"), Attribute("action", action), .flag("novalidate")] + attributes) {
            hidden("csrf", context.csrf)
            if let revision { hidden("revision", String(revision)) }
            content()
        }
    }

    static func hidden(_ name: String, _ value: String) -> Node {
        el("input", .type("hidden"), .name(name), .value(value))
    }

    static func button(_ label: String, primary: Bool = false, name: String? = nil, value: String? = nil,
                       formAction: String? = nil, ariaLabel: String? = nil, disabled: Bool = false, extraClass: String? = nil) -> Node {
        var attrs: [Attribute] = [.type("submit")]
        let classes = [primary ? "primary" : nil, extraClass].compactMap { $0 }
        if !classes.isEmpty { attrs.append(.class(classes.joined(separator: " "))) }
        if let name { attrs.append(.name(name)) }
        if let value { attrs.append(.value(value)) }
        if let formAction { attrs.append(Attribute("formaction", formAction)) }
        if let ariaLabel { attrs.append(.aria("label", ariaLabel)) }
        if disabled { attrs.append(.flag("disabled")) }
        return el("button", attributes: attrs) { label }
    }

    /// A labelled text input with its error message (announced with the input) and hint.
    static func textInput(id: String, name: String, label: String, value: String?, error: String? = nil,
                          hint: String? = nil, required: Bool = false, type: String = "text") -> Node {
        group {
            el("label", .for(id)) {
                label
                if required { el("span", .class("req")) { " (required)" } }
            }
            el("input", attributes: inputAttributes(id: id, name: name, error: error, hint: hint, required: required)
               + [.type(type), .value(value ?? "")])
            messages(id: id, error: error, hint: hint)
        }
    }

    static func inputAttributes(id: String, name: String, error: String?, hint: String?, required: Bool) -> [Attribute] {
        var attrs: [Attribute] = [.id(id), .name(name)]
        if required { attrs.append(.aria("required", "true")) }
        if error != nil { attrs.append(.aria("invalid", "true")) }
        let described = [error != nil ? "\(id)-error" : nil, hint != nil ? "\(id)-hint" : nil].compactMap { $0 }
        if !described.isEmpty { attrs.append(.aria("describedby", described.joined(separator: " "))) }
        return attrs
    }

    static func messages(id: String, error: String?, hint: String?) -> Node {
        group {
            if let error { el("p", .class("field-error"), .id("\(id)-error")) { error } }
            if let hint { el("p", .class("hint"), .id("\(id)-hint")) { hint } }
        }
    }
}
