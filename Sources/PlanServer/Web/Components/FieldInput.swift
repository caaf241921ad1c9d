import PlanModel

/// The input for one field of the profile, an item or a record form, by the field's type: every input
/// labelled, required fields marked in words, the field's message beside it, and what the person
/// typed kept when a save is refused.
struct FieldInput {
    var field: FieldDefinition
    /// The input's id and name prefix, unique on the page: `f-medication_support-1-pharmacy`.
    var id: String
    /// What to show: the text typed last time, or the stored value as text.
    var text: String?
    var error: String?
    var required: Bool

    init(_ field: FieldDefinition, id: String, text: String?, error: String? = nil, required: Bool? = nil) {
        self.field = field; self.id = id; self.text = text; self.error = error; self.required = required ?? field.required
    }

    /// A stored value as the text its input holds (`FieldDefinition.parse` reads it back).
    static func text(of value: FieldValue?) -> String? {
        guard let value else { return nil }
        switch value {
        case .boolean(let b): return b ? "yes" : "no"
        case .list(let l): return l.joined(separator: ",")
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        default: return value.displayText
        }
    }

    var name: String { "v." + field.key }

    var node: Node {
        switch field.type {
        case .choice: return select(field.options.map { ($0, $0) })
        case .boolean: return select([("yes", "Yes"), ("no", "No")])
        case .multiChoice: return checkboxes
        case .longText:
            return group {
                label
                el("textarea", attributes: Forms.inputAttributes(id: id, name: name, error: error, hint: field.help, required: required)
                   + [Attribute("rows", "3")]) { text ?? "" }
                Forms.messages(id: id, error: error, hint: field.help)
            }
        default:
            let type: String
            switch field.type {
            case .date: type = "date"
            case .phone: type = "tel"
            case .email: type = "email"
            case .url: type = "url"
            default: type = "text"
            }
            var attrs = Forms.inputAttributes(id: id, name: name, error: error, hint: field.help, required: required)
                + [.type(type), .value(text ?? "")]
            if field.type == .integer { attrs.append(Attribute("inputmode", "numeric")) }
            if field.type == .number { attrs.append(Attribute("inputmode", "decimal")) }
            return group {
                label
                el("input", attributes: attrs)
                Forms.messages(id: id, error: error, hint: field.help)
            }
        }
    }

    var label: Node {
        el("label", .for(id)) {
            field.displayLabel
            if required { el("span", .class("req")) { " (required)" } }
        }
    }

    func select(_ options: [(value: String, label: String)]) -> Node {
        group {
            label
            el("select", attributes: Forms.inputAttributes(id: id, name: name, error: error, hint: field.help, required: required)) {
                el("option", .value("")) { "—" }
                for option in options {
                    el("option", attributes: [.value(option.value)] + (text == option.value ? [.flag("selected")] : [])) { option.label }
                }
                // A stored value the options no longer offer stays visible rather than silently lost.
                if let text, !text.isEmpty, !options.contains(where: { $0.value == text }) {
                    el("option", .value(text), .flag("selected")) { text }
                }
            }
            Forms.messages(id: id, error: error, hint: field.help)
        }
    }

    var checkboxes: Node {
        let chosen = Set((text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        var attrs: [Attribute] = [.id(id)]
        if error != nil { attrs.append(.aria("describedby", "\(id)-error")) }
        return el("fieldset", attributes: attrs) {
            el("legend") {
                field.displayLabel
                if required { el("span", .class("req")) { " (required)" } }
            }
            // Sent even when nothing is ticked, so unticking every box clears the field.
            Forms.hidden(name, "")
            for (i, option) in field.options.enumerated() {
                el("label", .for("\(id)-\(i)")) {
                    el("input", attributes: [.type("checkbox"), .id("\(id)-\(i)"), .name(name), .value(option)]
                       + (chosen.contains(option) ? [.flag("checked")] : []))
                    option
                }
            }
            Forms.messages(id: id, error: error, hint: field.help)
        }
    }
}
